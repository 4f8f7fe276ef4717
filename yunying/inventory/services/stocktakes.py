"""Stocktakes (INV-5): plan, freeze the book quantities of the chosen locations, count, explain
every variance, get approval above the regulation's threshold, post the adjustments."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from yunying.approvals import services as approvals
from yunying.core import access, states
from yunying.core.errors import InvalidTransition, RuleViolation, ValidationFailed
from yunying.core.models import Employee
from yunying.core.services import audit, inbox
from yunying.core.services.numbering import next_number
from yunying.core.sql import Batch
from yunying.core.tx import transactional
from yunying.masterdata.models import Item, Location
from yunying.policy import selectors as policy

from ..models import LedgerKind, StockBalance, Stocktake, StocktakeLine
from . import reservations, stock
from .ledger import Move, Source, apply_moves, lock_locations
from .stock import lock_items

MANAGE = "inventory.manage_stocktake"
CLAUSE = "INV-5"


@dataclass(frozen=True)
class Count:
    item: Item
    location: Location
    counted: Decimal
    reason: str = ""


@transactional
def plan_stocktake(
    *, locations: Iterable[Location], planned_date: datetime.date, actor: Employee, note: str = ""
) -> Stocktake:
    access.require(actor, MANAGE)
    locations = list(locations)
    if not locations:
        raise ValidationFailed(_("Choose the locations to count."), field="locations")
    stocktake = Stocktake.objects.create(
        number=next_number(Stocktake.NUMBER_PREFIX),
        department=actor.department,
        created_by=actor,
        planned_date=planned_date,
        note=note,
    )
    stocktake.locations.set(locations)
    audit.record(
        actor=actor,
        action="inventory.plan_stocktake",
        obj=stocktake,
        changes={"locations": [str(location) for location in locations], "date": planned_date},
        clause=CLAUSE,
    )
    return stocktake


def _locked(stocktake: Stocktake, actor: Employee) -> Stocktake:
    access.require(actor, MANAGE)
    return Stocktake.objects.select_for_update(no_key=True).get(pk=stocktake.pk)


@transactional
def start_counting(*, stocktake: Stocktake, actor: Employee) -> Stocktake:
    """Freeze the chosen locations and record their book quantities and costs."""
    stocktake = _locked(stocktake, actor)
    location_ids = list(stocktake.locations.values_list("pk", flat=True))
    # Exclusive locks on the locations: postings hold shared ones while they post, so the
    # book quantities are read after every posting under way has committed, and the
    # postings that follow see the freeze (Location.counted_by).
    lock_locations(location_ids)
    counting = (
        Location.objects.filter(pk__in=location_ids)
        .exclude(counted_by="")
        .values_list("counted_by", flat=True)
        .first()
    )
    if counting:
        raise RuleViolation(
            _(
                "A location is being counted by %(stocktake)s; stock there is frozen until it is "
                "posted."
            )
            % {"stocktake": counting},
            clause=CLAUSE,
            code="location_frozen",
        )
    states.transition(stocktake, "start")
    Location.objects.filter(pk__in=location_ids).update(counted_by=stocktake.number)
    balances = list(StockBalance.objects.filter(location_id__in=location_ids).exclude(on_hand=0))
    StocktakeLine.objects.bulk_create(
        StocktakeLine(
            stocktake=stocktake,
            item_id=b.item_id,
            location_id=b.location_id,
            book_quantity=b.on_hand,
            unit_cost=(b.value / b.on_hand).quantize(Decimal("0.000001")),
        )
        for b in balances
    )
    stocktake.started_at = timezone.now()
    stocktake.save(update_fields=["state", "started_at", "updated_at"])
    audit.record(
        actor=actor,
        action="inventory.start_stocktake",
        obj=stocktake,
        changes={"lines": len(balances)},
        clause=CLAUSE,
    )
    return stocktake


@transactional
def record_counts(*, stocktake: Stocktake, counts: Sequence[Count], actor: Employee) -> Stocktake:
    """Enter counted quantities (and reasons); an item found that the book does not list is
    added with a book quantity of zero."""
    stocktake = _locked(stocktake, actor)
    if stocktake.state not in (Stocktake.State.COUNTING, Stocktake.State.RETURNED):
        raise InvalidTransition(
            _("Counts are entered while the stocktake is counting."), clause=CLAUSE
        )
    allowed = set(stocktake.locations.values_list("pk", flat=True))
    lines = {(ln.item_id, ln.location_id): ln for ln in stocktake.lines.all()}
    for number, count in enumerate(counts, start=1):
        if count.location.pk not in allowed:
            raise ValidationFailed(
                _("Row %(n)s: %(location)s is not part of this stocktake.")
                % {"n": number, "location": count.location},
                field="location",
            )
        if count.counted < 0:
            raise ValidationFailed(
                _("Row %(n)s: a count cannot be negative.") % {"n": number}, field="counted"
            )
        line = lines.get((count.item.pk, count.location.pk))
        if line is None:
            line = StocktakeLine(
                stocktake=stocktake,
                item=count.item,
                location=count.location,
                book_quantity=Decimal("0"),
                unit_cost=count.item.standard_cost,
            )
            lines[(count.item.pk, count.location.pk)] = line
        line.counted_quantity = count.counted
        line.reason = count.reason.strip()
        line.save()
    audit.record(
        actor=actor,
        action="inventory.record_counts",
        obj=stocktake,
        changes={"counts": len(counts)},
        clause=CLAUSE,
    )
    return stocktake


def variance_value(stocktake: Stocktake) -> Decimal:
    return sum((abs(line.variance_value) for line in stocktake.lines.all()), Decimal("0"))


@transactional
def finish(*, stocktake: Stocktake, actor: Employee) -> Stocktake:
    """Every line counted, every variance explained; above the threshold the variances go to
    approval, otherwise the adjustments are posted now."""
    stocktake = _locked(stocktake, actor)
    if stocktake.state not in (Stocktake.State.COUNTING, Stocktake.State.RETURNED):
        raise InvalidTransition(_("Only a stocktake being counted can be finished."), clause=CLAUSE)
    lines = list(stocktake.lines.select_related("item", "location"))
    uncounted = [ln for ln in lines if ln.counted_quantity is None]
    if uncounted:
        raise ValidationFailed(
            _("%(count)s line(s) are not counted yet, e.g. %(item)s at %(location)s.")
            % {
                "count": len(uncounted),
                "item": uncounted[0].item.code,
                "location": uncounted[0].location,
            },
            field="counted",
            clause=CLAUSE,
        )
    unexplained = [ln for ln in lines if ln.variance and not ln.reason.strip()]
    if unexplained:
        raise RuleViolation(
            _("Give the reason for every variance: %(item)s at %(location)s has none.")
            % {"item": unexplained[0].item.code, "location": unexplained[0].location},
            clause=CLAUSE,
            field="reason",
        )
    threshold = policy.parameter("inventory.stocktake_approval_threshold")
    total = sum((abs(ln.variance_value) for ln in lines), Decimal("0"))
    if total > threshold.value:
        states.transition(stocktake, "submit")
        stocktake.save(update_fields=["state", "updated_at"])
        audit.record(
            actor=actor,
            action="inventory.submit_stocktake",
            obj=stocktake,
            changes={"variance_value": total, "threshold": threshold.value},
            clause=CLAUSE,
        )
        approvals.submit(document=stocktake, actor=actor)
    else:
        _post(stocktake, actor, verb="post")
    stocktake.refresh_from_db()
    return stocktake


def _post(stocktake: Stocktake, actor: Employee, *, verb: str) -> None:
    lines = [ln for ln in stocktake.lines.all() if ln.variance]
    released = {}
    if lines:
        items = {ln.item_id for ln in lines}
        lock_items(items)
        state = stock.load(items, locations={ln.location_id for ln in lines})
        batch = Batch()
        for ln in lines:
            if ln.variance is not None and ln.variance < 0:
                # What is missing cannot stay reserved for orders: they wait for new stock.
                amount = reservations.release_for_loss(
                    state=state, item_id=ln.item_id, location_id=ln.location_id, loss=-ln.variance
                )
                if amount:
                    released[f"{ln.item_id}@{ln.location_id}"] = amount
        moves = [
            Move(
                ln.item_id,
                ln.location_id,
                ln.variance,  # type: ignore[arg-type]
                LedgerKind.ADJUSTMENT,
                unit_cost=ln.unit_cost if (ln.variance or 0) > 0 else None,
                source_line=ln.pk,
            )
            for ln in lines
        ]
        apply_moves(
            state,
            moves,
            source=Source.of(stocktake),
            actor=actor,
            batch=batch,
            stocktake=stocktake.number,
        )
        state.write(batch)
        batch.send()
    _thaw(stocktake)
    states.transition(stocktake, verb)
    stocktake.posted_at = timezone.now()
    stocktake.save(update_fields=["state", "posted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="inventory.post_stocktake",
        obj=stocktake,
        changes={
            "adjusted_lines": len(lines),
            "reservations_released": released,
            "variance_value": sum((line.variance_value for line in lines), Decimal("0")),
        },
        clause=CLAUSE,
    )
    for location in stocktake.locations.all():
        inbox.close_tasks(kind="inventory.stocktake_due", source=location)


@transactional
def cancel(*, stocktake: Stocktake, actor: Employee) -> Stocktake:
    stocktake = _locked(stocktake, actor)
    states.transition(stocktake, "cancel")
    stocktake.save(update_fields=["state", "updated_at"])
    _thaw(stocktake)
    inbox.close_tasks(kind=inbox.REVISE_TASK, source=stocktake, by=actor)
    audit.record(actor=actor, action="inventory.cancel_stocktake", obj=stocktake, clause=CLAUSE)
    return stocktake


def _thaw(stocktake: Stocktake) -> None:
    """The counted locations take postings again."""
    Location.objects.filter(counted_by=stocktake.number).update(counted_by="")


# Hooks of the approvals engine.


def on_approved(stocktake: Stocktake, request: object, actor: Employee) -> None:
    _post(stocktake, stocktake.created_by, verb="approve")


def on_returned(stocktake: Stocktake, request: object, actor: Employee) -> None:
    states.transition(stocktake, "send_back")
    stocktake.save(update_fields=["state", "updated_at"])


def on_rejected(stocktake: Stocktake, request: object, actor: Employee) -> None:
    states.transition(stocktake, "reject")
    stocktake.save(update_fields=["state", "updated_at"])


def on_withdrawn(stocktake: Stocktake, request: object, actor: Employee) -> None:
    states.transition(stocktake, "withdraw")
    stocktake.save(update_fields=["state", "updated_at"])
