"""Cases opened at the same moment take turns in round robin: the team's pointer row is locked
while a handler is chosen, so two cases never go to the same agent by a lost update (SVC-1)."""

from __future__ import annotations

import pytest

from tests.concurrency.race import at_once
from tests.sales_steps import customer
from tests.stock import person
from yunying.service.models import ServiceCase
from yunying.service.services.cases import NewCase, open_case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("SVC-1")
def test_cases_opened_at_once_are_shared_out_in_turn(org) -> None:
    def one() -> ServiceCase:
        return open_case(
            NewCase(kind="inquiry", channel="phone", customer=customer("C001"), subject="咨询"),
            actor=person("cs_lead"),
        )

    results = at_once(*[one] * 4)
    assert not [r for r in results if isinstance(r, Exception)], results
    assignees = list(
        ServiceCase.objects.order_by("pk").values_list("assignee__user__username", flat=True)
    )
    assert sorted(assignees) == ["cs_agent", "cs_agent", "cs_lead", "cs_lead"]
    numbers = set(ServiceCase.objects.values_list("number", flat=True))
    assert len(numbers) == 4
