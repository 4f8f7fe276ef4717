"""The order list's Excel download: written in constant memory, one row per order line, read
with one query however many orders, audited (ORG-4)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from yunying.core.models import AuditEvent, Employee
from yunying.masterdata.models import Customer, Item
from yunying.sales.models import SalesOrder, SalesOrderLine

pytestmark = pytest.mark.django_db


def orders(count: int, lines: int = 2, prefix: str = "DL-A") -> list[SalesOrder]:
    """``count`` orders numbered ``prefix``…, newest last, each with ``lines`` lines."""
    author = Employee.objects.get(user__username="ops_specialist")
    customer = Customer.objects.get(code="C001")
    items = list(Item.objects.order_by("code")[:lines])
    made = []
    for n in range(count):
        order = SalesOrder.objects.create(
            number=f"{prefix}{n:03d}",
            department=author.department,
            created_by=author,
            customer=customer,
            region=customer.region,
            state=SalesOrder.State.CONFIRMED,
            order_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n // 2),
            promised_date=datetime.date(2025, 2, 1),
        )
        for index, item in enumerate(items):
            SalesOrderLine.objects.create(
                order=order,
                item=item,
                quantity=Decimal(index + 1),
                unit_price=Decimal("12.50"),
                amount=Decimal("12.50") * (index + 1),
            )
        made.append(order)
    return made


def download(client, url: str) -> tuple[list[tuple], int]:
    response = client.get(url)
    assert response.status_code == 200 and response.streaming
    with CaptureQueriesContext(connection) as queries:
        content = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    return rows, len(queries)


def test_the_order_download_streams_every_line_in_the_list_order(web) -> None:
    made = orders(3)
    SalesOrder.objects.create(  # an order without lines has no row but counts as exported
        number="DL-999",
        department=made[0].department,
        created_by=made[0].created_by,
        customer=made[0].customer,
        region=made[0].region,
        order_date=datetime.date(2024, 1, 1),
        promised_date=datetime.date(2024, 2, 1),
    )
    client = web("ops_specialist")
    client.cookies["django_language"] = "en"
    before = AuditEvent.objects.filter(action="core.export").count()
    rows, queries = download(client, "/sales/orders/?q=DL-&format=xlsx")
    assert rows[0][:3] == ("Order number", "Order date", "Customer code")
    # Newest first (order date, then the later order), each order's lines as entered.
    assert [(r[0], r[11]) for r in rows[1:]] == [
        ("DL-A002", 1),
        ("DL-A002", 2),
        ("DL-A001", 1),
        ("DL-A001", 2),
        ("DL-A000", 1),
        ("DL-A000", 2),
    ]
    first = rows[1]
    assert first[1].date() == datetime.date(2025, 1, 2) and first[7] == "confirmed"
    assert first[12] == 12.5 and first[13] == 12.5 and first[16] == made[0].created_by.name
    event = AuditEvent.objects.filter(action="core.export").order_by("-seq").first()
    assert AuditEvent.objects.filter(action="core.export").count() == before + 1
    assert event is not None and event.object_type == "sales.salesorder"
    assert event.changes == {"rows": 4, "filters": {"q": "DL-"}}

    orders(6, lines=3, prefix="DL-B")  # more orders and lines: no more queries (none per order)
    more, more_queries = download(client, "/sales/orders/?q=DL-&format=xlsx")
    assert len(more) == 1 + 3 * 2 + 6 * 3
    assert more_queries == queries
