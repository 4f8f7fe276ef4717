"""Excel exports: suppliers and customers (protected data) are audited; items leave the prices
out for those who may not see them (ORG-4)."""

from __future__ import annotations

import pytest

from yunying.core.models import AuditEvent

from .sheets import rows_of

pytestmark = pytest.mark.django_db


def _exports(what: str) -> AuditEvent | None:
    return (
        AuditEvent.objects.filter(action="core.export", object_type=what).order_by("-seq").first()
    )


@pytest.mark.clause("ORG-4")
def test_exporting_suppliers_is_audited(web, people) -> None:
    response = web("buyer").get("/masterdata/suppliers/?q=S00&format=xlsx")
    assert response.status_code == 200
    rows = rows_of(response.content)
    assert [r[0] for r in rows[1:]] == ["S001", "S002", "S003", "S004", "S005"]
    event = _exports("masterdata.supplier")
    assert event is not None and event.clause == "ORG-4"
    assert event.actor == people("buyer")
    assert event.changes == {"rows": 5, "filters": {"q": "S00"}}


@pytest.mark.clause("ORG-4")
def test_exporting_customers_is_audited(web, people) -> None:
    response = web("ops_manager").get("/masterdata/customers/?kind=distributor&format=xlsx")
    assert response.status_code == 200
    rows = rows_of(response.content)
    assert {r[0] for r in rows[1:]} == {"C002", "C003", "C005", "C008"}
    event = _exports("masterdata.customer")
    assert event is not None and event.clause == "ORG-4"
    assert event.actor == people("ops_manager")
    assert event.changes == {"rows": 4, "filters": {"kind": "distributor"}}
    # Without the permission there is no export, and nothing to audit.
    assert web("buyer").get("/masterdata/customers/?format=xlsx").status_code == 403


@pytest.mark.clause("ORG-4")
def test_the_item_export_has_prices_only_for_those_who_may_see_them(web) -> None:
    plain = rows_of(web("logistics_clerk").get("/masterdata/items/?q=PV-M550&format=xlsx").content)
    assert len(plain[0]) == 11 and plain[1][0] == "PV-M550"
    assert 620 not in plain[1] and 780 not in plain[1]
    # The default supplier only for those who may see suppliers (empty keeps it on import).
    assert plain[1][8] is None
    assert _exports("masterdata.item") is None
    priced = rows_of(web("ops_supervisor").get("/masterdata/items/?q=PV-M550&format=xlsx").content)
    assert len(priced[0]) == 13 and priced[1][8:11] == ["S001", 620, 780]
    event = _exports("masterdata.item")
    assert event is not None and event.clause == "ORG-4"
