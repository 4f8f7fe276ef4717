"""A customer's receipt problem → an after-sales case → the agent resolves it → the customer
answers the satisfaction survey without an account → the score shows on the customer's file."""

from __future__ import annotations

import pytest

from tests.sales_steps import confirmed_order, ship_and_deliver
from tests.stock import put_stock
from yunying.masterdata.models import Customer
from yunying.service.models import ServiceCase, Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("SALES-4")
@pytest.mark.clause("SVC-4")
def test_a_receipt_problem_becomes_a_case_whose_survey_score_reaches_the_file(
    login, browser, live_server
) -> None:
    url = live_server.url
    put_stock("PV-M600", 100, cost=700)
    delivery = ship_and_deliver(confirmed_order("C001", {"PV-M600": (40, 880)}))
    line = delivery.lines.get()

    # The specialist records what the customer reports: two modules arrived damaged.
    specialist = login("ops_specialist")
    specialist.goto(f"{url}/sales/deliveries/{delivery.pk}/")
    specialist.select_option("#problem-form select[name=kind]", "damaged")
    specialist.select_option("#problem-form select[name=line]", str(line.pk))
    specialist.fill("#problem-form input[name=quantity]", "2")
    specialist.fill("#problem-form textarea[name=description]", "两块组件边框变形")
    specialist.click("#problem-form button[type=submit]")
    specialist.wait_for_selector("#delivery-problems >> text=两块组件边框变形")
    case = ServiceCase.objects.get(delivery=delivery)
    assert case.kind == "after_sales" and case.order_id == delivery.order_id

    # Whoever the case went to starts it and resolves it with a note.
    agent = login(case.assignee.user.username)
    agent.goto(f"{url}/service/cases/{case.pk}/")
    agent.click("#step-start button.primary")
    agent.wait_for_selector("#step-resolve")
    agent.fill("#step-resolve textarea[name=resolution]", "补发两块组件，破损件退回。")
    agent.click("#step-resolve button.primary")
    agent.wait_for_selector("#case-survey-link")
    link = agent.input_value("#case-survey-link")
    assert Survey.objects.get(case=case).answered_at is None

    # The customer opens the link without an account and answers it.
    context = browser.new_context(locale="zh-CN")
    customer_page = context.new_page()
    survey_url = url + "/survey/" + link.split("/survey/", 1)[1]
    customer_page.goto(survey_url)
    customer_page.check("input[name=score][value='4']")
    customer_page.fill("textarea[name=comment]", "处理及时")
    customer_page.click("button[type=submit].primary")
    customer_page.wait_for_selector("#survey-thanks")
    customer_page.goto(survey_url)
    customer_page.wait_for_selector("#survey-answered")
    context.close()

    # The customer's file shows the score to the service supervisor.
    lead = login("cs_lead")
    customer = Customer.objects.get(code="C001")
    lead.goto(f"{url}/masterdata/customers/{customer.pk}/")
    assert lead.inner_text("#customer-satisfaction").strip() == "4.00"
    assert lead.locator(f"#customer-cases >> text={case.number}").count() == 1
