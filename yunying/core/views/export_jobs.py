"""The signed-in person's exports written in the background: the list, and the download of a
finished file (its requester's alone)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..excel import xlsx_file_response
from ..models import ExportJob
from ..services import export_jobs
from ..web import actor, employee_view, paginate, query_string_without_page


def _list(request: HttpRequest, status: int = 200) -> HttpResponse:
    page = paginate(request, ExportJob.objects.filter(requester=actor(request)))
    return render(
        request,
        "core/export_jobs.html",
        {
            "page": page,
            "rows": [export_jobs.describe(job) for job in page],
            "query": query_string_without_page(request),
            "keep_days": export_jobs.KEEP_DAYS,
        },
        status=status,
    )


@employee_view
def export_job_list(request: HttpRequest) -> HttpResponse:
    """My exports: queued, running, ready to download, expired or failed."""
    return _list(request)


@employee_view
def export_job_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file of my finished export; someone else's is not found, an expired one is gone."""
    job = export_jobs.downloadable(pk, actor(request))
    if job is None:
        raise Http404(_("There is no such export of yours."))
    file = export_jobs.open_file(job)
    if file is None:
        messages.error(
            request,
            _("The export “%(name)s” has expired and its file was deleted; export the list again.")
            % {"name": job.file_name},
        )
        return _list(request, status=410)
    return xlsx_file_response(job.file_name, file)
