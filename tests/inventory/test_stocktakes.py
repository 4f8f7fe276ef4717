"""Stocktakes through the pages and the API: plan, start (freeze), counts typed in, found items
and the Excel sheet, finish: posted at once or, above the threshold, after approval."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests.stock import item, location, person, put_stock
from yunying.approvals import services as approvals
from yunying.approvals.models import ApprovalRequest
from yunying.inventory import selectors
from yunying.inventory.models import StockLedgerEntry, Stocktake

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings: Any) -> None:
    """These tests read the pages' messages in the source language."""
    settings.LANGUAGE_CODE = "en"


def on_hand(code: str, at: str) -> Decimal:
    balance = selectors.balances(item=item(code), location=location(at)).first()
    return balance.on_hand if balance else Decimal(0)


def planned_and_started(web, *codes: str, username: str = "ops_specialist") -> Stocktake:
    client = web(username)
    response = client.post(
        "/inventory/stocktakes/new/",
        {
            "locations": [location(code).pk for code in codes],
            "planned_date": str(timezone.localdate()),
        },
    )
    stocktake = Stocktake.objects.latest("pk")
    assert response["Location"] == f"/inventory/stocktakes/{stocktake.pk}/"
    assert stocktake.state == "draft"
    client.post(f"/inventory/stocktakes/{stocktake.pk}/start/")
    stocktake.refresh_from_db()
    assert stocktake.state == "counting"
    return stocktake


def counts_form(stocktake: Stocktake, counted: dict[str, tuple[object, str]]) -> dict[str, object]:
    data: dict[str, object] = {}
    for line in stocktake.lines.select_related("item"):
        if line.item.code in counted:
            quantity, reason = counted[line.item.code]
            data[f"counted_{line.pk}"] = quantity
            data[f"reason_{line.pk}"] = reason
    return data


def test_a_stocktake_below_the_threshold_through_the_pages(web) -> None:
    put_stock("PV-M550", 100, cost=620, at="A-01")
    put_stock("JB-IP68", 500, cost=28, at="A-01")
    stocktake = planned_and_started(web, "A-01")
    client = web("ops_specialist")
    page = client.get(f"/inventory/stocktakes/{stocktake.pk}/").content.decode()
    assert "PV-M550" in page and "JB-IP68" in page and "Save counts" in page
    # The location is frozen while counting (INV-5).
    frozen = client.post(
        "/inventory/transfers/new/",
        {
            "posting_date": str(timezone.localdate()),
            "lines-TOTAL_FORMS": 1,
            "lines-INITIAL_FORMS": 0,
            "lines-0-item": item("PV-M550").pk,
            "lines-0-from_location": location("A-01").pk,
            "lines-0-to_location": location("B-01").pk,
            "lines-0-quantity": 1,
        },
    )
    assert "INV-5" in frozen.content.decode()

    client.post(
        f"/inventory/stocktakes/{stocktake.pk}/counts/",
        counts_form(stocktake, {"PV-M550": ("98", "两块破损报废"), "JB-IP68": ("500", "")}),
    )
    client.post(
        f"/inventory/stocktakes/{stocktake.pk}/found/",
        {
            "item_code": "mc4-p",
            "location": location("A-01").pk,
            "counted": "10",
            "reason": "未入账",
        },
    )
    lines = {line.item.code: line for line in stocktake.lines.select_related("item")}
    assert lines["PV-M550"].counted_quantity == 98 and lines["MC4-P"].book_quantity == 0
    assert lines["MC4-P"].counted_quantity == 10

    # An unknown item code is a form error, nothing is added.
    unknown = client.post(
        f"/inventory/stocktakes/{stocktake.pk}/found/",
        {"item_code": "NOPE", "location": location("A-01").pk, "counted": "1"},
    )
    assert unknown.status_code == 400 and "NOPE" in unknown.content.decode()

    client.post(f"/inventory/stocktakes/{stocktake.pk}/finish/")
    stocktake.refresh_from_db()
    assert stocktake.state == "posted"  # 2 × 620 + 10 × 3.5 = 1275 ≤ 2000
    assert on_hand("PV-M550", "A-01") == 98 and on_hand("MC4-P", "A-01") == 10
    adjustments = StockLedgerEntry.objects.filter(
        source_type="inventory.stocktake", source_id=stocktake.pk
    )
    assert sorted(e.quantity for e in adjustments) == [Decimal(-2), Decimal(10)]
    assert all(e.kind == "adjustment" for e in adjustments)
    page = client.get(f"/inventory/stocktakes/{stocktake.pk}/").content.decode()
    assert 'id="stocktake-state"' in page and "Save counts" not in page
    assert selectors.ledger_mismatches() == []


