"""Rule values and audit entries read as sentences and names (POL-3)."""

from __future__ import annotations

import pytest
from django.utils import translation

from yunying.core import audit_text
from yunying.core.models import AuditEvent, Department
from yunying.core.readable import Names
from yunying.masterdata.models import Customer
from yunying.policy import catalogue, readable

pytestmark = pytest.mark.django_db


def test_conditions_cadences_and_approvers_read_as_phrases() -> None:
    names = Names()
    with translation.override("en"):
        assert readable.condition_text({"amount_gt": 500000}) == "amount over ¥500,000"
        assert readable.condition_text({"amount_gte": "1000.50"}) == ("amount of ¥1,000.50 or more")
        assert readable.cadence_text({"every": 6, "unit": "hour"}) == "every 6 hours"
        assert readable.cadence_text({"every": 1, "unit": "week"}) == "every week"
        finance = Department.objects.get(code="FIN")
        assert readable.approver_text({"kind": "department_head", "department": "FIN"}, names) == (
            f"the head of {finance.name}"
        )
        assert "ops_manager" not in readable.approver_text(
            {"kind": "position", "position": "ops_manager"}, names
        )


def test_a_parameter_reads_with_its_unit() -> None:
    threshold = catalogue.spec("inventory.stocktake_approval_threshold")
    days = catalogue.spec("sales.delivery_grace_days")
    with translation.override("en"):
        assert readable.describe(threshold, 20000).text == "¥20,000"
        assert readable.describe(days, 3).text == "3 days"
        chain = readable.describe(
            catalogue.spec("approval.sales.credit_override"),
            {
                "steps": [
                    {"name": "审批", "name_en": "Approval", "approvers": {"kind": "company_leader"}}
                ]
            },
        )
        assert chain.steps[0].name == "Approval" and chain.steps[0].condition == ""
    with translation.override("zh-hans"):
        assert readable.step_name({"name": "审批", "name_en": "Approval"}) == "审批"


def test_an_audit_entry_names_related_records_and_groups_numbers() -> None:
    customer = Customer.objects.get(code="C001")
    event = AuditEvent(
        action="masterdata.create_customer",
        object_type="masterdata.customer",
        object_id=str(customer.pk),
        changes={
            "region": [None, customer.region_id],
            "credit_limit": [None, "800000"],
            "kind": [None, customer.kind],
        },
    )
    with translation.override("en"):
        entry = audit_text.describe(event, Names())
        kind = customer.get_kind_display()
    assert entry.action == "Created a customer"
    texts = {change.label: change.text for change in entry.changes}
    assert texts["Region"] == f"— → {customer.region}"
    assert texts["Credit limit"] == "— → 800,000"
    assert texts["Type"] == f"— → {kind}"
