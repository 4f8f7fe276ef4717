"""Notifications and tasks: what reaches a person's inbox (我的待办).

Titles and bodies are ``core.messages`` texts: stored in every language of the site
(``texts``) with the default language's rendering in ``title``/``body``, and shown in the
reader's. A notification names the record it is about (``source``); closing a task of that
record reads the news about it for those the task was for.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import links
from ..errors import NotAllowed, NotFound
from ..messages import Text, rendered
from ..models import Employee, Notification, Task
from ..sql import Batch
from ..tx import transactional
from . import delivery
from .audit import object_type

# A document returned by its approvers: its author revises and resubmits it (opened by the
# approvals engine, closed when the document is submitted again or cancelled).
REVISE_TASK = "approvals.revise"


def worded(title: Text, body: Text = "") -> dict[str, Any]:
    """``title``, ``body`` (the default language's) and ``texts`` (every language's)."""
    titles, bodies = rendered(title, 200), rendered(body)
    default = settings.LANGUAGE_CODE
    return {
        "title": titles[default],
        "body": bodies[default],
        "texts": {"title": titles, "body": bodies},
    }


def _source(source: Model | None) -> tuple[str, str]:
    """The type and id naming ``source`` (a proxy, like a replenishment plan, by its concrete
    model, so that whoever opens and whoever closes agree)."""
    if source is None:
        return "", ""
    return object_type(source._meta.concrete_model or type(source)), str(source.pk)


@dataclass(frozen=True)
class Notice:
    """One piece of news for ``recipients`` (see :func:`notify`)."""

    recipients: Sequence[Employee]
    title: Text
    body: Text = ""
    url: str = ""
    source: Model | None = None


def notify(
    recipients: Iterable[Employee],
    *,
    title: Text,
    body: Text = "",
    url: str = "",
    source: Model | None = None,
) -> list[Notification]:
    """Tell each recipient once; answers the notifications written. A recipient who may not
    open the record ``url`` leads to (``core.links``) gets the news without the link."""
    return notify_each([Notice(list(recipients), title, body, url, source)])


def notify_each(notices: Iterable[Notice]) -> list[Notification]:
    """Write many pieces of news at once: each recipient once per notice, the links checked
    once per recipient and kind of record, the rows in one insert, one hand-over to delivery."""
    notices = list(notices)
    people: dict[int, Employee] = {}
    urls: dict[int, set[str]] = {}
    for notice in notices:
        for recipient in notice.recipients:
            people[recipient.pk] = recipient
            urls.setdefault(recipient.pk, set()).add(notice.url)
    followed = {pk: links.followable(people[pk], wanted) for pk, wanted in urls.items()}
    rows = []
    for notice in notices:
        words = worded(notice.title, notice.body)
        source_type, source_id = _source(notice.source)
        for pk in dict.fromkeys(r.pk for r in notice.recipients):
            rows.append(
                Notification(
                    recipient=people[pk],
                    url=notice.url if notice.url in followed[pk] else "",
                    source_type=source_type,
                    source_id=source_id,
                    **words,
                )
            )
    if not rows:
        return []
    created = Notification.objects.bulk_create(rows)
    transaction.on_commit(partial(delivery.handover, [n.pk for n in created]), robust=True)
    return created


def mark_read(*, employee: Employee, notification_ids: Iterable[int] | None = None) -> int:
    notifications = Notification.objects.filter(recipient=employee, read_at__isnull=True)
    if notification_ids is not None:
        notifications = notifications.filter(pk__in=list(notification_ids))
    return notifications.update(read_at=timezone.now())


@transactional
def dismiss(*, employee: Employee, notification_id: int) -> Notification:
    """Take one notification out of the employee's inbox (read, if it was not). Somebody
    else's notification is not found."""
    notification = (
        Notification.objects.select_for_update(no_key=True)
        .filter(pk=notification_id, recipient=employee)
        .first()
    )
    if notification is None:
        raise NotFound(_("No such notification."))
    if notification.dismissed_at is None:
        now = timezone.now()
        notification.dismissed_at = now
        notification.read_at = notification.read_at or now
        notification.save(update_fields=["dismissed_at", "read_at"])
    return notification


@transactional
def open_task(
    *,
    assignee: Employee,
    kind: str,
    title: Text,
    source: Model,
    url: str = "",
    body: Text = "",
    clause: str = "",
    due_at: datetime.datetime | None = None,
) -> Task:
    """Open a task once: an open task of this kind for this source and assignee is reused."""
    source_type, source_id = _source(source)
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
        url=url,
        source_type=source_type,
        source_id=source_id,
        clause=clause,
        due_at=due_at,
        **worded(title, body),
    )


@dataclass(frozen=True)
class TaskSpec:
    """A task to open (see :func:`open_task`)."""

    assignee: Employee
    kind: str
    title: Text
    source: Model
    url: str = ""
    body: Text = ""
    clause: str = ""
    due_at: datetime.datetime | None = None


