"""Keep in touch on the web: the day's list with its reasons, and done / snooze for people and follow-ups."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from meetfirst.core.errors import BadInput
from meetfirst.services import health, nurture, thoughts
from meetfirst.services.clock import now
from meetfirst.web.http import HtmxRequest

HEALTH_SHOWN = 50


class SnoozeForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=365)


@require_GET
def today(request: HtmxRequest) -> HttpResponse:
    moment = now()
    context = {
        "today": nurture.today(now=moment),
        "thought": thoughts.thought_today(now=moment),
        "nav": "today",
    }
    return render(request, "meetfirst/today.html", context)


@require_GET
def health_page(request: HtmxRequest) -> HttpResponse:
    scores = health.health_all(now=now())
    context = {
        "attention": [h for h in scores if h.colour != "green"][:HEALTH_SHOWN],
        "tracked": len(scores),
        "green": sum(1 for h in scores if h.colour == "green"),
        "nav": "health",
    }
    return render(request, "meetfirst/health.html", context)


def _snooze_days(request: HtmxRequest) -> int | None:
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Snooze for 1 to 365 days.")
        return None
    days: int = form.cleaned_data["days"]
    return days


@require_POST
def person_done(request: HtmxRequest, person_id: int) -> HttpResponse:
    kept = nurture.done(str(person_id), now=now())
    messages.success(request, f"Noted: you got in touch with {kept.name}.")
    return redirect("today")


@require_POST
def person_snooze(request: HtmxRequest, person_id: int) -> HttpResponse:
    days = _snooze_days(request)
    if days is None:
        return redirect("today")
    kept = nurture.snooze(str(person_id), days=days, now=now())
    messages.success(request, f"{kept.name} is snoozed until {kept.snoozed_until}.")
    return redirect("today")


@require_POST
def follow_up_done(request: HtmxRequest, follow_up_id: int) -> HttpResponse:
    state = nurture.finish_follow_up(follow_up_id, now=now())
    messages.success(request, f"Follow-up for {state.person_name} done.")
    return redirect("today")


@require_POST
def follow_up_snooze(request: HtmxRequest, follow_up_id: int) -> HttpResponse:
    days = _snooze_days(request)
    if days is None:
        return redirect("today")
    try:
        state = nurture.snooze_follow_up(follow_up_id, days=days, now=now())
    except BadInput as exc:
        messages.error(request, exc.message)
        return redirect("today")
    messages.success(request, f"Follow-up for {state.person_name} snoozed until {state.snoozed_until}.")
    return redirect("today")
