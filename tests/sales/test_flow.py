"""The sales flow through the pages: enter → confirm → ship with tracking → delivered → receipt
confirmed → payment → order closed; the credit approval; what confirming refuses; notices for
what is left, problems, returns, cancelling; payments allocated by hand; targets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.sales_steps import confirmed_order, draft_order, ship_and_deliver
from tests.stock import item, location, person, put_stock
from yunying.core.models import Task
from yunying.inventory import selectors as stock
from yunying.masterdata.models import Customer, Region
from yunying.sales.models import Delivery, Payment, Receivable, SalesOrder, SalesTarget
from yunying.sales.services import deliveries, targets

from .helpers import approval_of, day, english, messages_of, order_form

pytestmark = pytest.mark.django_db


def _customer(code: str) -> int:
    return Customer.objects.get(code=code).pk


def test_order_to_cash_through_the_pages(web) -> None:
    put_stock("PV-M550", 500, cost=620)
    put_stock("MC4-P", 5000, cost=3)
    specialist = english(web("ops_specialist"))
    form = specialist.get("/sales/orders/new/").content.decode()
    assert 'data-price="780"' in form  # the list price fills an empty price

    response = specialist.post(
        "/sales/orders/new/",
        order_form(
            _customer("C001"),
            [
                {"item": item("PV-M550").pk, "quantity": "100", "unit_price": ""},
                {"item": item("MC4-P").pk, "quantity": "200", "unit_price": "6.5"},
                {"item": "", "quantity": "", "unit_price": ""},  # an empty row is ignored
            ],
            customer_reference="PO-7788",
            delivery_address="上海市浦东新区张江路 1 号",
        ),
        follow=True,
    )
    order = SalesOrder.objects.get(customer_reference="PO-7788")
    assert response.redirect_chain[-1][0] == f"/sales/orders/{order.pk}/"
    assert order.state == "draft" and order.amount == Decimal("79300.00")
    assert [line.unit_price for line in order.lines.order_by("pk")] == [780, Decimal("6.5")]

    response = specialist.post(f"/sales/orders/{order.pk}/confirm/", follow=True)
    order.refresh_from_db()
    notice = order.deliveries.get()
    assert order.state == "confirmed"
    assert any("Order confirmed" in m and notice.number in m for m in messages_of(response))
    assert stock.available(item("PV-M550").pk) == 400

    clerk = english(web("logistics_clerk"))
    page = clerk.get(f"/sales/deliveries/{notice.pk}/").content.decode()
    assert 'id="ship-form"' in page and "上海市浦东新区张江路 1 号" in page
    refused = clerk.post(
        f"/sales/deliveries/{notice.pk}/ship/",
        {"carrier": "顺丰速运", "tracking_number": "", "shipped_at": ""},
    )
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    clerk.post(
        f"/sales/deliveries/{notice.pk}/ship/",
        {"carrier": "顺丰速运", "tracking_number": "SF778899", "shipped_at": ""},
        follow=True,
    )
    notice.refresh_from_db()
    assert notice.state == "shipped" and notice.tracking_number == "SF778899"
    assert stock.available(item("PV-M550").pk) == 400  # the reservation left with the goods
    assert 'id="delivered-form"' in clerk.get(f"/sales/deliveries/{notice.pk}/").content.decode()
    clerk.post(f"/sales/deliveries/{notice.pk}/delivered/", {"delivered_at": ""})
    notice.refresh_from_db()
    receivable = Receivable.objects.get(delivery=notice)
    assert notice.state == "delivered" and receivable.amount == Decimal("79300.00")

    page = specialist.get(f"/sales/deliveries/{notice.pk}/").content.decode()
    assert 'id="receipt-form"' in page and 'id="problem-form"' in page
    specialist.post(f"/sales/deliveries/{notice.pk}/receipt/", {"note": "王工签收"})
    notice.refresh_from_db()
    assert notice.receipt_confirmed_at is not None and notice.receipt_note == "王工签收"
    assert not Task.objects.filter(kind="sales.follow_receipt", state="open").exists()

    accountant = english(web("accountant"))
    page = accountant.get(f"/sales/payments/new/?customer={_customer('C001')}").content.decode()
    assert receivable.number in page
    response = accountant.post(
        "/sales/payments/new/",
        {
            "customer": _customer("C001"),
            "amount": "79300",
            "received_on": timezone.localdate().isoformat(),
            "method": "transfer",
            "reference": "BANK-001",
            "allocate": "auto",
        },
        follow=True,
    )
    payment = Payment.objects.get(reference="BANK-001")
    assert any(payment.number in m and receivable.number in m for m in messages_of(response))
    receivable.refresh_from_db()
    order.refresh_from_db()
    assert receivable.state == "settled" and order.state == "closed"
    page = specialist.get(f"/sales/orders/{order.pk}/").content.decode()
    assert 'id="order-state"' in page and "closed" in page


def test_an_order_beyond_the_credit_limit_waits_for_approval_and_the_approval_confirms_it(
    web,
) -> None:
    put_stock("PV-M550", 1000, cost=620)
    order = draft_order("C004", {"PV-M550": (400, 780)})  # 312,000 > 300,000
    specialist = english(web("ops_specialist"))
    response = specialist.post(f"/sales/orders/{order.pk}/confirm/", follow=True)
    order.refresh_from_db()
    assert order.state == "credit_review"
    warning = next(m for m in messages_of(response) if "credit limit" in m)
    assert "300,000.00" in warning and "312,000.00" in warning and "SALES-7" in warning
    assert stock.available(item("PV-M550").pk) == 1000
    request = approval_of(order)
    page = specialist.get(f"/sales/orders/{order.pk}/").content.decode()
    assert "Waiting for credit approval" in page and f"/approvals/{request.pk}/" in page

    manager = english(web("ops_manager"))
    approval_page = manager.get(f"/approvals/{request.pk}/").content.decode()
    assert order.number in approval_page and "300,000.00" in approval_page
    assert f'hx-get="/sales/orders/{order.pk}/credit/"' in approval_page
    credit = manager.get(f"/sales/orders/{order.pk}/credit/").content.decode()
    assert "beyond the credit limit" in credit and "312,000.00" in credit

    manager.post(f"/approvals/{request.pk}/approve/", {"comment": "老客户，同意"})
    order.refresh_from_db()
    assert order.state == "credit_review"  # above 200,000: finance decides too
    english(web("fin_manager")).post(f"/approvals/{request.pk}/approve/", {"comment": ""})
    order.refresh_from_db()
    assert order.state == "confirmed" and order.deliveries.filter(state="notice").exists()
    assert stock.available(item("PV-M550").pk) == 600


def test_a_rejected_credit_approval_shows_the_reason_on_the_draft(web) -> None:
    put_stock("PV-M550", 1000, cost=620)
    order = draft_order("C004", {"PV-M550": (400, 780)})
    specialist = english(web("ops_specialist"))
    specialist.post(f"/sales/orders/{order.pk}/confirm/")
    request = approval_of(order)
    web("ops_manager").post(f"/approvals/{request.pk}/reject/", {"comment": "请先回款再下单"})
    page = specialist.get(f"/sales/orders/{order.pk}/").content.decode()
    assert "The credit approval was rejected" in page and "请先回款再下单" in page


def test_confirming_without_the_stock_says_so_and_changes_nothing(web) -> None:
    put_stock("INV-S10", 5, cost=3200)
    order = draft_order("C001", {"INV-S10": (8, 4200)})
    response = english(web("ops_specialist")).post(
        f"/sales/orders/{order.pk}/confirm/", follow=True
    )
    error = next(m for m in messages_of(response) if "INV-6" in m)
    assert "5" in error and "8" in error
    order.refresh_from_db()
    assert order.state == "draft" and stock.available(item("INV-S10").pk) == 5


def test_a_draft_is_changed_through_the_form_and_bad_lines_are_shown(web) -> None:
    put_stock("PV-M550", 100, cost=620)
    order = draft_order("C001", {"PV-M550": (10, 780)})
    client = english(web("ops_specialist"))
    page = client.get(f"/sales/orders/{order.pk}/edit/").content.decode()
    assert 'value="10"' in page and "disabled" in page  # the customer stays
    added = client.post(
        f"/sales/orders/{order.pk}/edit/",
        {
            **order_form(
                _customer("C001"),
                [{"item": item("PV-M550").pk, "quantity": "12", "unit_price": ""}],
            ),
            "add_line": "1",
        },
    )
    assert added.content.decode().count('class="order-line"') == 2
    refused = client.post(
        f"/sales/orders/{order.pk}/edit/",
        order_form(
            _customer("C001"), [{"item": item("PV-M550").pk, "quantity": "", "unit_price": "700"}]
        ),
    )
    assert "Give the quantity." in refused.content.decode()
    past = client.post(
        f"/sales/orders/{order.pk}/edit/",
        order_form(
            _customer("C001"),
            [{"item": item("PV-M550").pk, "quantity": "12", "unit_price": "700"}],
            promised_date=day(-1),
        ),
    )
    assert "cannot be in the past" in past.content.decode()
    client.post(
        f"/sales/orders/{order.pk}/edit/",
        order_form(
            _customer("C001"),
            [{"item": item("PV-M550").pk, "quantity": "12", "unit_price": "700"}],
            note="加急",
        ),
    )
    order.refresh_from_db()
    assert order.amount == Decimal("8400.00") and order.note == "加急"
    confirmed = confirmed_order("C001", {"PV-M550": (1, 780)})
    response = client.get(f"/sales/orders/{confirmed.pk}/edit/", follow=True)
    assert response.redirect_chain[-1][0] == f"/sales/orders/{confirmed.pk}/"


def test_a_customer_outside_the_reach_cannot_be_chosen(web) -> None:
    other = Customer.objects.get(code="C005")
    Customer.objects.filter(pk=other.pk).update(department=person("buyer").department)
    put_stock("PV-M550", 100, cost=620)
    response = web("ops_specialist").post(
        "/sales/orders/new/",
        order_form(other.pk, [{"item": item("PV-M550").pk, "quantity": "1", "unit_price": "1"}]),
    )
    assert response.status_code == 200 and not SalesOrder.objects.filter(customer=other).exists()


def test_a_backorder_gets_a_second_notice_for_what_is_left(web) -> None:
    put_stock("INV-S50", 3, cost=9800)
    order = confirmed_order("C003", {"INV-S50": (5, 12800)}, backorder=True)
    first = order.deliveries.get()
    assert first.lines.get().quantity == 3
    deliveries.ship(
        delivery=first, carrier="德邦", tracking_number="DB1", actor=person("logistics_clerk")
    )
    put_stock("INV-S50", 2, cost=9900)
    client = english(web("ops_specialist"))
    line = order.lines.get()
    page = client.get(f"/sales/orders/{order.pk}/").content.decode()
    assert 'id="new-notice"' in page and f'name="q{line.pk}"' in page
    too_much = client.post(f"/sales/orders/{order.pk}/notice/", {f"q{line.pk}": "3"}, follow=True)
    assert any("only 2 is left" in m for m in messages_of(too_much))
    response = client.post(f"/sales/orders/{order.pk}/notice/", {f"q{line.pk}": "2"}, follow=True)
    second = order.deliveries.exclude(pk=first.pk).get()
    assert response.redirect_chain[-1][0] == f"/sales/deliveries/{second.pk}/"
    assert second.lines.get().quantity == 2
    assert 'id="new-notice"' not in client.get(f"/sales/orders/{order.pk}/").content.decode()


def test_an_order_is_cancelled_with_its_reason(web) -> None:
    put_stock("JB-IP68", 1000, cost=28)
    order = confirmed_order("C004", {"JB-IP68": (600, 45)})
    client = english(web("ops_specialist"))
    no_reason = client.post(f"/sales/orders/{order.pk}/cancel/", {"reason": ""}, follow=True)
    assert any("reason" in m for m in messages_of(no_reason))
    client.post(f"/sales/orders/{order.pk}/cancel/", {"reason": "客户取消订单"})
    order.refresh_from_db()
    assert order.state == "cancelled" and stock.available(item("JB-IP68").pk) == 1000
    assert order.deliveries.get().state == "cancelled"


def test_problems_are_reported_resolved_and_goods_returned_through_the_delivery_page(
    web,
) -> None:
    put_stock("PV-M600", 100, cost=700)
    delivery = ship_and_deliver(confirmed_order("C001", {"PV-M600": (50, 880)}))
    line = delivery.lines.get()
    client = english(web("ops_specialist"))
    missing = client.post(
        f"/sales/deliveries/{delivery.pk}/problems/",
        {"kind": "damaged", "line": line.pk, "quantity": "2", "description": ""},
    )
    assert missing.status_code == 200 and 'id="problem-form"' in missing.content.decode()
    client.post(
        f"/sales/deliveries/{delivery.pk}/problems/",
        {"kind": "damaged", "line": line.pk, "quantity": "2", "description": "两块组件玻璃破裂"},
    )
    problem = delivery.problems.get()
    page = client.get(f"/sales/deliveries/{delivery.pk}/").content.decode()
    assert "两块组件玻璃破裂" in page and 'id="return-form"' in page

    too_many = client.post(
        f"/sales/deliveries/{delivery.pk}/returns/",
        {
            f"q{line.pk}": "60",
            "location": location("RET").pk,
            "reason": "运输破损",
            "problem": problem.pk,
        },
    )
    assert too_many.status_code == 200
    storage = client.post(
        f"/sales/deliveries/{delivery.pk}/returns/",
        {f"q{line.pk}": "2", "location": location("A-01").pk, "reason": "运输破损"},
    )
    assert "Select a valid choice" in storage.content.decode()  # only returns locations
    client.post(
        f"/sales/deliveries/{delivery.pk}/returns/",
        {
            f"q{line.pk}": "2",
            "location": location("RET").pk,
            "reason": "运输破损",
            "problem": problem.pk,
        },
    )
    receivable = Receivable.objects.get(delivery=delivery)
    assert receivable.credited == Decimal("1760.00")
    returned = stock.balances(item=item("PV-M600"), location=location("RET"))
    assert [b.on_hand for b in returned] == [2]
    client.post(
        f"/sales/deliveries/{delivery.pk}/problems/{problem.pk}/resolve/",
        {"resolution": "已退货并冲减应收"},
    )
    problem.refresh_from_db()
    assert problem.state == "resolved"
    page = client.get(f"/sales/deliveries/{delivery.pk}/").content.decode()
    assert 'id="delivery-returns"' in page and "1,760.00" in page
    receivable_page = english(web("accountant")).get(f"/sales/receivables/{receivable.pk}/")
    assert "1,760.00" in receivable_page.content.decode()


def test_a_payment_is_allocated_to_the_receivables_chosen(web) -> None:
    put_stock("INV-M2", 100, cost=980)
    first = ship_and_deliver(confirmed_order("C006", {"INV-M2": (10, 1350)}))
    second = ship_and_deliver(confirmed_order("C006", {"INV-M2": (10, 1350)}))
    older, newer = (Receivable.objects.get(delivery=d) for d in (first, second))
    client = english(web("accountant"))
    page = client.get(
        f"/sales/payments/new/?customer={_customer('C006')}&receivable={newer.pk}"
    ).content.decode()
    assert f'name="r{newer.pk}"' in page and f'name="r{older.pk}"' in page
    data = {
        "customer": _customer("C006"),
        "amount": "5000",
        "received_on": timezone.localdate().isoformat(),
        "method": "acceptance",
        "reference": "",
        "allocate": "chosen",
        f"r{newer.pk}": "4000",
    }
    mismatch = client.post("/sales/payments/new/", data)
    assert "add up to the amount" in mismatch.content.decode()
    client.post("/sales/payments/new/", {**data, f"r{newer.pk}": "5000"})
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.paid == 0 and newer.paid == Decimal("5000.00") and newer.state == "partial"
    assert Payment.objects.get().method == "acceptance"
    listed = client.get("/sales/payments/").content.decode()
    assert newer.number in listed and "5,000.00" in listed


def test_a_target_is_set_and_broken_down_and_too_large_a_part_is_refused_on_the_form(
    web,
) -> None:
    today = timezone.localdate()
    east = targets.set_target(
        period="month",
        year=today.year,
        number=today.month,
        region=Region.objects.get(code="EAST"),
        orders_amount=Decimal("500000"),
        actor=person("ops_manager"),
    )
    client = english(web("ops_manager"))
    page = client.get(f"/sales/targets/new/?parent={east.pk}").content.decode()
    assert f'<option value="{east.pk}" selected>' in page
    data = {
        "target_for": "region",
        "region": Region.objects.get(code="SH").pk,
        "salesperson": "",
        "parent": east.pk,
        "period": "month",
        "year": today.year,
        "number": today.month,
        "orders_amount": "600000",
        "revenue_amount": "0",
        "collection_amount": "0",
    }
    refused = client.post("/sales/targets/new/", data)
    text = refused.content.decode()
    assert refused.status_code == 200 and "exceed" in text and "SALES-6" in text
    assert SalesTarget.objects.count() == 1
    response = client.post("/sales/targets/new/", {**data, "orders_amount": "300000"}, follow=True)
    assert SalesTarget.objects.filter(parent=east, orders_amount=300000).exists()
    assert "上海" in response.content.decode()
    person_target = client.post(
        "/sales/targets/new/",
        {
            **data,
            "target_for": "salesperson",
            "region": "",
            "parent": "",
            "salesperson": person("ops_specialist").pk,
            "orders_amount": "100000",
        },
    )
    assert person_target.status_code == 302
    assert SalesTarget.objects.filter(salesperson=person("ops_specialist")).exists()
    no_region = client.post("/sales/targets/new/", {**data, "region": "", "parent": ""})
    assert "Choose the region." in no_region.content.decode()


def test_logistics_cannot_record_the_receipt_nor_sales_ship(web) -> None:
    put_stock("JB-IP68", 100, cost=28)
    order = confirmed_order("C004", {"JB-IP68": (10, 45)})
    notice = order.deliveries.get()
    refused = web("ops_specialist").post(
        f"/sales/deliveries/{notice.pk}/ship/", {"carrier": "SF", "tracking_number": "1"}
    )
    assert refused.status_code == 403
    ship_and_deliver(order)
    clerk_page = web("logistics_clerk").get(f"/sales/deliveries/{notice.pk}/").content.decode()
    assert 'id="receipt-form"' not in clerk_page
    response = web("logistics_clerk").post(f"/sales/deliveries/{notice.pk}/receipt/", {"note": ""})
    assert response.status_code == 403
    viewer = web("data_analyst").post(f"/sales/orders/{order.pk}/cancel/", {"reason": "x"})
    assert viewer.status_code == 403
    assert Delivery.objects.get(pk=notice.pk).receipt_confirmed_at is None
