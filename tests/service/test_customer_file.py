"""The customer file (SVC-4): the customer page shows the latest orders, deliveries, receivables,
service cases and satisfaction, each only to readers who may see them, within the page's
statement budget."""

from __future__ import annotations

import pytest

from tests.sales_steps import confirmed_order, customer, ship_and_deliver
from tests.stock import person, put_stock
from yunying.sales.models import Receivable
from yunying.service.models import Survey
from yunying.service.services import surveys
from yunying.service.services.cases import NewCase, open_case
from yunying.service.services.transitions import act

pytestmark = pytest.mark.django_db
STATEMENTS_PER_PAGE = 40  # as tests/test_crawler.py holds every page


def given_a_customer_with_history() -> Receivable:
    put_stock("PV-M600", 100, cost=700)
    delivery = ship_and_deliver(confirmed_order("C001", {"PV-M600": (10, 880)}))
    lead = person("cs_lead")
    case = open_case(
        NewCase(kind="inquiry", channel="phone", customer=customer("C001"), subject="安装咨询"),
        actor=lead,
    )
    case = act(case=case, verb="resolve", resolution="已解答", actor=lead)
    surveys.answer(survey=Survey.objects.get(case=case), score=5, comment="很满意")
    return Receivable.objects.get(delivery=delivery)


def english(client):  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.clause("SVC-4")
def test_receivables_show_only_to_readers_who_may_see_them(web) -> None:
    receivable = given_a_customer_with_history()
    url = f"/masterdata/customers/{customer('C001').pk}/"
    manager = english(web("ops_manager")).get(url).content.decode()
    assert 'id="customer-receivables"' in manager and receivable.number in manager
    assert "8,800.00" in manager  # the open balance
    assert 'id="customer-orders"' in manager and 'id="customer-service"' in manager
    agent = english(web("cs_lead")).get(url)
    assert agent.status_code == 200
    text = agent.content.decode()
    assert 'id="customer-receivables"' not in text and receivable.number not in text
    assert "8,800.00" not in text and "Open balance" not in text
    assert 'id="customer-service"' in text and "5.00" in text  # cases and satisfaction


@pytest.mark.clause("SVC-4")
def test_the_customer_page_stays_within_its_statement_budget(
    web, django_assert_max_num_queries
) -> None:
    given_a_customer_with_history()
    url = f"/masterdata/customers/{customer('C001').pk}/"
    for username in ("ops_manager", "cs_lead"):
        client = web(username)
        client.get(url)
        with django_assert_max_num_queries(STATEMENTS_PER_PAGE):
            assert client.get(url).status_code == 200
