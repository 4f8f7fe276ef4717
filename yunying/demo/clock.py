"""Building history: run services as if on an earlier day.

The demo company needs months of documents with their real dates (receipts per week, sales by
month, ageing). Services read the time from ``django.utils.timezone.now``; inside
``on_day(day)`` it answers that day (at the given hour), so every service call, default and
audit event is dated as it would have been.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone


@contextmanager
def on_day(day: datetime.date, hour: int = 10) -> Iterator[None]:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    with mock.patch.object(timezone, "now", return_value=moment):
        yield
