import datetime

from django.db import migrations, models


def default_week(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Monday to Friday, 09:00–12:00 and 13:00–18:00; Saturday and Sunday are rest days."""
    period = apps.get_model("core", "WorkingPeriod")
    if period.objects.exists():
        return
    period.objects.bulk_create(
        period(weekday=weekday, start=datetime.time(start), end=datetime.time(end))
        for weekday in range(5)
        for start, end in ((9, 12), (13, 18))
    )


WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class Migration(migrations.Migration):
    dependencies = [("core", "0010_saved_filters")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="CalendarDay",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(unique=True, verbose_name="date")),
                (
                    "kind",
                    models.CharField(
                        choices=[("holiday", "Holiday"), ("workday", "Make-up working day")],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                ("name", models.CharField(max_length=60, verbose_name="name")),
                (
                    "follows",
                    models.PositiveSmallIntegerField(
                        choices=WEEKDAYS, null=True, verbose_name="works as"
                    ),
                ),
            ],
            options={
                "verbose_name": "calendar day",
                "verbose_name_plural": "calendar days",
                "ordering": ["date"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("follows__isnull", True), ("kind", "holiday")),
                            models.Q(
                                ("follows__isnull", False), ("follows__lte", 6), ("kind", "workday")
                            ),
                            _connector="OR",
                        ),
                        name="calendar_day_follows_for_workdays",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="WorkingPeriod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "weekday",
                    models.PositiveSmallIntegerField(choices=WEEKDAYS, verbose_name="weekday"),
                ),
                ("start", models.TimeField(verbose_name="from")),
                ("end", models.TimeField(verbose_name="until")),
            ],
            options={
                "verbose_name": "working period",
                "verbose_name_plural": "working periods",
                "ordering": ["weekday", "start", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("start__lt", models.F("end"))),
                        name="working_period_start_before_end",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("weekday__lte", 6)), name="working_period_weekday"
                    ),
                ],
            },
        ),
        migrations.RunPython(default_week, migrations.RunPython.noop),
    ]
