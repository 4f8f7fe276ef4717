"""The working hours a case took to its first response and to its resolution, and whether each
came within its standard (SVC-2), kept on the case for the reports; filled for the cases already
answered or resolved, on the working calendar, a chunk at a time."""

from typing import Any

from django.db import migrations, models

CHUNK = 500


def fill_hours(apps: Any, schema_editor: Any) -> None:
    from yunying.core.calendar import WorkingCalendar

    case_model = apps.get_model("service", "ServiceCase")
    rows = case_model.objects.using(schema_editor.connection.alias).filter(
        first_responded_at__isnull=False
    )
    clock, last = WorkingCalendar(), 0
    fields = ["response_hours", "response_met", "resolution_hours", "resolution_met"]
    while True:
        chunk = list(rows.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        for case in chunk:
            case.response_hours = clock.working_hours_between(
                case.opened_at, case.first_responded_at
            )
            if case.response_due_at is not None:
                case.response_met = case.response_breached_at is None and (
                    case.first_responded_at <= case.response_due_at
                )
            if case.resolved_at is not None:
                spent = clock.working_hours_between(case.opened_at, case.resolved_at)
                case.resolution_hours = max(spent - case.paused_hours, spent * 0)
                if case.resolution_due_at is not None:
                    case.resolution_met = case.resolved_at <= case.resolution_due_at
        case_model.objects.using(schema_editor.connection.alias).bulk_update(chunk, fields)
        last = chunk[-1].pk


class Migration(migrations.Migration):
    dependencies = [("service", "0003_surveys")]

    operations: list = [
        migrations.AddField(
            model_name="servicecase",
            name="resolution_hours",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                editable=False,
                max_digits=9,
                null=True,
                verbose_name="resolution hours",
            ),
        ),
        migrations.AddField(
            model_name="servicecase",
            name="resolution_met",
            field=models.BooleanField(
                blank=True, editable=False, null=True, verbose_name="resolved within standard"
            ),
        ),
        migrations.AddField(
            model_name="servicecase",
            name="response_hours",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                editable=False,
                max_digits=9,
                null=True,
                verbose_name="response hours",
            ),
        ),
        migrations.AddField(
            model_name="servicecase",
            name="response_met",
            field=models.BooleanField(
                blank=True, editable=False, null=True, verbose_name="responded within standard"
            ),
        ),
        migrations.AddIndex(
            model_name="servicecase",
            index=models.Index(fields=["opened_at"], name="servicecase_opened"),
        ),
        migrations.RunPython(fill_hours, migrations.RunPython.noop, elidable=True),
    ]