def open_tasks(specs: Iterable[TaskSpec]) -> list[Task]:
    """Open many tasks at once, each once (an open task of the same kind, source and assignee
    is kept): one query for those already open, one insert. Answers the tasks opened."""
    specs = list(specs)
    if not specs:
        return []
    keys = [(s.assignee.pk, s.kind, *_source(s.source)) for s in specs]
    taken = set(
        Task.objects.filter(
            state=Task.State.OPEN,
            assignee_id__in={k[0] for k in keys},
            kind__in={k[1] for k in keys},
            source_type__in={k[2] for k in keys},
            source_id__in={k[3] for k in keys},
        ).values_list("assignee_id", "kind", "source_type", "source_id")
    )
    rows = []
    for spec, key in zip(specs, keys, strict=True):
        if key in taken:
            continue
        taken.add(key)
        rows.append(
            Task(
                assignee=spec.assignee,
                kind=spec.kind,
                url=spec.url,
                source_type=key[2],
                source_id=key[3],
                clause=spec.clause,
                due_at=spec.due_at,
                **worded(spec.title, spec.body),
            )
        )
    return Task.objects.bulk_create(rows)


_DEPARTMENT_TASK = """
INSERT INTO core_task (assignee_id, department_id, kind, title, body, texts, url, source_type,
                       source_id, clause, due_at, state, created_at)
SELECT DISTINCT {no_one}, p.department_id, %s, %s, %s, {texts}, %s, %s, %s, %s, {time}, 'open',
       {time}
  FROM core_position p JOIN core_positionpermission pp ON pp.position_id = p.id
 WHERE pp.code = %s AND NOT EXISTS (
       SELECT 1 FROM core_task t WHERE t.department_id = p.department_id AND t.kind = %s
          AND t.source_type = %s AND t.source_id = %s AND t.state = 'open')
"""


def open_department_task(
    *,
    permission: str,
    kind: str,
    title: Text,
    source: Model,
    url: str = "",
    body: Text = "",
    clause: str = "",
    due_at: datetime.datetime | None = None,
    batch: Batch | None = None,
) -> None:
    """One task for each department whose positions hold ``permission`` (e.g. everybody in
    logistics ships a notice), in one statement (sent with ``batch`` when given): everyone in
    the department sees it and whoever acts on it closes it. A department that has it open
    already keeps its task."""
    source_type, source_id = _source(source)
    words = worded(title, body)
    # PostgreSQL types the selected values from the columns only when told.
    typed = connection.vendor == "postgresql"
    sql = _DEPARTMENT_TASK.format(
        no_one="CAST(NULL AS bigint)" if typed else "NULL",
        texts="CAST(%s AS jsonb)" if typed else "%s",
        time="CAST(%s AS timestamp with time zone)" if typed else "%s",
    )
    params = [
        kind,
        words["title"],
        words["body"],
        Task._meta.get_field("texts").get_db_prep_save(words["texts"], connection),
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
    ``by`` is who did the work (for tasks of a department, whoever acted). The news about
    those sources is read for those the tasks were for."""
    if source is not None:
        source_type, source_ids = _source(source)[0], [source.pk]
    ids = [str(i) for i in source_ids]
    if not ids:
        return 0
    tasks = Task.objects.filter(kind=kind, source_type=source_type, source_id__in=ids)
    if assignee is not None:
        tasks = tasks.filter(assignee=assignee)
    now = timezone.now()
    still_open = tasks.filter(state=Task.State.OPEN)
    if batch is not None:
        batch.update_where(_news_of(still_open, source_type, ids), read_at=now)
        batch.update_where(still_open, state=Task.State.DONE, closed_at=now, closed_by=by)
        return 0
    closed = still_open.update(state=Task.State.DONE, closed_at=now, closed_by=by)
    if closed:  # no statement more when nothing was open
        just_closed = tasks.filter(state=Task.State.DONE, closed_at=now)
        _news_of(just_closed, source_type, ids).update(read_at=now)
    return closed


def _news_of(tasks: QuerySet[Task], source_type: str, ids: list[str]) -> QuerySet[Notification]:
    """The unread notifications about the tasks' sources addressed to the tasks' assignees or
    to anyone working in the tasks' departments."""
    departments = tasks.filter(department__isnull=False).values("department_id")
    return Notification.objects.filter(
        Q(recipient_id__in=tasks.filter(assignee__isnull=False).values("assignee_id"))
        | Q(recipient__department_id__in=departments)
        | Q(recipient__positions__department_id__in=departments),
        source_type=source_type,
        source_id__in=ids,
        read_at__isnull=True,
    )


@transactional
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
        if task.source_type:
            tasks = Task.objects.filter(pk=task.pk)
            _news_of(tasks, task.source_type, [task.source_id]).update(read_at=task.closed_at)
    return task
