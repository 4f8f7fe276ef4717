"""Small measuring helpers for the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def row(name: str, value: float, unit: str, digits: int = 1) -> dict[str, Any]:
    return {"name": name, "value": round(value, digits), "unit": unit}


def per_second(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return p50, p95
