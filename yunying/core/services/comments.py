"""A document's comment thread and its ``@`` mentions.

``@`` followed by an employee's username (``@wang.fang``) or full name (``@王芳``) mentions
them; a name is read up to a space or a punctuation mark, and the longest name that starts the
word counts (``@王芳请看`` mentions 王芳). When two active employees share the name, the
username tells them apart and the name alone mentions nobody. A mentioned employee who may
open the document is notified and gets a task of kind ``mention`` in 我的待办, which they
complete there; one who may not open it is not told anything, and the author is told.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import documents
from ..errors import ValidationFailed
from ..messages import Message
from ..models import Comment, Employee
from ..tx import transactional
from . import audit, inbox

MAX_LENGTH = 4000
MAX_MENTIONS = 20
MENTION_TASK = "mention"
WORD = re.compile(r"@([^\s@,，.。;；:：!！?？、()（）\[\]【】<>《》\"'“”‘’]{1,60})")


@dataclass
class Posted:
    comment: Comment
    # Names mentioned that nobody answers to, or that name someone who may not open it.
    unknown: list[str] = field(default_factory=list)
    unreachable: list[Employee] = field(default_factory=list)
    # The mentioned employees who were notified.
    told: list[Employee] = field(default_factory=list)


def mentioned_words(body: str) -> list[str]:
    return list(dict.fromkeys(WORD.findall(body)))[:MAX_MENTIONS]


def resolve(words: list[str]) -> tuple[list[Employee], list[str]]:
    """The active employees the words name (in one query), and the words that name nobody."""
    if not words:
        return [], []
    prefixes = {word[:n] for word in words for n in range(1, len(word) + 1)}
    candidates = list(
        Employee.objects.filter(active=True)
        .filter(Q(user__username__in=words) | Q(name__in=prefixes))
        .select_related("user")
    )
    by_username = {e.user.username: e for e in candidates}
    by_name: dict[str, list[Employee]] = defaultdict(list)
    for employee in candidates:
        by_name[employee.name].append(employee)
    found: dict[int, Employee] = {}
    unknown: list[str] = []
    for word in words:
        person = by_username.get(word)
        if person is None:
            for n in range(len(word), 0, -1):
                named = by_name.get(word[:n], [])
                if len(named) == 1:
                    person = named[0]
                    break
                if named:  # shared by several: only the username tells
                    break
        if person is None:
            unknown.append(word)
        else:
            found.setdefault(person.pk, person)
    return list(found.values()), unknown


def _check_body(body: Any) -> str:
    text = str(body or "").strip()
    if not text:
        raise ValidationFailed(_("Write a comment."), field="body")
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(
            _("A comment has at most %(count)d characters.") % {"count": MAX_LENGTH},
            field="body",
        )
    return text


@transactional
def post(*, actor: Employee, key: str, document_id: object, body: str) -> Posted:
    """Add a comment to the document's thread and tell whom it mentions."""
    kind, document = documents.open_document(actor, key, document_id)
    text = _check_body(body)
    people, unknown = resolve(mentioned_words(text))
    reachable = [p for p in people if p.pk != actor.pk and documents.may_open(p, kind, document)]
    unreachable = [p for p in people if p.pk != actor.pk and p not in reachable]
    comment = Comment.objects.create(
        document_type=key, document_id=str(document.pk), author=actor, body=text
    )
    if reachable:
        comment.mentioned.set(reachable)
    url = f"{kind.url(document)}#document-shell"
    title = Message(
        gettext_lazy("%(author)s mentioned you in %(document)s"),
        author=actor.name,
        document=str(document),
    )
    inbox.notify(reachable, title=title, body=text[:500], url=url, source=document)
    for person in reachable:
        inbox.open_task(assignee=person, kind=MENTION_TASK, title=title, source=document, url=url)
    audit.record(
        actor=actor,
        action="comment.post",
        obj=document,
        changes={"comment": comment.pk, "mentioned": [p.pk for p in reachable]},
    )
    return Posted(comment=comment, unknown=unknown, unreachable=unreachable, told=reachable)
