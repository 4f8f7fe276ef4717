"""Reading procurement: what each person may see, planned supply for replenishment, supplier
evaluation (PROC-7) and overdue deliveries (PROC-4)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from yunying.approvals import selectors as approvals
from yunying.approvals.models import ApprovalAction, ApprovalRequest
from yunying.core import access
from yunying.core.models import Employee
from yunying.core.services.audit import object_type
from yunying.inventory import selectors as stock
from yunying.inventory.models import StockLedgerEntry
from yunying.masterdata.models import Location, Supplier
from yunying.policy import selectors as policy

from .models import (
    ContractLine,
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseContract,
    PurchasePlan,
    PurchasePlanLine,
    SupplierReturn,
)

VIEW_PLAN = "procurement.view_plan"
VIEW_CONTRACT = "procurement.view_contract"
MANAGE_CONTRACT = "procurement.manage_contract"
RECEIVE = "procurement.receive_goods"
DRAFT_PLAN = "procurement.draft_plan"
VIEW_SUPPLIER = "masterdata.view_supplier"
ZERO = Decimal("0")
# Contract states in which the contract's quantities are counted on its plan lines (PROC-3).
COMMITTED_STATES = frozenset({"submitted", "signed", "partial", "received"})


def plans_visible_to(actor: Employee) -> QuerySet[PurchasePlan]:
    """The author's own plans, plans in the actor's scope, and — for procurement — every
    approved plan (PROC-2: only approved plans reach procurement)."""
    plans = PurchasePlan.objects.select_related("created_by", "department")
    scoped = access.scope_filter(PurchasePlan, actor, VIEW_PLAN)
    if scoped is None:  # scope "all": OR-ing an empty Q() would drop the grant
        return plans
    condition = Q(created_by=actor) | scoped
    if access.has_perm(actor, MANAGE_CONTRACT):
        condition |= Q(state__in=[PurchasePlan.State.APPROVED, PurchasePlan.State.CLOSED])
    return plans.filter(condition)


def open_plan_lines() -> QuerySet[PurchasePlanLine]:
    """Lines of approved plans that still have quantity to contract."""
    return (
        PurchasePlanLine.objects.filter(
            plan__state=PurchasePlan.State.APPROVED, quantity__gt=F("contracted_quantity")
        )
        .select_related("plan", "item", "supplier")
        .order_by("needed_by", "plan__number", "id")
    )


def contracts_visible_to(actor: Employee) -> QuerySet[PurchaseContract]:
    """Contracts are protected data (ORG-4): procurement within its scope, the follower of a
    delivery, and those who receive goods (they must see what to receive)."""
    contracts = PurchaseContract.objects.select_related("supplier", "follower", "created_by")
    scoped = access.scope_filter(PurchaseContract, actor, VIEW_CONTRACT)
    if scoped is None:  # scope "all": OR-ing an empty Q() would drop the grant
        return contracts
    condition = Q(follower=actor) | Q(created_by=actor) | scoped
    if access.has_perm(actor, RECEIVE):
        condition |= Q(state__in=PurchaseContract.OPEN_STATES)
    return contracts.filter(condition)


def receipts_visible_to(actor: Employee) -> QuerySet[GoodsReceipt]:
    receipts = GoodsReceipt.objects.select_related(
        "contract__supplier", "location__warehouse", "created_by"
    )
    if access.scope_filter(PurchaseContract, actor, VIEW_CONTRACT) is None:
        return receipts  # every contract is visible: no semi-join over the whole contract table
    contracts = contracts_visible_to(actor).values("pk")
    return receipts.filter(Q(contract__in=contracts) | Q(created_by=actor))


def planned_supply(item_ids: set[int]) -> dict[int, Decimal]:
    """INV-2: what is already being bought — plan lines in draft, submitted or approved plans
    not yet on a contract, and what open contracts still owe."""
    supply: dict[int, Decimal] = defaultdict(lambda: ZERO)
    remaining = ExpressionWrapper(
        F("quantity") - F("contracted_quantity"),
        output_field=DecimalField(max_digits=18, decimal_places=3),
    )
    for item_id, quantity in (
        PurchasePlanLine.objects.filter(
            item_id__in=item_ids,
            plan__state__in=[
                PurchasePlan.State.DRAFT,
                PurchasePlan.State.SUBMITTED,
                PurchasePlan.State.RETURNED,
                PurchasePlan.State.APPROVED,
            ],
            quantity__gt=F("contracted_quantity"),
        )
        .values_list("item_id")
        .annotate(q=Sum(remaining))
    ):
        supply[item_id] += quantity
    owed = ExpressionWrapper(
        F("quantity") - F("accepted_quantity"),
        output_field=DecimalField(max_digits=18, decimal_places=3),
    )
    for item_id, quantity in (
        ContractLine.objects.filter(
            item_id__in=item_ids,
            contract__state__in=[*PurchaseContract.OPEN_STATES, PurchaseContract.State.SUBMITTED],
            quantity__gt=F("accepted_quantity"),
        )
        .values_list("item_id")
        .annotate(q=Sum(owed))
    ):
        supply[item_id] += quantity
    return supply


def on_order(item_id: int) -> Decimal:
    return planned_supply({item_id}).get(item_id, ZERO)


# ----------------------------------------------------------------------------- PROC-7


@dataclass
class Evaluation:
    supplier: Supplier
    receipts: int = 0
    on_time: int = 0
    received: Decimal = ZERO
    accepted: Decimal = ZERO
    rejected: Decimal = ZERO
    price_trend: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.receipts, 1) if self.receipts else None

    @property
    def acceptance_rate(self) -> float | None:
        return round(float(100 * self.accepted / self.received), 1) if self.received else None


def evaluate_supplier(supplier: Supplier, *, months: int = 12) -> Evaluation:
    """On-time delivery rate, acceptance rate and price trend from the receipts (PROC-7)."""
    since = timezone.localdate() - datetime.timedelta(days=30 * months)
    grace = datetime.timedelta(days=int(policy.parameter("procurement.delivery_grace_days").value))
    result = Evaluation(supplier)
    lines = GoodsReceiptLine.objects.filter(
        receipt__contract__supplier=supplier,
        receipt__state=GoodsReceipt.State.POSTED,
        receipt__received_on__gte=since,
    ).values_list(
        "receipt__received_on",
        "contract_line__delivery_date",
        "received_quantity",
        "accepted_quantity",
        "rejected_quantity",
    )
    for received_on, promised, received, accepted, rejected in lines:
        result.receipts += 1
        result.on_time += received_on <= promised + grace
        result.received += received
        result.accepted += accepted
        result.rejected += rejected
    prices = (
        GoodsReceiptLine.objects.filter(
            receipt__contract__supplier=supplier,
            receipt__state=GoodsReceipt.State.POSTED,
            receipt__received_on__gte=since,
        )
        .annotate(month=TruncMonth("receipt__received_on"))
        .values_list("item__code", "month")
        .annotate(
            quantity=Sum("received_quantity"), value=Sum(F("received_quantity") * F("unit_cost"))
        )
        .order_by("item__code", "month")
    )
    for code, month, quantity, value in prices:
        if quantity:
            result.price_trend.setdefault(code, []).append(
                (month.strftime("%Y-%m"), round(float(value / quantity), 2))
            )
    return result


def evaluations(suppliers: QuerySet[Supplier]) -> dict[int, Evaluation]:
    return {s.pk: evaluate_supplier(s) for s in suppliers}


# ----------------------------------------------------------------------------- PROC-4


def overdue_lines(*, today: datetime.date | None = None) -> QuerySet[ContractLine]:
    day = today or timezone.localdate()
    grace = int(policy.parameter("procurement.delivery_grace_days").value)
    return (
        ContractLine.objects.filter(
            contract__state__in=PurchaseContract.OPEN_STATES,
            quantity__gt=F("accepted_quantity"),
            delivery_date__lt=day - datetime.timedelta(days=grace),
        )
        .select_related("contract__supplier", "contract__follower", "item")
        .order_by("delivery_date")
    )


# ----------------------------------------------------------------------------- pages and API


def may_see_contracts(actor: Employee) -> bool:
    return any(access.has_perm(actor, code) for code in (VIEW_CONTRACT, MANAGE_CONTRACT, RECEIVE))


def suppliers_visible_to(actor: Employee) -> QuerySet[Supplier]:
    """Suppliers are protected data (ORG-4): only within the scope of masterdata.view_supplier."""
    return access.scope(Supplier.objects.all(), actor, VIEW_SUPPLIER).order_by("code")


def contract_suppliers(actor: Employee) -> QuerySet[Supplier]:
    """Suppliers to choose for a contract: the active ones the actor may see. Blocked suppliers
    stay in the list; the contract service refuses them with the reason (PROC-7)."""
    return suppliers_visible_to(actor).filter(active=True)


def followers() -> QuerySet[Employee]:
    """Who may follow a delivery: active employees holding procurement.receive_goods (PROC-4)."""
    return (
        Employee.objects.filter(active=True, positions__permissions__code=RECEIVE)
        .select_related("department")
        .distinct()
        .order_by("department__code", "employee_no")
    )


def receiving_locations() -> QuerySet[Location]:
    return (
        Location.objects.filter(active=True, warehouse__active=True)
        .select_related("warehouse")
        .order_by("warehouse__code", "code")
    )


def default_receiving_location() -> Location | None:
    """The receiving area when there is one, else the first storage location."""
    locations = receiving_locations()
    return (
        locations.filter(kind=Location.Kind.RECEIVING).first()
        or locations.filter(kind=Location.Kind.STORAGE).first()
        or locations.first()
    )


def latest_decision(request: ApprovalRequest | None) -> ApprovalAction | None:
    """The last rejection or return of an approval request, with the approver's reason."""
    if request is None:
        return None
    return (
        approvals.history(request)
        .filter(kind__in=[ApprovalAction.Kind.REJECTED, ApprovalAction.Kind.RETURNED])
        .order_by("-at", "-id")
        .first()
    )


