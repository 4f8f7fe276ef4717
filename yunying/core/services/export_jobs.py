"""Exports written in the background (``core.models.ExportJob``, kinds in ``core.jobs``).

Asking: :func:`request_export` writes a ``queued`` job with the filters. With a broker
(``YUNYING_BROKER_URL``) the Celery task ``yunying.run_export`` is sent once the job is saved;
without one the job waits in the database and the serving process's embedded scheduler
(``core.queue.Embedded``) takes the queued jobs at its next tick — so nothing is written during
the request either way.

Running: :func:`perform` takes a queued job (one worker only: the state changes from ``queued``
to ``running`` in one statement), re-reads the requester and calls the kind's ``build``, which
applies the requester's permissions and scope as they are now. The file is kept under
``settings.VAR_DIR / "exports"`` for ``KEEP_DAYS`` days; the export is recorded in the audit
trail with its row count (ORG-4, ``org.record_export``) and the requester is notified with a
link to it. A build that raises leaves the job ``failed`` with the error, and the requester is
told.

Cleaning up: the daily check :func:`expiry_check` deletes the files whose time has passed, and
fails jobs left ``running`` by a worker that stopped.
"""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import checks, jobs, tx
from ..errors import ValidationFailed
from ..messages import Message
from ..models import Employee, ExportJob
from . import inbox
from .org import record_export

logger = logging.getLogger("yunying.exports")
State = ExportJob.State
KEEP_DAYS = 7
# A job still running this long after it started was left by a worker that stopped.
STALE = datetime.timedelta(days=1)
MAX_PARAMETERS = 20
MAX_VALUE = 200


def inline_rows() -> int:
    """Exports of more rows than this are written in the background."""
    return int(getattr(settings, "YUNYING_EXPORT_INLINE_ROWS", 20_000))


def export_dir() -> Path:
    return Path(settings.VAR_DIR) / "exports"


def file_path(job: ExportJob) -> Path:
    return export_dir() / f"{job.pk}.export"


def list_url() -> str:
    return reverse("core:export_jobs")


def download_url(job: ExportJob) -> str:
    return reverse("core:export_job_download", args=[job.pk])


def is_expired(job: ExportJob, now: datetime.datetime | None = None) -> bool:
    return job.expires_at is not None and job.expires_at <= (now or timezone.now())


def _plain_parameters(parameters: Mapping[str, object]) -> dict[str, str]:
    return {
        str(key)[:MAX_VALUE]: str(value)[:MAX_VALUE]
        for key, value in list(parameters.items())[:MAX_PARAMETERS]
        if value not in (None, "")
    }


@tx.transactional
def request_export(*, kind: str, parameters: Mapping[str, object], actor: Employee) -> ExportJob:
    """Queue the export ``kind`` of the list filtered by ``parameters`` for ``actor``. The
    caller has checked that ``actor`` may export the list; the job checks it again."""
    if jobs.get(kind) is None:
        raise ValidationFailed(_("There is no export “%(kind)s”.") % {"kind": kind[:100]})
    job = ExportJob.objects.create(
        requester=actor,
        kind=kind,
        parameters=_plain_parameters(parameters),
        language=translation.get_language() or "",
    )
    _send(job.pk)
    return job


def _send(job_id: int) -> None:
    """Hand the job to the queue's workers once it is saved; with no broker the embedded
    scheduler finds it in the database."""
    from .. import queue

    if queue.broker_url():
        transaction.on_commit(lambda: queue.run_export.delay(job_id))


def queued_ids() -> list[int]:
    return list(
        ExportJob.objects.filter(state=State.QUEUED)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )


def run_queued() -> list[ExportJob]:
    """Run every queued job, oldest first (the embedded scheduler's tick)."""
    done = [perform(job_id) for job_id in queued_ids()]
    return [job for job in done if job is not None]


def perform(job_id: int) -> ExportJob | None:
    """Run the queued job ``job_id``; ``None`` when it is not queued (another worker took it)."""
    now = timezone.now()
    taken = ExportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=now
    )
    if not taken:
        return None
    job = ExportJob.objects.select_related("requester").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            rows, filename = _build(job)
        except Exception as error:
            _failed(job, error)
        else:
            _done(job, rows, filename)
    return job


