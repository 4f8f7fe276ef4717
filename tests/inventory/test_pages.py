"""The inventory pages: each renders for those allowed and is refused to the others; values and
costs only for those who may see prices."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.stock import item, location, put_stock, take_stock
from yunying.core.models import AuditEvent
from yunying.inventory import selectors
from yunying.inventory.models import StockAlert, Stocktake
from yunying.inventory.services import stocktakes, transfers

pytestmark = pytest.mark.django_db


@pytest.fixture
def stocked(people):
    """Some stock in the main warehouse, a transfer and a stocktake to link to."""
    put_stock("PV-M550", 120, cost=620, at="A-01")
    put_stock("JB-IP68", 800, cost=28, at="A-02")
    put_stock("MC4-P", 50, cost="3.5", at="B-01")
    transfer = transfers.transfer_stock(
        lines=[
            transfers.TransferLine(item("PV-M550"), location("A-01"), location("B-01"), Decimal(20))
        ],
        actor=people("ops_specialist"),
    )
    stocktake = stocktakes.plan_stocktake(
        locations=[location("A-02")],
        planned_date=transfer.posting_date,
        actor=people("log_manager"),
    )
    return {"transfer": transfer, "stocktake": stocktake}


def pages(stocked) -> dict[str, str]:
    pv = item("PV-M550")
    return {
        "home": "/inventory/",
        "overview": "/inventory/overview/",
        "stock": "/inventory/stock/",
        "stock_filtered": f"/inventory/stock/?q=PV&warehouse={location('A-01').warehouse_id}"
        f"&location={location('A-01').pk}&category={pv.category_id}&below=on&page=2",
        "item": f"/inventory/items/{pv.pk}/",
        "ledger": "/inventory/ledger/",
        "ledger_filtered": f"/inventory/ledger/?item={pv.pk}&kind=transfer_in&number=ST"
        "&date_from=2020-01-01&date_to=2999-12-31&location=bad",
        "transfers": "/inventory/transfers/?state=posted&q=ST",
        "transfer": f"/inventory/transfers/{stocked['transfer'].pk}/",
        "transfer_new": "/inventory/transfers/new/",
        "stocktakes": "/inventory/stocktakes/",
        "stocktake": f"/inventory/stocktakes/{stocked['stocktake'].pk}/",
        "stocktake_new": "/inventory/stocktakes/new/",
        "replenishment": "/inventory/replenishment/?needed=1",
        "periods": "/inventory/periods/",
    }


ALLOWED = {
    # page: (a user who may see it, a user who may not)
    "overview": ("logistics_clerk", "cs_agent"),
    "stock": ("logistics_clerk", "cs_agent"),
    "stock_filtered": ("logistics_clerk", "hr_manager"),
    "item": ("logistics_clerk", "cs_agent"),
    "ledger": ("logistics_clerk", "cs_agent"),
    "ledger_filtered": ("logistics_clerk", "cs_agent"),
    "transfers": ("ops_specialist", "cs_agent"),
    "transfer": ("logistics_clerk", "cs_agent"),
    "transfer_new": ("warehouse_keeper", "logistics_clerk"),
    "stocktakes": ("ops_specialist", "cs_agent"),
    "stocktake": ("ops_specialist", "cs_agent"),
    "stocktake_new": ("ops_supervisor", "logistics_clerk"),
    "replenishment": ("ops_supervisor", "ops_specialist"),
    "periods": ("log_manager", "ops_specialist"),
}


def test_every_page_renders_for_those_allowed_and_not_for_others(web, stocked) -> None:
    urls = pages(stocked)
    assert web("logistics_clerk").get(urls["home"])["Location"] == urls["overview"]
    for name, (allowed, refused) in ALLOWED.items():
        response = web(allowed).get(urls[name])
        assert response.status_code == 200, (name, allowed)
        assert web(refused).get(urls[name]).status_code == 403, (name, refused)
    for url in urls.values():  # everything renders for a leader who sees all, too
        assert web("gm").get(url).status_code in (200, 302, 403), url


def test_the_menu_links_the_inventory_pages(web) -> None:
    page = web("log_manager").get("/inventory/overview/").content.decode()
    for url in ("/inventory/overview/", "/inventory/stock/", "/inventory/ledger/"):
        assert f'href="{url}"' in page
    assert 'href="/inventory/periods/"' in page and 'href="/inventory/replenishment/"' not in page


def test_values_and_costs_only_for_those_who_see_prices(web, stocked) -> None:
    urls = pages(stocked)
    for name in ("overview", "stock", "item", "ledger", "transfer"):
        with_prices = web("fin_manager").get(urls[name]).content.decode()
        without = web("logistics_clerk").get(urls[name]).content.decode()
        assert "Stock value" in with_prices or "库存金额" in with_prices, name
        assert "Stock value" not in without and "库存金额" not in without, name
        assert "62000.00" not in without.replace(",", ""), name  # 100 × 620 at A-01
    assert "62000.00" in web("fin_manager").get(urls["stock"]).content.decode().replace(",", "")


def test_the_stock_list_filters_and_pages(web, stocked) -> None:
    client = web("logistics_clerk")
    page = client.get("/inventory/stock/?q=JB").content.decode()
    assert "JB-IP68" in page and "PV-M550" not in page
    page = client.get(f"/inventory/stock/?warehouse={location('B-01').warehouse_id}").content
    assert "MC4-P" in page.decode() and "JB-IP68" not in page.decode()
    # Below safety stock: PV-M550 has 120 of 300, JB-IP68 800 of 500.
    page = client.get("/inventory/stock/?below=on").content.decode()
    assert "PV-M550" in page and "JB-IP68" not in page
    # Quantities without trailing zeros.
    assert ">800<" in client.get("/inventory/stock/?q=JB").content.decode()


def test_the_stock_export_is_a_workbook_and_audited_with_values(web, stocked) -> None:
    response = web("fin_manager").get("/inventory/stock/?q=PV&format=xlsx")
    assert response.status_code == 200 and response.streaming  # written while it is sent
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] in ("Stock value", "库存金额")
    assert {r[0] for r in rows[1:]} == {"PV-M550"}
    assert AuditEvent.objects.filter(
        action="core.export", object_type="inventory.stockbalance"
    ).exists()
    clerk = web("logistics_clerk").get("/inventory/stock/?format=xlsx")
    content = b"".join(clerk.streaming_content)
    header = next(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(header) == 10  # no cost, no value


def test_the_item_page_shows_stock_per_location_alert_ledger_and_proposal(web, stocked) -> None:
    pv = item("PV-M550")
    take_stock("PV-M550", 10, at="A-01")
    assert StockAlert.objects.filter(item=pv, state="open").exists()  # 90 < 300
    page = web("ops_supervisor").get(f"/inventory/items/{pv.pk}/").content.decode()
    assert 'id="open-alert"' in page
    assert "HF/A-01" in page and "SH/B-01" in page
    assert 'id="available">110<' in page  # 90 at A-01 + 20 at B-01
    assert f'href="/inventory/transfers/{stocked["transfer"].pk}/"' in page
    proposal = selectors.item_availability(pv)
    assert proposal.available == Decimal(110)
    assert 'id="proposed"' in page and "INV-2" in page
    assert web("logistics_clerk").get("/inventory/items/999999/").status_code == 404


def test_the_ledger_links_the_source_documents(web, stocked) -> None:
    page = web("logistics_clerk").get("/inventory/ledger/").content.decode()
    transfer = stocked["transfer"]
    assert f'<a href="/inventory/transfers/{transfer.pk}/">{transfer.number}</a>' in page
    assert "GIVEN" in page  # a source without a page: the number only
    assert selectors.source_url("procurement.goodsreceipt", 7) == "/procurement/receipts/7/"
    assert selectors.source_url("inventory.stocktake", 3) == "/inventory/stocktakes/3/"
    only = web("logistics_clerk").get(
        f"/inventory/ledger/?number={transfer.number}&kind=transfer_out"
    )
    text = only.content.decode()
    assert text.count(transfer.number) >= 1 and "GIVEN" not in text


def test_the_overview_draws_its_charts_and_counts(web, stocked) -> None:
    take_stock("PV-M550", 10, at="A-01")
    page = web("fin_manager").get("/inventory/overview/").content.decode()
    assert page.count('data-chart="') == 3
    assert "echarts.min.js" in page
    assert f'id="alert-count">{StockAlert.objects.filter(state="open").count()}<' in page
    assert "光伏组件" in page  # a category in the value chart
    clerk = web("logistics_clerk").get("/inventory/overview/").content.decode()
    assert clerk.count('data-chart="') == 2 and 'id="stock-value"' not in clerk


def test_the_stocktake_schedule_lists_locations_and_stocktakes(web, stocked) -> None:
    page = web("ops_specialist").get("/inventory/stocktakes/").content.decode()
    stocktake: Stocktake = stocked["stocktake"]
    assert "HF/A-01" in page and "SH/B-01" in page
    assert "HF/QC" not in page  # quarantine is not on the schedule
    assert stocktake.number in page
    assert f"/inventory/stocktakes/new/?location={location('A-01').pk}" in page
