"""Filters saved on list pages (``core.models.SavedFilter``): saved with a name from the page
(its page number dropped), listed and applied from the page's menu, deleted; one name once per
person and list (a form message, 409 in the API); nobody else sees or deletes them."""

from __future__ import annotations

import pytest
from django.utils import translation

from yunying.core.models import SavedFilter

pytestmark = pytest.mark.django_db


def test_a_filter_saved_on_the_page_comes_back_in_its_menu_and_is_deleted(web) -> None:
    client = web("accountant")
    response = client.post(
        "/lists/sales.receivables/filters/",
        {"name": "Overdue east", "query": "q=AR&state=unsettled&overdue=1&sort=-due&page=3"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/sales/receivables/?q=AR&state=unsettled&overdue=1&sort=-due"
    saved = SavedFilter.objects.get(owner__user__username="accountant")
    assert (saved.list_name, saved.name) == ("sales.receivables", "Overdue east")
    page = client.get("/sales/receivables/").content.decode()
    assert "Overdue east" in page
    assert 'href="?q=AR&amp;state=unsettled&amp;overdue=1&amp;sort=-due"' in page
    # The menu of another list does not show it.
    assert "Overdue east" not in client.get("/sales/payments/").content.decode()
    deleted = client.post(f"/lists/filters/{saved.pk}/delete/")
    assert deleted.status_code == 302 and deleted["Location"] == "/sales/receivables/"
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_a_name_is_used_once_per_person_and_list(web) -> None:
    client = web("accountant")
    client.cookies["django_language"] = "en"
    client.post("/lists/sales.receivables/filters/", {"name": "Mine", "query": "state=open"})
    again = client.post(
        "/lists/sales.receivables/filters/", {"name": "Mine", "query": "state=partial"}, follow=True
    )
    assert "already have a filter named “Mine”" in again.content.decode()
    assert SavedFilter.objects.get(name="Mine", list_name="sales.receivables").query == "state=open"
    # The same name on another list, or by another person, is theirs to use.
    client.post("/lists/sales.payments/filters/", {"name": "Mine", "query": "q=PAY"})
    web("fin_manager").post("/lists/sales.receivables/filters/", {"name": "Mine", "query": ""})
    assert SavedFilter.objects.filter(name="Mine").count() == 3


def test_nobody_else_sees_or_deletes_a_saved_filter(web, api) -> None:
    web("accountant").post("/lists/sales.receivables/filters/", {"name": "Private", "query": "q=X"})
    saved = SavedFilter.objects.get(name="Private")
    assert "Private" not in web("fin_manager").get("/sales/receivables/").content.decode()
    assert web("fin_manager").post(f"/lists/filters/{saved.pk}/delete/").status_code == 404
    assert api("fin_manager").get("/api/v1/saved-filters/").json() == []
    assert api("fin_manager").delete(f"/api/v1/saved-filters/{saved.pk}/").status_code == 404
    assert SavedFilter.objects.filter(pk=saved.pk).exists()


def test_the_api_round_trip(api) -> None:
    client = api("accountant")
    made = client.post(
        "/api/v1/saved-filters/",
        {"list": "sales.receivables", "name": "Open", "query": "?state=open&cursor=abc"},
        format="json",
    )
    assert made.status_code == 201
    body = made.json()
    assert (body["list"], body["name"], body["query"]) == (
        "sales.receivables",
        "Open",
        "state=open",
    )
    with translation.override("en"):
        taken = client.post(
            "/api/v1/saved-filters/",
            {"list": "sales.receivables", "name": "Open"},
            format="json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert taken.status_code == 409 and taken.json()["field"] == "name"
    unknown = client.post("/api/v1/saved-filters/", {"list": "no.such", "name": "X"}, format="json")
    assert unknown.status_code == 400 and unknown.json()["field"] == "list"
    blank = client.post(
        "/api/v1/saved-filters/", {"list": "sales.receivables", "name": "  "}, format="json"
    )
    assert blank.status_code == 400
    listed = client.get("/api/v1/saved-filters/?list=sales.receivables").json()
    assert [f["name"] for f in listed] == ["Open"]
    assert client.delete(f"/api/v1/saved-filters/{body['id']}/").status_code == 204
    assert client.get("/api/v1/saved-filters/").json() == []