def test_finishing_refuses_uncounted_lines_and_unexplained_variances(web) -> None:
    put_stock("PV-M550", 100, cost=620, at="A-02")
    put_stock("JB-IP68", 500, cost=28, at="A-02")
    stocktake = planned_and_started(web, "A-02")
    client = web("ops_specialist")
    client.post(
        f"/inventory/stocktakes/{stocktake.pk}/counts/",
        counts_form(stocktake, {"PV-M550": ("99", "")}),
    )
    response = client.post(f"/inventory/stocktakes/{stocktake.pk}/finish/", follow=True)
    assert "JB-IP68" in response.content.decode()  # not counted yet
    client.post(
        f"/inventory/stocktakes/{stocktake.pk}/counts/",
        counts_form(stocktake, {"JB-IP68": ("500", "")}),
    )
    response = client.post(f"/inventory/stocktakes/{stocktake.pk}/finish/", follow=True)
    assert "INV-5" in response.content.decode()  # the variance of PV-M550 has no reason
    stocktake.refresh_from_db()
    assert stocktake.state == "counting"
    negative = client.post(
        f"/inventory/stocktakes/{stocktake.pk}/counts/",
        counts_form(stocktake, {"JB-IP68": ("-1", "")}),
    )
    assert negative.status_code == 400


def test_above_the_threshold_the_stocktake_waits_for_the_operations_manager(web) -> None:
    put_stock("PV-M550", 100, cost=620, at="A-01")
    stocktake = planned_and_started(web, "A-01")
    client = web("ops_specialist")
    client.post(
        f"/inventory/stocktakes/{stocktake.pk}/counts/",
        counts_form(stocktake, {"PV-M550": ("90", "十块丢失，已报保卫部")}),
    )
    supervisor_view = web("ops_supervisor").get(f"/inventory/stocktakes/{stocktake.pk}/").content
    assert 'id="threshold">¥2000.00' in supervisor_view.decode().replace(",", "")
    client.post(f"/inventory/stocktakes/{stocktake.pk}/finish/")
    stocktake.refresh_from_db()
    assert stocktake.state == "submitted"  # 10 × 620 = 6200 > 2000
    assert on_hand("PV-M550", "A-01") == 100

    request = ApprovalRequest.objects.get(doc_type="inventory.stocktake", object_id=stocktake.pk)
    assert [s.name for s in request.steps.exclude(state="skipped")] == ["运营部经理审批"]
    page = client.get(f"/inventory/stocktakes/{stocktake.pk}/").content.decode()
    assert f'href="/approvals/{request.pk}/"' in page and "Save counts" not in page

    approval_page = web("ops_manager").get(f"/approvals/{request.pk}/").content.decode()
    assert 'id="stocktake-summary"' in approval_page and "十块丢失" in approval_page
    assert "-6200.00" in approval_page.replace(",", "")

    approvals.approve(request=request, actor=person("ops_manager"))
    stocktake.refresh_from_db()
    assert stocktake.state == "posted" and on_hand("PV-M550", "A-01") == 90


