"""What the sales page and API tests share: dates, form data, English pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.utils import timezone

from yunying.approvals import selectors as approvals
from yunying.approvals.models import ApprovalRequest
from yunying.sales.models import SalesOrder


def day(days: int = 7) -> str:
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def english(client: Client) -> Client:
    """The page in English (the default language is Chinese)."""
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def order_form(customer: int, lines: list[dict[str, Any]], **header: Any) -> dict[str, Any]:
    """The POST of the order form: ``lines`` as {item, quantity, unit_price, allow_backorder}."""
    data: dict[str, Any] = {
        "customer": customer,
        "promised_date": day(7),
        "customer_reference": "",
        "delivery_address": "",
        "note": "",
        "save": "1",
        **header,
        **management("lines", len(lines)),
    }
    for index, line in enumerate(lines):
        for name, value in line.items():
            if name == "allow_backorder":
                if value:
                    data[f"lines-{index}-allow_backorder"] = "on"
            else:
                data[f"lines-{index}-{name}"] = "" if value is None else value
    return data


def approval_of(order: SalesOrder) -> ApprovalRequest:
    request = approvals.latest_request(order)
    assert request is not None
    return request


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
