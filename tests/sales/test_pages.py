"""The sales pages: each renders for the people who may see it and refuses the others (403 for
a missing permission, 404 for a record outside the data scope); lists filter; exports are
audited (ORG-4); the delivery note prints; statistics, ageing and targets show their data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.sales_steps import confirmed_order, draft_order, ship_and_deliver
from tests.stock import person, put_stock
from yunying.core.models import AuditEvent, Department
from yunying.masterdata.models import Region
from yunying.sales.models import Receivable, SalesOrder
from yunying.sales.services import settlement, targets

from .helpers import english

pytestmark = pytest.mark.django_db


@pytest.fixture
def sold() -> dict[str, int]:
    """A delivered order of C001 (with its receivable), a draft of C002 and a notice of C003."""
    put_stock("PV-M550", 1000, cost=620)
    put_stock("INV-S10", 50, cost=3200)
    delivered = confirmed_order("C001", {"PV-M550": (100, 780)})
    delivery = ship_and_deliver(delivered)
    draft = draft_order("C002", {"INV-S10": (2, 4200)})
    waiting = confirmed_order("C003", {"PV-M550": (10, 800)})
    return {
        "order": delivered.pk,
        "delivery": delivery.pk,
        "receivable": Receivable.objects.get(delivery=delivery).pk,
        "draft": draft.pk,
        "notice": waiting.deliveries.get().pk,
    }


def _pages(ids: dict[str, int]) -> list[tuple[str, list[str], dict[str, int]]]:
    """URL, who may see it, and who is refused with which status."""
    return [
        (
            "/sales/orders/",
            ["ops_specialist", "ops_manager", "data_analyst", "accountant"],
            {"buyer": 403, "logistics_clerk": 403},
        ),
        ("/sales/orders/new/", ["ops_specialist"], {"data_analyst": 403, "buyer": 403}),
        ("/sales/orders/import/", ["ops_specialist"], {"accountant": 403}),
        ("/sales/orders/import/template.xlsx", ["ops_specialist"], {"accountant": 403}),
        (
            f"/sales/orders/{ids['order']}/",
            ["ops_specialist", "ops_manager", "fin_manager", "accountant", "data_analyst"],
            {"buyer": 403, "logistics_clerk": 403, "biz_lead": 404},
        ),
        (f"/sales/orders/{ids['draft']}/edit/", ["ops_specialist"], {"data_analyst": 403}),
        (
            f"/sales/orders/{ids['order']}/credit/",
            ["ops_manager", "fin_manager"],
            {"buyer": 403, "biz_lead": 404},
        ),
        (
            "/sales/deliveries/",
            ["logistics_clerk", "ops_specialist", "accountant"],
            {"buyer": 403, "hr_manager": 403},
        ),
        (
            f"/sales/deliveries/{ids['delivery']}/",
            ["logistics_clerk", "warehouse_keeper", "ops_specialist", "ops_manager"],
            {"buyer": 403, "biz_lead": 404},
        ),
        (
            f"/sales/deliveries/{ids['delivery']}/print/",
            ["logistics_clerk", "ops_specialist"],
            {"buyer": 403, "biz_lead": 404},
        ),
        (
            "/sales/receivables/",
            ["accountant", "fin_manager", "ops_specialist", "ops_manager"],
            {"logistics_clerk": 403, "data_analyst": 403},
        ),
        (
            f"/sales/receivables/{ids['receivable']}/",
            ["accountant", "ops_specialist"],
            {"buyer": 403, "biz_lead": 403},
        ),
        (
            "/sales/receivables/ageing/",
            ["accountant", "ops_specialist"],
            {"logistics_clerk": 403, "buyer": 403},
        ),
        ("/sales/payments/", ["accountant", "ops_specialist"], {"buyer": 403}),
        ("/sales/payments/new/", ["accountant", "fin_manager"], {"ops_specialist": 403}),
        (
            "/sales/targets/",
            ["ops_manager", "data_analyst", "gm"],
            {"ops_specialist": 403, "buyer": 403},
        ),
        ("/sales/targets/new/", ["ops_manager"], {"data_analyst": 403}),
        (
            "/sales/statistics/",
            ["data_analyst", "ops_manager", "fin_manager"],
            {"ops_specialist": 403, "buyer": 403, "logistics_clerk": 403},
        ),
    ]


def test_every_page_renders_for_those_who_may_see_it_and_refuses_the_others(web, sold) -> None:
    for url, allowed, refused in _pages(sold):
        for username in allowed:
            response = web(username).get(url)
            assert response.status_code == 200, (url, username, response.status_code)
        for username, status in refused.items():
            response = web(username).get(url)
            assert response.status_code == status, (url, username, response.status_code)


def test_a_receivable_outside_the_scope_is_not_found(web) -> None:
    put_stock("JB-IP68", 100, cost=28)
    delivery = ship_and_deliver(confirmed_order("C004", {"JB-IP68": (10, 45)}, by="ops_supervisor"))
    receivable = Receivable.objects.get(delivery=delivery)
    # The order (and with it its receivable) belongs to another department now.
    SalesOrder.objects.filter(pk=delivery.order_id).update(
        department=Department.objects.get(code="FIN")
    )
    assert web("ops_specialist").get(f"/sales/receivables/{receivable.pk}/").status_code == 404
    assert web("accountant").get(f"/sales/receivables/{receivable.pk}/").status_code == 200


def test_the_menu_leads_each_role_to_its_sales_pages(web, sold) -> None:
    specialist = web("ops_specialist").get("/sales/orders/").content.decode()
    assert 'href="/sales/orders/"' in specialist and 'href="/sales/deliveries/"' in specialist
    assert 'href="/sales/statistics/"' not in specialist
    clerk = web("logistics_clerk").get("/sales/deliveries/").content.decode()
    assert 'href="/sales/deliveries/"' in clerk and 'href="/sales/orders/"' not in clerk
    analyst = web("data_analyst").get("/sales/statistics/").content.decode()
    assert 'href="/sales/statistics/"' in analyst and 'href="/sales/targets/"' in analyst


def test_the_order_list_filters_and_its_export_is_audited(web, sold) -> None:
    client = web("ops_specialist")
    page = client.get("/sales/orders/").content.decode()
    assert page.count("/sales/orders/") >= 3
    drafts = client.get("/sales/orders/?state=draft").content.decode()
    assert f'href="/sales/orders/{sold["draft"]}/"' in drafts
    assert f'href="/sales/orders/{sold["order"]}/"' not in drafts
    shanghai = Region.objects.get(code="SH").pk
    by_region = client.get(f"/sales/orders/?region={shanghai}").content.decode()
    assert f'href="/sales/orders/{sold["order"]}/"' in by_region
    assert f'href="/sales/orders/{sold["draft"]}/"' not in by_region
    searched = client.get("/sales/orders/?q=INV-S10").content.decode()
    assert f'href="/sales/orders/{sold["draft"]}/"' in searched
    assert f'href="/sales/orders/{sold["order"]}/"' not in searched
    today = timezone.localdate().isoformat()
    dated = client.get(f"/sales/orders/?start={today}&end={today}").content.decode()
    assert f'href="/sales/orders/{sold["order"]}/"' in dated
    assert (
        "/sales/orders/"
        in client.get("/sales/orders/?start=2000-01-01&end=2000-01-02").content.decode()
    )

    before = AuditEvent.objects.filter(action="core.export").count()
    export = client.get("/sales/orders/?state=draft&format=xlsx")
    assert export.status_code == 200 and export.streaming
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    b"".join(export.streaming_content)  # audited once the file is complete
    event = AuditEvent.objects.filter(action="core.export").order_by("-seq").first()
    assert AuditEvent.objects.filter(action="core.export").count() == before + 1
    assert event is not None and event.object_type == "sales.salesorder"
    assert event.clause == "ORG-4" and event.changes["rows"] == 1
    assert event.changes["filters"] == {"state": "draft"}


def test_the_order_page_shows_lines_credit_deliveries_and_receivables(web, sold) -> None:
    page = english(web("ops_specialist")).get(f"/sales/orders/{sold['order']}/").content.decode()
    for text in ("PV-M550", "Credit limit", "800,000.00", "Current exposure", "78,000.00"):
        assert text in page, text
    assert 'id="order-lines"' in page and 'id="order-receivables"' in page
    assert f'href="/sales/deliveries/{sold["delivery"]}/"' in page
    assert "Confirm order" not in page  # delivered: nothing to confirm
    draft = english(web("ops_specialist")).get(f"/sales/orders/{sold['draft']}/").content.decode()
    assert "Confirm order" in draft and f"/sales/orders/{sold['draft']}/edit/" in draft
    manager = english(web("ops_manager")).get(f"/sales/orders/{sold['draft']}/").content.decode()
    assert "Confirm order" not in manager  # may see, may not manage


def test_the_delivery_list_marks_late_deliveries_and_filters(web, sold) -> None:
    waiting = SalesOrder.objects.get(deliveries=sold["notice"])
    SalesOrder.objects.filter(pk=waiting.pk).update(
        promised_date=timezone.localdate() - timezone.timedelta(days=3)
    )
    client = english(web("logistics_clerk"))
    page = client.get("/sales/deliveries/").content.decode()
    assert "late" in page
    late = client.get("/sales/deliveries/?late=1").content.decode()
    assert f'href="/sales/deliveries/{sold["notice"]}/"' in late
    assert f'href="/sales/deliveries/{sold["delivery"]}/"' not in late
    shipped = client.get("/sales/deliveries/?state=delivered").content.decode()
    assert f'href="/sales/deliveries/{sold["delivery"]}/"' in shipped
    assert f'href="/sales/deliveries/{sold["notice"]}/"' not in shipped
    detail = client.get(f"/sales/deliveries/{sold['notice']}/").content.decode()
    assert 'id="ship-form"' in detail and "The promised date has passed" in detail


def test_the_delivery_note_prints_with_what_the_customer_signs_for(web, sold) -> None:
    response = english(web("logistics_clerk")).get(f"/sales/deliveries/{sold['delivery']}/print/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "示例光伏科技有限公司",
        "Delivery note",
        "上海阳光新能源工程有限公司",
        "PV-M550",
        "单晶 PERC 光伏组件",
        "550W 144 片半片",
        "pcs",  # the unit 块 in English
        "顺丰物流",
        "SF1234567890",
        "Received by the customer",
        "data-print",  # the print button (yunying.js; no inline handler under the CSP)
    ):
        assert text in page, text
    assert 'class="sidebar"' not in page  # no menu on paper
    assert '<td class="num">100</td>' in page  # the quantity without trailing zeros


def test_receivables_list_totals_and_filters(web, sold) -> None:
    client = english(web("accountant"))
    page = client.get("/sales/receivables/").content.decode()
    assert "78,000.00" in page and f'href="/sales/receivables/{sold["receivable"]}/"' in page
    Receivable.objects.filter(pk=sold["receivable"]).update(
        due_date=timezone.localdate() - timezone.timedelta(days=5)
    )
    overdue = client.get("/sales/receivables/?overdue=1").content.decode()
    assert f'href="/sales/receivables/{sold["receivable"]}/"' in overdue and "overdue" in overdue
    settled = client.get("/sales/receivables/?state=settled").content.decode()
    assert f'href="/sales/receivables/{sold["receivable"]}/"' not in settled
    detail = client.get(f"/sales/receivables/{sold['receivable']}/").content.decode()
    assert "5 days overdue" in detail and "Record a payment" in detail


def test_the_ageing_page_shows_the_buckets_by_customer_and_region(web) -> None:
    put_stock("MNT-RF", 100, cost=450)
    today = timezone.localdate()
    for days_overdue in (-5, 10, 45, 75, 120):
        delivery = ship_and_deliver(confirmed_order("C002", {"MNT-RF": (10, 650)}))
        Receivable.objects.filter(delivery=delivery).update(
            due_date=today - timezone.timedelta(days=days_overdue)
        )
    client = english(web("accountant"))
    page = client.get("/sales/receivables/ageing/").content.decode()
    for text in ("Not yet due", "1–30 days", "31–60 days", "61–90 days", "Over 90 days"):
        assert text in page, text
    assert "江苏苏能光伏科技有限公司" in page and "32,500.00" in page and "26,000.00" in page
    assert "data-chart=" in page and "&quot;stack&quot;" in page
    region = client.get("/sales/receivables/ageing/?by=region").content.decode()
    assert "江苏" in region and "32,500.00" in region
    chinese = web("fin_manager").get("/sales/receivables/ageing/")
    assert chinese.status_code == 200


def test_the_targets_page_shows_the_tree_with_achievement(web) -> None:
    today = timezone.localdate()
    manager = person("ops_manager")
    east = targets.set_target(
        period="month",
        year=today.year,
        number=today.month,
        region=Region.objects.get(code="EAST"),
        orders_amount=Decimal("500000"),
        revenue_amount=Decimal("400000"),
        collection_amount=Decimal("100000"),
        actor=manager,
    )
    targets.set_target(
        period="month",
        year=today.year,
        number=today.month,
        region=Region.objects.get(code="SH"),
        parent=east,
        orders_amount=Decimal("300000"),
        actor=manager,
    )
    put_stock("PV-M550", 200, cost=620)
    delivery = ship_and_deliver(confirmed_order("C001", {"PV-M550": (100, 780)}))
    settlement.record_payment(
        customer=delivery.order.customer,
        amount=Decimal("20000"),
        received_on=today,
        actor=person("accountant"),
    )
    page = english(web("ops_manager")).get("/sales/targets/").content.decode()
    assert "华东大区" in page and "上海" in page
    assert "15.6%" in page and "19.5%" in page and "20%" in page  # orders, revenue, collection
    assert 'role="progressbar"' in page and "Break down" in page
    other = web("ops_manager").get(f"/sales/targets/?period=year&year={today.year}")
    assert "华东大区" not in other.content.decode()
    analyst = english(web("data_analyst")).get("/sales/targets/").content.decode()
    assert "华东大区" in analyst and "Set a target" not in analyst


def test_the_statistics_page_shows_every_table_and_exports_each_audited(web, sold) -> None:
    client = english(web("data_analyst"))
    page = client.get("/sales/statistics/").content.decode()
    for key in ("month", "item", "customer", "region"):
        assert f'id="by-{key}"' in page, key
    assert "PV-M550 单晶 PERC 光伏组件" in page and "C001 上海阳光新能源工程有限公司" in page
    assert "86,000.00" in page  # 78,000 + 8,000 confirmed; the draft does not count
    assert page.count("data-chart=") == 4
    today = timezone.localdate().isoformat()
    empty = client.get("/sales/statistics/?start=2000-01-01&end=2000-01-31").content.decode()
    assert "No confirmed sales in this period." in empty
    response = client.get(f"/sales/statistics/?start={today}&export=item")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.filter(action="core.export").order_by("-seq").first()
    assert event is not None and event.object_type == "sales.statistics"
    assert event.changes["filters"] == {"by": "item", "start": today}
    assert event.changes["rows"] == 1
