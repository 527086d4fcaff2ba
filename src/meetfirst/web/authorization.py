"""Who may open which page in team mode: roles by URL name, and objects by the people behind them.

One place decides, before any view runs, so that a page added later is safe before anyone thinks of it:
a URL name missing from STAFF_PAGES is the admin's alone, and a URL keyword missing from both the object
lookups (services.team_access.may_open) and NOT_OBJECTS answers 404 to agents and viewers. Nothing here
runs in single-user mode, where the one account owns everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetfirst.services import team_access

# Pages that agents and viewers may use: the board, customers and their person pages (with the actions on
# them), the team report, and logging in and out. Everything else (the owner's LinkedIn triage, replies,
# funnel, policy, imports, merges, data exports, keep-in-touch lists, account and audit pages) is admin-only.
STAFF_PAGES = frozenset(
    {
        "login",
        "token-login",
        "logout",
        "board",
        "person",
        "person-log",
        "person-kind",
        "meeting-propose",
        "meeting-confirm",
        "meeting-cancel",
        "meeting-done",
        "meeting-notes",
        "meeting-ics",
        "today-person-done",
        "today-person-snooze",
        "today-follow-up-done",
        "today-follow-up-snooze",
        "customers",
        "customer-tickets",
        "customer-note-add",
        "customer-note-edit",
        "customer-note-delete",
        "customer-sentiment",
        "team-report",
        "team-report-team",
        "team-report-chart",
        "team-report-chart-team",
    }
)

# URL keywords that name no stored object (a file suffix, a chart's name, a login token).
NOT_OBJECTS = frozenset({"kind", "which", "token"})

# What a viewer may still send: logging in and out change nobody's data.
VIEWER_MAY_POST = frozenset({"login", "logout"})
READING = frozenset({"GET", "HEAD", "OPTIONS"})


def _refuse(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "meetfirst/error.html", {"message": message}, status=status)


class TeamAuthorization:
    """Middleware: in team mode, refuse what the account's role or teams do not allow."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The checks here, the views and the templates ask for the same role, teams and people: read once.
        with team_access.remembering():
            return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        # Read per request, so that tests (and nothing else) can switch the mode.
        if not team_access.team_mode():
            return None
        user = request.user
        if not user.is_authenticated:
            return None  # LoginRequiredMiddleware let it through: the view opted out of logging in
        role = team_access.role_of(user)
        match = request.resolver_match
        name = (match.url_name if match else None) or ""
        if role != team_access.Role.ADMIN:
            if name not in STAFF_PAGES:
                return _refuse(request, "This page is for admins.", 403)
            changes = request.method not in READING and name not in VIEWER_MAY_POST
            if changes and role != team_access.Role.AGENT:
                return _refuse(request, "A viewer can look but not change anything.", 403)
        objects = {key: value for key, value in view_kwargs.items() if key not in NOT_OBJECTS}
        if objects and not team_access.may_open(user, objects):
            return _refuse(request, "Not found", 404)
        return None
