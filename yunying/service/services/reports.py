"""The Excel file of the service reports (SVC-2): one sheet per table of the page. The cases are
protected data, so every export is audited (ORG-4)."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.utils.translation import gettext as _

from yunying.core.errors import NotAllowed
from yunying.core.models import Employee
from yunying.core.services.org import record_export

from ..selectors import reports as selectors

WHAT = "service.reports"
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")

Sheet = tuple[str, list[str], list[list[Any]]]


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _standard_rows(rows: Sequence[dict[str, Any]]) -> list[list[Any]]:
    keys = (
        "label",
        "cases",
        "responded",
        "response_rate",
        "response_average",
        "response_median",
        "resolved",
        "resolution_rate",
        "resolution_average",
        "resolution_median",
        "open_breached",
    )
    return [[row[key] for key in keys] for row in rows]


def standard_headers(group_label: str) -> list[str]:
    return [
        group_label,
        _("Cases"),
        _("Responded"),
        _("Responded within standard (%)"),
        _("Average response hours"),
        _("Median response hours"),
        _("Resolved"),
        _("Resolved within standard (%)"),
        _("Average resolution hours"),
        _("Median resolution hours"),
        _("Open and past their standard"),
    ]


def report_sheets(actor: Employee, period: selectors.Period) -> list[Sheet]:
    """The tables of the report as sheets: summary, standards by the group asked, complaint
    causes, case kinds."""
    totals = selectors.sla_totals(actor, period)
    group_label = str(selectors.GROUPS[period.group])
    headings = standard_headers("")[1:]
    values = _standard_rows([{**totals, "label": ""}])[0][1:]
    summary = [
        [_("Opened between"), f"{period.start.isoformat()} – {period.end.isoformat()}"],
        *([heading, value] for heading, value in zip(headings, values, strict=True)),
    ]
    causes = selectors.by_cause(actor, period)
    kinds = selectors.by_kind(actor, period)
    return [
        (_("Summary"), [_("Figure"), _("Value")], summary),
        (
            _("Service standards"),
            standard_headers(group_label),
            _standard_rows(selectors.sla_table(actor, period)),
        ),
        (
            _("Complaint causes"),
            [_("Code"), _("Cause"), _("Cases"), _("Share (%)")],
            [[row["code"], row["label"], row["cases"], row["share"]] for row in causes],
        ),
        (
            _("Case kinds"),
            [_("Kind"), _("Cases"), _("Share (%)")],
            [[row["label"], row["cases"], row["share"]] for row in kinds],
        ),
    ]


def _workbook(sheets: Sequence[Sheet]) -> bytes:
    """A small workbook held in memory: text written as text, never as a formula."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    for title, headers, rows in sheets:
        sheet = workbook.add_worksheet(_SHEET_NAME.sub("", title)[:31])
        sheet.write_row(0, 0, headers, bold)
        sheet.set_column(0, len(headers) - 1, 16)
        sheet.freeze_panes(1, 0)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, [_value(value) for value in row])
    workbook.close()
    return buffer.getvalue()


def report_workbook(*, actor: Employee, period: selectors.Period) -> bytes:
    """The service reports of ``period`` as an Excel file; the export is audited (ORG-4)."""
    if not selectors.may_read(actor):
        raise NotAllowed(_("You may not see the service reports."))
    sheets = report_sheets(actor, period)
    content = _workbook(sheets)
    record_export(
        actor=actor,
        what=WHAT,
        count=sum(len(rows) for _title, _headers, rows in sheets[1:]),
        filters={
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "group": period.group,
        },
    )
    return content
