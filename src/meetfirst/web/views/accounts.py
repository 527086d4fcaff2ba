"""The admin's team pages: accounts (add, role and teams, disable, enable, reset password), teams, audit log.

The authorization middleware already keeps these pages to admins; each view checks again, so that a
mistake in one place is not a hole.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from meetfirst.core.errors import BadInput
from meetfirst.services import accounts, audit, team_access
from meetfirst.web.account_forms import AddAccountForm, AuditFilterForm, PasswordForm, RoleForm, TeamForm
from meetfirst.web.http import HtmxRequest

AUDIT_PAGE_SIZE = 50


def _require_admin(request: HtmxRequest, *, team_only: bool = True) -> None:
    """Admins only; the account and team pages exist only in team mode (single-user mode has one account)."""
    if team_only and not team_access.team_mode():
        raise Http404("no team pages in single-user mode")
    if team_access.role_of(request.user) != team_access.Role.ADMIN:
        raise PermissionDenied("This page is for admins.")


def _form_errors(form: AddAccountForm | RoleForm | PasswordForm | TeamForm) -> str:
    return "; ".join(f"{field}: {' '.join(str(e) for e in errors)}" for field, errors in form.errors.items())


@require_GET
def users_page(request: HtmxRequest) -> HttpResponse:
    _require_admin(request)
    context = {
        "accounts": accounts.list_users(),
        "form": AddAccountForm(team_names=accounts.team_names()),
        "nav": "team",
    }
    return render(request, "meetfirst/accounts.html", context)


@require_POST
def user_add(request: HtmxRequest) -> HttpResponse:
    """Add an account with a generated temporary password, shown once to the admin who hands it over."""
    _require_admin(request)
    form = AddAccountForm(request.POST, team_names=accounts.team_names())
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("accounts")
    temporary = accounts.generate_password()
    try:
        made = accounts.add_user(
            form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            teams=form.cleaned_data["teams"],
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            password=temporary,
        )
    except BadInput as exc:
        messages.error(request, exc.message)
        return redirect("accounts")
    context = {"account": made, "password": temporary, "added": True, "nav": "team"}
    return render(request, "meetfirst/accounts_password.html", context)


@require_GET
def user_page(request: HtmxRequest, user_id: int) -> HttpResponse:
    _require_admin(request)
    found = accounts.account_by_id(user_id)
    team_names = accounts.team_names()
    context = {
        "account": found,
        "role_form": RoleForm(
            initial={"role": found.role, "teams": list(found.teams)}, team_names=team_names
        ),
        "password_form": PasswordForm(),
        "is_me": found.id == request.user.pk,
        "nav": "team",
    }
    return render(request, "meetfirst/accounts_user.html", context)


def _done(request: HtmxRequest, user_id: int, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("account", user_id=user_id)


def _failed(request: HtmxRequest, user_id: int, text: str) -> HttpResponse:
    messages.error(request, text)
    return redirect("account", user_id=user_id)


@require_POST
def user_role(request: HtmxRequest, user_id: int) -> HttpResponse:
    _require_admin(request)
    found = accounts.account_by_id(user_id)
    form = RoleForm(request.POST, team_names=accounts.team_names())
    if not form.is_valid():
        return _failed(request, user_id, _form_errors(form))
    try:
        accounts.set_role_and_teams(found.username, form.cleaned_data["role"], form.cleaned_data["teams"])
    except BadInput as exc:
        return _failed(request, user_id, exc.message)
    return _done(request, user_id, f"Saved {found.username}'s role and teams.")


@require_POST
def user_disable(request: HtmxRequest, user_id: int) -> HttpResponse:
    _require_admin(request)
    found = accounts.account_by_id(user_id)
    if found.id == request.user.pk:
        return _failed(request, user_id, "You cannot disable your own account: ask another admin.")
    try:
        accounts.disable_user(found.username)
    except BadInput as exc:
        return _failed(request, user_id, exc.message)
    return _done(request, user_id, f"Disabled {found.username}: logged out, and kept out.")


@require_POST
def user_enable(request: HtmxRequest, user_id: int) -> HttpResponse:
    _require_admin(request)
    found = accounts.account_by_id(user_id)
    accounts.enable_user(found.username)
    return _done(request, user_id, f"Enabled {found.username}.")


@require_POST
def user_password(request: HtmxRequest, user_id: int) -> HttpResponse:
    """Reset a password: the one typed, or a generated temporary one shown on this answer only."""
    _require_admin(request)
    found = accounts.account_by_id(user_id)
    form = PasswordForm(request.POST)
    if not form.is_valid():
        return _failed(request, user_id, _form_errors(form))
    try:
        temporary = accounts.set_password(found.username, form.cleaned_data["password"] or None)
    except BadInput as exc:
        return _failed(request, user_id, exc.message)
    if temporary is None:
        return _done(request, user_id, f"Set {found.username}'s password; their other sessions have ended.")
    context = {"account": found, "password": temporary, "added": False, "nav": "team"}
    return render(request, "meetfirst/accounts_password.html", context)


@require_GET
def teams_page(request: HtmxRequest) -> HttpResponse:
    _require_admin(request)
    context = {"teams": accounts.list_teams(), "form": TeamForm(), "nav": "team"}
    return render(request, "meetfirst/accounts_teams.html", context)


@require_POST
def team_add(request: HtmxRequest) -> HttpResponse:
    _require_admin(request)
    form = TeamForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("teams")
    try:
        made = accounts.add_team(form.cleaned_data["name"])
    except BadInput as exc:
        messages.error(request, exc.message)
        return redirect("teams")
    messages.success(request, f"Added team {made.name}.")
    return redirect("teams")


@require_GET
def team_page(request: HtmxRequest, team_id: int) -> HttpResponse:
    _require_admin(request)
    summary, members = accounts.team_with_members(team_id)
    return render(
        request, "meetfirst/accounts_team.html", {"team": summary, "members": members, "nav": "team"}
    )


@require_GET
def audit_page(request: HtmxRequest) -> HttpResponse:
    """The audit log, newest first, filtered by person id and account, one page at a time."""
    _require_admin(request, team_only=False)
    form = AuditFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    page = filters.get("page") or 1
    # One more than a page tells whether a next page exists.
    found = audit.entries(
        person_id=filters.get("person"),
        username=filters.get("user") or "",
        offset=(page - 1) * AUDIT_PAGE_SIZE,
        limit=AUDIT_PAGE_SIZE + 1,
    )
    context = {
        "entries": found[:AUDIT_PAGE_SIZE],
        "form": form,
        "page": page,
        "has_next": len(found) > AUDIT_PAGE_SIZE,
        "person": filters.get("person") or "",
        "user_filter": filters.get("user") or "",
        "nav": "audit",
    }
    return render(request, "meetfirst/accounts_audit.html", context)
