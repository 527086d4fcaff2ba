"""Customers as people: the Customers page, the customer panel of the person page, notes on human needs,
staff sentiment, and the agent's board in team mode."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from meetfirst.core.errors import BadInput
from meetfirst.services import customer_notes, customers, team_access, thoughts
from meetfirst.services.clock import now
from meetfirst.store.models import Person, Role
from meetfirst.web.customer_forms import CustomerSearchForm, NoteForm, SentimentForm
from meetfirst.web.http import HtmxRequest


def _problems(form: forms.Form) -> str:
    return "Not saved: " + " ".join(f"{name}: {e}" for name, errors in form.errors.items() for e in errors)


def _page(request: HtmxRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@require_GET
def customers_page(request: HtmxRequest) -> HttpResponse:
    """Visible customers, the worst health first, with the most pressing nudge of each."""
    form = CustomerSearchForm(request.GET)
    status = 200
    search, page = "", 1
    if form.is_valid():
        search, page = form.cleaned_data["q"] or "", form.cleaned_data["page"] or 1
    else:
        messages.error(request, "Search not understood: " + _problems(form).removeprefix("Not saved: "))
        status = 400
    listing = customers.customer_list(request.user, now=now(), search=search, page=page)
    template = "meetfirst/_customer_list.html" if request.htmx else "meetfirst/customers.html"
    context = {
        "listing": listing,
        "form": form if form.is_valid() else CustomerSearchForm(),
        "nav": "customers",
    }
    return render(request, template, context, status=status)


def customer_context(request: HtmxRequest, person: Person) -> dict[str, Any]:
    """What _customer_panel.html needs on the person page; no panel for someone who is not a customer."""
    if not customers.is_customer(person):
        return {"customer": None}
    person_id = person.pk
    user = request.user
    detail = customers.customer_detail(user, person_id, now=now())
    return {
        "customer": detail,
        "customer_tickets": customers.tickets(user, person_id),
        "customer_notes": customer_notes.notes(user, person_id),
        "note_form": NoteForm(),
        "sentiment_form": SentimentForm(initial={"sentiment": detail.signals.sentiment}),
    }


@require_GET
def ticket_page(request: HtmxRequest, person_id: int) -> HttpResponse:
    tickets = customers.tickets(request.user, person_id, page=_page(request))
    if not request.htmx:
        return redirect("person", person_id=person_id)
    return render(request, "meetfirst/_customer_tickets.html", {"customer_tickets": tickets})


def _notes_answer(request: HtmxRequest, person_id: int, *, error: str, done: str) -> HttpResponse:
    """The notes partial for htmx (with the error or the news in it), else back to the person page."""
    if request.htmx:
        context = {
            "customer_notes": customer_notes.notes(request.user, person_id),
            "note_form": NoteForm(),
            "person_id": person_id,
            "notes_error": error,
            "notes_done": "" if error else done,
        }
        return render(request, "meetfirst/_customer_notes.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect("person", person_id=person_id)


@require_POST
def add_note(request: HtmxRequest, person_id: int) -> HttpResponse:
    form = NoteForm(request.POST)
    error = "" if form.is_valid() else _problems(form)
    if not error:
        try:
            customer_notes.add_note(request.user, person_id, **form.cleaned_data, now=now())
        except BadInput as exc:
            error = exc.message
    return _notes_answer(request, person_id, error=error, done="Note saved.")


@require_POST
def edit_note(request: HtmxRequest, note_id: int) -> HttpResponse:
    person_id = customer_notes.own_note_person(request.user, note_id)
    form = NoteForm(request.POST)
    error = "" if form.is_valid() else _problems(form)
    if not error:
        try:
            customer_notes.edit_note(request.user, note_id, **form.cleaned_data, now=now())
        except BadInput as exc:
            error = exc.message
    return _notes_answer(request, person_id, error=error, done="Note changed.")


@require_POST
def delete_note(request: HtmxRequest, note_id: int) -> HttpResponse:
    person_id = customer_notes.delete_note(request.user, note_id)
    return _notes_answer(request, person_id, error="", done="Note deleted.")


@require_POST
def sentiment(request: HtmxRequest, person_id: int) -> HttpResponse:
    form = SentimentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _problems(form))
        return redirect("person", person_id=person_id)
    detail = customers.set_sentiment(request.user, person_id, form.cleaned_data["sentiment"] or "", now=now())
    if request.htmx:
        context = {
            "customer": detail,
            "sentiment_form": SentimentForm(initial={"sentiment": detail.signals.sentiment}),
        }
        return render(request, "meetfirst/_customer_health.html", context)
    messages.success(request, "Sentiment saved.")
    return redirect("person", person_id=person_id)


def wants_agent_board(request: HtmxRequest) -> bool:
    """In team mode, agents and viewers get the customers' board; admins keep the owner's board."""
    return team_access.team_mode() and team_access.role_of(request.user) not in ("", Role.ADMIN)


@require_GET
def agent_board(request: HtmxRequest) -> HttpResponse:
    """The agent's board: their teams' nudges, the customers at risk, and the thought for the day."""
    moment = now()
    nudged, at_risk = customers.board(request.user, now=moment)
    context = {
        "nudged": nudged,
        "at_risk": at_risk,
        "thought": thoughts.thought_today(now=moment),
        "nav": "board",
    }
    return render(request, "meetfirst/customer_board.html", context)
