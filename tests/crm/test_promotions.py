"""Promotion plans (MKT-2): a plan with channels, period, budget and targets, approved by the
chain of the regulation (the operations manager; a company leader too above 100,000); orders
and contacts carry an approved plan within its period, and its results are counted from them."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.sales_steps import customer
from tests.stock import approve_every_step, item, person, put_stock
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.core.models import Position, PositionPermission
from yunying.crm import results
from yunying.crm.models import ContactRecord, Promotion
from yunying.crm.services import contacts, promotions
from yunying.masterdata.models import Region
from yunying.sales.models import SalesOrder
from yunying.sales.services import orders

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def _grant(position: str, code: str, scope: str) -> None:
    PositionPermission.objects.update_or_create(
        position=Position.objects.get(code=position), code=code, defaults={"scope": scope}
    )


@pytest.fixture
def planners(db: Any) -> None:
    """Given the marketing lead plans promotions of their team and the operations manager
    follows those of the department."""
    _grant("mkt_lead", "crm.plan_promotion", "department")
    _grant("ops_manager", "crm.view_promotion", "subtree")


def _plan(budget: str = "50000", *, days: tuple[int, int] = (-5, 30), **changes: Any) -> Any:
    start, end = (TODAY() + datetime.timedelta(days=d) for d in days)
    values: dict[str, Any] = {
        "name": "光伏组件秋季推广",
        "starts_on": start,
        "ends_on": end,
        "channels": ["exhibition", "wechat"],
        "budget": Decimal(budget),
        "target_leads": 4,
        "target_orders": 2,
        "target_revenue": Decimal("100"),
    }
    values.update(changes)
    return promotions.PlanInput(**values)


def _approved(budget: str = "50000", **changes: Any) -> Promotion:
    lead = person("mkt_lead")
    promotion = promotions.create_promotion(plan=_plan(budget, **changes), actor=lead)
    promotions.submit_promotion(promotion=promotion, actor=lead)
    approve_every_step(promotion)
    promotion.refresh_from_db()
    assert promotion.state == Promotion.State.APPROVED
    return promotion


def _body(**changes: Any) -> dict[str, Any]:
    body = {
        "name": "经销商大会",
        "channels": ["distributor_meeting"],
        "starts_on": TODAY().isoformat(),
        "ends_on": (TODAY() + datetime.timedelta(days=14)).isoformat(),
        "budget": "20000",
        "target_leads": 10,
        "target_orders": 3,
        "target_revenue": "300000",
    }
    body.update(changes)
    return body


@pytest.mark.clause("MKT-2")
def test_a_plan_needs_an_ordered_period_and_a_budget_not_negative(api: Any, planners: None) -> None:
    client = api("mkt_lead")
    before = (TODAY() - datetime.timedelta(days=1)).isoformat()
    ends_early = client.post("/api/v1/promotions/", _body(ends_on=before), format="json")
    assert ends_early.status_code == 400 and ends_early.json()["field"] == "ends_on"
    negative = client.post("/api/v1/promotions/", _body(budget="-1"), format="json")
    assert negative.status_code == 400 and negative.json()["field"] == "budget"
    no_channel = client.post("/api/v1/promotions/", _body(channels=[]), format="json")
    assert no_channel.status_code == 400
    assert not Promotion.objects.exists()
    made = client.post("/api/v1/promotions/", _body(), format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["number"].startswith("PM") and made.json()["state"] == "draft"


@pytest.mark.clause("MKT-2")
def test_the_operations_manager_approves_a_plan_within_the_threshold(planners: None) -> None:
    lead, manager = person("mkt_lead"), person("ops_manager")
    promotion = promotions.create_promotion(plan=_plan("50000"), actor=lead)
    promotion = promotions.submit_promotion(promotion=promotion, actor=lead)
    assert promotion.state == Promotion.State.SUBMITTED
    request = approvals_selectors.latest_request(promotion)
    assert request is not None
    assert request.steps.exclude(state="skipped").count() == 1  # no company leader below it
    approvals.approve(request=request, actor=manager, comment="同意")
    promotion.refresh_from_db()
    assert promotion.state == Promotion.State.APPROVED and promotion.approved_at is not None


@pytest.mark.clause("MKT-2")
def test_above_the_threshold_a_company_leader_approves_too(planners: None) -> None:
    lead, manager = person("mkt_lead"), person("ops_manager")
    promotion = promotions.create_promotion(plan=_plan("150000"), actor=lead)
    promotions.submit_promotion(promotion=promotion, actor=lead)
    request = approvals_selectors.latest_request(promotion)
    assert request is not None and request.steps.exclude(state="skipped").count() == 2
    approvals.approve(request=request, actor=manager, comment="同意")
    promotion.refresh_from_db()
    assert promotion.state == Promotion.State.SUBMITTED  # the company leader is still to decide
    approve_every_step(promotion)
    promotion.refresh_from_db()
    assert promotion.state == Promotion.State.APPROVED


@pytest.mark.clause("MKT-2")
def test_a_rejected_plan_is_revised_and_only_a_draft_is_changed(planners: None) -> None:
    lead, manager = person("mkt_lead"), person("ops_manager")
    promotion = promotions.create_promotion(plan=_plan(), actor=lead)
    promotions.submit_promotion(promotion=promotion, actor=lead)
    with pytest.raises(InvalidTransition):
        promotions.update_promotion(promotion=promotion, plan=_plan("1"), actor=lead)
    request = approvals_selectors.latest_request(promotion)
    assert request is not None
    approvals.reject(request=request, actor=manager, comment="预算过高")
    promotion.refresh_from_db()
    assert promotion.state == Promotion.State.REJECTED
    promotion = promotions.revise_promotion(promotion=promotion, actor=lead)
    promotion = promotions.update_promotion(promotion=promotion, plan=_plan("30000"), actor=lead)
    assert promotion.state == Promotion.State.DRAFT and promotion.budget == Decimal("30000")


def _order_body(promotion: Promotion | None) -> dict[str, Any]:
    return {
        "customer": customer("C002").pk,
        "promised_date": (TODAY() + datetime.timedelta(days=5)).isoformat(),
        "lines": [{"item": item("MC4-P").pk, "quantity": "1", "unit_price": "6"}],
        "promotion": promotion.pk if promotion else None,
    }


@pytest.mark.clause("MKT-2")
def test_an_order_carries_an_approved_promotion_within_its_period(api: Any, planners: None) -> None:
    client = api("ops_specialist")
    running = _approved()
    created = client.post("/api/v1/sales-orders/", _order_body(running), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["promotion"] == running.pk
    assert SalesOrder.objects.get(pk=created.json()["id"]).promotion_id == running.pk
    over = _approved(name="已结束的推广", days=(-30, -1))
    draft = promotions.create_promotion(plan=_plan(), actor=person("mkt_lead"))
    for refused in (over, draft):
        answer = client.post("/api/v1/sales-orders/", _order_body(refused), format="json")
        assert answer.status_code == 400 and answer.json()["field"] == "promotion"
    assert SalesOrder.objects.count() == 1
    # A draft changed through the API keeps its promotion unless told otherwise.
    order = created.json()["id"]
    body = _order_body(None)
    del body["promotion"], body["customer"]
    assert client.put(f"/api/v1/sales-orders/{order}/", body, format="json").status_code == 200
    assert SalesOrder.objects.get(pk=order).promotion_id == running.pk


@pytest.mark.clause("MKT-2")
def test_a_promotion_for_other_regions_is_not_carried(planners: None) -> None:
    buyer = customer("C002")
    elsewhere = Region.objects.exclude(pk=buyer.region_id).exclude(
        pk__in=[r.pk for r in Region.objects.all() if buyer.region.path.startswith(r.path)]
    )
    promotion = _approved(regions=list(elsewhere[:1]))
    with pytest.raises(ValidationFailed) as refused:
        orders.create_order(
            customer=buyer,
            promised_date=TODAY() + datetime.timedelta(days=5),
            lines=[orders.OrderLine(item("MC4-P"), Decimal(1), Decimal("6"))],
            actor=person("ops_specialist"),
            promotion_id=promotion.pk,
        )
    assert refused.value.field == "promotion"


def _order(promotion: Promotion, amount: int, *, confirm: bool = True) -> SalesOrder:
    specialist = person("ops_specialist")
    order = orders.create_order(
        customer=customer("C002"),
        promised_date=TODAY() + datetime.timedelta(days=5),
        lines=[orders.OrderLine(item("MC4-P"), Decimal(1), Decimal(amount))],
        actor=specialist,
        promotion_id=promotion.pk,
    )
    return orders.confirm_order(order=order, actor=specialist) if confirm else order


def _lead(promotion: Promotion, subject: str) -> ContactRecord:
    return contacts.log_contact(
        actor=person("cs_lead"),
        customer=customer("C002"),
        kind="visit",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        subject=subject,
        promotion=promotion,
    )


@pytest.mark.clause("MKT-2")
def test_results_count_leads_orders_and_revenue_not_cancelled_ones(planners: None) -> None:
    put_stock("MC4-P", 100, cost=3)
    promotion = _approved("100")
    _lead(promotion, "展会线索一")
    _lead(promotion, "展会线索二")
    _order(promotion, 30)
    _order(promotion, 20)
    _order(promotion, 5, confirm=False)  # a draft counts not yet
    cancelled = _order(promotion, 70)
    orders.cancel_order(order=cancelled, actor=person("ops_specialist"), reason="客户取消")
    outcome = results.results_of(promotion)
    assert (outcome.leads, outcome.orders, outcome.revenue) == (2, 2, Decimal("50.00"))
    assert outcome.leads_reached == Decimal("50.0")  # 2 of 4
    assert outcome.orders_reached == Decimal("100.0")
    assert outcome.revenue_reached == Decimal("50.0")
    assert outcome.cost_per_order == Decimal("50.00")
    assert outcome.return_on_budget == Decimal("-50.0")
    points = results.series(promotion)
    assert sum(p["orders"] for p in points) == 2 and sum(p["leads"] for p in points) == 2


@pytest.mark.clause("MKT-2")
def test_a_lead_names_only_a_running_promotion(api: Any, planners: None) -> None:
    draft = promotions.create_promotion(plan=_plan(), actor=person("mkt_lead"))
    body = {
        "customer": customer("C002").pk,
        "kind": "call",
        "occurred_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
        "subject": "推广来电",
        "promotion": draft.pk,
    }
    refused = api("cs_lead").post("/api/v1/contacts/", body, format="json")
    assert refused.status_code == 400 and refused.json()["field"] == "promotion"
    assert not ContactRecord.objects.filter(subject="推广来电").exists()
    body["promotion"] = _approved().pk
    logged = api("cs_lead").post("/api/v1/contacts/", body, format="json")
    assert logged.status_code == 201 and logged.json()["promotion"] == body["promotion"]


@pytest.mark.clause("MKT-2")
def test_only_those_who_plan_or_follow_promotions_see_them(
    api: Any, web: Any, planners: None
) -> None:
    promotion = _approved()
    assert web("mkt_lead").get(f"/crm/promotions/{promotion.pk}/").status_code == 200
    assert web("ops_manager").get(f"/crm/promotions/{promotion.pk}/").status_code == 200
    outsider = web("logistics_clerk")
    assert outsider.get("/crm/promotions/").status_code == 403
    assert outsider.get(f"/crm/promotions/{promotion.pk}/").status_code == 404
    assert api("logistics_clerk").get("/api/v1/promotions/").status_code == 403
    assert api("logistics_clerk").get(f"/api/v1/promotions/{promotion.pk}/").status_code == 404
    # Following is not planning: the operations manager neither drafts nor changes one.
    assert web("ops_manager").get("/crm/promotions/new/").status_code == 403
    closing = api("ops_manager").post(f"/api/v1/promotions/{promotion.pk}/close/")
    assert closing.status_code == 403


@pytest.mark.clause("MKT-2")
def test_plan_submit_and_see_the_results_through_the_pages(web: Any, planners: None) -> None:
    client = web("mkt_lead")
    form = {
        "name": "行业媒体投放",
        "channels": ["industry_media", "online_ads"],
        "starts_on": TODAY().isoformat(),
        "ends_on": (TODAY() + datetime.timedelta(days=20)).isoformat(),
        "budget": "8000",
        "target_leads": "5",
        "target_orders": "2",
        "target_revenue": "50000",
    }
    wrong = client.post("/crm/promotions/new/", {**form, "ends_on": "2000-01-01"})
    assert wrong.status_code == 200 and not Promotion.objects.exists()
    made = client.post("/crm/promotions/new/", form)
    assert made.status_code == 302
    promotion = Promotion.objects.get(name="行业媒体投放")
    assert promotion.channels == ["industry_media", "online_ads"]
    assert client.get(f"/crm/promotions/{promotion.pk}/edit/").status_code == 200
    assert client.post(f"/crm/promotions/{promotion.pk}/submit/").status_code == 302
    promotion.refresh_from_db()
    assert promotion.state == Promotion.State.SUBMITTED
    approve_every_step(promotion)
    promotion.refresh_from_db()
    _lead(promotion, "媒体线索")
    page = client.get(f"/crm/promotions/{promotion.pk}/").content.decode()
    assert 'data-result="leads">1<' in page and 'class="chart"' in page
    assert promotion.number in client.get("/crm/promotions/").content.decode()


@pytest.mark.clause("MKT-2")
def test_the_order_page_links_its_promotion(web: Any, planners: None) -> None:
    promotion = _approved()
    order = _order(promotion, 6, confirm=False)
    page = web("ops_specialist").get(f"/sales/orders/{order.pk}/").content.decode()
    assert promotion.number in page


def test_the_promotion_list_costs_a_fixed_number_of_statements(
    api: Any, web: Any, planners: None, django_assert_max_num_queries: Any
) -> None:
    lead = person("mkt_lead")
    for n in range(12):
        promotions.create_promotion(plan=_plan(name=f"推广{n}"), actor=lead)
    client, rest = web("mkt_lead"), api("mkt_lead")
    client.get("/crm/promotions/")  # the session and the menu warmed up
    rest.get("/api/v1/promotions/")
    with django_assert_max_num_queries(12):
        page = client.get("/crm/promotions/")
    assert page.status_code == 200
    with django_assert_max_num_queries(8):
        answer = rest.get("/api/v1/promotions/")
    assert answer.status_code == 200 and answer.json()["count"] == 12