def _late() -> Exists:
    return Exists(overdue_lines().filter(contract=OuterRef("pk")))


def with_overdue(contracts: QuerySet[PurchaseContract]) -> QuerySet[PurchaseContract]:
    """Contracts annotated with ``overdue``: a line later than its delivery date (PROC-4)."""
    return contracts.annotate(overdue=_late())


def only_overdue(contracts: QuerySet[PurchaseContract]) -> QuerySet[PurchaseContract]:
    return contracts.filter(_late())


def overdue_line_ids(contract: PurchaseContract) -> set[int]:
    return set(overdue_lines().filter(contract=contract).values_list("pk", flat=True))


@dataclass(frozen=True)
class PlanCheck:
    """A contract line against its plan line: what the plan line had left for this contract
    and how much the line goes beyond it (PROC-3)."""

    line: ContractLine
    left: Decimal
    excess: Decimal
    # The plan line's approved price and whether the line's price is above it (PROC-2).
    approved_price: Decimal = ZERO
    beyond_price: bool = False

    @property
    def beyond(self) -> bool:
        """Beyond what the plan line was approved for: the contract needs an approval."""
        return self.excess > 0 or self.beyond_price


def contract_plan_check(contract: PurchaseContract) -> list[PlanCheck]:
    """Per line, the plan quantity left for this contract and the price the plan line was
    approved at. Once the contract is signed or sent for approval its own quantity is counted on
    the plan line, so it is added back."""
    committed = contract.state in COMMITTED_STATES
    rows = []
    for line in contract.lines.select_related("plan_line__plan", "item"):
        plan_line = line.plan_line
        left = plan_line.quantity - plan_line.contracted_quantity
        if committed:
            left += line.quantity
        left = max(ZERO, left)
        rows.append(
            PlanCheck(
                line,
                left,
                max(ZERO, line.quantity - left),
                approved_price=plan_line.estimated_price,
                beyond_price=line.beyond_approved_price,
            )
        )
    return rows


