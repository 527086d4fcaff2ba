"""Your data on the web: downloads of everything or of one person, and forgetting a person."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from meetfirst.services import export, forget
from meetfirst.services.clock import now
from meetfirst.services.person_view import person_view
from meetfirst.web.http import HtmxRequest

# What each download is: (format, CSV kind, file suffix, content type).
DOWNLOADS = {
    "json": ("json", "people", "json", "application/json"),
    "vcf": ("vcard", "people", "vcf", "text/vcard"),
    "csv": ("csv", "people", "csv", "text/csv"),
    "interactions.csv": ("csv", "interactions", "interactions.csv", "text/csv"),
}


def _download(kind: str, *, person_id: int | None, name: str) -> FileResponse:
    """Write the export to a temporary file and stream it: a big store never sits in memory."""
    if kind not in DOWNLOADS:
        raise Http404("no such download")
    fmt, what, suffix, content_type = DOWNLOADS[kind]
    spool = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 - FileResponse closes it
    with open(spool.fileno(), "w", encoding="utf-8", newline="", closefd=False) as text:
        export.export(
            text, fmt=fmt, what=what, person=None if person_id is None else str(person_id), now=now()
        )
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{name}.{suffix}", content_type=f"{content_type}; charset=utf-8"
    )


@require_GET
def data_page(request: HtmxRequest) -> HttpResponse:
    return render(request, "meetfirst/data.html", {"nav": "data"})


@require_GET
def download_all(request: HtmxRequest, kind: str) -> FileResponse:
    return _download(kind, person_id=None, name=f"meetfirst-{now():%Y-%m-%d}")


@require_GET
def download_person(request: HtmxRequest, person_id: int, kind: str) -> FileResponse:
    person_view(person_id)  # NotFound (a 404) for someone who is not there
    return _download(kind, person_id=person_id, name=f"person-{person_id}")


@require_http_methods(["GET", "POST"])
def forget_person(request: HtmxRequest, person_id: int) -> HttpResponse:
    """GET asks; POST (with the CSRF token and confirm=yes) deletes and goes back to the board."""
    view = person_view(person_id)
    if request.method == "GET":
        return render(request, "meetfirst/forget.html", {"view": view})
    if request.POST.get("confirm") != "yes":
        messages.error(request, "Tick the box to confirm, or go back.")
        return render(request, "meetfirst/forget.html", {"view": view}, status=400)
    forget.forget(str(person_id), now=now())
    # The message names nobody: it may be kept in the session.
    messages.success(request, "The person and all their data were deleted.")
    return redirect("board")
