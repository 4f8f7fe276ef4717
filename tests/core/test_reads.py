"""Reading long lists: the API page size cap, pages read through the index (primary keys first),
keyset pages of the stock ledger (web and API) and the streaming Excel writer."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.request import Request

from yunying.core import keyset
from yunying.core.excel import build_workbook, write_workbook
from yunying.core.pagination import MAX_LIMIT, ListPaginator, Pagination, page_rows
from yunying.inventory import selectors
from yunying.inventory.models import StockLedgerEntry
from yunying.masterdata.models import Item, ItemCategory, Location

pytestmark = pytest.mark.django_db


def make_items(count: int, prefix: str = "RD") -> list[Item]:
    category = ItemCategory.objects.first()
    Item.objects.bulk_create(
        Item(code=f"{prefix}{i:04d}", name=f"read {i}", category=category) for i in range(count)
    )
    return list(Item.objects.filter(code__startswith=prefix).order_by("code"))


def test_the_api_answers_at_most_200_rows_a_page(api) -> None:
    make_items(MAX_LIMIT + 5)
    total = Item.objects.count()
    client = api("buyer")
    answer = client.get("/api/v1/items/?limit=20000").json()
    assert answer["count"] == total and len(answer["results"]) == MAX_LIMIT
    assert "limit=200" in answer["next"]
    assert len(client.get("/api/v1/items/").json()["results"]) == 50  # PAGE_SIZE
    rest = client.get(f"/api/v1/items/?limit=20000&offset={MAX_LIMIT}").json()["results"]
    codes = [r["code"] for r in answer["results"] + rest]
    assert len(codes) == total and len(set(codes)) == total  # no row twice, none left out


def test_the_cap_is_documented_in_the_schema() -> None:
    request = Request(RequestFactory().get("/api/v1/items/?limit=20000"))
    assert Pagination().get_limit(request) == MAX_LIMIT
    limit = next(
        p for p in Pagination().get_schema_operation_parameters(None) if p["name"] == "limit"
    )
    assert limit["schema"]["maximum"] == MAX_LIMIT and "200" in limit["description"]


def test_pages_read_keys_first_keep_the_order_and_the_related_rows() -> None:
    items = make_items(7)
    rows = Item.objects.filter(code__startswith="RD").select_related("category").order_by("-code")
    page = page_rows(rows, 2, 5)
    assert [i.code for i in page] == [i.code for i in items[::-1][2:5]]
    assert page[0].category.name  # the related row came with it
    paginator = ListPaginator(rows, 3)
    assert paginator.count == 7 and paginator.num_pages == 3
    assert [i.code for i in paginator.page(3)] == [items[0].code]
    assert page_rows(["a", "b", "c"], 1, 2) == ["b"]


def ledger_rows(minutes: list[int], prefix: str = "RL") -> list[int]:
    """Ledger rows of a new item posted ``minutes`` after an hour ago; their ids newest first,
    as the ledger lists them."""
    item = make_items(1, prefix=prefix)[0]
    location = Location.objects.get(code="A-01")
    start = timezone.now() - datetime.timedelta(hours=1)
    moments = [start + datetime.timedelta(minutes=m) for m in minutes]
    StockLedgerEntry.objects.bulk_create(
        StockLedgerEntry(
            item=item,
            location=location,
            kind="opening",
            quantity=Decimal(1),
            unit_cost=Decimal(1),
            value=Decimal(1),
            posting_date=moment.date(),
            posted_at=moment,
            source_type="test.reads",
            source_id=n,
            source_number=f"RL-{n}",
        )
        for n, moment in enumerate(moments)
    )
    return list(selectors.ledger(item=item).values_list("pk", flat=True))


@pytest.fixture
def entries() -> list[int]:
    """Nine ledger rows of one item, three of them posted at the same instant (ties)."""
    return ledger_rows([1, 2, 3, 3, 3, 4, 5, 6, 7])


def test_keyset_pages_walk_forward_and_back_in_a_total_order(entries) -> None:
    rows = StockLedgerEntry.objects.filter(pk__in=entries)
    order = selectors.LEDGER_ORDER
    pages, cursor = [], None
    while True:
        page = keyset.paginate(rows, order, cursor, 2)
        pages.append([e.pk for e in page])
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert [pk for p in pages for pk in p] == entries  # each row once, ties in id order
    assert [len(p) for p in pages] == [2, 2, 2, 2, 1]
    assert keyset.paginate(rows, order, None, 2).previous_cursor is None
    back = []
    while page.has_previous:
        page = keyset.paginate(rows, order, page.previous_cursor, 2)
        back.append([e.pk for e in page])
    assert back == pages[-2::-1]
    with pytest.raises(keyset.InvalidCursor):
        keyset.paginate(rows, order, "not-a-cursor", 2)


def test_the_ledger_page_and_api_page_by_cursor(web, api, entries) -> None:
    item = StockLedgerEntry.objects.get(pk=entries[0]).item
    client = web("logistics_clerk")
    first = client.get(f"/inventory/ledger/?item={item.code}")
    assert first.status_code == 200
    page = first.context["page"]
    assert [e.pk for e in page] == entries  # fewer than a page: no links
    assert not page.has_other_pages
    assert client.get("/inventory/ledger/?cursor=rubbish").status_code == 200  # the first page
    assert not client.get("/inventory/ledger/?item=NO-SUCH-ITEM").context["page"].object_list

    reader = api("fin_manager")
    seen, url = [], f"/api/v1/inventory/ledger/?item={item.pk}&limit=4"
    while url:
        answer = reader.get(url).json()
        assert "count" not in answer
        seen += [r["id"] for r in answer["results"]]
        url = answer["next"]
    assert seen == entries
    assert reader.get("/api/v1/inventory/ledger/?cursor=rubbish").status_code == 404


def test_the_ledger_page_links_older_and_newer_pages(web) -> None:
    ids = ledger_rows([1] * 30 + [2] * 25, prefix="RP")  # 55 rows, a page holds 50
    code = StockLedgerEntry.objects.get(pk=ids[0]).item.code
    client = web("logistics_clerk")
    first = client.get(f"/inventory/ledger/?item={code}")
    page = first.context["page"]
    assert [e.pk for e in page] == ids[:50] and page.has_next and not page.has_previous
    html = first.content.decode()
    assert f"cursor={page.next_cursor}" in html and html.count("item=" + code) >= 1
    older = client.get(f"/inventory/ledger/?item={code}&cursor={page.next_cursor}")
    rest = older.context["page"]
    assert [e.pk for e in rest] == ids[50:] and not rest.has_next and rest.has_previous
    back = client.get(f"/inventory/ledger/?item={code}&cursor={rest.previous_cursor}")
    assert [e.pk for e in back.context["page"]] == ids[:50]


def test_the_streamed_workbook_opens_with_its_rows() -> None:
    day = datetime.date(2025, 3, 4)
    moment = datetime.datetime(2025, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
    rows = [["A&B <c>\x01", day, moment, 1.5, 7, True, None, Decimal("2.50")]]
    rows += [[f"row {n}", day, moment, n, n, False, "", Decimal(n)] for n in range(1200)]
    with write_workbook("Orders: 1/2", ["Text", "Day", "Moment", "F", "I"], iter(rows)) as file:
        sheet = load_workbook(file).active
    assert sheet.title == "Orders 12" and sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "Text" and sheet["A1"].font.b
    values = list(sheet.iter_rows(values_only=True))
    assert values[1] == (
        "A&B <c>",
        datetime.datetime.combine(day, datetime.time()),
        timezone.localtime(moment).replace(tzinfo=None),  # the company's time, naive
        1.5,
        7,
        True,
        None,
        2.5,
    )
    assert len(values) == 1202 and values[-1][0] == "row 1199" and values[-1][3] == 1199
    assert build_workbook("Empty", ["Only a header"], []) != b""
