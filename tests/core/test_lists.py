"""What every list page offers (``core.lists``): sorting by its columns from the list's own
choice, with the primary key as the tie-breaker (keyset pages included), and the Excel download
of the list as filtered and sorted, audited and refused as the list's permission says."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from yunying.core import lists
from yunying.core.errors import ValidationFailed
from yunying.core.models import AuditEvent, Employee
from yunying.inventory.models import StockLedgerEntry
from yunying.masterdata.models import Customer, Item, Location
from yunying.sales.lists import RECEIVABLES
from yunying.sales.models import Delivery, Receivable, SalesOrder

pytestmark = pytest.mark.django_db


def receivables(amounts: list[str], prefix: str = "LS-AR") -> list[Receivable]:
    """Receivables numbered ``prefix``0…, due one day apart, of the given amounts."""
    author = Employee.objects.get(user__username="ops_specialist")
    customer = Customer.objects.get(code="C001")
    made = []
    for n, amount in enumerate(amounts):
        order = SalesOrder.objects.create(
            number=f"{prefix}-SO{n}",
            department=author.department,
            created_by=author,
            customer=customer,
            region=customer.region,
            state=SalesOrder.State.CONFIRMED,
            order_date=datetime.date(2025, 1, 1),
            promised_date=datetime.date(2025, 2, 1),
        )
        delivery = Delivery.objects.create(
            number=f"{prefix}-DN{n}", department=author.department, created_by=author, order=order
        )
        made.append(
            Receivable.objects.create(
                number=f"{prefix}{n}",
                department=author.department,
                created_by=author,
                customer=customer,
                region=customer.region,
                order=order,
                delivery=delivery,
                invoice_date=datetime.date(2025, 3, 1),
                due_date=datetime.date(2025, 4, 1) + datetime.timedelta(days=n),
                amount=Decimal(amount),
            )
        )
    return made


def numbers(response) -> list[str]:
    return [r.number for r in response.context["page"] if r.number.startswith("LS-")]


def workbook(response) -> list[tuple]:
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_the_receivable_list_sorts_each_way_with_the_id_breaking_ties(web) -> None:
    receivables(["30.00", "10.00", "30.00", "20.00"])
    client = web("accountant")
    up = client.get("/sales/receivables/?q=LS-AR&sort=amount")
    assert numbers(up) == ["LS-AR1", "LS-AR3", "LS-AR0", "LS-AR2"]
    down = client.get("/sales/receivables/?q=LS-AR&sort=-amount")
    assert numbers(down) == ["LS-AR2", "LS-AR0", "LS-AR3", "LS-AR1"]
    # The heading links keep the filter and turn the sort around.
    assert 'href="?q=LS-AR&amp;sort=-amount"' in up.content.decode()
    assert '<input type="hidden" name="sort" value="-amount">' in down.content.decode()
    # The page number stays when the sort changes, and the sort when the page does.
    paged = client.get("/sales/receivables/?q=LS-AR&page=1&sort=due").content.decode()
    assert 'href="?q=LS-AR&amp;page=1&amp;sort=-due"' in paged
    assert client.get("/sales/receivables/?q=LS-AR&page=1&sort=due").context["query"] == (
        "q=LS-AR&sort=due"
    )


def test_a_sort_the_list_does_not_offer_is_ignored_on_the_page_and_refused_by_the_api(
    web,
) -> None:
    receivables(["10.00", "20.00"])
    response = web("accountant").get("/sales/receivables/?q=LS-AR&sort=customer__credit_limit")
    assert response.status_code == 200
    assert numbers(response) == ["LS-AR0", "LS-AR1"]  # the list's own order: due date
    assert lists.ordering(RECEIVABLES, "password") == RECEIVABLES.default
    with pytest.raises(ValidationFailed) as refused:
        lists.ordering(RECEIVABLES, "-password", strict=True)
    assert refused.value.field == "sort"
    assert lists.ordering(RECEIVABLES, "-due", strict=True) == ("-due_date", "-id")


def ledger_entries(count: int) -> list[StockLedgerEntry]:
    item = Item.objects.order_by("code").first()
    location = Location.objects.order_by("id").first()
    moment = timezone.now() - datetime.timedelta(days=400)
    made = []
    for n in range(count):
        made.append(
            StockLedgerEntry.objects.create(
                item=item,
                location=location,
                kind="adjust",
                quantity=Decimal(1 + n % 3),
                unit_cost=Decimal("2"),
                value=Decimal(2 + 2 * (n % 3)),
                posting_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 4),
                posted_at=moment + datetime.timedelta(minutes=n),
                source_type="test.ledger",
                source_id=n,
                source_number=f"LS-LG{n:02d}",
            )
        )
    return made


def test_the_keyset_ledger_pages_through_a_chosen_order_each_way(web) -> None:
    ledger_entries(57)  # two pages of 50
    client = web("warehouse_keeper")

    def walk(sort: str) -> list[str]:
        seen: list[str] = []
        url = f"/inventory/ledger/?number=LS-LG&sort={sort}"
        while url:
            response = client.get(url)
            assert response.status_code == 200
            page = response.context["page"]
            seen += [e.source_number for e in page.object_list]
            query = response.context["query"]
            url = f"/inventory/ledger/?{query}&cursor={page.next_cursor}" if page.has_next else ""
        return seen

    by_date = walk("date")
    by_date_down = walk("-date")
    entries = StockLedgerEntry.objects.filter(source_number__startswith="LS-LG")
    expected = [e.source_number for e in entries.order_by("posting_date", "id")]
    assert by_date == expected
    assert by_date_down == expected[::-1]


def test_receivables_download_with_the_filter_and_sort_audited(web) -> None:
    receivables(["30.00", "10.00", "20.00"])
    client = web("accountant")
    client.cookies["django_language"] = "en"
    before = AuditEvent.objects.filter(action="core.export").count()
    with translation.override("en"):
        rows = workbook(client.get("/sales/receivables/?q=LS-AR&sort=-amount&format=xlsx"))
    assert rows[0][:3] == ("Number", "Customer code", "Customer")
    assert [r[0] for r in rows[1:]] == ["LS-AR0", "LS-AR2", "LS-AR1"]
    assert rows[1][-1] == "open"
    event = AuditEvent.objects.filter(action="core.export").order_by("-seq").first()
    assert AuditEvent.objects.filter(action="core.export").count() == before + 1
    assert event.object_type == "sales.receivable" and event.changes["rows"] == 3
    assert event.changes["filters"] == {"q": "LS-AR", "sort": "-amount"}


def test_receivables_download_is_refused_and_audited_without_the_grant(web) -> None:
    before = AuditEvent.objects.filter(action="core.export_refused").count()
    response = web("logistics_clerk").get("/sales/receivables/?format=xlsx")
    assert response.status_code == 403
    refused = AuditEvent.objects.filter(action="core.export_refused").order_by("-seq")
    assert refused.count() == before + 1
    assert refused.first().object_type == "sales.receivable"


def test_the_ledger_download_with_prices_is_audited_and_refused_without_the_grant(web) -> None:
    ledger_entries(4)
    client = web("accountant")  # sees stock and prices
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        rows = workbook(client.get("/inventory/ledger/?number=LS-LG&sort=-document&format=xlsx"))
    assert [r[rows[0].index("Document")] for r in rows[1:]] == [
        "LS-LG03",
        "LS-LG02",
        "LS-LG01",
        "LS-LG00",
    ]
    assert "Unit cost" in rows[0]
    event = AuditEvent.objects.filter(action="core.export").order_by("-seq").first()
    assert event.object_type == "inventory.stockledgerentry" and event.changes["rows"] == 4
    before = AuditEvent.objects.filter(action="core.export_refused").count()
    assert web("prod_manager").get("/inventory/ledger/?format=xlsx").status_code == 403
    assert AuditEvent.objects.filter(action="core.export_refused").count() == before + 1


def test_a_long_list_becomes_a_background_export_job(web, settings) -> None:
    receivables(["10.00", "20.00", "30.00"])
    settings.YUNYING_EXPORT_INLINE_ROWS = 2
    response = web("accountant").get("/sales/receivables/?q=LS-AR&format=xlsx")
    assert response.status_code == 302 and response["Location"] == "/exports/"
    from yunying.core.models import ExportJob

    job = ExportJob.objects.order_by("-id").first()
    assert job.kind == "sales.receivables" and job.parameters == {"q": "LS-AR"}
    from yunying.core.services import export_jobs

    done = export_jobs.perform(job.pk)
    assert done.state == ExportJob.State.DONE and done.rows == 3


def test_every_registered_list_sorts_by_each_of_its_columns_and_writes_its_file(people) -> None:
    names = ("fin_manager", "warehouse_keeper", "buyer", "admin", "ops_manager")
    readers = [people(name) for name in names]
    for spec in lists.all_lists():
        reader = next(r for r in readers if spec.may_read(r))
        rows = spec.rows(reader, {})
        for key in spec.sorts:
            for sort in (key, f"-{key}"):
                list(rows.order_by(*lists.ordering(spec, sort))[:2])
        if spec.export:
            count, file = lists.write(spec, reader, rows, {"sort": next(iter(spec.sorts))})
            with file:
                sheet = load_workbook(file).active
                header = next(sheet.iter_rows(values_only=True))
            assert len(header) == len(spec.columns_for(reader)), spec.name
            assert count == rows.count(), spec.name


def test_the_api_sorts_from_the_lists_choice_and_refuses_any_other(api) -> None:
    receivables(["30.00", "10.00", "20.00"])
    client = api("accountant")
    answer = client.get("/api/v1/receivables/", {"q": "LS-AR", "sort": "-amount"})
    assert [r["number"] for r in answer.json()["results"]] == ["LS-AR0", "LS-AR2", "LS-AR1"]
    refused = client.get("/api/v1/receivables/", {"sort": "customer__credit_limit"})
    assert refused.status_code == 400 and refused.json()["field"] == "sort"
    ledger_entries(3)
    ledger = client.get("/api/v1/inventory/ledger/", {"number": "LS-LG", "sort": "document"})
    assert [e["source_number"] for e in ledger.json()["results"]] == [
        "LS-LG00",
        "LS-LG01",
        "LS-LG02",
    ]
    assert client.get("/api/v1/inventory/ledger/", {"sort": "unit_cost"}).status_code == 400


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("/procurement/contracts/", "procurement.purchasecontract"),
        ("/sales/payments/", "sales.payment"),
        ("/sales/deliveries/", "sales.delivery"),
    ],
)
def test_other_downloads_are_refused_and_audited_without_the_grant(web, url, what) -> None:
    before = AuditEvent.objects.filter(action="core.export_refused", object_type=what).count()
    assert web("prod_manager").get(f"{url}?format=xlsx").status_code == 403
    after = AuditEvent.objects.filter(action="core.export_refused", object_type=what).count()
    assert after == before + 1


def test_the_contract_download_holds_the_readers_contracts_only(web) -> None:
    from yunying.masterdata.models import Supplier
    from yunying.procurement.models import PurchaseContract

    supplier = Supplier.objects.order_by("code").first()
    for number, author in (("LS-PC-1", "buyer"), ("LS-PC-2", "proc_manager")):
        by = Employee.objects.get(user__username=author)
        department = by.department if author == "buyer" else by.department.parent
        PurchaseContract.objects.create(
            number=number, department=department, created_by=by, supplier=supplier
        )
    client = web("buyer")
    client.cookies["django_language"] = "en"
    rows = workbook(client.get("/procurement/contracts/?q=LS-PC&format=xlsx"))
    assert [r[0] for r in rows[1:]] == ["LS-PC-1"]


def test_the_audit_trail_downloads_as_searched_audited_and_refused_without_the_grant(web) -> None:
    client = web("admin")
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        rows = workbook(client.get("/audit/?q=core.create_&sort=seq&format=xlsx"))
    heading = rows[0]
    assert heading[:4] == ("Sequence", "Time", "Actor", "Action") and "Changes" in heading
    found = AuditEvent.objects.filter(action__icontains="core.create_").order_by("seq")
    assert found.exists()
    assert [r[0] for r in rows[1:]] == [e.seq for e in found]
    event = AuditEvent.objects.filter(action="core.export").order_by("-seq").first()
    assert event.object_type == "core.auditevent" and event.changes["rows"] == len(rows) - 1
    before = AuditEvent.objects.filter(action="core.export_refused").count()
    assert web("ops_specialist").get("/audit/?format=xlsx").status_code == 403
    assert AuditEvent.objects.filter(action="core.export_refused").count() == before + 1
