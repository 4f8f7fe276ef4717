import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("service", "0002_complaint_causes")]

    operations = [
        migrations.CreateModel(
            name="Survey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        choices=[("after_case", "after a case"), ("periodic", "periodic")],
                        max_length=12,
                        verbose_name="reason",
                    ),
                ),
                ("period_start", models.DateField(blank=True, null=True, verbose_name="period")),
                ("sent_at", models.DateTimeField(verbose_name="sent at")),
                ("expires_at", models.DateTimeField(verbose_name="expires at")),
                (
                    "answered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="answered at"),
                ),
                (
                    "score",
                    models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="score"),
                ),
                ("comment", models.TextField(blank=True, verbose_name="comment")),
                ("nonce", models.CharField(editable=False, max_length=32)),
                (
                    "case",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="surveys",
                        to="service.servicecase",
                        verbose_name="service case",
                    ),
                ),
                (
                    "customer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="surveys",
                        to="masterdata.customer",
                        verbose_name="customer",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.employee",
                        verbose_name="person",
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="masterdata.region",
                        verbose_name="region",
                    ),
                ),
                (
                    "team",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.department",
                        verbose_name="team",
                    ),
                ),
            ],
            options={
                "verbose_name": "satisfaction survey",
                "verbose_name_plural": "satisfaction surveys",
                "indexes": [
                    models.Index(fields=["sent_at", "id"], name="survey_sent"),
                    models.Index(fields=["answered_at"], name="survey_answered"),
                    models.Index(fields=["customer", "sent_at"], name="survey_customer"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("case__isnull", False)),
                        fields=("case",),
                        name="survey_one_per_case",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("reason", "periodic")),
                        fields=("customer", "period_start"),
                        name="survey_one_per_period",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("case__isnull", False), ("reason", "after_case")),
                            models.Q(("period_start__isnull", False), ("reason", "periodic")),
                            _connector="OR",
                        ),
                        name="survey_reason",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("answered_at__isnull", True), ("score__isnull", True)),
                            models.Q(
                                ("answered_at__isnull", False), ("score__gte", 1), ("score__lte", 5)
                            ),
                            _connector="OR",
                        ),
                        name="survey_score_1_to_5",
                    ),
                ],
            },
        ),
    ]
