"""The procurement API: the same flow as the pages, and the error contract — 400 naming the
field, 403 without the permission, 404 outside the data scope, 409 with the clause."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.stock import approved_plan, item, location, signed_contract
from yunying.core.models import Notification, Task
from yunying.inventory import selectors as stock
from yunying.masterdata.models import Supplier
from yunying.procurement.models import GoodsReceipt, PurchaseContract, PurchasePlan
from yunying.procurement.services import contracts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _day(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


def test_a_plan_through_the_api(api, people) -> None:
    supervisor = api("ops_supervisor")
    proposal = supervisor.get("/api/v1/plans/proposal/?only_needed=1")
    assert proposal.status_code == 200
    rows = {row["item_code"]: row for row in proposal.json()}
    assert rows and all(Decimal(row["quantity"]) > 0 for row in rows.values())
    assert Decimal(rows["PV-M550"]["quantity"]) == Decimal(300)
    assert len(supervisor.get("/api/v1/plans/proposal/").json()) >= len(rows)
    assert api("buyer").get("/api/v1/plans/proposal/").status_code == 403

    body = {
        "kind": "purchase",
        "title": "接口采购计划",
        "needed_by": _day(30),
        "reason": "旺季备货",
        "lines": [
            {
                "item": rows[code]["item"],
                "quantity": rows[code]["quantity"],
                "proposed_quantity": rows[code]["quantity"],
                "estimated_price": "600",
                "supplier": rows[code]["default_supplier"],
            }
            for code in ("PV-M550", "PV-M600")
        ],
    }
    created = supervisor.post("/api/v1/plans/", body, format="json")
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert plan["number"].startswith("PP-") and plan["state"] == "draft"
    assert plan["lines"][0]["proposed_quantity"] == "300.000"
    assert plan["amount"] == "300000.00"

    # 400 naming the field; 403 without the permission; 404 outside the scope.
    bad = supervisor.post("/api/v1/plans/", {**body, "title": ""}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "title"
    bad = supervisor.post("/api/v1/plans/", {**body, "lines": []}, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "lines"
    assert api("logistics_clerk").post("/api/v1/plans/", body, format="json").status_code == 403
    assert api("buyer").get(f"/api/v1/plans/{plan['id']}/").status_code == 404
    assert supervisor.get("/api/v1/plans/?state=nonsense").status_code == 400
    # Prices are protected (ORG-4): the specialist sees the plan without them.
    seen = api("ops_specialist").get(f"/api/v1/plans/{plan['id']}/").json()
    assert seen["amount"] is None and seen["lines"][0]["estimated_price"] is None

    changed = supervisor.put(
        f"/api/v1/plans/{plan['id']}/", {**body, "title": "接口采购计划（改）"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["title"] == "接口采购计划（改）"
    assert (
        api("ops_manager").put(f"/api/v1/plans/{plan['id']}/", body, format="json").status_code
        == 403
    )

    submitted = supervisor.post(f"/api/v1/plans/{plan['id']}/submit/")
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    refused = supervisor.put(f"/api/v1/plans/{plan['id']}/", body, format="json")
    assert refused.status_code == 409 and refused.json()["clause"] == "PROC-2"

    approval = submitted.json()["approval"]
    decided = api("ops_manager").post(f"/api/v1/approvals/{approval}/approve/", {"comment": "同意"})
    assert decided.status_code == 200
    buyer = api("buyer")
    assert buyer.get(f"/api/v1/plans/{plan['id']}/").json()["state"] == "approved"
    open_lines = buyer.get(f"/api/v1/open-plan-lines/?plan={plan['id']}").json()["results"]
    assert {line["item_code"] for line in open_lines} == {"PV-M550", "PV-M600"}
    assert api("ops_specialist").get("/api/v1/open-plan-lines/").status_code == 403

    assert buyer.post(f"/api/v1/plans/{plan['id']}/cancel/").status_code == 403
    closed = buyer.post(f"/api/v1/plans/{plan['id']}/close/")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert buyer.post(f"/api/v1/plans/{plan['id']}/close/").status_code == 409


def test_a_rejected_plan_is_revised_through_the_api(api) -> None:
    supervisor = api("ops_supervisor")
    body = {
        "kind": "replenishment",
        "title": "补货",
        "needed_by": _day(14),
        "lines": [{"item": item("MC4-P").pk, "quantity": "1000"}],
    }
    plan = supervisor.post("/api/v1/plans/", body, format="json").json()
    assert plan["number"].startswith("RP-") and plan["kind"] == "replenishment"
    approval = supervisor.post(f"/api/v1/plans/{plan['id']}/submit/").json()["approval"]
    api("ops_manager").post(f"/api/v1/approvals/{approval}/reject/", {"comment": "库存够用"})
    seen = supervisor.get(f"/api/v1/plans/{plan['id']}/").json()
    assert seen["state"] == "rejected" and seen["decision"] == "库存够用"
    revised = supervisor.post(f"/api/v1/plans/{plan['id']}/revise/")
    assert revised.status_code == 200 and revised.json()["state"] == "draft"
    cancelled = supervisor.post(f"/api/v1/plans/{plan['id']}/cancel/")
    assert cancelled.json()["state"] == "cancelled"


def test_a_contract_and_its_receipts_through_the_api(api, people) -> None:
    plan = approved_plan({"PV-M550": 100, "JB-IP68": 500})
    lines = {line.item.code: line for line in plan.lines.select_related("item")}
    buyer = api("buyer")
    body = {
        "supplier": Supplier.objects.get(code="S005").pk,
        "lines": [
            {
                "plan_line": lines[code].pk,
                "quantity": str(lines[code].quantity),
                "unit_price": "50",
                "delivery_date": _day(10),
            }
            for code in ("PV-M550", "JB-IP68")
        ],
    }
    blocked = buyer.post("/api/v1/contracts/", body, format="json")
    assert blocked.status_code == 409 and blocked.json()["clause"] == "PROC-7"
    assert blocked.json()["code"] == "supplier_blocked"
    assert (
        buyer.post("/api/v1/contracts/", {**body, "supplier": 999999}, format="json").status_code
        == 404
    )
    assert api("ops_specialist").post("/api/v1/contracts/", body, format="json").status_code == 403

    body["supplier"] = Supplier.objects.get(code="S001").pk
    created = buyer.post("/api/v1/contracts/", body, format="json")
    assert created.status_code == 201, created.json()
    contract = created.json()
    assert contract["state"] == "draft" and contract["amount"] == "30000.00"
    assert [row["beyond_plan"] for row in contract["plan_check"]] == ["0.000", "0.000"]
    assert api("logistics_clerk").get(f"/api/v1/contracts/{contract['id']}/").status_code == 404
    assert api("logistics_clerk").get("/api/v1/contracts/").status_code == 403

    not_a_follower = {"follower": people("logistics_clerk").pk}
    bad = buyer.post(f"/api/v1/contracts/{contract['id']}/sign/", not_a_follower, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "follower"
    follower = people("ops_specialist")
    signed = buyer.post(f"/api/v1/contracts/{contract['id']}/sign/", {"follower": follower.pk})
    assert signed.status_code == 200 and signed.json()["state"] == "signed"
    assert Notification.objects.filter(
        recipient=people("ops_manager"), title__contains=contract["number"]
    ).exists()
    assert Task.objects.filter(assignee=follower, kind=contracts.FOLLOW_TASK, state="open").exists()

    specialist = api("ops_specialist")
    seen = specialist.get(f"/api/v1/contracts/{contract['id']}/").json()
    assert seen["amount"] is None and seen["lines"][0]["unit_price"] is None
    contract_lines = {row["item_code"]: row["id"] for row in seen["lines"]}
    receipt_body = {
        "contract": contract["id"],
        "location": location("A-01").pk,
        "lines": [
            {
                "contract_line": contract_lines["PV-M550"],
                "received": "100",
                "accepted": "95",
                "rejected": "5",
                "reason": "隐裂",
            },
            {"contract_line": contract_lines["JB-IP68"], "received": "600"},
        ],
    }
    # More than the contract owes: refused with the clause, nothing posted (PROC-5).
    beyond = specialist.post("/api/v1/receipts/", receipt_body, format="json")
    assert beyond.status_code == 409 and beyond.json()["clause"] == "PROC-5"
    assert not GoodsReceipt.objects.exists() and stock.available(item("PV-M550").pk) == 0
    receipt_body["lines"][1]["received"] = "200"
    no_reason = {**receipt_body, "lines": [{**receipt_body["lines"][0], "reason": ""}]}
    bad = specialist.post("/api/v1/receipts/", no_reason, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "reason"
    assert (
        api("logistics_clerk").post("/api/v1/receipts/", receipt_body, format="json").status_code
        == 403
    )

    posted = specialist.post("/api/v1/receipts/", receipt_body, format="json")
    assert posted.status_code == 201, posted.json()
    receipt = posted.json()
    assert receipt["number"].startswith("GR-") and len(receipt["stock"]) == 2
    assert stock.available(item("PV-M550").pk) == Decimal(95)
    assert stock.available(item("JB-IP68").pk) == Decimal(200)
    assert buyer.get(f"/api/v1/contracts/{contract['id']}/").json()["state"] == "partial"
    assert buyer.get(f"/api/v1/receipts/?contract={contract['id']}").json()["count"] == 1
    assert api("logistics_clerk").get(f"/api/v1/receipts/{receipt['id']}/").status_code == 404

    rejected = next(line for line in receipt["lines"] if line["return_state"] == "pending")
    returned = specialist.post(f"/api/v1/receipt-lines/{rejected['id']}/returned/")
    assert returned.status_code == 200 and returned.json()["return_state"] == "returned"
    assert specialist.post(f"/api/v1/receipt-lines/{rejected['id']}/returned/").status_code == 409

    # The contract cannot be cancelled while goods are received on it.
    refused = buyer.post(f"/api/v1/contracts/{contract['id']}/cancel/", {"reason": "作废"})
    assert refused.status_code == 409
    assert specialist.post(f"/api/v1/receipts/{receipt['id']}/cancel/", {}).status_code == 400
    cancelled = specialist.post(f"/api/v1/receipts/{receipt['id']}/cancel/", {"reason": "录入错误"})
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    assert len(cancelled.json()["stock"]) == 4
    assert stock.available(item("PV-M550").pk) == 0 and stock.ledger_mismatches() == []
    done = buyer.post(f"/api/v1/contracts/{contract['id']}/cancel/", {"reason": "作废"})
    assert done.status_code == 200 and done.json()["state"] == "cancelled"
    assert all(line.contracted_quantity == 0 for line in plan.lines.all())


def test_a_contract_beyond_its_plan_through_the_api(api, people) -> None:
    plan = approved_plan({"PV-M550": 100})
    buyer = api("buyer")
    body = {
        "supplier": Supplier.objects.get(code="S001").pk,
        "currency": "CNY",
        "lines": [
            {
                "plan_line": plan.lines.get().pk,
                "quantity": "130",
                "unit_price": "600",
                "delivery_date": _day(10),
            }
        ],
    }
    contract = buyer.post("/api/v1/contracts/", body, format="json").json()
    assert contract["plan_check"][0]["beyond_plan"] == "30.000"
    signed = buyer.post(
        f"/api/v1/contracts/{contract['id']}/sign/", {"follower": people("warehouse_keeper").pk}
    )
    assert signed.json()["state"] == "submitted" and signed.json()["approval"]
    check = api("ops_manager").get(f"/api/v1/contracts/{contract['id']}/").json()["plan_check"]
    assert check[0]["plan_left"] == "100.000" and check[0]["beyond_plan"] == "30.000"
    overdue = buyer.get("/api/v1/contracts/?state=overdue").json()
    assert overdue["count"] == 0


@pytest.mark.clause("PROC-2")
def test_a_contract_above_its_approved_plan_waits_for_the_leader_through_the_api(
    api, people
) -> None:
    # A plan line without a price is priced from the item (standard cost 68,000): the plan
    # itself goes to the leaders.
    supervisor = api("ops_supervisor")
    unpriced = supervisor.post(
        "/api/v1/plans/",
        {
            "kind": "purchase",
            "title": "地面电站支架",
            "needed_by": _day(30),
            "lines": [{"item": item("MNT-GR").pk, "quantity": "10"}],
        },
        format="json",
    )
    assert unpriced.status_code == 201, unpriced.json()
    assert unpriced.json()["amount"] == "680000.00"
    assert unpriced.json()["lines"][0]["estimated_price"] == "68000.0000"

    # A plan approved at a token price by the manager alone; the buyer contracts 10 × 68,000.
    plan = approved_plan({"MNT-GR": 10}, price=1)
    buyer = api("buyer")
    body = {
        "supplier": Supplier.objects.get(code="S004").pk,
        "lines": [
            {
                "plan_line": plan.lines.get().pk,
                "quantity": "10",
                "unit_price": "68000",
                "delivery_date": _day(20),
            }
        ],
    }
    contract = buyer.post("/api/v1/contracts/", body, format="json").json()
    assert contract["plan_check"][0]["beyond_price"] is True
    assert contract["plan_check"][0]["approved_price"] == "1.0000"
    follower = {"follower": people("ops_specialist").pk}
    sent = buyer.post(f"/api/v1/contracts/{contract['id']}/sign/", follower)
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    approval = sent.json()["approval"]
    request = api("vp").get(f"/api/v1/approvals/{approval}/").json()
    assert request["amount"] == "680000.00"
    assert [step["state"] for step in request["steps"]] == ["active", "waiting"]
    assert {a["approver_name"] for a in request["steps"][1]["assignments"]} == {
        people("gm").name,
        people("vp").name,
    }

    # Signing is refused until the approval is through (409 naming PROC-2).
    again = buyer.post(f"/api/v1/contracts/{contract['id']}/sign/", follower)
    assert again.status_code == 409 and again.json()["clause"] == "PROC-2"
    for manager in ("proc_manager", "ops_manager"):
        assert api(manager).post(f"/api/v1/approvals/{approval}/approve/").status_code == 200
    assert buyer.get(f"/api/v1/contracts/{contract['id']}/").json()["state"] == "submitted"
    assert api("gm").post(f"/api/v1/approvals/{approval}/approve/").status_code == 200
    assert buyer.get(f"/api/v1/contracts/{contract['id']}/").json()["state"] == "signed"


@pytest.mark.clause("PROC-5")
def test_a_delivery_beyond_the_contract_is_refused_through_the_api(api) -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}))
    body = {
        "contract": contract.pk,
        "location": location("A-01").pk,
        "lines": [
            {
                "contract_line": contract.lines.get().pk,
                "received": "500",
                "accepted": "100",
                "rejected": "400",
                "reason": "超出合同数量",
            }
        ],
    }
    refused = api("ops_specialist").post("/api/v1/receipts/", body, format="json")
    assert refused.status_code == 409
    assert (refused.json()["clause"], refused.json()["field"]) == ("PROC-5", "received")
    assert not GoodsReceipt.objects.exists() and stock.available(item("PV-M550").pk) == 0


def test_the_supplier_evaluation_through_the_api(api) -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}, price=600), price=600)
    line = contract.lines.get()
    api("ops_specialist").post(
        "/api/v1/receipts/",
        {
            "contract": contract.pk,
            "lines": [
                {
                    "contract_line": line.pk,
                    "received": "100",
                    "accepted": "90",
                    "rejected": "10",
                    "reason": "破损",
                }
            ],
        },
        format="json",
    )
    s001 = Supplier.objects.get(code="S001")
    evaluation = api("buyer").get(f"/api/v1/suppliers/{s001.pk}/evaluation/")
    assert evaluation.status_code == 200
    data = evaluation.json()
    assert (data["on_time_rate"], data["acceptance_rate"], data["rejected"]) == (
        100.0,
        90.0,
        "10.000",
    )
    assert data["price_trend"][0]["item_code"] == "PV-M550"
    assert data["price_trend"][0]["points"][0]["unit_price"] == 600.0
    assert api("ops_specialist").get(f"/api/v1/suppliers/{s001.pk}/evaluation/").status_code == 403
    assert api("buyer").get("/api/v1/suppliers/999999/evaluation/").status_code == 404
    # The receipt went into the receiving area by default.
    assert GoodsReceipt.objects.get().location == location("RCV")
    assert PurchaseContract.objects.get().state == "partial"
    assert PurchasePlan.objects.get().state == "approved"
