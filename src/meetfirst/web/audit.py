"""The audit middleware: every change made over HTTP (a POST that succeeded) is written to the audit log.

It keeps the URL's name as the action, the person the URL is about (by id), and the submitted field
names, never their values. The person is looked up before the view runs, since the view may delete
what the URL names (a merge, a forget).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from meetfirst.services import audit

log = logging.getLogger(__name__)

_READS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_PERSON = "_meetfirst_audit_person_id"
_WRITTEN = "_meetfirst_audit_written"


def write_now(request: HttpRequest) -> None:
    """Write this request's entry now, inside the view's own transaction, and none after the view.

    For the busiest changes (a triage decision): the change and its entry then commit together, with one
    wait for SQLite's write lock instead of two, and no change can commit without its entry.
    """
    if request.user.is_authenticated:
        _write(request, request.user.pk, request.user.get_username())
    setattr(request, _WRITTEN, True)


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in _READS:
            return self.get_response(request)
        # Logging out replaces request.user: remember who it was before the view ran.
        before = request.user if request.user.is_authenticated else None
        response = self.get_response(request)
        if response.status_code < 400 and not getattr(request, _WRITTEN, False):
            actor = request.user if request.user.is_authenticated else before
            if actor is not None:
                _write(request, actor.pk, actor.get_username())
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        if request.method not in _READS:
            setattr(request, _PERSON, audit.person_id_from(kwargs))


def _write(request: HttpRequest, user_id: int, username: str) -> None:
    match = request.resolver_match
    try:
        fields = [*request.POST.keys(), *request.FILES.keys()] if request.method == "POST" else []
        # Its own transaction (a savepoint in a caller's): a refused entry leaves a usable connection.
        with transaction.atomic():
            audit.record(
                action=(match.url_name if match else "") or "unnamed",
                username=username,
                user_id=user_id,
                person_id=getattr(request, _PERSON, None),
                method=request.method or "",
                path=request.path,
                fields=fields,
            )
    except Exception:
        # The change itself is done; a lost entry is logged loudly rather than turned into an error page.
        log.exception("could not write the audit entry for %s %s", request.method, request.path)
