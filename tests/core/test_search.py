"""The search box (``core.search``): documents by number, items, customers, suppliers and
employees, each within the scope of its list; grouped and capped; short queries answer a hint;
one statement per kind at most."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from yunying.core import search
from yunying.core.models import Department, Employee
from yunying.masterdata.models import Supplier
from yunying.procurement.models import PurchaseContract

pytestmark = pytest.mark.django_db


def contract(number: str, author: str, department: str = "") -> PurchaseContract:
    by = Employee.objects.get(user__username=author)
    return PurchaseContract.objects.create(
        number=number,
        department=Department.objects.get(code=department) if department else by.department,
        created_by=by,
        supplier=Supplier.objects.order_by("code").first(),
    )


def labels(groups: list[search.Group], name: str) -> list[str]:
    return [hit.label for group in groups if group.name == name for hit in group.hits]


def test_the_buyer_finds_a_contract_of_their_department_and_others_do_not(people) -> None:
    mine = contract("SRCH-PC-0001", "buyer")
    contract("SRCH-PC-0002", "proc_manager", department="LOG")  # outside the buyer's scope
    found = search.search(people("buyer"), "srch-pc")
    assert labels(found, "procurement.contracts") == ["SRCH-PC-0001"]
    hit = next(g for g in found if g.name == "procurement.contracts").hits[0]
    assert hit.url == f"/procurement/contracts/{mine.pk}/"
    # No permission to see contracts at all: nothing, not even the group.
    assert (
        labels(search.search(people("logistics_clerk"), "SRCH-PC"), "procurement.contracts") == []
    )
    # The finance manager sees every contract.
    assert labels(search.search(people("fin_manager"), "SRCH-PC"), "procurement.contracts") == [
        "SRCH-PC-0002",
        "SRCH-PC-0001",
    ]


def test_groups_are_capped_and_say_there_is_more(people) -> None:
    for n in range(search.PER_GROUP + 2):
        contract(f"SRCH-CAP-{n:04d}", "buyer")
    group = next(
        g for g in search.search(people("buyer"), "SRCH-CAP") if g.name == "procurement.contracts"
    )
    assert len(group.hits) == search.PER_GROUP and group.more


def test_a_short_query_answers_a_hint_on_the_page_and_in_the_api(web, api) -> None:
    assert search.search(Employee.objects.get(user__username="buyer"), " a ") == []
    client = web("buyer")
    client.cookies["django_language"] = "en"
    page = client.get("/search/?q=a")
    assert page.status_code == 200 and b"Type at least 2 characters" in page.content
    with translation.override("en"):
        answer = api("buyer").get("/api/v1/search/?q=a", HTTP_ACCEPT_LANGUAGE="en")
    assert answer.status_code == 200
    assert answer.json()["groups"] == [] and "2" in answer.json()["hint"]


def test_the_page_and_the_api_find_documents_items_and_people(web, api) -> None:
    contract("SRCH-PC-0100", "buyer")
    page = web("buyer").get("/search/?q=SRCH-PC-0100")
    assert page.status_code == 200 and b"SRCH-PC-0100" in page.content
    answer = api("buyer").get("/api/v1/search/?q=SRCH-PC-0100").json()
    assert [g["name"] for g in answer["groups"]] == ["procurement.contracts"]
    assert answer["groups"][0]["hits"][0]["label"] == "SRCH-PC-0100"
    employee = Employee.objects.get(user__username="buyer")
    by_name = api("fin_manager").get("/api/v1/search/", {"q": employee.name}).json()
    assert employee.employee_no in [
        h["label"] for g in by_name["groups"] if g["name"] == "core.employees" for h in g["hits"]
    ]


@pytest.mark.parametrize("username", ["fin_manager", "buyer", "gm"])
def test_one_statement_per_kind_at_most(username: str) -> None:
    contract("SRCH-PC-0200", "buyer")
    reader = Employee.objects.get(user__username=username)  # grants not loaded yet
    with CaptureQueriesContext(connection) as queries:
        search.search(reader, "SRCH")
    # The reader's grants once, then at most one query per registered kind.
    assert len(queries) <= len(search.providers()) + 1