def plan_contract_lines(plan: PurchasePlan, actor: Employee) -> QuerySet[ContractLine]:
    """The lines of the contracts made from ``plan`` that the actor may see."""
    return (
        ContractLine.objects.filter(
            plan_line__plan=plan, contract__in=contracts_visible_to(actor).values("pk")
        )
        .select_related("contract__supplier", "item")
        .order_by("contract__number", "id")
    )


def open_contract_lines(contract: PurchaseContract) -> QuerySet[ContractLine]:
    """What the supplier still owes on the contract (PROC-5)."""
    return (
        contract.lines.filter(quantity__gt=F("accepted_quantity"))
        .select_related("item")
        .order_by("id")
    )


def receipt_ledger(receipt: GoodsReceipt) -> QuerySet[StockLedgerEntry]:
    """The stock the receipt posted (and its reversal when cancelled)."""
    return stock.ledger(source_type=object_type(GoodsReceipt), source_id=receipt.pk)


def supplier_returns_visible_to(actor: Employee) -> QuerySet[SupplierReturn]:
    """Returns to the supplier of the receipts the actor may see."""
    return SupplierReturn.objects.select_related(
        "receipt__contract__supplier", "receipt__location__warehouse", "created_by"
    ).filter(receipt__in=receipts_visible_to(actor).values("pk"))


def supplier_return_ledger(supplier_return: SupplierReturn) -> QuerySet[StockLedgerEntry]:
    """The stock the return took out (and its reversal when cancelled)."""
    return stock.ledger(source_type=object_type(SupplierReturn), source_id=supplier_return.pk)
