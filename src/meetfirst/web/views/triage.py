"""The triage queue: one request at a time, with every reason and the evidence behind it."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from meetfirst.services import triage as triage_service
from meetfirst.services.clock import now
from meetfirst.services.person_view import recent_exchanges
from meetfirst.web.audit import write_now
from meetfirst.web.forms import DecideForm
from meetfirst.web.http import HtmxRequest


def _queue_context(request_id: int | None) -> dict[str, object]:
    """The card of one pending request (the newest when none is named) with its place in the queue."""
    if request_id is None:
        request_id = triage_service.first_in_queue()
        if request_id is None:
            return {"item": None, "total": 0}
    card = triage_service.queue_card(request_id)
    if card is None:
        if triage_service.first_in_queue() is None:
            return {"item": None, "total": 0}
        raise Http404("no pending request has that id")
    person_id = card.item.person_id
    return {
        "item": card.item,
        "person_id": person_id,
        "position": card.position,
        "total": card.total,
        "prev_id": card.prev_id,
        "next_id": card.next_id,
        "evidence": recent_exchanges(person_id),
        "address_books": triage_service.address_books(person_id),
        "form": DecideForm(),
    }


@require_GET
def queue(request: HtmxRequest, request_id: int | None = None) -> HttpResponse:
    context = _queue_context(request_id)
    template = "meetfirst/_triage_card.html" if request.htmx else "meetfirst/triage.html"
    return render(request, template, {**context, "nav": "triage"})


@require_POST
def decide(request: HtmxRequest, request_id: int) -> HttpResponse:
    form = DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose known, stranger or bizarre.")
        return redirect("triage-item", request_id=request_id)
    # The decision and its audit entry commit together: one wait for SQLite's write lock, not two.
    with transaction.atomic():
        updated = triage_service.decide(request_id, form.cleaned_data["verdict"], now=now())
        write_now(request)
    target = triage_service.next_in_queue(request_id) or request_id
    if request.htmx:
        # The card itself says what was saved; a flash message would surface later on another page.
        context = _queue_context(target)
        return render(request, "meetfirst/_triage_card.html", {**context, "decided": updated})
    messages.success(request, f"{updated.person.display_name}: {updated.verdict}.")
    return redirect(reverse("triage-item", kwargs={"request_id": target}))
