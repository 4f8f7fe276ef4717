"""The maintained list of complaint causes (SVC-3), kept by the service supervisors."""

from __future__ import annotations

from django.utils.translation import gettext as _

from yunying.core import access
from yunying.core.errors import ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit
from yunying.core.tx import transactional

from ..models import ComplaintCause

SUPERVISE = "service.supervise"


@transactional
def save_cause(*, code: str, name: str, active: bool = True, actor: Employee) -> ComplaintCause:
    """Add a cause, or rename or retire the one with ``code`` (a retired cause stays on the
    complaints closed with it)."""
    access.require(actor, SUPERVISE)
    code, name = (code or "").strip().upper(), (name or "").strip()
    if not code:
        raise ValidationFailed(_("Give the cause a code."), field="code")
    if not name:
        raise ValidationFailed(_("Give the cause a name."), field="name")
    cause = ComplaintCause.objects.select_for_update(no_key=True).filter(code=code).first()
    before = None if cause is None else {"name": cause.name, "active": cause.active}
    if cause is None:
        cause = ComplaintCause.objects.create(code=code, name=name, active=active)
    else:
        cause.name, cause.active = name, active
        cause.save(update_fields=["name", "active"])
    audit.record(
        actor=actor,
        action="service.complaint_cause",
        obj=cause,
        changes={"code": code, "name": name, "active": active, "before": before},
        clause="SVC-3",
    )
    return cause
