"""Meetings and relationships on the person page: propose, confirm, cancel, hold, notes, kind, .ics."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from meetfirst.core.errors import BadInput
from meetfirst.services import meetings, relationships
from meetfirst.services.clock import now
from meetfirst.store.models import Person
from meetfirst.web.forms import owner_time
from meetfirst.web.http import HtmxRequest
from meetfirst.web.meeting_forms import ConfirmForm, DoneForm, KindForm, NotesForm, ProposeForm


def relationship_context(person: Person) -> dict[str, Any]:
    """What _person_relationship.html needs, for the person page (whose person is read already)."""
    return {
        "relationship": relationships.relationship(person),
        "propose_form": ProposeForm(),
        "kind_form": KindForm(),
        "kinds": relationships.KIND_CHOICES,
    }


def _refuse(request: HtmxRequest, form: forms.Form) -> None:
    problems = [str(e) for errors in form.errors.values() for e in errors]
    messages.error(request, "Not saved: " + " ".join(problems))


def _back(meeting_id: int) -> HttpResponse:
    return redirect("person", person_id=meetings.get_meeting(meeting_id).person_id)


@require_POST
def propose(request: HtmxRequest, person_id: int) -> HttpResponse:
    form = ProposeForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
        return redirect("person", person_id=person_id)
    data = form.cleaned_data
    slots = [owner_time(data.get(name)) for name in ("slot1", "slot2", "slot3")]
    try:
        meetings.propose(
            f"#{person_id}",
            slots=[s for s in slots if s is not None],
            minutes=data["minutes"],
            place=data.get("place") or "",
            phone=bool(data.get("phone")),
            now=now(),
        )
    except BadInput as exc:
        messages.error(request, exc.message)
        return redirect("person", person_id=person_id)
    messages.success(request, "Proposed. Download the invitation and send it.")
    return redirect("person", person_id=person_id)


@require_POST
def confirm(request: HtmxRequest, meeting_id: int) -> HttpResponse:
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
        return _back(meeting_id)
    try:
        meetings.confirm(
            meeting_id,
            slot=form.cleaned_data.get("slot"),
            at=owner_time(form.cleaned_data.get("at")),
            now=now(),
        )
    except BadInput as exc:
        messages.error(request, exc.message)
        return _back(meeting_id)
    messages.success(request, "Confirmed. Send the updated invitation.")
    return _back(meeting_id)


@require_POST
def cancel(request: HtmxRequest, meeting_id: int) -> HttpResponse:
    try:
        meetings.cancel(meeting_id, now=now())
    except BadInput as exc:
        messages.error(request, exc.message)
        return _back(meeting_id)
    messages.success(request, "Cancelled. Send the cancellation so it leaves their calendar.")
    return _back(meeting_id)


@require_POST
def done(request: HtmxRequest, meeting_id: int) -> HttpResponse:
    form = DoneForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
        return _back(meeting_id)
    try:
        meetings.done(meeting_id, at=owner_time(form.cleaned_data.get("at")), now=now())
    except BadInput as exc:
        messages.error(request, exc.message)
        return _back(meeting_id)
    messages.success(request, "Marked as held. Write down what was shared.")
    return _back(meeting_id)


@require_POST
def notes(request: HtmxRequest, meeting_id: int) -> HttpResponse:
    form = NotesForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
        return _back(meeting_id)
    data = form.cleaned_data
    lines = [line for line in (data.get("follow_ups") or "").splitlines() if line.strip()]
    try:
        meetings.write_notes(
            meeting_id,
            history=data.get("history") or "",
            industry=data.get("industry") or "",
            aspirations=data.get("aspirations") or "",
            text=data.get("text") or "",
            follow_ups=lines,
            now=now(),
        )
    except BadInput as exc:
        messages.error(request, exc.message)
        return _back(meeting_id)
    messages.success(request, "Notes saved.")
    return _back(meeting_id)


@require_GET
def invitation(request: HtmxRequest, meeting_id: int) -> HttpResponse:
    name, data = meetings.invitation_file(meeting_id, now=now())
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def kind(request: HtmxRequest, person_id: int) -> HttpResponse:
    form = KindForm(request.POST)
    if not form.is_valid():
        _refuse(request, form)
        return redirect("person", person_id=person_id)
    try:
        relationships.set_kind(f"#{person_id}", form.cleaned_data["kind"], now=now())
    except BadInput as exc:
        messages.error(request, exc.message)
        return redirect("person", person_id=person_id)
    messages.success(request, "Relationship saved.")
    return redirect("person", person_id=person_id)
