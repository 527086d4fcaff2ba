"""The reply page: the draft from the user's template, editable, copyable, and marked sent."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from meetfirst.core.errors import BadInput
from meetfirst.services import replies
from meetfirst.services.clock import now
from meetfirst.web.forms import ReplyForm, SentForm, owner_time
from meetfirst.web.http import HtmxRequest


@require_http_methods(["GET", "POST"])
def reply(request: HtmxRequest, request_id: int) -> HttpResponse:
    if request.method == "POST":
        form = ReplyForm(request.POST)
        if form.is_valid():
            replies.edit(request_id, form.cleaned_data["text"], now=now())
            messages.success(request, "Draft saved.")
            return redirect("reply", request_id=request_id)
        draft = replies.draft([request_id], now=now())[0]
    else:
        draft = replies.draft([request_id], now=now())[0]
        form = ReplyForm(initial={"text": draft.text})
    return render(
        request,
        "meetfirst/reply.html",
        {"draft": draft, "form": form, "sent_form": SentForm(), "nav": "triage"},
    )


@require_POST
def mark_sent(request: HtmxRequest, request_id: int) -> HttpResponse:
    form = SentForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That time is not valid.")
        return redirect("reply", request_id=request_id)
    at = owner_time(form.cleaned_data.get("at"))
    try:
        replies.mark_sent(request_id, at=at, now=now())
    except BadInput as exc:
        messages.error(request, exc.message)
        return redirect("reply", request_id=request_id)
    messages.success(request, "Marked as sent. meetfirst will watch for an answer.")
    return redirect("reply", request_id=request_id)
