"""Order → shipment with tracking number → receipt confirmed → payment → closed, in the browser."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.stock import put_stock
from yunying.masterdata.models import Customer, Item
from yunying.sales.models import Delivery, SalesOrder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("SALES-5")
def test_an_order_from_entry_to_closed_through_the_pages(login, live_server) -> None:
    url = live_server.url
    put_stock("INV-S10", 50, cost=3200)
    customer, item = Customer.objects.get(code="C007"), Item.objects.get(code="INV-S10")

    # The specialist enters the order and confirms it.
    specialist = login("ops_specialist")
    specialist.goto(f"{url}/sales/orders/new/")
    specialist.select_option("select[name=customer]", str(customer.pk))
    specialist.fill(
        "input[name=promised_date]", (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    )
    specialist.select_option("select[name='lines-0-item']", str(item.pk))
    specialist.fill("input[name='lines-0-quantity']", "6")
    specialist.fill("input[name='lines-0-unit_price']", "4200")
    specialist.click("button.primary[name=save]")
    specialist.wait_for_url("**/sales/orders/*/")
    specialist.click("form[action$='/confirm/'] button.primary")
    specialist.wait_for_selector(".badge.state-confirmed")
    order = SalesOrder.objects.get(customer=customer)

    # Logistics find the notice and ship it with a tracking number, then report it delivered.
    clerk = login("logistics_clerk")
    delivery = Delivery.objects.get(order=order)
    clerk.goto(f"{url}/sales/deliveries/{delivery.pk}/")
    clerk.fill("#ship-form input[name=carrier]", "顺丰速运")
    clerk.fill("#ship-form input[name=tracking_number]", "SF1400123456")
    clerk.click("#ship-form button.primary")
    clerk.wait_for_selector("#delivered-form")
    clerk.click("#delivered-form button.primary")
    clerk.wait_for_selector("text=SF1400123456")

    # The specialist records the customer's receipt.
    specialist.goto(f"{url}/sales/deliveries/{delivery.pk}/")
    specialist.click("#receipt-form button.primary")
    specialist.wait_for_selector("#receipt-form", state="detached")

    # Finance records the payment; the order is closed.
    accountant = login("accountant")
    accountant.goto(f"{url}/sales/payments/new/")
    accountant.select_option("#payment-form select[name=customer]", str(customer.pk))
    accountant.fill("#payment-form input[name=amount]", "25200")
    accountant.click("#payment-form button.primary")
    accountant.wait_for_url("**/sales/**")
    order.refresh_from_db()
    assert order.state == "closed"
    specialist.goto(f"{url}/sales/orders/{order.pk}/")
    assert specialist.locator(".badge.state-closed").count() >= 1
