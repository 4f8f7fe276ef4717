"""Links to other records lead where they point (core.links): a record's link is shown to those
who may open its page, as text to the others, and notifications carry a link only for them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.template import Context, Template
from django.test import RequestFactory

from yunying.core import access, links
from yunying.core.models import Employee, Notification
from yunying.core.services import inbox
from yunying.procurement.models import GoodsReceipt, PurchaseContract

pytestmark = pytest.mark.django_db

READERS = ["gm", "vp", "data_analyst", "ops_supervisor", "buyer", "fin_manager", "log_manager"]


@pytest.fixture(scope="module")
def company(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """A few months of the demo company's history, built once for this module."""
    from yunying.demo.history import build_history

    with django_db_blocker.unblock(), transaction.atomic():
        build_history()
        yield
        transaction.set_rollback(True)


def _render(source: str, employee: Employee, **context: Any) -> str:
    request = RequestFactory().get("/")
    request.employee = employee  # type: ignore[attr-defined]
    return Template("{% load links %}" + source).render(Context({"request": request, **context}))


def test_a_link_is_offered_exactly_to_who_may_open_the_page(company: None, web, people) -> None:
    """For every kind of record, the answer of can_open is the answer of its page."""
    for destination in links.destinations():
        records = list(destination.model._default_manager.order_by("-pk")[:1])
        for record in records:
            url = links.url_of(record)
            for username in READERS:
                opens = links.can_open(people(username), record)
                status = web(username).get(url).status_code
                assert (status == 200) == opens, (username, url, status)
                assert opens or status in (403, 404), (username, url, status)


def test_the_tag_links_for_one_reader_and_writes_text_for_another(company: None, people) -> None:
    contract = PurchaseContract.objects.order_by("pk").first()
    assert contract is not None
    source = '{% record_link contract class="btn" %}{{ contract.number }}{% end_record_link %}'
    shown = _render(source, people("gm"), contract=contract)
    assert (
        shown
        == f'<a href="/procurement/contracts/{contract.pk}/" class="btn">{contract.number}</a>'
    )
    assert _render(source, people("data_analyst"), contract=contract) == contract.number
    # No record (an approval not asked for yet) is the label alone.
    assert _render(source, people("gm"), contract=None) == ""


def test_a_stored_address_is_linked_only_when_it_leads_somewhere(company: None, people) -> None:
    contract = PurchaseContract.objects.order_by("pk").first()
    assert contract is not None
    url = links.url_of(contract)
    source = "{% url_link url %}news{% end_url_link %}"
    assert _render(source, people("gm"), url=url) == f'<a href="{url}">news</a>'
    assert _render(source, people("data_analyst"), url=url) == "news"
    assert links.can_follow(people("gm"), "/approvals/")  # a page, not a record: its own answer
    assert not links.can_follow(people("gm"), "/procurement/contracts/999999/")
    assert not links.can_follow(people("gm"), "/no/such/page/")
    assert not links.can_follow(people("gm"), "")


def test_a_list_of_links_costs_one_query_per_kind_of_record(
    company: None, people, django_assert_max_num_queries
) -> None:
    receipts = list(GoodsReceipt.objects.select_related("contract")[:20])
    assert len(receipts) > 1
    source = (
        "{% for r in receipts %}{% record_link r %}{{ r.number }}{% end_record_link %}"
        "{% record_link r.contract %}{{ r.contract.number }}{% end_record_link %}{% endfor %}"
    )
    for username in ("gm", "warehouse_keeper", "data_analyst"):
        reader = people(username)
        access.grants(reader, "procurement.view_contract")  # the grants, read once a request
        with django_assert_max_num_queries(2):  # one for receipts, one for contracts
            _render(source, reader, receipts=receipts)


def test_news_carries_its_link_only_to_who_may_open_it(company: None, people) -> None:
    contract = PurchaseContract.objects.order_by("pk").first()
    assert contract is not None
    url = links.url_of(contract)
    inbox.notify(
        [people("gm"), people("data_analyst")], title="Contract signed", url=url, source=contract
    )
    sent = {
        n.recipient.user.username: n.url
        for n in Notification.objects.filter(title="Contract signed").select_related(
            "recipient__user"
        )
    }
    assert sent == {"gm": url, "data_analyst": ""}


def test_the_inbox_shows_an_old_unreachable_link_as_text(company: None, people, web) -> None:
    contract = PurchaseContract.objects.order_by("pk").first()
    assert contract is not None
    url = links.url_of(contract)
    Notification.objects.create(recipient=people("data_analyst"), title="旧消息", url=url)
    page = web("data_analyst").get("/").content.decode()
    assert "旧消息" in page and f'href="{url}"' not in page


def test_a_page_reads_its_record_through_the_same_rule(company: None, people) -> None:
    from django.http import Http404

    contract = PurchaseContract.objects.order_by("pk").first()
    assert contract is not None
    assert links.detail_or_404(people("gm"), PurchaseContract, contract.pk) == contract
    with pytest.raises(Http404):
        links.detail_or_404(people("data_analyst"), PurchaseContract, contract.pk)
