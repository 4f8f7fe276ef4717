"""Notifications and tasks: what reaches a person's inbox (我的待办)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import NotAllowed
from ..models import Employee, Notification, Task
from ..sql import Batch
from ..tx import transactional
from .audit import object_type


def notify(recipients: Iterable[Employee], *, title: str, body: str = "", url: str = "") -> None:
    seen: set[int] = set()
    rows = []
    for recipient in recipients:
        if recipient.pk in seen:
            continue
        seen.add(recipient.pk)
        rows.append(
            Notification(recipient=recipient, title=str(title)[:200], body=str(body), url=url)
        )
    Notification.objects.bulk_create(rows)


def mark_read(*, employee: Employee, notification_ids: Iterable[int] | None = None) -> int:
    notifications = Notification.objects.filter(recipient=employee, read_at__isnull=True)
    if notification_ids is not None:
        notifications = notifications.filter(pk__in=list(notification_ids))
    return notifications.update(read_at=timezone.now())


@transactional
def open_task(
    *,
    assignee: Employee,
    kind: str,
    title: str,
    source: Model,
    url: str = "",
    body: str = "",
    clause: str = "",
    due_at: datetime.datetime | None = None,
) -> Task:
    """Open a task once: an open task of this kind for this source and assignee is reused."""
    source_type, source_id = object_type(source), str(source.pk)
    existing = Task.objects.filter(
        assignee=assignee,
        kind=kind,
        source_type=source_type,
        source_id=source_id,
        state=Task.State.OPEN,
    ).first()
    if existing is not None:
        return existing
    return Task.objects.create(
        assignee=assignee,
        kind=kind,
        title=str(title)[:200],
        body=str(body),
        url=url,
        source_type=source_type,
        source_id=source_id,
        clause=clause,
        due_at=due_at,
    )


_DEPARTMENT_TASK = """
INSERT INTO core_task (assignee_id, department_id, kind, title, body, url, source_type, source_id,
                       clause, due_at, state, created_at)
SELECT DISTINCT {no_one}, p.department_id, %s, %s, %s, %s, %s, %s, %s, {time}, 'open', {time}
  FROM core_position p JOIN core_positionpermission pp ON pp.position_id = p.id
 WHERE pp.code = %s AND NOT EXISTS (
       SELECT 1 FROM core_task t WHERE t.department_id = p.department_id AND t.kind = %s
          AND t.source_type = %s AND t.source_id = %s AND t.state = 'open')
"""


def open_department_task(
    *,
    permission: str,
    kind: str,
    title: str,
    source: Model,
    url: str = "",
    body: str = "",
    clause: str = "",
    due_at: datetime.datetime | None = None,
    batch: Batch | None = None,
) -> None:
    """One task for each department whose positions hold ``permission`` (e.g. everybody in
    logistics ships a notice), in one statement (sent with ``batch`` when given): everyone in
    the department sees it and whoever acts on it closes it. A department that has it open
    already keeps its task."""
    source_type, source_id = object_type(source), str(source.pk)
    # PostgreSQL types the selected values from the columns only when told.
    typed = connection.vendor == "postgresql"
    sql = _DEPARTMENT_TASK.format(
        no_one="CAST(NULL AS bigint)" if typed else "NULL",
        time="CAST(%s AS timestamp with time zone)" if typed else "%s",
    )
    params = [
        kind,
        str(title)[:200],
        str(body),
        url,
        source_type,
        source_id,
        clause,
        connection.ops.adapt_datetimefield_value(due_at),
        connection.ops.adapt_datetimefield_value(timezone.now()),
        permission,
        kind,
        source_type,
        source_id,
    ]
    if batch is not None:
        batch.add(sql, params)
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def close_tasks(
    *,
    kind: str,
    source: Model | None = None,
    source_type: str = "",
    source_ids: Iterable[object] = (),
    assignee: Employee | None = None,
    by: Employee | None = None,
    batch: Batch | None = None,
) -> int:
    """Close the open tasks of ``kind`` raised by ``source`` (or by the sources of one type);
    ``by`` is who did the work (for tasks of a department, whoever acted)."""
    if source is not None:
        source_type, source_ids = object_type(source), [source.pk]
    ids = [str(i) for i in source_ids]
    if not ids:
        return 0
    tasks = Task.objects.filter(
        kind=kind, source_type=source_type, source_id__in=ids, state=Task.State.OPEN
    )
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    if batch is not None:
        batch.update_where(tasks, state=Task.State.DONE, closed_at=timezone.now(), closed_by=by)
        return 0
    return tasks.update(state=Task.State.DONE, closed_at=timezone.now(), closed_by=by)


def complete_task(*, task: Task, actor: Employee) -> Task:
    """Mark a task done by its assignee or, for a department's task, by anyone in the
    department (tasks a check closes itself close through close_tasks)."""
    from ..selectors import departments_of

    mine = task.assignee_id == actor.pk or (
        task.department_id is not None and task.department_id in departments_of(actor)
    )
    if not mine:
        raise NotAllowed(_("Only the assignee or their department can complete this task."))
    if task.state == Task.State.OPEN:
        task.state = Task.State.DONE
        task.closed_at, task.closed_by = timezone.now(), actor
        task.save(update_fields=["state", "closed_at", "closed_by"])
    return task
