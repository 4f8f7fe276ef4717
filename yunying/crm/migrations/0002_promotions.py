from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("crm", "0001_initial"),
        ("core", "0011_working_calendar"),
        ("masterdata", "0002_location_counted_by"),
    ]

    operations = [
        migrations.CreateModel(
            name="Promotion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "number",
                    models.CharField(
                        editable=False, max_length=32, unique=True, verbose_name="number"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("description", models.TextField(blank=True, verbose_name="description")),
                ("channels", models.JSONField(default=list, verbose_name="channels")),
                ("starts_on", models.DateField(verbose_name="starts on")),
                ("ends_on", models.DateField(verbose_name="ends on")),
                (
                    "budget",
                    models.DecimalField(
                        decimal_places=2, default=Decimal("0"), max_digits=18, verbose_name="budget"
                    ),
                ),
                (
                    "target_leads",
                    models.PositiveIntegerField(default=0, verbose_name="target leads"),
                ),
                (
                    "target_orders",
                    models.PositiveIntegerField(default=0, verbose_name="target orders"),
                ),
                (
                    "target_revenue",
                    models.DecimalField(
                        decimal_places=2,
                        default=Decimal("0"),
                        max_digits=18,
                        verbose_name="target revenue",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("draft", "draft"),
                            ("submitted", "submitted"),
                            ("approved", "approved, running"),
                            ("rejected", "rejected"),
                            ("closed", "closed"),
                            ("cancelled", "cancelled"),
                        ],
                        default="draft",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                (
                    "approved_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="approved at"),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.employee",
                        verbose_name="created by",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.department",
                        verbose_name="department",
                    ),
                ),
                (
                    "items",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="masterdata.item",
                        verbose_name="items promoted",
                    ),
                ),
                (
                    "owner",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.employee",
                        verbose_name="owner",
                    ),
                ),
                (
                    "regions",
                    models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="masterdata.region",
                        verbose_name="target regions",
                    ),
                ),
            ],
            options={
                "verbose_name": "promotion plan",
                "verbose_name_plural": "promotion plans",
                "ordering": ["-starts_on", "-id"],
            },
        ),
        migrations.AddField(
            model_name="contactrecord",
            name="promotion",
            field=models.ForeignKey(
                blank=True,
                help_text="The promotion this contact arose from: it counts as one of its leads.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="leads",
                to="crm.promotion",
                verbose_name="promotion",
            ),
        ),
        migrations.AddIndex(
            model_name="promotion",
            index=models.Index(fields=["starts_on", "id"], name="crm_promotion_starts"),
        ),
        migrations.AddIndex(
            model_name="promotion",
            index=models.Index(fields=["state", "starts_on"], name="crm_promotion_state"),
        ),
        migrations.AddConstraint(
            model_name="promotion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "state__in",
                        ["draft", "submitted", "approved", "rejected", "closed", "cancelled"],
                    )
                ),
                name="promotion_state",
            ),
        ),
        migrations.AddConstraint(
            model_name="promotion",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                name="promotion_period_ordered",
            ),
        ),
        migrations.AddConstraint(
            model_name="promotion",
            constraint=models.CheckConstraint(
                condition=models.Q(("budget__gte", 0), ("target_revenue__gte", 0)),
                name="promotion_amounts_not_negative",
            ),
        ),
    ]
