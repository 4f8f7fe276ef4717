"""Scheduled checks of the inventory: ledger = balances (INV-1), stocktakes due (INV-5)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yunying.core.checks import ERROR, Finding
from yunying.core.messages import Message
from yunying.core.models import Employee
from yunying.core.services import inbox

from . import selectors
from .services.stocktakes import MANAGE


def ledger_matches_balances() -> list[Finding]:
    return [
        Finding(
            _(
                "Item %(item)s at location %(location)s: %(field)s is %(balance)s, the ledger "
                "says %(ledger)s."
            )
            % {
                "item": m.item_id,
                "location": m.location_id,
                "field": m.field,
                "balance": m.balance,
                "ledger": m.ledger,
            },
            severity=ERROR,
            clause="INV-1",
        )
        for m in selectors.ledger_mismatches()
    ]


def stocktakes_overdue() -> list[Finding]:
    """Locations past their counting date: a task for those who manage stocktakes."""
    overdue = [s for s in selectors.stocktake_schedule() if s.overdue]
    if not overdue:
        return []
    managers = list(
        Employee.objects.filter(active=True, positions__permissions__code=MANAGE).distinct()
    )
    findings = []
    for schedule in overdue:
        title = Message(
            gettext_lazy("Stocktake overdue: %(location)s (due %(date)s)"),
            location=str(schedule.location),
            date=schedule.due,
        )
        for person in managers:
            inbox.open_task(
                assignee=person,
                kind="inventory.stocktake_due",
                title=title,
                source=schedule.location,
                url="/inventory/stocktakes/",
                clause="INV-5",
            )
        findings.append(Finding(str(title), clause="INV-5", url="/inventory/stocktakes/"))
    return findings
