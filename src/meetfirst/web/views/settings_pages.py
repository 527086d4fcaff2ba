"""The policy page (template with a live preview, patience, rules) and the import page."""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from meetfirst.core.errors import BadInput, MeetfirstError
from meetfirst.core.policy import Policy
from meetfirst.services import importing, replies
from meetfirst.services.clock import now
from meetfirst.services.policy import load_policy, save_policy
from meetfirst.web.forms import ImportForm, PolicyForm
from meetfirst.web.http import HtmxRequest

UPLOAD_SUFFIXES = (".zip", ".csv")


def _policy_initial(policy: Policy) -> dict[str, object]:
    return {
        "template": policy.template,
        "patience_days": policy.patience_days,
        "timezone": policy.timezone,
        "duplicate_note_threshold": policy.rules.duplicate_note_threshold,
        "known_min_messages_each_way": policy.rules.known_min_messages_each_way,
        "bizarre_phrases": "\n".join(policy.rules.bizarre_phrases),
    }


def _policy_from(form: PolicyForm, current: Policy) -> Policy:
    data = form.cleaned_data
    phrases = tuple(line.strip() for line in str(data["bizarre_phrases"]).splitlines() if line.strip())
    rules = replace(
        current.rules,
        duplicate_note_threshold=data["duplicate_note_threshold"],
        known_min_messages_each_way=data["known_min_messages_each_way"],
        bizarre_phrases=phrases,
    )
    return replace(
        current,
        template=data["template"],
        patience_days=data["patience_days"],
        timezone=data["timezone"],
        rules=rules,
    )


@require_http_methods(["GET", "POST"])
def policy(request: HtmxRequest) -> HttpResponse:
    current = load_policy()
    problem = ""
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                save_policy(_policy_from(form, current))
            except BadInput as exc:
                problem = exc.message
            else:
                messages.success(request, "Policy saved.")
                return redirect("policy")
    else:
        form = PolicyForm(initial=_policy_initial(current))
    preview_text, preview_for, preview_error = _preview(str(form["template"].value() or ""))
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "problem": problem,
        "preview_text": preview_text,
        "preview_for": preview_for,
        "preview_error": preview_error,
        "nav": "policy",
    }
    return render(request, "meetfirst/policy.html", context, status=status)


def _preview(template: str) -> tuple[str, str, str]:
    try:
        text, whose = replies.preview(template)
    except BadInput as exc:
        return "", "", exc.message
    return text, whose, ""


@require_POST
def policy_preview(request: HtmxRequest) -> HttpResponse:
    text, whose, error = _preview(request.POST.get("template", "")[:20_000])
    return render(
        request,
        "meetfirst/_preview.html",
        {"preview_text": text, "preview_for": whose, "preview_error": error},
    )


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.() -]", "_", base).strip(" .") or "upload"
    return cleaned[:120]


@require_http_methods(["GET", "POST"])
def import_page(request: HtmxRequest) -> HttpResponse:
    context: dict[str, object] = {"nav": "import", "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
    if request.method == "GET":
        return render(request, "meetfirst/import.html", {**context, "form": ImportForm()})
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > settings.MAX_UPLOAD_BYTES:
        context["error"] = f"That file is larger than {context['max_mb']} MB."
        return render(request, "meetfirst/import.html", {**context, "form": ImportForm()}, status=413)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "meetfirst/import.html", {**context, "form": form}, status=400)
    upload = form.cleaned_data["file"]
    name = _safe_name(upload.name or "upload")
    if not name.lower().endswith(UPLOAD_SUFFIXES) or upload.size > settings.MAX_UPLOAD_BYTES:
        context["error"] = f"{name}: upload a LinkedIn export (.zip) or one of its .csv files."
        return render(request, "meetfirst/import.html", {**context, "form": form}, status=400)
    with tempfile.TemporaryDirectory(prefix="meetfirst-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            summary = importing.import_paths([path], now=now())
        except MeetfirstError as exc:
            context["error"] = exc.message.replace(folder + "/", "")
            status = 400
        else:
            context["summary"] = summary.as_dict()
            status = 200
    template = "meetfirst/_import_result.html" if request.htmx else "meetfirst/import.html"
    return render(request, template, {**context, "form": ImportForm()}, status=status)