def test_above_twenty_thousand_the_finance_manager_approves_too(web) -> None:
    put_stock("PV-M550", 100, cost=620, at="B-01")
    stocktake = planned_and_started(web, "B-01", username="log_manager")
    client = web("log_manager")
    client.post(
        f"/inventory/stocktakes/{stocktake.pk}/counts/",
        counts_form(stocktake, {"PV-M550": ("60", "运输途中损坏")}),
    )
    client.post(f"/inventory/stocktakes/{stocktake.pk}/finish/")
    request = ApprovalRequest.objects.get(doc_type="inventory.stocktake", object_id=stocktake.pk)
    assert request.amount == Decimal("24800.00")
    assert [s.name for s in request.steps.order_by("index")] == ["运营部经理审批", "财务部经理审批"]
    approvals.approve(request=request, actor=person("ops_manager"))
    stocktake.refresh_from_db()
    assert stocktake.state == "submitted"
    approvals.approve(request=request, actor=person("fin_manager"))
    stocktake.refresh_from_db()
    assert stocktake.state == "posted" and on_hand("PV-M550", "B-01") == 60


def sheet_from(response_content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(response_content))


def upload(workbook: Workbook) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "counts.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_counts_from_the_excel_sheet(web) -> None:
    put_stock("PV-M550", 100, cost=620, at="A-02")
    put_stock("CBL-4", 1000, cost="3.2", at="A-02")
    stocktake = planned_and_started(web, "A-02")
    client = web("ops_specialist")
    workbook = sheet_from(client.get(f"/inventory/stocktakes/{stocktake.pk}/sheet/").content)
    sheet = workbook.active
    rows = list(sheet.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["CBL-4", "PV-M550"]
    assert rows[1][2] == "HF/A-02" and rows[1][3] == 1000  # the book quantity, as a number
    sheet["E2"] = 998.5
    sheet["F2"] = "剪裁损耗"
    sheet["E3"] = 100
    sheet.append(["MC4-P", "MC4 连接器", "A-02", None, 20, "盘盈"])  # found, by location code
    response = client.post(
        f"/inventory/stocktakes/{stocktake.pk}/upload/", {"file": upload(workbook)}
    )
    assert response.status_code == 302
    lines = {line.item.code: line for line in stocktake.lines.select_related("item")}
    assert lines["CBL-4"].counted_quantity == Decimal("998.5")
    assert lines["CBL-4"].reason == "剪裁损耗"
    assert lines["MC4-P"].counted_quantity == 20 and lines["MC4-P"].book_quantity == 0

    blind = sheet_from(client.get(f"/inventory/stocktakes/{stocktake.pk}/sheet/?book=0").content)
    header = next(blind.active.iter_rows(values_only=True))
    assert len(header) == 5 and "Book quantity" not in header


def test_a_bad_row_in_the_sheet_records_nothing_and_names_the_row(web) -> None:
    put_stock("PV-M550", 100, cost=620, at="A-02")
    put_stock("CBL-4", 1000, cost="3.2", at="A-02")
    stocktake = planned_and_started(web, "A-02")
    client = web("ops_specialist")
    url = f"/inventory/stocktakes/{stocktake.pk}/upload/"

    def sheet_with(*rows: list[object]) -> SimpleUploadedFile:
        workbook = sheet_from(client.get(f"/inventory/stocktakes/{stocktake.pk}/sheet/").content)
        sheet = workbook.active
        sheet["E2"] = 990  # a good row first
        for row in rows:
            sheet.append(row)
        return upload(workbook)

    cases: list[tuple[list[object], str, str]] = [
        (["PV-M550", "", "HF/A-02", None, "九十", ""], "Row 4", "九十"),
        (["NOPE-1", "", "HF/A-02", None, 1, ""], "Row 4", "NOPE-1"),
        (["PV-M550", "", "SH/B-01", None, 1, ""], "Row 4", "SH/B-01"),
        (["PV-M550", "", "HF/A-02", None, -3, ""], "Row 4", "Counted quantity"),
        (["CBL-4", "", "HF/A-02", None, 5, ""], "Row 4", "row 2"),
    ]
    for row, where, what in cases:
        response = client.post(url, {"file": sheet_with(row)})
        page = response.content.decode()
        assert response.status_code == 400, row
        assert where in page and what in page, (row, page[page.find("errorlist") - 200 :][:600])
        assert not stocktake.lines.filter(counted_quantity__isnull=False).exists(), row

    not_excel = SimpleUploadedFile("counts.xlsx", b"item,counted\nPV-M550,1\n")
    response = client.post(url, {"file": not_excel})
    assert response.status_code == 400 and ".xlsx" in response.content.decode()

    headerless = Workbook()
    headerless.active.append(["编码", "数量"])
    response = client.post(url, {"file": upload(headerless)})
    assert response.status_code == 400 and "Row 1" in response.content.decode()
    assert not stocktake.lines.filter(counted_quantity__isnull=False).exists()


def test_cancelling_a_stocktake_unfreezes_its_locations(web) -> None:
    put_stock("PV-M550", 10, cost=620, at="A-01")
    stocktake = planned_and_started(web, "A-01")
    web("ops_specialist").post(f"/inventory/stocktakes/{stocktake.pk}/cancel/")
    stocktake.refresh_from_db()
    assert stocktake.state == "cancelled"
    assert (
        web("logistics_clerk").post(f"/inventory/stocktakes/{stocktake.pk}/cancel/").status_code
        == 403
    )
    assert (
        web("ops_specialist").post(f"/inventory/stocktakes/{stocktake.pk}/explode/").status_code
        == 404
    )


def test_a_stocktake_through_the_api(api) -> None:
    put_stock("INV-S10", 12, cost=3200, at="A-01")
    put_stock("JB-IP68", 300, cost=28, at="A-01")
    client = api("warehouse_keeper")
    created = client.post(
        "/api/v1/inventory/stocktakes/",
        {"locations": [location("A-01").pk], "planned_date": str(timezone.localdate())},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    started = client.post(f"/api/v1/inventory/stocktakes/{pk}/start/").json()
    assert started["state"] == "counting" and len(started["lines"]) == 2
    assert started["variance_value"] is None  # the warehouse keeper sees no values

    bad = client.post(
        f"/api/v1/inventory/stocktakes/{pk}/counts/",
        [{"item": item("INV-S10").pk, "location": location("B-01").pk, "counted": "12"}],
        format="json",
    )
    assert bad.status_code == 400 and "SH/B-01" in bad.json()["detail"]
    counted = client.post(
        f"/api/v1/inventory/stocktakes/{pk}/counts/",
        [
            {
                "item": item("INV-S10").pk,
                "location": location("A-01").pk,
                "counted": "11",
                "reason": "样机借出",
            },
            {"item": item("JB-IP68").pk, "location": location("A-01").pk, "counted": "300"},
        ],
        format="json",
    )
    assert counted.status_code == 200
    finished = client.post(f"/api/v1/inventory/stocktakes/{pk}/finish/").json()
    assert finished["state"] == "submitted" and finished["approval"] is not None  # 3200 > 2000
    as_manager = api("ops_manager").get(f"/api/v1/inventory/stocktakes/{pk}/").json()
    assert as_manager["variance_value"] == "3200.00"
    assert client.post(f"/api/v1/inventory/stocktakes/{pk}/cancel/").status_code == 409
    assert api("cs_agent").get("/api/v1/inventory/stocktakes/").status_code == 403
    listed = api("logistics_clerk").get("/api/v1/inventory/stocktakes/").json()
    assert listed["count"] == 1
    assert (
        api("logistics_clerk").post(f"/api/v1/inventory/stocktakes/{pk}/start/").status_code == 403
    )
