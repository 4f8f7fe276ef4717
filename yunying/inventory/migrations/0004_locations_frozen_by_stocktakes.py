"""Locations being counted carry the stocktake's number (masterdata.Location.counted_by)."""

from django.db import migrations

FROZEN_STATES = ("counting", "submitted", "returned")


def mark(apps, schema_editor):
    Stocktake = apps.get_model("inventory", "Stocktake")
    Location = apps.get_model("masterdata", "Location")
    for stocktake in Stocktake.objects.filter(state__in=FROZEN_STATES):
        Location.objects.filter(stocktakes=stocktake).update(counted_by=stocktake.number)


def unmark(apps, schema_editor):
    apps.get_model("masterdata", "Location").objects.update(counted_by="")


class Migration(migrations.Migration):
    dependencies = [
        ("inventory", "0003_ledger_append_only"),
        ("masterdata", "0002_location_counted_by"),
    ]

    operations = [migrations.RunPython(mark, unmark)]
