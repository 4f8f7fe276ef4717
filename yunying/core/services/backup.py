"""Backups and restores: one archive with the database, the attachments and a manifest.

``yunying-YYYYmmdd-HHMMSS.tar.gz`` (UTC) holds ``manifest.json`` (format, time, database vendor,
the newest migration of each app, the number of files), the database dump and ``files/`` (a copy
of ``MEDIA_ROOT``). SQLite is copied with the online backup API (``sqlite3.Connection.backup``):
a consistent copy while the application writes, WAL included. PostgreSQL is dumped with
``pg_dump -Fc`` (one consistent snapshot, compressed, restored selectively by ``pg_restore``).

A restore goes into an empty database only (``migrate`` nothing first) and an empty attachments
folder: it never mixes a backup with other data, and a mistaken restore cannot overwrite a
company's records. On PostgreSQL ``pg_restore --single-transaction`` leaves the database empty
when it fails. The daily ``core.backup`` check writes an archive into ``YUNYING_BACKUP_DIR`` and
keeps the newest ``YUNYING_BACKUP_KEEP``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

from ..checks import Finding
from ..errors import DomainError

if TYPE_CHECKING:
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteConnection

FORMAT = 1
PREFIX = "yunying-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
Database = dict[str, Any]  # a DATABASES entry: ENGINE, NAME, HOST, PORT, USER, PASSWORD


class BackupFailed(DomainError):
    default_code = "backup_failed"


def vendor_of(database: Database) -> str:
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupFailed(
        _("Backups support SQLite and PostgreSQL, not %(engine)s.") % {"engine": engine}
    )


def backup(*, to: Path | None = None, alias: str = "default") -> Path:
    """Write an archive of database ``alias`` and the attachments into ``to``; answer its path."""
    directory = Path(to or settings.YUNYING_BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    target = _new_name(directory)
    database = connections[alias].settings_dict
    vendor = vendor_of(database)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".backup-") as work:
        dump = Path(work) / DUMPS[vendor]
        if vendor == "sqlite":
            _dump_sqlite(alias, dump)
        else:
            _run("pg_dump", ["--format=custom", "--no-owner", f"--file={dump}"], database)
        media = Path(settings.MEDIA_ROOT)
        files = [p for p in media.rglob("*") if p.is_file()] if media.is_dir() else []
        manifest = _manifest(alias, vendor, len(files))
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        partial = Path(work) / target.name
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            for file in files:
                archive.add(file, arcname=f"files/{file.relative_to(media).as_posix()}")
        os.replace(partial, target)  # complete or absent, never half-written
    return target


def restore(archive: Path, *, database: Database, media_root: Path | None = None) -> dict[str, Any]:
    """Restore ``archive`` into ``database`` (empty) and ``media_root`` (empty or absent)."""
    media = Path(media_root or settings.MEDIA_ROOT)
    with tarfile.open(archive, "r:gz") as tar:
        manifest = _read_manifest(tar)
        vendor = vendor_of(database)
        if manifest.get("vendor") != vendor:
            raise BackupFailed(
                _("The backup is of a %(theirs)s database; this one is %(ours)s.")
                % {"theirs": manifest.get("vendor"), "ours": vendor}
            )
        _require_empty(database, vendor)
        if media.is_dir() and any(media.iterdir()):
            raise BackupFailed(
                _("The attachments folder %(path)s is not empty; restore into an empty one.")
                % {"path": media}
            )
        with tempfile.TemporaryDirectory() as work:
            tar.extractall(work, filter="data")
            dump = Path(work) / DUMPS[vendor]
            if vendor == "sqlite":
                _restore_sqlite(dump, Path(str(database["NAME"])))
            else:
                _run("pg_restore", ["--no-owner", "--single-transaction", str(dump)], database)
            if (Path(work) / "files").is_dir():
                shutil.copytree(Path(work) / "files", media, dirs_exist_ok=True)
    return manifest


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives in ``directory``; answer those deleted."""
    archives = sorted(directory.glob(f"{PREFIX}*{SUFFIX}"))
    old = archives[: max(len(archives) - keep, 0)]
    for path in old:
        path.unlink()
    return old


