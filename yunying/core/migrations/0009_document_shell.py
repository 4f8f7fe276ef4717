import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0008_notification_channels")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.CreateModel(
            name="Attachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("document_type", models.CharField(max_length=80)),
                ("document_id", models.CharField(max_length=40)),
                (
                    "file",
                    models.FileField(
                        max_length=200, upload_to="attachments/%Y/%m/", verbose_name="file"
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="file name")),
                ("size", models.PositiveBigIntegerField(verbose_name="size")),
                ("content_type", models.CharField(max_length=100, verbose_name="content type")),
                ("sha256", models.CharField(max_length=64)),
                (
                    "uploaded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.employee",
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
                "ordering": ["uploaded_at", "id"],
                "indexes": [
                    models.Index(
                        fields=["document_type", "document_id", "uploaded_at", "id"],
                        name="core_attach_documen_4463ba_idx",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Comment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("document_type", models.CharField(max_length=80)),
                ("document_id", models.CharField(max_length=40)),
                ("body", models.TextField(verbose_name="comment")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="time")),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="core.employee",
                        verbose_name="author",
                    ),
                ),
                (
                    "mentioned",
                    models.ManyToManyField(
                        blank=True, related_name="+", to="core.employee", verbose_name="mentioned"
                    ),
                ),
            ],
            options={
                "verbose_name": "comment",
                "verbose_name_plural": "comments",
                "ordering": ["created_at", "id"],
                "indexes": [
                    models.Index(
                        fields=["document_type", "document_id", "created_at", "id"],
                        name="core_commen_documen_e72e47_idx",
                    )
                ],
            },
        ),
    ]
