"""People to merge on the web: the suggestions with their reasons, merge and reject buttons."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from meetfirst.services import resolution
from meetfirst.services.clock import now
from meetfirst.web.http import HtmxRequest

SHOWN = 100


@require_GET
def suggestions(request: HtmxRequest) -> HttpResponse:
    context = {"suggestions": resolution.suggestions(limit=SHOWN), "nav": "people"}
    return render(request, "meetfirst/merge_suggestions.html", context)


@require_POST
def merge(request: HtmxRequest, suggestion_id: int) -> HttpResponse:
    record = resolution.accept_suggestion(suggestion_id, now=now())
    messages.success(
        request,
        f"Merged {resolution.merged_name(record)} into {record.kept.display_name}. "
        f"Undo with `meetfirst people unmerge {record.pk}`.",
    )
    return redirect("merge-suggestions")


@require_POST
def reject(request: HtmxRequest, suggestion_id: int) -> HttpResponse:
    found = resolution.reject_suggestion(suggestion_id, now=now())
    messages.success(
        request,
        f"{found.first.display_name} and {found.second.display_name} are two people; "
        "they will not be suggested again.",
    )
    return redirect("merge-suggestions")