def _build(job: ExportJob) -> tuple[int, str]:
    """Write the job's file; answer its rows and the name it is downloaded under."""
    kind = jobs.get(job.kind)
    if kind is None:
        raise LookupError(f"No export is registered as {job.kind!r}")
    requester = Employee.objects.select_related("user").get(pk=job.requester_id)
    if not requester.active:
        raise ValidationFailed(_("%(name)s is no longer active.") % {"name": requester.name})
    rows, file, filename = kind.build(dict(job.parameters), requester)
    with file:
        _store(file, file_path(job))
    return rows, filename


def _store(file: IO[bytes], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("wb") as out:
        shutil.copyfileobj(file, out, 1024 * 1024)
    os.replace(partial, path)


@tx.transactional
def _done(job: ExportJob, rows: int, filename: str) -> None:
    kind = jobs.get(job.kind)
    job.state, job.rows, job.file_name = State.DONE, rows, filename[:200]
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + datetime.timedelta(days=KEEP_DAYS)
    job.save(update_fields=["state", "rows", "file_name", "finished_at", "expires_at"])
    record_export(
        actor=job.requester,
        what=kind.what if kind else job.kind,
        count=rows,
        filters={**job.parameters, "job": job.pk},
    )
    inbox.notify(
        [job.requester],
        title=Message(gettext_lazy("Your export “%(name)s” is ready"), name=job.file_name),
        body=Message(
            gettext_lazy("%(rows)s rows; download it within %(days)s days."),
            rows=rows,
            days=KEEP_DAYS,
        ),
        url=download_url(job),
        source=job,
    )


@tx.transactional
def _failed(job: ExportJob, error: Exception) -> None:
    logger.error("Export job %s (%s) failed: %s", job.pk, job.kind, error)
    job.state, job.finished_at = State.FAILED, timezone.now()
    job.error = "".join(traceback.format_exception_only(error))[-2000:]
    job.save(update_fields=["state", "finished_at", "error"])
    inbox.notify(
        [job.requester],
        title=gettext_lazy("Your export could not be made"),
        body=str(error)[:500],
        url=list_url(),
        source=job,
    )


def downloadable(job_id: int, actor: Employee) -> ExportJob | None:
    """The finished job ``job_id`` of ``actor`` (nobody else's), or ``None``."""
    return ExportJob.objects.filter(pk=job_id, requester=actor, state=State.DONE).first()


def open_file(job: ExportJob) -> IO[bytes] | None:
    """The job's file to send, or ``None`` when it expired or is gone."""
    if is_expired(job):
        return None
    try:
        return file_path(job).open("rb")
    except FileNotFoundError:
        return None


def expire(now: datetime.datetime | None = None) -> int:
    """Delete the kept files whose time has passed (and those of jobs no longer recorded); fail
    jobs left running. Answer how many files were deleted."""
    now = now or timezone.now()
    kept = {int(path.stem): path for path in export_dir().glob("*.export") if path.stem.isdigit()}
    current = set(
        ExportJob.objects.filter(pk__in=list(kept))
        .filter(Q(state=State.RUNNING) | Q(state=State.DONE, expires_at__gt=now))
        .values_list("pk", flat=True)
    )
    deleted = 0
    for pk, path in kept.items():
        if pk not in current:
            path.unlink(missing_ok=True)
            deleted += 1
    ExportJob.objects.filter(state=State.RUNNING, started_at__lte=now - STALE).update(
        state=State.FAILED, finished_at=now, error="The worker stopped before the file was made."
    )
    return deleted


def expiry_check() -> list[checks.Finding]:
    """The daily check: delete expired export files."""
    deleted = expire()
    if deleted:
        logger.info("Deleted %s expired export files", deleted)
    return []


def describe(job: ExportJob) -> dict[str, Any]:
    """What the list of jobs shows of one."""
    kind = jobs.get(job.kind)
    expired = is_expired(job)
    return {
        "job": job,
        "label": kind.label if kind else job.kind,
        "expired": expired,
        "url": download_url(job) if job.state == State.DONE and not expired else "",
    }
