"""Material issues (INV-6): drafted with a reason, approved by the chain of the regulation (a
company leader too above its amount), posted out of stock when approved, never beyond the stock
available; cancelling a posted issue puts the goods back. Through the services, the API and the
pages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.stock import approve_every_step, item, location, person, put_stock, take_stock
from yunying.approvals import selectors as approvals_selectors
from yunying.approvals import services as approvals
from yunying.core.errors import InsufficientStock, NotAllowed, ValidationFailed
from yunying.core.models import AuditEvent
from yunying.inventory import selectors
from yunying.inventory.models import MaterialIssue, StockLedgerEntry
from yunying.inventory.services import issues

pytestmark = pytest.mark.django_db


def on_hand(code: str, at: str = "A-01") -> Decimal:
    balance = selectors.balances(item=item(code), location=location(at)).first()
    return balance.on_hand if balance else Decimal(0)


def drafted(quantity: int, code: str = "PV-M550", *, submit: bool = False) -> MaterialIssue:
    return issues.draft_issue(
        lines=[issues.IssueLine(item(code), location(), Decimal(quantity))],
        reason="车间试制",
        purpose=MaterialIssue.Purpose.PRODUCTION,
        actor=person("warehouse_keeper"),
        submit=submit,
    )


def approvers(issue: MaterialIssue) -> list[str]:
    request = approvals_selectors.latest_request(issue)
    steps = request.steps.exclude(state="skipped").order_by("index")
    return [step.name for step in steps]


@pytest.mark.clause("INV-6")
def test_an_approved_issue_is_posted_out_of_stock_and_cancelling_puts_it_back() -> None:
    put_stock("PV-M550", 100, cost=620)
    issue = drafted(10, submit=True)
    assert issue.state == MaterialIssue.State.SUBMITTED and issue.amount == Decimal("6200")
    assert len(approvers(issue)) == 1  # below the leaders' amount: the department manager only
    approve_every_step(issue)
    issue.refresh_from_db()
    assert issue.state == MaterialIssue.State.POSTED and issue.posting_date is not None
    assert on_hand("PV-M550") == 90
    assert selectors.ledger_mismatches() == []
    entry = StockLedgerEntry.objects.get(source_type="inventory.materialissue", source_id=issue.pk)
    assert entry.kind == "issue" and entry.quantity == -10 and entry.source_number == issue.number

    issue = issues.cancel_issue(issue=issue, actor=person("warehouse_keeper"))
    assert issue.state == MaterialIssue.State.CANCELLED
    assert on_hand("PV-M550") == 100
    assert selectors.ledger_mismatches() == []
    actions = set(
        AuditEvent.objects.filter(
            object_type="inventory.materialissue", object_id=str(issue.pk)
        ).values_list("action", flat=True)
    )
    assert {"inventory.draft_issue", "inventory.post_issue", "inventory.cancel_issue"} <= actions


@pytest.mark.clause("INV-6")
def test_an_issue_above_the_amount_needs_a_company_leader_too() -> None:
    put_stock("PV-M550", 100, cost=620)
    issue = drafted(40, submit=True)  # 40 × 620 = 24,800 > 20,000
    assert len(approvers(issue)) == 2
    request = approvals_selectors.latest_request(issue)
    approvals.approve(request=request, actor=person("log_manager"), comment="同意")
    issue.refresh_from_db()
    assert issue.state == MaterialIssue.State.SUBMITTED and on_hand("PV-M550") == 100
    approve_every_step(issue)
    issue.refresh_from_db()
    assert issue.state == MaterialIssue.State.POSTED and on_hand("PV-M550") == 60


@pytest.mark.clause("INV-6")
def test_an_issue_is_never_posted_beyond_the_stock_available() -> None:
    put_stock("PV-M550", 20, cost=620)
    issue = drafted(15, submit=True)
    take_stock("PV-M550", 10)  # used meanwhile: 10 left
    approve_every_step(issue)
    issue.refresh_from_db()
    assert issue.state == MaterialIssue.State.APPROVED and on_hand("PV-M550") == 10
    with pytest.raises(InsufficientStock) as error:
        issues.post_issue(issue=issue, actor=person("warehouse_keeper"))
    assert error.value.clause == "INV-6" and "PV-M550" in str(error.value)
    put_stock("PV-M550", 5, cost=620)
    issue = issues.post_issue(issue=issue, actor=person("warehouse_keeper"))
    assert issue.state == MaterialIssue.State.POSTED and on_hand("PV-M550") == 0
    assert selectors.ledger_mismatches() == []


def test_an_issue_needs_a_reason_and_the_permission() -> None:
    with pytest.raises(ValidationFailed) as error:
        issues.draft_issue(
            lines=[issues.IssueLine(item("PV-M550"), location(), Decimal(1))],
            reason="  ",
            actor=person("warehouse_keeper"),
        )
    assert error.value.field == "reason"
    with pytest.raises(NotAllowed):
        issues.draft_issue(
            lines=[issues.IssueLine(item("PV-M550"), location(), Decimal(1))],
            reason="样品",
            actor=person("cs_agent"),
        )


def test_issues_through_the_api(api) -> None:
    put_stock("JB-IP68", 50, cost=28)
    client = api("warehouse_keeper")
    body = {
        "purpose": "sample",
        "reason": "客户样品",
        "lines": [{"item": item("JB-IP68").pk, "location": location().pk, "quantity": "5"}],
    }
    created = client.post("/api/v1/inventory/issues/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["state"] == "draft" and data["lines"][0]["item_code"] == "JB-IP68"
    pk = data["id"]
    submitted = client.post(f"/api/v1/inventory/issues/{pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    approve_every_step(MaterialIssue.objects.get(pk=pk))
    assert client.get(f"/api/v1/inventory/issues/{pk}/").json()["state"] == "posted"
    assert on_hand("JB-IP68") == 45
    listed = client.get("/api/v1/inventory/issues/").json()
    assert any(row["id"] == pk for row in listed["results"])
    cancelled = client.post(f"/api/v1/inventory/issues/{pk}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert on_hand("JB-IP68") == 50 and selectors.ledger_mismatches() == []

    body["lines"][0]["quantity"] = "500"
    body["submit"] = True
    refused = client.post("/api/v1/inventory/issues/", body, format="json")
    assert refused.status_code == 201  # submitted; posting waits for the approval
    again = client.post(f"/api/v1/inventory/issues/{refused.json()['id']}/post/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_the_pages_list_draft_submit_and_show_an_issue(web) -> None:
    put_stock("PV-M550", 100, cost=620)
    client = web("warehouse_keeper")
    assert client.get("/inventory/issues/").status_code == 200
    assert "lines-0-item" in client.get("/inventory/issues/new/").content.decode()
    response = client.post(
        "/inventory/issues/new/",
        {
            "purpose": "scrap",
            "reason": "运输破损",
            "lines-TOTAL_FORMS": 3,
            "lines-INITIAL_FORMS": 0,
            "lines-MIN_NUM_FORMS": 0,
            "lines-MAX_NUM_FORMS": 50,
            "lines-0-item": item("PV-M550").pk,
            "lines-0-location": location().pk,
            "lines-0-quantity": "2",
            "draft": "1",
        },
    )
    issue = MaterialIssue.objects.get()
    assert response.status_code == 302 and issue.state == "draft" and issue.purpose == "scrap"
    page = client.get(f"/inventory/issues/{issue.pk}/").content.decode()
    assert issue.number in page and "state-draft" in page and "INV-6" in page
    client.post(f"/inventory/issues/{issue.pk}/submit/")
    issue.refresh_from_db()
    assert issue.state == "submitted"
    approve_every_step(issue)
    issue.refresh_from_db()
    assert issue.state == "posted" and on_hand("PV-M550") == 98
    assert issue.number in client.get("/inventory/issues/").content.decode()
