"""The person page: identities, notes, and one timeline of everything, newest first."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import get_current_timezone
from django.views.decorators.http import require_GET, require_POST

from meetfirst.core.errors import BadInput
from meetfirst.services.clock import now
from meetfirst.services.interactions import log_interaction
from meetfirst.services.person_view import person_view
from meetfirst.web.forms import LogForm, owner_time
from meetfirst.web.http import HtmxRequest
from meetfirst.web.timeline_html import timeline_entries
from meetfirst.web.views.customers import customer_context
from meetfirst.web.views.meetings import relationship_context


def _page(request: HtmxRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@require_GET
def person(request: HtmxRequest, person_id: int) -> HttpResponse:
    view = person_view(person_id, page=_page(request))
    template = "meetfirst/_timeline.html" if request.htmx else "meetfirst/person.html"
    context = {
        "view": view,
        "timeline": timeline_entries(view.timeline, get_current_timezone()),
        "form": LogForm(),
        "nav": "",
    }
    if not request.htmx:
        context |= relationship_context(view.person)
        context |= customer_context(request, view.person)
    return render(request, template, context)


@require_POST
def log(request: HtmxRequest, person_id: int) -> HttpResponse:
    form = LogForm(request.POST)
    if not form.is_valid():
        view = person_view(person_id)
        messages.error(request, "Please correct the form below.")
        context = {
            "view": view,
            "timeline": timeline_entries(view.timeline, get_current_timezone()),
            "form": form,
        }
        context |= relationship_context(view.person)
        return render(request, "meetfirst/person.html", context, status=400)
    data = form.cleaned_data
    at = owner_time(data.get("at"))
    try:
        log_interaction(
            str(person_id),
            direction=data["direction"],
            channel=data["channel"],
            kind=data["kind"],
            text=data["text"],
            at=at,
            now=now(),
        )
    except BadInput as exc:
        messages.error(request, exc.message)
        return redirect("person", person_id=person_id)
    messages.success(request, "Logged.")
    return redirect("person", person_id=person_id)
