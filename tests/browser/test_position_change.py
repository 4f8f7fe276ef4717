"""A position's permission change, end to end in the browser (ORG-3)."""

from __future__ import annotations

import pytest

from yunying.core.models import Position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.clause("ORG-3")
def test_a_permission_change_is_approved_from_the_inbox_and_is_in_force(login, live_server) -> None:
    position = Position.objects.get(code="ops_specialist")

    # The operations manager proposes a wider scope for the specialists.
    manager = login("ops_manager")
    manager.goto(f"{live_server.url}/org/positions/{position.pk}/")
    manager.click(f"a[href='/org/positions/{position.pk}/change/']")
    manager.fill("textarea[name=reason]", "专员需要查看下级团队的人员信息")
    manager.select_option("select[name='perm__core.view_employee']", "subtree")
    manager.click("button[type=submit].primary")
    manager.wait_for_url("**/org/position-changes/*/")
    number = manager.locator("h1").inner_text().split()[0]
    manager.click("form[action$='/submit/'] button")
    manager.wait_for_selector(".badge.state-submitted")

    # The general manager finds it in 我的待办 and approves it.
    leader = login("gm")
    row = leader.locator("#pending-approvals tr", has_text=number)
    row.locator("a.btn").click()
    leader.wait_for_url("**/approvals/*/")
    leader.fill("#comment", "同意")
    leader.click("button.primary[hx-post$='/approve/']")
    leader.wait_for_selector("#approval-state.state-approved")

    # The change is in force: the position page shows the new scope.
    manager.goto(f"{live_server.url}/org/positions/{position.pk}/")
    scope_cell = manager.locator("#permissions-in-force tr[data-code='core.view_employee'] td").nth(
        1
    )
    assert scope_cell.inner_text() in ("本部门及下级部门", "own department and below")
    assert position.permissions.get(code="core.view_employee").scope == "subtree"
