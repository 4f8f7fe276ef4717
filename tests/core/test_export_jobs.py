"""Long exports written in the background: the order list beyond the inline limit becomes a job,
the embedded scheduler (or the Celery task) writes the file, the requester is notified and alone
may download it until it expires; below the limit the download is unchanged."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from yunying.core import checks, queue
from yunying.core.models import AuditEvent, Employee, ExportJob, Notification
from yunying.core.services import export_jobs
from yunying.masterdata.models import Customer, Item
from yunying.sales.models import SalesOrder, SalesOrderLine

pytestmark = pytest.mark.django_db
URL = "/sales/orders/?q=EJ-&format=xlsx"


@pytest.fixture
def exports(settings, tmp_path, monkeypatch):
    """Files under a temporary folder; more than three lines make a job; no check is due."""
    settings.VAR_DIR = tmp_path
    settings.YUNYING_EXPORT_INLINE_ROWS = 3
    monkeypatch.setattr(checks, "_CHECKS", {})
    return settings


def orders(count: int, lines: int = 2) -> None:
    author = Employee.objects.get(user__username="ops_specialist")
    customer = Customer.objects.get(code="C001")
    items = list(Item.objects.order_by("code")[:lines])
    for n in range(count):
        order = SalesOrder.objects.create(
            number=f"EJ-{n:03d}",
            department=author.department,
            created_by=author,
            customer=customer,
            region=customer.region,
            state=SalesOrder.State.CONFIRMED,
            order_date=datetime.date(2025, 1, 1),
            promised_date=datetime.date(2025, 2, 1),
        )
        for item in items:
            SalesOrderLine.objects.create(
                order=order, item=item, quantity=1, unit_price=Decimal("2"), amount=Decimal("2")
            )


def workbook_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_a_long_export_is_a_job_its_requester_alone_downloads_until_it_expires(
    exports, web, people
) -> None:
    orders(3)  # six lines
    client = web("ops_specialist")
    client.cookies["django_language"] = "en"
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/exports/"
    job = ExportJob.objects.get(requester=people("ops_specialist"))
    assert job.state == "queued" and job.parameters == {"q": "EJ-"}
    page = client.get("/exports/").content.decode()
    assert "The export is being prepared; you will be notified when it is ready." in page

    assert queue.Embedded().tick() == []  # no check was due; the job ran all the same
    job.refresh_from_db()
    assert job.state == "done" and job.rows == 6 and job.expires_at is not None
    assert export_jobs.file_path(job).exists()
    note = Notification.objects.get(recipient=job.requester, url=f"/exports/{job.pk}/download/")
    assert job.file_name in note.title
    event = AuditEvent.objects.filter(action="core.export").order_by("-seq").first()
    assert event is not None and event.object_type == "sales.salesorder"
    assert event.changes == {"rows": 6, "filters": {"q": "EJ-", "job": job.pk}}

    download = client.get(f"/exports/{job.pk}/download/")
    assert download.status_code == 200 and len(workbook_rows(download)) == 1 + 6
    assert web("ops_manager").get(f"/exports/{job.pk}/download/").status_code == 404

    assert export_jobs.expire(timezone.now() + datetime.timedelta(days=8)) == 1
    assert not export_jobs.file_path(job).exists()
    job.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    job.save()
    assert client.get(f"/exports/{job.pk}/download/").status_code == 410


def test_the_task_runs_a_job_once_and_checks_the_requesters_permission(exports, people) -> None:
    orders(2)
    job = export_jobs.request_export(
        kind="sales.orders", parameters={"q": "EJ-"}, actor=people("ops_specialist")
    )
    assert queue.run_export(job.pk) == "done"
    assert queue.run_export(job.pk) == "taken"  # a second delivery does nothing
    refused = export_jobs.request_export(kind="sales.orders", parameters={}, actor=people("buyer"))
    export_jobs.perform(refused.pk)
    refused.refresh_from_db()
    assert refused.state == "failed" and "may not see sales orders" in refused.error


def test_below_the_limit_the_download_is_written_at_once(exports, web) -> None:
    orders(1)  # two lines
    response = web("ops_specialist").get(URL)
    assert response.status_code == 200 and response.streaming
    assert len(workbook_rows(response)) == 1 + 2
    assert not ExportJob.objects.exists()
