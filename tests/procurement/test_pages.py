"""The procurement pages: each renders for the people who may see it and refuses the others;
the forms drive the services (plans with proposed lines, contracts from open plan lines,
signing, receiving with inspection, cancelling)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.stock import approved_plan, item, location, person, signed_contract
from yunying.approvals import selectors as approvals
from yunying.core.models import Notification, Task
from yunying.inventory import selectors as stock
from yunying.masterdata.models import Supplier
from yunying.procurement.models import GoodsReceipt, PurchaseContract, PurchasePlan
from yunying.procurement.services import contracts, plans, receipts

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _day(days: int) -> str:
    return (TODAY + datetime.timedelta(days=days)).isoformat()


def _management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _receive(contract: PurchaseContract) -> GoodsReceipt:
    lines = {line.item.code: line for line in contract.lines.select_related("item")}
    return receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[
            receipts.Inspection(lines["PV-M550"], Decimal(100), Decimal(95), Decimal(5), "隐裂")
        ],
        actor=person("ops_specialist"),
    )


def test_pages_render_for_those_who_may_see_them(web, people) -> None:
    plan = approved_plan({"PV-M550": 100})
    contract = signed_contract(plan)
    receipt = _receive(contract)
    draft = plans.draft_plan(
        kind="replenishment",
        title="草稿补货计划",
        needed_by=TODAY,
        lines=[plans.PlanLine(item("MC4-P"), Decimal(1000), TODAY)],
        actor=person("ops_supervisor"),
    )
    s001 = Supplier.objects.get(code="S001")
    allowed = {
        "ops_supervisor": [
            "/procurement/plans/",
            "/procurement/plans/?kind=purchase&state=approved&q=PV",
            "/procurement/plans/new/",
            "/procurement/plans/new/?kind=replenishment",
            f"/procurement/plans/{plan.pk}/",
            f"/procurement/plans/{draft.pk}/",
            f"/procurement/plans/{draft.pk}/edit/",
            f"/procurement/suppliers/{s001.pk}/evaluation/",
            "/procurement/suppliers/",
        ],
        "buyer": [
            "/procurement/plans/",
            f"/procurement/plans/{plan.pk}/",
            "/procurement/plans/open-lines/",
            "/procurement/contracts/",
            "/procurement/contracts/?state=overdue",
            f"/procurement/contracts/?state=signed&supplier={s001.pk}&q=PV",
            "/procurement/contracts/new/",
            f"/procurement/contracts/new/?plan={plan.pk}",
            f"/procurement/contracts/{contract.pk}/",
            f"/procurement/contracts/{contract.pk}/plan-check/",
            "/procurement/receipts/",
            "/procurement/receipts/?state=posted&returns=pending&q=GR",
            f"/procurement/receipts/{receipt.pk}/",
            "/procurement/suppliers/",
            f"/procurement/suppliers/{s001.pk}/evaluation/",
        ],
        "ops_specialist": [
            "/procurement/contracts/",
            f"/procurement/contracts/{contract.pk}/",
            f"/procurement/contracts/{contract.pk}/receive/",
            "/procurement/receipts/",
            f"/procurement/receipts/{receipt.pk}/",
            f"/procurement/plans/{plan.pk}/",
        ],
        "warehouse_keeper": [f"/procurement/contracts/{contract.pk}/receive/"],
        # view_plan and view_contract with the scope "all" see everything.
        "gm": [f"/procurement/plans/{draft.pk}/", f"/procurement/contracts/{contract.pk}/"],
        "ops_manager": [f"/procurement/contracts/{contract.pk}/", "/procurement/receipts/"],
        "logistics_clerk": ["/procurement/plans/"],
    }
    for username, urls in allowed.items():
        for url in urls:
            assert web(username).get(url).status_code == 200, (username, url)
    refused = {
        "logistics_clerk": [
            ("/procurement/plans/new/", 403),
            (f"/procurement/plans/{plan.pk}/", 404),
            ("/procurement/plans/open-lines/", 403),
            ("/procurement/contracts/", 403),
            ("/procurement/contracts/new/", 403),
            (f"/procurement/contracts/{contract.pk}/", 404),
            (f"/procurement/contracts/{contract.pk}/receive/", 403),
            (f"/procurement/contracts/{contract.pk}/plan-check/", 404),
            ("/procurement/receipts/", 403),
            (f"/procurement/receipts/{receipt.pk}/", 404),
            ("/procurement/suppliers/", 403),
            (f"/procurement/suppliers/{s001.pk}/evaluation/", 403),
        ],
        # Procurement sees a plan only once it is approved (PROC-2).
        "buyer": [
            (f"/procurement/plans/{draft.pk}/", 404),
            (f"/procurement/plans/{draft.pk}/edit/", 403),
            (f"/procurement/contracts/{contract.pk}/receive/", 403),
            ("/procurement/suppliers/999999/evaluation/", 404),
        ],
        "ops_specialist": [
            ("/procurement/plans/new/", 403),
            ("/procurement/contracts/new/", 403),
            ("/procurement/suppliers/", 403),
        ],
        # Only the author changes a plan.
        "ops_manager": [(f"/procurement/plans/{draft.pk}/edit/", 403)],
    }
    for username, expected in refused.items():
        for url, status in expected:
            assert web(username).get(url).status_code == status, (username, url)


def test_prices_only_for_those_who_may_see_them(web) -> None:
    plan = approved_plan({"PV-M550": 100}, price=140)
    contract = signed_contract(plan, price=139)
    for username, prices in (("buyer", True), ("ops_specialist", False)):
        page = web(username).get(f"/procurement/contracts/{contract.pk}/")
        assert page.context["prices"] is prices
        assert _shows(page.content.decode(), "13900.00") is prices
    page = web("ops_specialist").get(f"/procurement/plans/{plan.pk}/")
    assert page.status_code == 200 and not _shows(page.content.decode(), "14000.00")
    assert _shows(
        web("ops_supervisor").get(f"/procurement/plans/{plan.pk}/").content.decode(), "14000.00"
    )


def _shows(html: str, amount: str) -> bool:
    """Whether the page shows the amount (grouped by thousands or not, as the language does)."""
    whole, cents = amount.split(".")
    return amount in html or f"{int(whole):,}.{cents}" in html


def _plan_post(header: dict[str, str], rows: list[dict[str, Any]], **extra: str) -> dict[str, str]:
    data = {**header, **_management("lines", len(rows), len(rows)), **extra}
    for index, row in enumerate(rows):
        for name, value in row.items():
            if value is not None and value is not False:
                data[f"lines-{index}-{name}"] = "on" if value is True else str(value)
    return data


def test_a_plan_with_proposed_lines_through_the_pages(web, people) -> None:
    supervisor = web("ops_supervisor")
    header = {
        "kind": "purchase",
        "title": "七月组件采购",
        "needed_by": _day(30),
        "reason": "旺季备货",
    }
    page = supervisor.post("/procurement/plans/new/", _plan_post(header, [], propose="1"))
    assert page.status_code == 200
    proposed = page.context["formset"].initial
    assert proposed and all(Decimal(row["proposed_quantity"]) > 0 for row in proposed)
    codes = {str(row["item"]): row for row in proposed}
    pv = codes[str(item("PV-M550").pk)]
    assert pv["quantity"] == "300"  # the safety stock, in reorder multiples, with nothing on hand
    assert "PV-M550" in page.content.decode()
    # Keep two proposed lines (one changed), remove the others.
    rows = []
    for row in proposed:
        keep = str(row["item"]) in (str(item("PV-M550").pk), str(item("JB-IP68").pk))
        rows.append({**row, "DELETE": not keep})
    rows[[str(r["item"]) for r in rows].index(str(item("JB-IP68").pk))]["quantity"] = "800"
    response = supervisor.post("/procurement/plans/new/", _plan_post(header, rows, save="1"))
    plan = PurchasePlan.objects.get(title="七月组件采购")
    assert response.status_code == 302 and response["Location"] == f"/procurement/plans/{plan.pk}/"
    lines = {line.item.code: line for line in plan.lines.select_related("item")}
    assert set(lines) == {"PV-M550", "JB-IP68"}
    assert lines["PV-M550"].quantity == lines["PV-M550"].proposed_quantity == Decimal(300)
    assert lines["JB-IP68"].quantity == Decimal(800)
    assert lines["JB-IP68"].proposed_quantity == Decimal(500)  # kept although changed
    assert plan.kind == "purchase" and plan.number.startswith("PP-")

    # A draft stays with operations: procurement does not see it.
    assert web("buyer").get(f"/procurement/plans/{plan.pk}/").status_code == 404
    supervisor.post(f"/procurement/plans/{plan.pk}/submit/")
    plan.refresh_from_db()
    assert plan.state == "submitted"
    assert web("buyer").get(f"/procurement/plans/{plan.pk}/").status_code == 404

    request = approvals.latest_request(plan)
    manager = web("ops_manager")
    approval_page = manager.get(f"/approvals/{request.pk}/").content.decode()
    assert "七月组件采购" in approval_page and "JB-IP68" in approval_page
    manager.post(f"/approvals/{request.pk}/approve/", {"comment": "同意"})
    plan.refresh_from_db()
    assert plan.state == "approved"

    buyer = web("buyer")
    assert plan.number in buyer.get("/procurement/plans/").content.decode()
    detail = buyer.get(f"/procurement/plans/{plan.pk}/").content.decode()
    assert f"/procurement/contracts/new/?plan={plan.pk}" in detail
    assert plan.number in buyer.get("/procurement/plans/open-lines/").content.decode()
    assert Notification.objects.filter(
        recipient=people("buyer"), url=f"/procurement/plans/{plan.pk}/"
    ).exists()


def test_adding_a_line_keeps_what_was_typed(web) -> None:
    header = {"kind": "replenishment", "title": "补货", "needed_by": _day(20), "reason": ""}
    rows = [{"item": item("CBL-4").pk, "quantity": "2000", "estimated_price": "3.2"}]
    page = web("ops_supervisor").post(
        "/procurement/plans/new/", _plan_post(header, rows, add_line="1")
    )
    formset = page.context["formset"]
    assert len(formset.forms) == 2 and formset.initial[0]["quantity"] == "2000"
    assert page.context["form"].initial["title"] == "补货"
    response = web("ops_supervisor").post("/procurement/plans/new/", _plan_post(header, rows))
    plan = PurchasePlan.objects.get(title="补货")
    assert response.status_code == 302 and plan.number.startswith("RP-")
    assert (
        plan.kind == "replenishment"
        and plan.lines.get().needed_by == TODAY + datetime.timedelta(20)
    )


def test_a_plan_form_with_errors_saves_nothing(web) -> None:
    header = {"kind": "purchase", "title": "", "needed_by": _day(20)}
    rows = [{"item": item("CBL-4").pk, "quantity": ""}]
    page = web("ops_supervisor").post("/procurement/plans/new/", _plan_post(header, rows))
    assert page.status_code == 200
    assert page.context["form"].errors["title"]
    assert page.context["formset"].forms[0].errors["quantity"]
    assert not PurchasePlan.objects.filter(department__code="OPS", state="draft").exists()


def test_a_rejected_plan_shows_the_reason_and_is_revised(web) -> None:
    supervisor = web("ops_supervisor")
    plan = plans.draft_plan(
        kind="purchase",
        title="逆变器采购",
        needed_by=TODAY,
        lines=[plans.PlanLine(item("INV-S10"), Decimal(20), TODAY, Decimal(3200))],
        actor=person("ops_supervisor"),
    )
    supervisor.post(f"/procurement/plans/{plan.pk}/submit/")
    request = approvals.latest_request(plan)
    web("ops_manager").post(f"/approvals/{request.pk}/reject/", {"comment": "预算不足，下月再议"})
    plan.refresh_from_db()
    assert plan.state == "rejected"
    page = supervisor.get(f"/procurement/plans/{plan.pk}/").content.decode()
    assert "预算不足，下月再议" in page and f"/procurement/plans/{plan.pk}/revise/" in page
    supervisor.post(f"/procurement/plans/{plan.pk}/revise/")
    plan.refresh_from_db()
    assert plan.state == "draft"
    edit = supervisor.get(f"/procurement/plans/{plan.pk}/edit/")
    assert edit.status_code == 200 and edit.context["formset"].initial[0]["quantity"] == "20"


def _contract_post(supplier: Supplier, rows: list[dict[str, Any]]) -> dict[str, str]:
    data = {
        "supplier": str(supplier.pk),
        "currency": "CNY",
        "note": "",
        **_management("lines", len(rows)),
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"lines-{index}-{name}"] = "on" if value is True else str(value)
    return data


def test_a_contract_from_open_lines_signed_and_received_through_the_pages(web, people) -> None:
    plan = approved_plan({"PV-M550": 100, "JB-IP68": 500}, price=700)
    buyer = web("buyer")
    form = buyer.get(f"/procurement/contracts/new/?plan={plan.pk}")
    initial = form.context["formset"].initial
    assert [row["include"] for row in initial] == [True, True]
    by_item = {line.item.code: line for line in plan.lines.select_related("item")}
    rows = [
        {
            "plan_line": by_item["PV-M550"].pk,
            "include": True,
            "quantity": "100",
            "unit_price": "610",
            "delivery_date": _day(10),
        },
        {
            "plan_line": by_item["JB-IP68"].pk,
            "include": True,
            "quantity": "500",
            "unit_price": "26.5",
            "delivery_date": _day(12),
        },
    ]
    response = buyer.post(
        "/procurement/contracts/new/", _contract_post(Supplier.objects.get(code="S001"), rows)
    )
    contract = PurchaseContract.objects.get(supplier__code="S001", state="draft")
    assert (
        response.status_code == 302
        and response["Location"] == f"/procurement/contracts/{contract.pk}/"
    )
    assert contract.amount == Decimal("74250.00")

    follower = people("ops_specialist")
    buyer.post(f"/procurement/contracts/{contract.pk}/sign/", {"follower": follower.pk})
    contract.refresh_from_db()
    assert contract.state == "signed" and contract.follower == follower
    assert Notification.objects.filter(
        recipient=people("ops_manager"), title__contains=contract.number
    ).exists()
    assert Task.objects.filter(
        assignee=follower, kind=contracts.FOLLOW_TASK, state="open", title__contains=contract.number
    ).exists()
    plan_lines = {line.item.code: line for line in plan.lines.select_related("item")}
    assert plan_lines["PV-M550"].contracted_quantity == Decimal(100)

    specialist = web("ops_specialist")
    receipts_page = specialist.get("/procurement/receipts/").content.decode()
    assert f"/procurement/contracts/{contract.pk}/receive/" in receipts_page
    page = specialist.get(f"/procurement/contracts/{contract.pk}/receive/")
    assert page.context["form"].initial["location"] == location("RCV").pk
    lines = {line.item.code: line for line in contract.lines.select_related("item")}
    order = [f.initial["contract_line"] for f in page.context["formset"].forms]
    first, second = (
        (lines["PV-M550"], lines["JB-IP68"])
        if order[0] == lines["PV-M550"].pk
        else (lines["JB-IP68"], lines["PV-M550"])
    )

    def receive_post(values: dict[int, dict[str, str]]) -> dict[str, str]:
        data = {
            "location": str(location("A-01").pk),
            "received_on": TODAY.isoformat(),
            "note": "",
            **_management("lines", 2, 2),
        }
        for index, line in enumerate((first, second)):
            data[f"lines-{index}-contract_line"] = str(line.pk)
            for name, value in values.get(line.pk, {}).items():
                data[f"lines-{index}-{name}"] = value
        return data

    # Receiving more than the contract still owes is refused; nothing is posted (PROC-5).
    refused = specialist.post(
        f"/procurement/contracts/{contract.pk}/receive/",
        receive_post({lines["JB-IP68"].pk: {"received": "600"}}),
    )
    assert refused.status_code == 200 and "PROC-5" in refused.content.decode()
    # A rejection without its reason is refused, too.
    refused = specialist.post(
        f"/procurement/contracts/{contract.pk}/receive/",
        receive_post({lines["PV-M550"].pk: {"received": "10", "rejected": "10"}}),
    )
    assert refused.status_code == 200 and "PROC-5" in refused.content.decode()
    assert not GoodsReceipt.objects.filter(contract=contract).exists()
    assert stock.available(item("JB-IP68").pk) == 0

    response = specialist.post(
        f"/procurement/contracts/{contract.pk}/receive/",
        receive_post(
            {
                lines["PV-M550"].pk: {
                    "received": "100",
                    "accepted": "95",
                    "rejected": "5",
                    "reason": "隐裂",
                },
                lines["JB-IP68"].pk: {"received": "200"},
            }
        ),
    )
    receipt = GoodsReceipt.objects.get(contract=contract)
    assert (
        response.status_code == 302
        and response["Location"] == f"/procurement/receipts/{receipt.pk}/"
    )
    # Only the accepted quantity entered stock (PROC-6).
    assert stock.available(item("PV-M550").pk) == Decimal(95)
    assert stock.available(item("JB-IP68").pk) == Decimal(200)
    contract.refresh_from_db()
    assert contract.state == "partial"
    page = specialist.get(f"/procurement/receipts/{receipt.pk}/")
    assert len(page.context["ledger"]) == 2 and "隐裂" in page.content.decode()
    detail = specialist.get(f"/procurement/contracts/{contract.pk}/").content.decode()
    assert receipt.number in detail

    rejected = receipt.lines.get(rejected_quantity__gt=0)
    specialist.post(f"/procurement/receipts/lines/{rejected.pk}/returned/")
    rejected.refresh_from_db()
    assert rejected.return_state == "returned"

    # Cancelling needs a reason, then reverses the stock and reopens the contract.
    page = specialist.post(f"/procurement/receipts/{receipt.pk}/cancel/", {"reason": ""})
    assert page.status_code == 200 and page.context["cancel_form"].errors
    specialist.post(f"/procurement/receipts/{receipt.pk}/cancel/", {"reason": "录入错误"})
    receipt.refresh_from_db()
    contract.refresh_from_db()
    assert receipt.state == "cancelled" and contract.state == "signed"
    assert stock.available(item("PV-M550").pk) == 0 and stock.available(item("JB-IP68").pk) == 0
    assert len(specialist.get(f"/procurement/receipts/{receipt.pk}/").context["ledger"]) == 4
    assert stock.ledger_mismatches() == []


def test_a_blocked_supplier_is_refused_on_the_form(web) -> None:
    plan = approved_plan({"JB-IP68": 500})
    line = plan.lines.get()
    rows = [
        {
            "plan_line": line.pk,
            "include": True,
            "quantity": "500",
            "unit_price": "25",
            "delivery_date": _day(7),
        }
    ]
    page = web("buyer").post(
        "/procurement/contracts/new/", _contract_post(Supplier.objects.get(code="S005"), rows)
    )
    assert page.status_code == 200
    errors = page.context["form"].errors["supplier"]
    assert "PROC-7" in errors[0] and "连续两批接线盒验收不合格" in errors[0]
    assert not PurchaseContract.objects.exists()


def test_an_included_line_needs_its_figures(web) -> None:
    plan = approved_plan({"JB-IP68": 500})
    rows = [
        {
            "plan_line": plan.lines.get().pk,
            "include": True,
            "quantity": "",
            "unit_price": "25",
            "delivery_date": _day(7),
        }
    ]
    page = web("buyer").post(
        "/procurement/contracts/new/", _contract_post(Supplier.objects.get(code="S002"), rows)
    )
    assert page.status_code == 200 and page.context["formset"].forms[0].errors["quantity"]
    assert not PurchaseContract.objects.exists()


def test_a_contract_beyond_its_plan_goes_to_approval(web, people) -> None:
    plan = approved_plan({"PV-M550": 100})
    rows = [
        {
            "plan_line": plan.lines.get().pk,
            "include": True,
            "quantity": "120",
            "unit_price": "600",
            "delivery_date": _day(10),
        }
    ]
    buyer = web("buyer")
    buyer.post(
        "/procurement/contracts/new/", _contract_post(Supplier.objects.get(code="S001"), rows)
    )
    contract = PurchaseContract.objects.get()
    assert web("buyer").get(f"/procurement/contracts/{contract.pk}/").context["beyond"]
    buyer.post(
        f"/procurement/contracts/{contract.pk}/sign/", {"follower": people("ops_specialist").pk}
    )
    contract.refresh_from_db()
    assert contract.state == "submitted"
    request = approvals.latest_request(contract)
    page = buyer.get(f"/procurement/contracts/{contract.pk}/").content.decode()
    assert f"/approvals/{request.pk}/" in page
    approval_page = web("ops_manager").get(f"/approvals/{request.pk}/").content.decode()
    assert f"/procurement/contracts/{contract.pk}/plan-check/" in approval_page
    check = web("ops_manager").get(f"/procurement/contracts/{contract.pk}/plan-check/")
    [row] = check.context["checks"]
    assert (row.left, row.excess) == (Decimal(100), Decimal(20))
    for approver in ("proc_manager", "ops_manager"):
        web(approver).post(f"/approvals/{request.pk}/approve/", {"comment": "同意"})
    contract.refresh_from_db()
    assert contract.state == "signed"
    assert Task.objects.filter(
        assignee=people("ops_specialist"), kind=contracts.FOLLOW_TASK
    ).exists()


@pytest.mark.clause("PROC-2")
def test_a_contract_above_its_approved_price_waits_for_the_leader_on_the_pages(web, people) -> None:
    plan = approved_plan({"MNT-GR": 10}, price=1)
    rows = [
        {
            "plan_line": plan.lines.get().pk,
            "include": True,
            "quantity": "10",
            "unit_price": "68000",
            "delivery_date": _day(20),
        }
    ]
    buyer = web("buyer")
    buyer.post(
        "/procurement/contracts/new/", _contract_post(Supplier.objects.get(code="S004"), rows)
    )
    contract = PurchaseContract.objects.get()
    assert buyer.get(f"/procurement/contracts/{contract.pk}/").context["beyond"]
    follower = {"follower": people("ops_specialist").pk}
    buyer.post(f"/procurement/contracts/{contract.pk}/sign/", follower)
    contract.refresh_from_db()
    assert contract.state == "submitted"
    request = approvals.latest_request(contract)
    assert request.amount == Decimal("680000.00")
    assert request.steps.get(name_en="Approval by a company leader").state == "waiting"

    # Signing again on the page is refused with the clause; the contract keeps waiting.
    page = buyer.post(f"/procurement/contracts/{contract.pk}/sign/", follower, follow=True)
    assert "PROC-2" in page.content.decode()
    contract.refresh_from_db()
    assert contract.state == "submitted"
    for approver in ("proc_manager", "ops_manager", "vp"):
        web(approver).post(f"/approvals/{request.pk}/approve/", {"comment": "同意"})
    contract.refresh_from_db()
    assert contract.state == "signed"


@pytest.mark.clause("PROC-5")
def test_a_delivery_beyond_the_contract_is_refused_on_the_receiving_form(web) -> None:
    contract = signed_contract(approved_plan({"PV-M550": 100}))
    line = contract.lines.get()
    data = {
        "location": str(location("A-01").pk),
        "received_on": TODAY.isoformat(),
        "note": "",
        **_management("lines", 1, 1),
        "lines-0-contract_line": str(line.pk),
        "lines-0-received": "500",
        "lines-0-rejected": "400",
        "lines-0-reason": "超出合同数量",
    }
    page = web("ops_specialist").post(f"/procurement/contracts/{contract.pk}/receive/", data)
    assert page.status_code == 200 and "PROC-5" in page.content.decode()
    assert not GoodsReceipt.objects.exists() and stock.available(item("PV-M550").pk) == 0


def test_cancelling_a_contract_on_its_page(web) -> None:
    plan = approved_plan({"PV-M550": 100})
    contract = signed_contract(plan)
    buyer = web("buyer")
    page = buyer.post(f"/procurement/contracts/{contract.pk}/cancel/", {"reason": ""})
    assert page.status_code == 200 and page.context["cancel_form"].errors
    buyer.post(f"/procurement/contracts/{contract.pk}/cancel/", {"reason": "供应商无法按期交货"})
    contract.refresh_from_db()
    assert contract.state == "cancelled"
    assert plan.lines.get().contracted_quantity == 0


def test_the_supplier_evaluation(web) -> None:
    plan = approved_plan({"PV-M550": 100}, price=600)
    _receive(signed_contract(plan, price=600))
    s001 = Supplier.objects.get(code="S001")
    fragment = web("buyer").get(f"/procurement/suppliers/{s001.pk}/evaluation/")
    html = fragment.content.decode()
    assert "<html" not in html and "data-chart" in html  # yunying.js loads ECharts for it
    evaluation = fragment.context["evaluation"]
    assert evaluation.on_time_rate == 100.0 and evaluation.acceptance_rate == 95.0
    assert evaluation.rejected == Decimal(5)
    overview = web("buyer").get("/procurement/suppliers/")
    rows = {row.supplier.code: row for row in overview.context["rows"]}
    assert rows["S001"].receipts == 1 and rows["S002"].receipts == 0
    assert overview.context["chart"]["xAxis"]["data"] == ["S001"]
