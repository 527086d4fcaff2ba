"""The triage queue: one request at a time, with every reason and the evidence behind it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from meetfirst.services import triage as triage_service
from meetfirst.services.clock import now
from meetfirst.services.person_view import recent_exchanges
from meetfirst.web.forms import DecideForm
from meetfirst.web.http import HtmxRequest


def _queue_context(request_id: int | None, ids: list[int] | None = None) -> dict[str, object]:
    """The card of one pending request with its place in the queue (`ids`, newest first, when known)."""
    ids = triage_service.queue_ids() if ids is None else ids
    if not ids:
        return {"item": None, "total": 0}
    if request_id is None:
        request_id = ids[0]
    item = triage_service.pending_card(request_id)
    if item is None or request_id not in ids:
        raise Http404("no pending request has that id")
    index = ids.index(request_id)
    person_id = item.person_id
    return {
        "item": item,
        "person_id": person_id,
        "position": index + 1,
        "total": len(ids),
        "prev_id": ids[index - 1] if index > 0 else None,
        "next_id": ids[index + 1] if index + 1 < len(ids) else None,
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
    # A decision changes a verdict, not who is pending: the queue's order is the same after it.
    ids = triage_service.queue_ids()
    updated = triage_service.decide(request_id, form.cleaned_data["verdict"], now=now())
    following = (
        ids[ids.index(request_id) + 1] if request_id in ids and ids.index(request_id) + 1 < len(ids) else None
    )
    target = following or request_id
    if request.htmx:
        # The card itself says what was saved; a flash message would surface later on another page.
        context = _queue_context(target, ids)
        return render(request, "meetfirst/_triage_card.html", {**context, "decided": updated})
    messages.success(request, f"{updated.person.display_name}: {updated.verdict}.")
    return redirect(reverse("triage-item", kwargs={"request_id": target}))
