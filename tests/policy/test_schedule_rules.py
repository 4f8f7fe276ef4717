"""A regulation sets how often a scheduled check runs: the rule ``schedule.<check name>``."""

from __future__ import annotations

import pytest

from yunying.core.errors import ValidationFailed
from yunying.policy import catalogue
from yunying.policy.services import validate_rule

pytestmark = pytest.mark.django_db


def test_each_registered_check_has_a_schedule_rule_in_the_catalogue() -> None:
    keys = {spec.key for spec in catalogue.specs()}
    assert {"schedule.policy.review_due", "schedule.core.backup"} <= keys
    assert catalogue.spec("schedule.policy.review_due").clause == "POL-2"  # type: ignore[union-attr]


def test_a_schedule_rule_is_checked_like_any_other() -> None:
    validate_rule("schedule.policy.review_due", {"every": 6, "unit": "hour"})
    with pytest.raises(ValidationFailed) as error:
        validate_rule("schedule.policy.review_due", {"every": 6, "unit": "fortnight"})
    assert error.value.field == "value"
    with pytest.raises(ValidationFailed) as error:
        validate_rule("schedule.no.such.check", {"every": 1, "unit": "day"})
    assert error.value.field == "key"


def test_the_rule_catalogue_lists_the_schedules(api) -> None:
    answer = api("admin").get("/api/v1/rule-catalogue/")
    assert answer.status_code == 200
    entries = {entry["key"]: entry for entry in answer.json()}
    assert entries["schedule.sales.overdue_receivables"]["kind"] == "cadence"
