"""Pages speak the reader's language: rules, conditions, audit entries and permissions read as
sentences and names, never as the codes and JSON they are stored as; approval steps carry their
English names in English; units, language names and a few labels read right."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.helpers import chain, draft_change, set_rule, step
from tests.sales_steps import confirmed_order
from tests.stock import put_stock
from yunying.approvals import selectors as approvals
from yunying.core import access
from yunying.core.audit_vocabulary import ACTIONS
from yunying.core.services import audit
from yunying.core.services.position_change import submit_position_change
from yunying.masterdata.models import Customer
from yunying.policy.models import RegulationVersion, Rule
from yunying.sales.models import SalesOrder

pytestmark = pytest.mark.django_db

PLAN_CHAIN = "approval.procurement.purchase_plan"


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def content(client: Client, url: str) -> str:
    """The page's own content (the main block), without the shared head and menu."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    return page[page.index('<main class="main">') :]


def assert_no_codes(page: str) -> None:
    for definition in access.all_permissions():
        assert definition.code not in page, definition.code
    assert "amount_gt" not in page
    assert "&quot;" not in page and '{"' not in page  # no raw JSON
    assert "kind:" not in page and "steps:" not in page  # no raw YAML
    assert not re.search(r"approval\.[a-z]+\.[a-z_]+", page)  # no rule keys


def test_the_audit_trail_reads_as_sentences_in_chinese(web, people) -> None:
    draft_change(people("ops_manager"), permissions={"core.view_employee": "subtree"})
    rule = Rule.objects.get(key=PLAN_CHAIN, version__state=RegulationVersion.State.PUBLISHED)
    audit.record(
        actor=people("admin"),
        action="policy.save_rule",
        obj=rule.version,
        changes={"key": rule.key, "clause": [None, "PROC-2"], "value": [None, rule.value]},
        clause="POL-3",
    )
    page = content(in_language(web("admin"), "zh-hans"), "/audit/")
    assert_no_codes(page)
    with translation.override("zh-hans"):
        drafted = str(ACTIONS["core.draft_position_change"])
        definition = access.permission("core.view_employee")
        assert definition is not None
        label = str(definition.label)
    assert drafted in page and label in page
    assert "¥500,000" in page  # the chain's condition, written out
    assert "部门经理审核" in page


def test_a_change_reads_as_field_old_to_new(web, people) -> None:
    person = people("ops_specialist")
    audit.record(
        actor=people("hr_manager"),
        action="core.update_employee",
        obj=person,
        changes=audit.diff({"phone": "13800000000"}, {"phone": "13900000000"}),
        clause="ORG-1",
    )
    page = content(in_language(web("admin"), "en"), "/audit/")
    assert "Changed an employee" in page
    assert "13800000000 → 13900000000" in page
    assert "Phone:" in page  # the model field's verbose name


def test_the_rules_page_shows_values_as_sentences(web) -> None:
    page = content(web("ops_specialist"), "/regulations/rules/")
    assert_no_codes(page)
    assert "¥500,000" in page and "部门经理审核" in page
    english = content(in_language(web("ops_specialist"), "en"), "/regulations/rules/")
    assert "amount over ¥500,000" in english
    assert "Review by the department manager" in english
    assert "the company leaders" in english


def test_a_regulation_version_shows_its_rules_as_tables(web) -> None:
    version = Rule.objects.get(
        key=PLAN_CHAIN, version__state=RegulationVersion.State.PUBLISHED
    ).version
    url = f"/regulations/versions/{version.pk}/"
    page = content(web("ops_specialist"), url)
    assert_no_codes(page)
    assert "部门经理审核" in page and "¥500,000" in page
    # The rules' source is a plain-text download, for those who edit regulations only.
    assert web("ops_specialist").get(f"{url}source.yaml").status_code == 403
    editor = content(web("admin"), url)
    assert "amount_gt" not in editor and "steps:" not in editor
    assert f"{url}source.yaml" in editor
    source = web("admin").get(f"{url}source.yaml")
    assert source["Content-Type"].startswith("text/plain")
    assert "amount_gt" in source.content.decode()


