"""Service cases (SVC-1, SVC-3) and the after-sales case a receipt problem opens (SALES-4)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from tests.helpers import set_rule
from tests.sales_steps import confirmed_order, customer, ship_and_deliver
from tests.stock import item, location, person, put_stock
from yunying.core.errors import InvalidTransition, NotAllowed, ValidationFailed
from yunying.core.models import Task
from yunying.sales.services import deliveries
from yunying.service import selectors
from yunying.service.models import ComplaintCause, ServiceCase
from yunying.service.services.cases import NewCase, open_case
from yunying.service.services.transitions import act, return_from_case

pytestmark = pytest.mark.django_db


def new_case(kind: str = "inquiry", **extra: object) -> ServiceCase:
    fields: dict[str, object] = {
        "kind": kind,
        "channel": "phone",
        "customer": customer("C001"),
        "subject": "组件安装咨询",
        **extra,
    }
    return open_case(NewCase(**fields), actor=person("cs_lead"))  # type: ignore[arg-type]


@pytest.mark.clause("SVC-1")
def test_a_case_is_numbered_assigned_in_turn_and_resolved_with_its_note() -> None:
    first, second = new_case(), new_case()
    assert first.number.startswith("SC-") and first.state == "open"
    assert first.assignee is not None and second.assignee is not None
    agents = {first.assignee.user.username, second.assignee.user.username}
    assert agents == {"cs_lead", "cs_agent"}  # round robin among the handlers of the team
    assert Task.objects.filter(assignee=first.assignee, kind="service.case").exists()
    case = act(case=first, verb="start", actor=person("cs_lead"))
    assert case.first_responded_at is not None
    with pytest.raises(ValidationFailed) as refused:
        act(case=case, verb="resolve", actor=person("cs_lead"))
    assert refused.value.field == "resolution"
    case = act(case=case, verb="resolve", resolution="已电话解答", actor=person("cs_lead"))
    case = act(case=case, verb="close", actor=person("cs_lead"))
    assert case.state == "closed" and case.resolution == "已电话解答" and case.closed_at


@pytest.mark.clause("SVC-1")
def test_an_agent_sees_only_their_own_cases_and_the_supervisor_the_team() -> None:
    cases = [new_case() for _ in range(4)]
    agent, lead = person("cs_agent"), person("cs_lead")
    mine = {c.pk for c in cases if c.assignee_id == agent.pk}
    assert len(mine) == 2
    assert set(selectors.cases_visible_to(agent).values_list("pk", flat=True)) == mine
    assert set(selectors.cases_visible_to(lead).values_list("pk", flat=True)) >= {
        c.pk for c in cases
    }
    other = next(c for c in cases if c.assignee_id != agent.pk)
    with pytest.raises(NotAllowed):
        act(case=other, verb="start", actor=agent)
    assert not selectors.cases_visible_to(person("buyer")).exists()


@pytest.mark.clause("SVC-3")
def test_a_complaint_closes_only_with_cause_and_resolution_and_names_the_clause() -> None:
    lead = person("cs_lead")
    case = new_case("complaint", priority="high")
    assert case.state == "assigned"
    with pytest.raises(InvalidTransition) as skipped, translation.override("en"):
        act(case=case, verb="close", actor=lead)
    assert skipped.value.clause == "SVC-3" and "not allowed" in str(skipped.value)
    case = act(case=case, verb="investigate", actor=lead)
    case = act(case=case, verb="resolve", resolution="补发组件", actor=lead)
    case = act(case=case, verb="confirm", actor=lead)
    with pytest.raises(ValidationFailed) as refused:
        act(case=case, verb="close", actor=lead)
    assert refused.value.field == "cause" and refused.value.clause == "SVC-3"
    case = act(case=case, verb="reopen", actor=lead)
    assert case.state == "investigating" and case.resolved_at is None
    case = act(case=case, verb="resolve", resolution="补发两块组件", actor=lead)
    case = act(case=case, verb="confirm", actor=lead)
    cause = ComplaintCause.objects.get(name="物流破损")
    case = act(case=case, verb="close", cause=cause, actor=lead)
    assert (case.state, case.cause, case.resolution) == ("closed", cause, "补发两块组件")


@pytest.mark.clause("SALES-4")
def test_a_receipt_problem_opens_a_linked_case_and_the_case_returns_the_goods() -> None:
    put_stock("PV-M600", 100, cost=700)
    delivery = ship_and_deliver(confirmed_order("C001", {"PV-M600": (50, 880)}))
    line = delivery.lines.get()
    problem = deliveries.report_problem(
        delivery=delivery,
        kind="damaged",
        description="两块组件玻璃破裂",
        line=line,
        quantity=Decimal(2),
        actor=person("ops_specialist"),
    )
    case = ServiceCase.objects.get(receipt_problem=problem)
    assert (case.kind, case.order, case.delivery, case.item) == (
        "after_sales",
        delivery.order,
        delivery,
        item("PV-M600"),
    )
    assert case.assignee is not None and case.team.code == "OPS-CS"
    handler = case.assignee
    if handler.user.username == "cs_agent":  # the agent may not enter returns
        with pytest.raises(NotAllowed):
            return_from_case(
                case=case,
                quantities={line: Decimal(2)},
                location=location("RET"),
                reason="运输破损",
                actor=handler,
            )
    returned = return_from_case(
        case=case,
        quantities={line: Decimal(1)},
        location=location("RET"),
        reason="运输破损",
        actor=person("ops_specialist"),
    )
    assert returned.problem == problem and returned.delivery == delivery


@pytest.mark.clause("SALES-4")
def test_the_case_page_returns_goods_through_the_sales_return(web) -> None:
    put_stock("PV-M600", 100, cost=700)
    delivery = ship_and_deliver(confirmed_order("C001", {"PV-M600": (50, 880)}))
    line = delivery.lines.get()
    problem = deliveries.report_problem(
        delivery=delivery,
        kind="damaged",
        description="边框变形",
        line=line,
        quantity=Decimal(2),
        actor=person("ops_specialist"),
    )
    case = ServiceCase.objects.get(receipt_problem=problem)
    client = web("ops_specialist")
    page = client.get(f"/service/cases/{case.pk}/").content.decode()
    assert 'id="return-form"' in page
    client.post(
        f"/service/cases/{case.pk}/return/",
        {"line": line.pk, "quantity": "2", "location": location("RET").pk, "reason": "边框变形"},
    )
    assert delivery.returns.get().problem == problem
    too_many = client.post(
        f"/service/cases/{case.pk}/return/",
        {"line": line.pk, "quantity": "60", "location": location("RET").pk, "reason": "再退"},
        follow=True,
    )
    assert too_many.status_code == 200 and delivery.returns.count() == 1


@pytest.mark.clause("SVC-1")
def test_assignment_by_the_customers_region_when_the_regulation_maps_it() -> None:
    region = customer("C001").region
    set_rule(
        "service.assignment",
        {"method": "region", "team": "OPS-CS", "regions": {region.code: "cs_agent"}},
    )
    assert {new_case().assignee for _ in range(3)} == {person("cs_agent")}
    other = open_case(
        NewCase(kind="inquiry", channel="phone", customer=customer("C005"), subject="咨询"),
        actor=person("cs_lead"),
    )
    assert other.assignee is not None  # no region mapped: round robin


@pytest.mark.clause("SVC-3")
def test_a_registered_complaint_is_assigned_to_a_handler_of_its_team() -> None:
    case = new_case("complaint")
    ServiceCase.objects.filter(pk=case.pk).update(state="registered", assignee=None)
    case.refresh_from_db()
    with pytest.raises(ValidationFailed) as refused:
        act(case=case, verb="assign", assignee=person("buyer"), actor=person("cs_lead"))
    assert refused.value.field == "assignee"
    case = act(case=case, verb="assign", assignee=person("cs_agent"), actor=person("cs_lead"))
    assert (case.state, case.assignee) == ("assigned", person("cs_agent"))
    assert Task.objects.filter(assignee=person("cs_agent"), kind="service.case").exists()


@pytest.mark.clause("SVC-1")
def test_an_agent_keeps_the_case_they_register_and_may_not_open_one_for_others() -> None:
    agent = person("cs_agent")
    case = open_case(
        NewCase(kind="inquiry", channel="visit", customer=customer("C002"), subject="来访咨询"),
        actor=agent,
    )
    assert case.assignee == agent
    assert selectors.cases_visible_to(agent).filter(pk=case.pk).exists()
    with pytest.raises(NotAllowed):
        open_case(
            NewCase(
                kind="inquiry",
                channel="visit",
                customer=customer("C002"),
                subject="代同事登记",
                assignee=person("cs_lead"),
            ),
            actor=agent,
        )
