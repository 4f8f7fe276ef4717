import django.core.validators
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0007_inbox_texts")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="DepartmentChannel",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("wecom", "WeCom group robot"),
                            ("dingtalk", "DingTalk group robot"),
                            ("feishu", "Feishu group robot"),
                        ],
                        max_length=10,
                        verbose_name="kind",
                    ),
                ),
                (
                    "webhook_url",
                    models.CharField(
                        max_length=500,
                        validators=[django.core.validators.URLValidator(schemes=["http", "https"])],
                        verbose_name="webhook address",
                    ),
                ),
                ("secret", models.CharField(blank=True, max_length=200, verbose_name="signing secret")),
                ("active", models.BooleanField(default=True, verbose_name="active")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                (
                    "department",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="channel",
                        to="core.department",
                        verbose_name="department",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification channel",
                "verbose_name_plural": "notification channels",
                "ordering": ["department__sort_order", "department__code", "id"],
            },
        ),
        migrations.CreateModel(
            name="DeliveryPreference",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("email", models.BooleanField(default=True, verbose_name="notify me by e-mail")),
                (
                    "language",
                    models.CharField(
                        blank=True,
                        choices=[("zh-hans", "简体中文"), ("en", "English")],
                        max_length=10,
                        verbose_name="language",
                    ),
                ),
                (
                    "employee",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="delivery_preference",
                        to="core.employee",
                        verbose_name="employee",
                    ),
                ),
            ],
            options={
                "verbose_name": "delivery preference",
                "verbose_name_plural": "delivery preferences",
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("address", models.CharField(blank=True, max_length=254, verbose_name="e-mail address")),
                ("language", models.CharField(max_length=10, verbose_name="language")),
                (
                    "state",
                    models.CharField(
                        choices=[("pending", "to send"), ("sent", "sent"), ("failed", "failed")],
                        default="pending",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                ("last_error", models.CharField(blank=True, max_length=500, verbose_name="last error")),
                ("next_attempt_at", models.DateTimeField(blank=True, null=True, verbose_name="next attempt")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                (
                    "channel",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="core.departmentchannel",
                        verbose_name="channel",
                    ),
                ),
                (
                    "notification",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="core.notification",
                        verbose_name="notification",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification delivery",
                "verbose_name_plural": "notification deliveries",
                "ordering": ["-created_at", "-id"],
                "indexes": [
                    models.Index(fields=["state", "next_attempt_at", "id"], name="delivery_due"),
                    models.Index(fields=["created_at", "id"], name="delivery_list"),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("channel__isnull", False)),
                        fields=("notification", "channel"),
                        name="delivery_once_per_channel",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("channel__isnull", True)),
                        fields=("notification",),
                        name="delivery_once_by_email",
                    ),
                ],
            },
        ),
    ]
