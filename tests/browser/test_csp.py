"""The Content-Security-Policy lets the pages work: charts draw, HTMX loads and swaps fragments
(with a chart in one), the language switch submits, the API documentation shows, and the browser
reports no violation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tests.stock import approved_plan, location, person, signed_contract
from yunying.masterdata.models import Supplier
from yunying.procurement.services import receipts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
});
"""


def watched(page: Any) -> list[str]:
    """Console messages about the policy, from now on (the page is reloaded to watch it)."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: messages.append(message.text)
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
        else None,
    )
    page.on("pageerror", lambda error: messages.append(f"page error: {error}"))
    page.context.add_init_script(WATCH)
    return messages


def violations(page: Any) -> list[str]:
    found = page.evaluate("window.__violations")
    assert found is not None, "the violation watcher is not on the page"
    return list(found)


def test_charts_and_htmx_work_under_the_policy(login: Any, live_server: Any) -> None:
    url = live_server.url
    plan = approved_plan({"PV-M550": 10})
    contract = signed_contract(plan, supplier="S001")
    line = contract.lines.get()
    receipts.receive_goods(
        contract=contract,
        location=location("A-01"),
        inspections=[receipts.Inspection(line, Decimal(10), Decimal(10))],
        actor=person("ops_specialist"),
    )

    page = login("ops_manager")
    console = watched(page)

    # A page with charts drawn by the static script from data-chart.
    response = page.goto(f"{url}/inventory/")
    assert "script-src" in response.headers["content-security-policy"]
    page.wait_for_selector(".chart canvas")
    assert violations(page) == [] and console == []

    # A page whose fragment HTMX loads, with a chart that needs ECharts loaded on the way.
    page = login("proc_manager")
    console = watched(page)
    supplier = Supplier.objects.get(code="S001")
    page.goto(f"{url}/masterdata/suppliers/{supplier.pk}/")
    page.wait_for_selector("#supplier-evaluation .chart canvas")
    assert violations(page) == [] and console == []

    # An HTMX form: add a contact (hx-post, swap) on the same page.
    page.fill("#contacts input[name=name]", "王工")
    page.fill("#contacts input[name=phone]", "13800000000")
    page.click("#contacts button[type=submit]")
    page.wait_for_selector("#contacts >> text=王工")
    assert violations(page) == [] and console == []

    # The language switch submits from the static script (no inline handler).
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    assert violations(page) == [] and console == []

    # The API documentation (Swagger UI) under the same policy.
    page.goto(f"{url}/api/docs/")
    page.wait_for_selector("#swagger-ui .info")
    assert violations(page) == [] and console == []
