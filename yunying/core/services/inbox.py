"""Notifications and tasks: what reaches a person's inbox (我的待办)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import NotAllowed
from ..models import Employee, Notification, Task
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
    with transaction.atomic():
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


def open_tasks(
    *,
    assignees: Iterable[Employee],
    kind: str,
    title: str,
    source: Model,
    url: str = "",
    body: str = "",
    clause: str = "",
    due_at: datetime.datetime | None = None,
) -> None:
    """The same task for several people (e.g. everybody in logistics), in two statements;
    whoever has it open already keeps theirs."""
    source_type, source_id = object_type(source), str(source.pk)
    people = {person.pk: person for person in assignees}
    if not people:
        return
    existing = set(
        Task.objects.filter(
            assignee_id__in=people,
            kind=kind,
            source_type=source_type,
            source_id=source_id,
            state=Task.State.OPEN,
        ).values_list("assignee_id", flat=True)
    )
    Task.objects.bulk_create(
        Task(
            assignee_id=pk,
            kind=kind,
            title=str(title)[:200],
            body=str(body),
            url=url,
            source_type=source_type,
            source_id=source_id,
            clause=clause,
            due_at=due_at,
        )
        for pk in people
        if pk not in existing
    )


def close_tasks(
    *,
    kind: str,
    source: Model | None = None,
    source_type: str = "",
    source_ids: Iterable[object] = (),
    assignee: Employee | None = None,
) -> int:
    """Close the open tasks of ``kind`` raised by ``source`` (or by the sources of one type)."""
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
    return tasks.update(state=Task.State.DONE, closed_at=timezone.now())


def complete_task(*, task: Task, actor: Employee) -> Task:
    """Mark a task done by its assignee (tasks a check closes itself close through close_tasks)."""
    if task.assignee_id != actor.pk:
        raise NotAllowed(_("Only the assignee can complete this task."))
    if task.state == Task.State.OPEN:
        task.state = Task.State.DONE
        task.closed_at = timezone.now()
        task.save(update_fields=["state", "closed_at"])
    return task
