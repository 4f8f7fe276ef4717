"""Ledger rows are never updated or deleted (INV-1), whatever path writes to the database.

PostgreSQL refuses UPDATE and DELETE; SQLite refuses UPDATE (its test flush deletes rows, and
the model refuses delete() as well).
"""

from django.db import migrations

POSTGRES = """
CREATE OR REPLACE FUNCTION inventory_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'stock ledger entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inventory_ledger_append_only
    BEFORE UPDATE OR DELETE ON inventory_stockledgerentry
    FOR EACH ROW EXECUTE FUNCTION inventory_ledger_append_only();
"""
POSTGRES_DROP = """
DROP TRIGGER IF EXISTS inventory_ledger_append_only ON inventory_stockledgerentry;
DROP FUNCTION IF EXISTS inventory_ledger_append_only();
"""
SQLITE = """
CREATE TRIGGER inventory_ledger_append_only
BEFORE UPDATE ON inventory_stockledgerentry
BEGIN
    SELECT RAISE(ABORT, 'stock ledger entries are append-only');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS inventory_ledger_append_only;"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
