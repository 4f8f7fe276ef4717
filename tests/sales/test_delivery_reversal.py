"""Cancelling a shipped delivery (SALES-3): a reversal, not an edit. The stock comes back into
the locations it left, the order can notice and ship the goods again, and once the goods were
delivered the cancellation is refused in favour of a customer return — by the services, the
API and the delivery page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from tests.sales_steps import confirmed_order
from tests.stock import item, person, put_stock
from yunying.core.errors import InvalidTransition, ValidationFailed
from yunying.inventory import selectors as stock
from yunying.sales.models import Delivery, SalesOrder
from yunying.sales.services import deliveries

pytestmark = pytest.mark.django_db

ITEM = "PV-M600"


def shipped() -> Delivery:
    """Given a confirmed order of 20 whose notice logistics shipped."""
    put_stock(ITEM, 50, cost=600)
    order = confirmed_order("C001", {ITEM: (20, 880)})
    delivery = order.deliveries.get(state="notice")
    return deliveries.ship(
        delivery=delivery,
        carrier="顺丰物流",
        tracking_number="SF1234567890",
        actor=person("logistics_clerk"),
    )


def on_hand() -> Decimal:
    return sum((b.on_hand for b in stock.balances(item=item(ITEM))), Decimal("0"))


def cancel(delivery: Delivery, reason: str = "客户改期") -> Delivery:
    return deliveries.cancel_shipment(
        delivery=delivery, reason=reason, actor=person("logistics_clerk")
    )


@pytest.mark.clause("SALES-3")
def test_cancelling_a_shipment_puts_the_stock_back_and_lets_the_order_ship_again() -> None:
    delivery = shipped()
    order = delivery.order
    after_shipping = on_hand()
    available = stock.available(item(ITEM).pk)

    cancel(delivery)

    delivery.refresh_from_db()
    assert delivery.state == "cancelled" and delivery.cancel_reason == "客户改期"
    assert on_hand() == after_shipping + 20
    # Reserved for the order again: what others may take does not change.
    assert stock.available(item(ITEM).pk) == available
    entries = stock.ledger(source_type="sales.delivery", source_id=delivery.pk)
    assert sorted(entry.quantity for entry in entries) == [Decimal(-20), Decimal(20)]
    line = order.lines.get()
    assert (line.shipped_quantity, line.noticed_quantity) == (0, 0)
    assert stock.ledger_mismatches() == []

    again = deliveries.create_notice(
        order=order, quantities={line: Decimal(20)}, actor=person("ops_specialist")
    )
    deliveries.ship(
        delivery=again, carrier="德邦", tracking_number="DB99", actor=person("logistics_clerk")
    )
    assert order.lines.get().shipped_quantity == 20
    assert on_hand() == after_shipping
    assert stock.ledger_mismatches() == []
    order.refresh_from_db()
    assert order.state in SalesOrder.OPEN_STATES


@pytest.mark.clause("SALES-3")
def test_a_delivered_delivery_is_not_cancelled_but_returned() -> None:
    delivery = deliveries.mark_delivered(delivery=shipped(), actor=person("logistics_clerk"))
    with (
        pytest.raises(InvalidTransition, match="customer return") as refused,
        translation.override("en"),
    ):
        cancel(delivery)
    assert refused.value.code == "delivered"
    delivery.refresh_from_db()
    assert delivery.state == "delivered"


def test_a_notice_or_a_cancelled_delivery_has_no_shipment_to_cancel() -> None:
    delivery = shipped()
    cancel(delivery)
    with pytest.raises(InvalidTransition):
        cancel(delivery)
    notice = confirmed_order("C001", {ITEM: (5, 880)}).deliveries.get()
    with pytest.raises(InvalidTransition):
        cancel(notice)
    with pytest.raises(ValidationFailed) as refused:
        cancel(shipped(), reason=" ")
    assert refused.value.field == "reason"


@pytest.mark.clause("SALES-3")
def test_cancelling_a_shipment_over_the_api(api) -> None:
    delivery = shipped()
    client = api("logistics_clerk")
    assert (
        client.post(f"/api/v1/deliveries/{delivery.pk}/cancel/", {}, format="json").status_code
        == 400
    )
    assert (
        api("ops_specialist")
        .post(f"/api/v1/deliveries/{delivery.pk}/cancel/", {"reason": "x"}, format="json")
        .status_code
        == 403
    )
    done = client.post(
        f"/api/v1/deliveries/{delivery.pk}/cancel/", {"reason": "地址错误"}, format="json"
    )
    assert done.status_code == 200, done.json()
    assert done.json()["state"] == "cancelled" and done.json()["cancel_reason"] == "地址错误"
    assert stock.ledger_mismatches() == []

    delivered = deliveries.mark_delivered(delivery=shipped(), actor=person("logistics_clerk"))
    refused = client.post(
        f"/api/v1/deliveries/{delivered.pk}/cancel/", {"reason": "x"}, format="json"
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "delivered" and "客户退货" in refused.json()["detail"]


@pytest.mark.clause("SALES-3")
def test_cancelling_a_shipment_on_the_delivery_page(web) -> None:
    delivery = shipped()
    client = web("logistics_clerk")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/sales/deliveries/{delivery.pk}/").content.decode()
    assert f"/sales/deliveries/{delivery.pk}/cancel/" in page

    blank = client.post(f"/sales/deliveries/{delivery.pk}/cancel/", {"reason": ""})
    assert blank.status_code == 200
    done = client.post(
        f"/sales/deliveries/{delivery.pk}/cancel/", {"reason": "车辆故障"}, follow=True
    )
    assert done.redirect_chain[-1][0] == f"/sales/deliveries/{delivery.pk}/"
    content = done.content.decode()
    assert "车辆故障" in content and "its stock issue was reversed" in content
    delivery.refresh_from_db()
    assert delivery.state == "cancelled"
    assert stock.ledger_mismatches() == []

    delivered = deliveries.mark_delivered(delivery=shipped(), actor=person("logistics_clerk"))
    assert (
        f"/sales/deliveries/{delivered.pk}/cancel/"
        not in client.get(f"/sales/deliveries/{delivered.pk}/").content.decode()
    )
    refused = client.post(f"/sales/deliveries/{delivered.pk}/cancel/", {"reason": "x"})
    assert refused.status_code == 200 and "customer return" in refused.content.decode()
