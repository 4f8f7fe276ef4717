from django.db import migrations

CAUSES = [
    ("LOGISTICS", "物流破损"),
    ("QUALITY", "质量缺陷"),
    ("WRONG", "发错货"),
    ("ATTITUDE", "服务态度"),
    ("LATE", "交期延误"),
]


def causes(apps, schema_editor):  # type: ignore[no-untyped-def]
    cause = apps.get_model("service", "ComplaintCause")
    for code, name in CAUSES:
        cause.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("service", "0001_initial")]

    operations = [migrations.RunPython(causes, migrations.RunPython.noop)]
