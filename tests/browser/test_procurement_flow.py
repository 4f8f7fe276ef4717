"""Plan → approval in 我的待办 → contract → receipt with part rejected → stock, in the browser."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from yunying.core.models import Employee
from yunying.inventory import selectors as stock
from yunying.masterdata.models import Item, Supplier
from yunying.procurement.models import GoodsReceipt, PurchasePlan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("PROC-6")
def test_plan_to_stock_through_the_pages(login, live_server) -> None:
    url = live_server.url
    needed = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    item = Item.objects.get(code="INV-S50")

    # The ops supervisor drafts a plan with one line and submits it.
    supervisor = login("ops_supervisor")
    supervisor.goto(f"{url}/procurement/plans/new/")
    supervisor.fill("input[name=title]", "逆变器补货")
    supervisor.fill("input[name=needed_by]", needed)
    supervisor.select_option("select[name='lines-0-item']", str(item.pk))
    supervisor.fill("input[name='lines-0-quantity']", "10")
    supervisor.click("button.primary[name=save]")
    supervisor.wait_for_url("**/procurement/plans/*/")
    plan = PurchasePlan.objects.get(title="逆变器补货")
    supervisor.click("form[action$='/submit/'] button")
    supervisor.wait_for_selector(".badge.state-submitted")

    # The department manager approves it from 我的待办.
    manager = login("ops_manager")
    manager.locator("#pending-approvals tr", has_text=plan.number).locator("a.btn").click()
    manager.wait_for_url("**/approvals/*/")
    manager.click("button.primary[hx-post$='/approve/']")
    manager.wait_for_selector("#approval-state.state-approved")

    # Procurement makes the contract from the approved line and signs it.
    buyer = login("buyer")
    buyer.goto(f"{url}/procurement/contracts/new/?plan={plan.pk}")
    buyer.select_option("select[name=supplier]", str(Supplier.objects.get(code="S002").pk))
    buyer.check("input[name='lines-0-include']")
    buyer.fill("input[name='lines-0-unit_price']", "9600")
    buyer.click("button.primary")
    buyer.wait_for_url("**/procurement/contracts/*/")
    follower = Employee.objects.get(user__username="ops_specialist")
    buyer.select_option("form[action$='/sign/'] select[name=follower]", str(follower.pk))
    buyer.click("form[action$='/sign/'] button.primary")
    buyer.wait_for_selector(".badge.state-signed")
    contract_url = buyer.url

    # The specialist receives it: 10 arrived, 8 accepted, 2 rejected.
    specialist = login("ops_specialist")
    specialist.goto(contract_url + "receive/")
    specialist.fill("input[name='lines-0-received']", "10")
    specialist.fill("input[name='lines-0-accepted']", "8")
    specialist.fill("input[name='lines-0-rejected']", "2")
    specialist.fill("input[name='lines-0-reason']", "外壳变形")
    specialist.click("button.primary")
    specialist.wait_for_url("**/procurement/receipts/*/")
    assert (
        GoodsReceipt.objects.get(contract__lines__plan_line__plan=plan)
        .lines.get()
        .rejected_quantity
        == 2
    )

    # The stock page shows only the accepted quantity.
    specialist.goto(f"{url}/inventory/items/{item.pk}/")
    assert stock.available(item.pk) == 8
    assert "8" in specialist.locator("body").inner_text()
