"""Every rule a regulation version can configure: its key, kind, clause and JSON schema.

A rule in a regulation version names one of these keys; its value is validated against the schema
before the version can be saved or published (POL-3). Services read rules in force through
``policy.selectors`` by these keys, never by literal numbers in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from yunying.core import checks
from yunying.core.checks import Check

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

APPROVAL_CHAIN = "approval_chain"
PARAMETER = "parameter"
CADENCE = "cadence"
TABLE = "table"

KIND_LABELS = {
    APPROVAL_CHAIN: _("approval chain"),
    PARAMETER: _("parameter"),
    CADENCE: _("cadence"),
    TABLE: _("table"),
}

# The unit of a parameter that is an amount in the company currency (shown as ¥1,000.00).
CURRENCY_UNIT = _("company currency")

_APPROVER = {
    "oneOf": [
        {
            "type": "object",
            "required": ["kind"],
            "additionalProperties": False,
            "properties": {
                "kind": {"enum": ["direct_superior", "department_manager", "company_leader"]}
            },
        },
        {
            "type": "object",
            "required": ["kind", "department"],
            "additionalProperties": False,
            "properties": {
                "kind": {"const": "department_head"},
                "department": {"type": "string", "minLength": 1},
            },
        },
        {
            "type": "object",
            "required": ["kind", "position"],
            "additionalProperties": False,
            "properties": {
                "kind": {"const": "position"},
                "position": {"type": "string", "minLength": 1},
            },
        },
    ]
}
# One approver specification, or a list of them whose people are joined (e.g. a 会签 of two heads).
_APPROVERS = {"oneOf": [_APPROVER, {"type": "array", "minItems": 1, "items": _APPROVER}]}

_AMOUNT = {"type": "number", "minimum": 0}

APPROVAL_CHAIN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["steps"],
    "additionalProperties": False,
    "properties": {
        "steps": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "approvers"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 100},
                    "name_en": {"type": "string", "maxLength": 100},
                    "mode": {"enum": ["one", "any", "all"]},
                    "approvers": _APPROVERS,
                    "when": {
                        "type": "object",
                        "additionalProperties": False,
                        "minProperties": 1,
                        "properties": {
                            "amount_gt": _AMOUNT,
                            "amount_gte": _AMOUNT,
                            "amount_lt": _AMOUNT,
                            "amount_lte": _AMOUNT,
                        },
                    },
                },
            },
        }
    },
}

CADENCE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["every", "unit"],
    "properties": {
        "every": {"type": "integer", "minimum": 1, "maximum": 366},
        "unit": {"enum": ["day", "week", "month", "year"]},
    },
}


def _number(minimum: float, maximum: float, *, integer: bool = False) -> dict[str, Any]:
    return {"type": "integer" if integer else "number", "minimum": minimum, "maximum": maximum}


@dataclass(frozen=True)
class RuleSpec:
    key: str
    kind: str
    clause: str
    label: _StrPromise | str
    schema: dict[str, Any]
    unit: _StrPromise | str = ""


# Customer service standards (SVC-2): per case kind and priority, the working hours until the
# first response and until the resolution.
_SERVICE_HOURS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["response", "resolution"],
    "properties": {"response": _number(0.5, 2000), "resolution": _number(0.5, 5000)},
}
_SERVICE_PRIORITIES = {
    "type": "object",
    "additionalProperties": False,
    "required": ["low", "normal", "high", "urgent"],
    "properties": {p: _SERVICE_HOURS for p in ("low", "normal", "high", "urgent")},
}
SERVICE_STANDARDS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["inquiry", "complaint", "after_sales"],
    "properties": {k: _SERVICE_PRIORITIES for k in ("inquiry", "complaint", "after_sales")},
}
# How a new service case finds its handler (SVC-1): round robin in the team, or by the
# customer's region (region code → username), round robin where no region matches.
SERVICE_ASSIGNMENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["method"],
    "properties": {
        "method": {"enum": ["round_robin", "region"]},
        "team": {"type": "string", "maxLength": 30},
        "regions": {
            "type": "object",
            "additionalProperties": {"type": "string", "maxLength": 150},
        },
    },
}


def _chain(doc_type: str, clause: str, label: _StrPromise) -> RuleSpec:
    return RuleSpec(f"approval.{doc_type}", APPROVAL_CHAIN, clause, label, APPROVAL_CHAIN_SCHEMA)


CATALOGUE: dict[str, RuleSpec] = {
    spec.key: spec
    for spec in [
        # foundation
        _chain(
            "core.position_change", "ORG-3", _("Approval of a position's duties or permissions")
        ),
        _chain("policy.regulation_version", "POL-1", _("Approval of a regulation version")),
        RuleSpec(
            "approvals.max_wait_hours",
            PARAMETER,
            "POL-2",
            _("Longest wait of an approval step before it is flagged"),
            _number(1, 24 * 90, integer=True),
            _("hours"),
        ),
        RuleSpec(
            "policy.review_interval_months",
            PARAMETER,
            "POL-2",
            _("Months until a published regulation is due for review"),
            _number(1, 60, integer=True),
            _("months"),
        ),
        # procurement and inventory
        _chain("procurement.purchase_plan", "PROC-2", _("Approval of a purchase plan")),
        _chain("inventory.replenishment_plan", "INV-3", _("Approval of a replenishment plan")),
        _chain(
            "procurement.purchase_contract",
            "PROC-3",
            _("Approval of a contract beyond its approved plan"),
        ),
        _chain("inventory.stocktake", "INV-5", _("Approval of stocktake variances")),
        _chain("inventory.material_issue", "INV-6", _("Approval of a material issue")),
        RuleSpec(
            "procurement.delivery_grace_days",
            PARAMETER,
            "PROC-4",
            _("Days after the promised date before a delivery is overdue"),
            _number(0, 90, integer=True),
            _("days"),
        ),
        RuleSpec(
            "inventory.stocktake_interval",
            CADENCE,
            "INV-5",
            _("How often every location is counted"),
            CADENCE_SCHEMA,
        ),
        RuleSpec(
            "inventory.stocktake_approval_threshold",
            PARAMETER,
            "INV-5",
            _("Variance value above which a stocktake needs approval"),
            _number(0, 10**12),
            CURRENCY_UNIT,
        ),
        RuleSpec(
            "inventory.forecast_smoothing",
            PARAMETER,
            "INV-2",
            _("Smoothing factor of the weekly demand forecast"),
            _number(0.01, 1),
        ),
        RuleSpec(
            "inventory.forecast_history_weeks",
            PARAMETER,
            "INV-2",
            _("Weeks of issues the demand forecast looks back"),
            _number(4, 260, integer=True),
            _("weeks"),
        ),
        RuleSpec(
            "inventory.review_period_days",
            PARAMETER,
            "INV-2",
            _("Days of demand a replenishment covers beyond the lead time"),
            _number(0, 365, integer=True),
            _("days"),
        ),
        # sales
        _chain(
            "sales.credit_override", "SALES-7", _("Approval of an order beyond the credit limit")
        ),
        _chain("crm.promotion", "MKT-2", _("Approval of a promotion plan")),
        RuleSpec(
            "sales.delivery_grace_days",
            PARAMETER,
            "SALES-3",
            _("Days after the promised date before a delivery is late"),
            _number(0, 90, integer=True),
            _("days"),
        ),
        RuleSpec(
            "sales.ageing_buckets",
            TABLE,
            "SALES-8",
            _("Upper bounds (days overdue) of the receivable ageing buckets"),
            {
                "type": "array",
                "items": {"type": "integer", "minimum": 1, "maximum": 3650},
                "minItems": 1,
                "maxItems": 8,
            },
            _("days"),
        ),
        # customer service
        RuleSpec(
            "service.standards",
            TABLE,
            "SVC-2",
            _("Working hours to the first response and to the resolution of a service case"),
            SERVICE_STANDARDS_SCHEMA,
            _("working hours"),
        ),
        RuleSpec(
            "service.assignment",
            TABLE,
            "SVC-1",
            _("How new service cases are assigned"),
            SERVICE_ASSIGNMENT_SCHEMA,
        ),
        RuleSpec(
            "service.surveys",
            TABLE,
            "SVC-4",
            _("When satisfaction surveys are sent and how long their links work"),
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "after_case": {"type": "boolean"},
                    "periodic_months": _number(0, 12, integer=True),
                    "expires_days": _number(1, 365, integer=True),
                },
            },
        ),
    ]
}


# How often a scheduled check runs (``core.checks``): the rule ``schedule.<check name>``.
SCHEDULE_PREFIX = "schedule."
SCHEDULE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["every", "unit"],
    "properties": {
        "every": {"type": "integer", "minimum": 1, "maximum": 366},
        "unit": {"enum": ["minute", "hour", "day", "week"]},
    },
}


def _schedule(check: Check) -> RuleSpec:
    return RuleSpec(
        f"{SCHEDULE_PREFIX}{check.name}",
        CADENCE,
        check.clause or "POL-3",
        _("How often the check runs: %(check)s") % {"check": check.label},
        SCHEDULE_SCHEMA,
    )


def spec(key: str) -> RuleSpec | None:
    """The rule ``key``: one of the catalogue, or the schedule of a registered check."""
    if key.startswith(SCHEDULE_PREFIX):
        check = checks.get(key.removeprefix(SCHEDULE_PREFIX))
        return None if check is None else _schedule(check)
    return CATALOGUE.get(key)


def specs() -> list[RuleSpec]:
    """Every rule a version may set: the catalogue, then the schedule of each check."""
    return [*CATALOGUE.values(), *(_schedule(check) for check in checks.all_checks())]
