"""Money in the company currency: approval thresholds and budgets compare in it."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ValidationFailed
from .models import Company, ExchangeRate

CENT = Decimal("0.01")


def company_currency() -> str:
    company = Company.objects.only("currency").first()
    return company.currency if company else "CNY"


def round_money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_company_currency(
    amount: Decimal, currency: str, *, on: datetime.date | None = None
) -> Decimal:
    """``amount`` in ``currency`` converted at the rate valid on ``on`` (today by default)."""
    if not currency or currency == company_currency():
        return amount
    day = on or timezone.localdate()
    rate = (
        ExchangeRate.objects.filter(currency=currency, valid_from__lte=day)
        .order_by("-valid_from")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        raise ValidationFailed(
            _("No exchange rate for %(currency)s on %(date)s.")
            % {"currency": currency, "date": day},
            field="currency",
        )
    return round_money(amount * rate)
