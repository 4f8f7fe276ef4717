"""The customer-relations pages: the lists, logging a contact with a follow-up through the form,
recording, correcting and deleting intelligence; refusals stay on the form."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from yunying.core.models import Task
from yunying.crm.models import Competitor, ContactRecord, MarketIntel
from yunying.crm.permissions import FOLLOW_UP_TASK
from yunying.masterdata.models import Customer

pytestmark = pytest.mark.django_db


def _when(hours: int = 2) -> str:
    return timezone.localtime(timezone.now() - datetime.timedelta(hours=hours)).strftime(
        "%Y-%m-%dT%H:%M"
    )


@pytest.mark.clause("COMM-3")
def test_log_a_contact_through_the_form(web: Any, people: Any) -> None:
    client = web("cs_lead")
    assert client.get("/crm/contacts/new/").status_code == 200
    customer = Customer.objects.filter(active=True).order_by("code").first()
    assert customer is not None
    due = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        "/crm/contacts/new/",
        {
            "customer": customer.pk,
            "kind": "visit",
            "occurred_at": _when(),
            "subject": "上门拜访",
            "owner_0": people("cs_agent").pk,
            "due_0": due,
            "text_0": "整理拜访纪要",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = ContactRecord.objects.get(subject="上门拜访")
    assert Task.objects.filter(kind=FOLLOW_UP_TASK, assignee=people("cs_agent")).exists()
    page = client.get(f"/crm/contacts/{record.pk}/").content.decode()
    assert "整理拜访纪要" in page
    assert "上门拜访" in client.get("/crm/contacts/").content.decode()
    assert client.get(f"/crm/contacts/{record.pk}/edit/").status_code == 200
    assert web("ops_manager").get(f"/crm/contacts/{record.pk}/edit/").status_code == 403


@pytest.mark.clause("COMM-3")
def test_a_form_without_a_party_keeps_its_input_with_the_error(web: Any) -> None:
    response = web("cs_lead").post(
        "/crm/contacts/new/", {"kind": "call", "occurred_at": _when(), "subject": "无对象"}
    )
    assert response.status_code == 200
    assert "无对象" in response.content.decode()
    assert not ContactRecord.objects.exists()


@pytest.mark.clause("MKT-1")
def test_record_correct_and_delete_intelligence(web: Any) -> None:
    competitor = Competitor.objects.create(name="丁科技")
    client = web("mkt_lead")
    assert client.get("/crm/intel/new/").status_code == 200
    body = {
        "competitor": competitor.pk,
        "product": "双面组件",
        "price": "0.99",
        "currency": "CNY",
        "unit": "W",
        "source": "exhibition",
        "observed_on": timezone.localdate().isoformat(),
    }
    assert client.post("/crm/intel/new/", body).status_code == 302
    entry = MarketIntel.objects.get(product="双面组件")
    assert client.get(f"/crm/intel/{entry.pk}/").status_code == 200
    assert client.get(f"/crm/intel/{entry.pk}/edit/").status_code == 200
    response = client.post(f"/crm/intel/{entry.pk}/edit/", {**body, "price": "0.97"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert str(entry.price) == "0.9700"
    assert web("data_analyst").post(f"/crm/intel/{entry.pk}/delete/").status_code == 302
    assert MarketIntel.objects.filter(pk=entry.pk).exists()  # not the author's: refused
    assert client.post(f"/crm/intel/{entry.pk}/delete/").status_code == 302
    assert not MarketIntel.objects.filter(pk=entry.pk).exists()
    assert client.get("/crm/intel/", {"format": "xlsx"}).status_code == 200


@pytest.mark.clause("COMM-3")
def test_the_customer_page_shows_its_contact_log(web: Any, people: Any) -> None:
    from yunying.crm.services import contacts

    customer = Customer.objects.filter(active=True).order_by("code").first()
    assert customer is not None
    record = contacts.log_contact(
        actor=people("ops_manager"),
        customer=customer,
        kind="meeting",
        occurred_at=timezone.now() - datetime.timedelta(hours=1),
        subject="年度合作会谈",
    )
    page = web("ops_manager").get(f"/masterdata/customers/{customer.pk}/").content.decode()
    assert "party-contact-log" in page and record.number in page
    other = web("admin").get(f"/masterdata/customers/{customer.pk}/").content.decode()
    assert "party-contact-log" not in other  # no contact log for the administrator
    new = web("ops_manager").get(f"/crm/contacts/new/?customer={customer.pk}").content.decode()
    assert f'<option value="{customer.pk}" selected>' in new
