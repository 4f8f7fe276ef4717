"""Indexes for the stock ledger page's sorts by posting date and by document (``core.lists``):
its keyset pages read down an index on the chosen order ending in the id."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("inventory", "0006_material_issue_opening_stock")]

    operations = [
        migrations.AddIndex(
            model_name="stockledgerentry",
            index=models.Index(fields=["posting_date", "id"], name="ledger_posting_date_id"),
        ),
        migrations.AddIndex(
            model_name="stockledgerentry",
            index=models.Index(fields=["source_number", "id"], name="ledger_source_number_id"),
        ),
    ]