def backup_check() -> list[Finding]:
    """The daily ``core.backup`` check: an archive, then the retention."""
    directory = Path(settings.YUNYING_BACKUP_DIR)
    backup(to=directory)
    prune(directory, max(int(settings.YUNYING_BACKUP_KEEP), 1))
    return []


def _new_name(directory: Path) -> Path:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    target, n = directory / f"{PREFIX}{stamp}{SUFFIX}", 1
    while target.exists():
        n += 1
        target = directory / f"{PREFIX}{stamp}-{n}{SUFFIX}"
    return target


def _manifest(alias: str, vendor: str, files: int) -> dict[str, Any]:
    applied = MigrationRecorder(connections[alias]).applied_migrations()
    newest: dict[str, str] = {}
    for app, name in sorted(applied):
        newest[app] = max(newest.get(app, ""), name)
    return {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "vendor": vendor,
        "database": DUMPS[vendor],
        "migrations": newest,
        "files": files,
    }


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
        manifest = json.load(member) if member else None
    except (KeyError, ValueError) as error:
        raise BackupFailed(_("This file is not a Yunying backup (no manifest).")) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupFailed(_("This backup's format is not one this version reads."))
    return manifest


def _dump_sqlite(alias: str, dump: Path) -> None:
    """Copy through a connection of its own, which reads a snapshot beside the writers (WAL);
    an in-memory database (the tests') is reachable only through Django's connection."""
    connection = cast("SQLiteConnection", connections[alias])
    if connection.is_in_memory_db():
        if connection.in_atomic_block:  # the backup API would wait for that transaction forever
            raise BackupFailed(_("An in-memory database is backed up outside a transaction."))
        connection.ensure_connection()
        source, own = connection.connection, False
    else:
        source, own = sqlite3.connect(str(connection.settings_dict["NAME"])), True
    destination = sqlite3.connect(dump)
    try:
        source.backup(destination)
    finally:
        destination.close()
        if own:
            source.close()


def _restore_sqlite(dump: Path, target: Path) -> None:
    source, destination = sqlite3.connect(dump), sqlite3.connect(target)
    try:
        source.backup(destination)
    finally:
        source.close()
        destination.close()


def _require_empty(database: Database, vendor: str) -> None:
    tables = _sqlite_tables(database) if vendor == "sqlite" else _postgres_tables(database)
    if tables:
        raise BackupFailed(
            _("The database %(name)s is not empty; restore into a new, empty database.")
            % {"name": database["NAME"]}
        )


def _sqlite_tables(database: Database) -> int:
    connection = sqlite3.connect(str(database["NAME"]))
    try:
        return int(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    finally:
        connection.close()


def _postgres_tables(database: Database) -> int:
    import psycopg
    from psycopg.conninfo import make_conninfo

    with psycopg.connect(make_conninfo("", **_pg_params(database))) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
    return int(row[0]) if row else 0


# libpq's connection parameters, the DATABASES keys they come from, the variables that pass them.
_PG = (
    ("dbname", "NAME", "PGDATABASE"),
    ("host", "HOST", "PGHOST"),
    ("port", "PORT", "PGPORT"),
    ("user", "USER", "PGUSER"),
    ("password", "PASSWORD", "PGPASSWORD"),
)


def _pg_params(database: Database) -> dict[str, str]:
    return {key: str(database[name]) for key, name, _env in _PG if database.get(name)}


def _run(program: str, arguments: list[str], database: Database) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupFailed(
            _("%(program)s is not on PATH: install the PostgreSQL client of the server's version.")
            % {"program": program}
        )
    env = dict(os.environ)
    env.update(
        {variable: str(database[name]) for _key, name, variable in _PG if database.get(name)}
    )
    command = [executable, *arguments]
    if program == "pg_restore":
        command.insert(-1, f"--dbname={database['NAME']}")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupFailed(
            _("%(program)s failed: %(error)s")
            % {"program": program, "error": result.stderr.strip()[-2000:]}
        )