def test_the_english_approval_page_names_steps_in_english(web, people) -> None:
    set_rule(
        "approval.core.position_change",
        chain(
            step("公司领导审批", {"kind": "company_leader"}, name_en="Approval by a leader"),
            step(
                "总经理审批",
                {"kind": "company_leader"},
                name_en="Approval by the general manager",
                when={"amount_gt": 500000},
            ),
        ),
    )
    change = draft_change(people("ops_manager"))
    submit_position_change(change=change, actor=people("ops_manager"))
    request = approvals.latest_request(change)
    assert request is not None
    page = content(in_language(web("gm"), "en"), f"/approvals/{request.pk}/")
    assert "Approval by a leader" in page and "公司领导审批" not in page
    assert "Approval by the general manager" in page
    assert "amount over ¥500,000" in page and "amount_gt" not in page
    chinese = content(in_language(web("gm"), "zh-hans"), f"/approvals/{request.pk}/")
    assert "公司领导审批" in chinese and "Approval by a leader" not in chinese
    inbox = content(in_language(web("gm"), "en"), "/")
    assert "Approval by a leader" in inbox


def test_the_delivery_page_shows_the_customers_address_when_the_order_has_none(web) -> None:
    customer = Customer.objects.get(code="C001")
    customer.address = "上海市浦东新区张江路 1 号"
    customer.contact_person, customer.phone = "王经理", "021-55550000"
    customer.save()
    put_stock("PV-M550", 100, cost=620)
    order = confirmed_order("C001", {"PV-M550": (10, 780)})
    SalesOrder.objects.filter(pk=order.pk).update(delivery_address="")  # entered without one
    delivery = order.deliveries.get()
    for url in (f"/sales/deliveries/{delivery.pk}/", f"/sales/deliveries/{delivery.pk}/print/"):
        page = web("logistics_clerk").get(url).content.decode()
        assert "上海市浦东新区张江路 1 号" in page, url
        assert "王经理" in page and "021-55550000" in page, url


def test_the_units_of_an_order_read_in_english(web) -> None:
    put_stock("PV-M550", 100, cost=620)
    order = confirmed_order("C001", {"PV-M550": (10, 780)})
    english = content(in_language(web("ops_specialist"), "en"), f"/sales/orders/{order.pk}/")
    chinese = content(in_language(web("ops_specialist"), "zh-hans"), f"/sales/orders/{order.pk}/")
    assert ">pcs<" in english and ">块<" not in english
    assert ">块<" in chinese


def test_the_payment_form_labels_the_date_of_the_payment(web) -> None:
    page = in_language(web("accountant"), "zh-hans").get("/sales/payments/new/").content.decode()
    assert "到货日期" not in page
    with translation.override("zh-hans"):
        translated = translation.gettext("Payment date") != "Payment date"
    if translated:  # once the catalogue carries the new message
        assert "回款日期" in page
    english = in_language(web("accountant"), "en").get("/sales/payments/new/").content.decode()
    assert "Payment date" in english


def test_the_language_menu_names_each_language_in_its_own_name(web) -> None:
    for language in ("zh-hans", "en"):
        page = in_language(web("gm"), language).get("/").content.decode()
        assert ">English</option>" in page and ">简体中文</option>" in page
        assert "英语" not in page


def test_every_page_links_a_favicon_that_is_served(web) -> None:
    page = web("gm").get("/").content.decode()
    match = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert match is not None
    response = Client().get(match.group(1))
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    login = Client().get("/accounts/login/").content.decode()
    assert match.group(1) in login


def test_narrow_screens_get_a_menu_button_and_the_content_first(web) -> None:
    page = web("gm").get("/").content.decode()
    assert 'data-menu-toggle aria-controls="sidebar"' in page
    assert 'id="sidebar"' in page
    css = Client().get("/static/css/yunying.css")
    text = b"".join(css.streaming_content).decode()  # type: ignore[attr-defined]
    assert ".sidebar.open" in text and ".menu-toggle" in text
