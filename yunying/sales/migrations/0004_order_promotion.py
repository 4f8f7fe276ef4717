import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("sales", "0003_delivery_cancel_reason"), ("crm", "0002_promotions")]

    operations = [
        migrations.AddField(
            model_name="salesorder",
            name="promotion",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="orders",
                to="crm.promotion",
                verbose_name="promotion",
            ),
        ),
    ]
