from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0006_export_jobs")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="notification",
            name="texts",
            field=models.JSONField(blank=True, default=dict, verbose_name="texts"),
        ),
        migrations.AddField(
            model_name="notification",
            name="dismissed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="dismissed at"),
        ),
        migrations.AddField(
            model_name="notification",
            name="source_type",
            field=models.CharField(blank=True, max_length=80),
        ),
        migrations.AddField(
            model_name="notification",
            name="source_id",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="task",
            name="texts",
            field=models.JSONField(blank=True, default=dict, verbose_name="texts"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["recipient", "dismissed_at", "created_at", "id"],
                name="core_notifi_recipie_b03495_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["source_type", "source_id"], name="core_notifi_source__d0f931_idx"
            ),
        ),
    ]
