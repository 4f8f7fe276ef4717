"""What the sales reads share: zero, the type of summed money and the order states that count
as sales."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField

ZERO = Decimal("0")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=4)
COUNTED = ("confirmed", "partial", "delivered", "closed")
