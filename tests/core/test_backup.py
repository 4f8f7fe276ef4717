"""Backups: an archive restored into a new database holds the same company, chain intact."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from tests.stock import approved_plan, put_stock, signed_contract
from yunying.core.services import backup
from yunying.inventory.models import StockBalance
from yunying.procurement.models import PurchaseContract, PurchasePlan
from yunying.sales.models import SalesOrder

SQLITE = connection.vendor == "sqlite"


def facts_sql() -> list[str]:
    """What must be the same after a restore: balances and document counts."""
    balance = StockBalance._meta.db_table
    counts = [
        f"SELECT count(*) FROM {model._meta.db_table}"
        for model in (SalesOrder, PurchaseContract, PurchasePlan)
    ]
    return [
        f"SELECT item_id, location_id, on_hand, reserved, value FROM {balance} ORDER BY 1, 2",
        *counts,
    ]


def facts(cursor: Any) -> list[list[tuple[Any, ...]]]:
    found = []
    for sql in facts_sql():
        cursor.execute(sql)
        found.append([tuple(row) for row in cursor.fetchall()])
    return found


def given_a_company_at_work(media: Path) -> None:
    put_stock("PV-M550", 40, cost=800)
    put_stock("MC4-P", 100, cost=3)
    signed_contract(approved_plan({"PV-M550": 10}))
    (media / "contracts").mkdir(parents=True)
    (media / "contracts" / "scan.pdf").write_bytes(b"%PDF-1.4 signed")


def audit_verifies(database_url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    env["YUNYING_AUDIT_KEY"] = str(settings.YUNYING_AUDIT_KEY)
    return subprocess.run(  # noqa: S603 - the project's own command
        [sys.executable, "-m", "yunying.cli", "audit", "verify"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def back_up_and_restore(
    tmp_path: Path, settings: Any, target: dict[str, Any]
) -> list[list[tuple[Any, ...]]]:
    """Back the company up, restore it into ``target``; answer the facts before."""
    settings.MEDIA_ROOT = tmp_path / "media"
    given_a_company_at_work(settings.MEDIA_ROOT)
    with connection.cursor() as cursor:
        before = facts(cursor)
    assert before[0] and before[2] == [(1,)]

    archive = backup.backup(to=tmp_path / "backups")
    restored_media = tmp_path / "restored-media"
    manifest = backup.restore(archive, database=target, media_root=restored_media)

    assert manifest["files"] == 1
    assert (restored_media / "contracts" / "scan.pdf").read_bytes() == b"%PDF-1.4 signed"
    with pytest.raises(backup.BackupFailed):  # never over a company's records
        backup.restore(archive, database=target, media_root=tmp_path / "other-media")
    return before


@pytest.mark.skipif(not SQLITE, reason="the SQLite backup; PostgreSQL's is the next test")
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_new_sqlite_database(
    org: None, tmp_path: Path, settings: Any
) -> None:
    import sqlite3

    target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
    before = back_up_and_restore(tmp_path, settings, target)

    restored = sqlite3.connect(target["NAME"])
    try:
        assert facts(restored.cursor()) == before
    finally:
        restored.close()
    verified = audit_verifies(f"sqlite:///{target['NAME']}")
    assert verified.returncode == 0, verified.stdout + verified.stderr


@pytest.fixture
def new_postgres_database() -> Iterator[dict[str, Any]]:
    """A new, empty database on the test server, dropped afterwards."""
    import psycopg
    from psycopg.conninfo import make_conninfo

    target = {**connection.settings_dict, "NAME": f"yunying_q_restore_{uuid.uuid4().hex[:8]}"}
    params = {k: v for k, v in backup._pg_params(target).items() if k != "dbname"}
    maintenance = make_conninfo("", dbname="postgres", **params)
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{target["NAME"]}"')
    try:
        yield target
    finally:
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{target["NAME"]}" WITH (FORCE)')


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_new_postgres_database(
    org: None, tmp_path: Path, settings: Any, new_postgres_database: dict[str, Any]
) -> None:
    import psycopg
    from psycopg.conninfo import make_conninfo

    target = new_postgres_database
    before = back_up_and_restore(tmp_path, settings, target)

    with psycopg.connect(make_conninfo("", **backup._pg_params(target))) as restored:
        assert facts(restored.cursor()) == before
    url = f"postgres://{target['USER']}@{target['HOST']}:{target['PORT']}/{target['NAME']}"
    verified = audit_verifies(url)
    assert verified.returncode == 0, verified.stdout + verified.stderr
