"""Logging in: a one-time link in single-user mode, a username and password in team mode."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetfirst.services import access, clock, logins
from meetfirst.services.team_access import team_mode
from meetfirst.web.account_forms import LoginForm
from meetfirst.web.http import HtmxRequest

_TEMPLATE = "meetfirst/login.html"


def _next_page(request: HtmxRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure())
    return wanted if wanted and safe else settings.LOGIN_REDIRECT_URL


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
def login_page(request: HtmxRequest) -> HttpResponse:
    if not team_mode():
        if request.method == "POST":
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return render(request, _TEMPLATE, status=401 if not request.user.is_authenticated else 200)
    if request.method != "POST":
        context = {"form": LoginForm(), "next": _next_page(request)}
        return render(request, _TEMPLATE, context, status=401 if not request.user.is_authenticated else 200)
    return _password_login(request)


def _password_login(request: HtmxRequest) -> HttpResponse:
    form = LoginForm(request.POST)
    context: dict[str, object] = {"form": LoginForm(initial={"username": request.POST.get("username", "")})}
    context["next"] = _next_page(request)
    if not form.is_valid():
        context["failed"] = True
        return render(request, _TEMPLATE, context, status=401)
    address = logins.client_address(request.META, behind_proxy=settings.BEHIND_PROXY)
    try:
        user = logins.password_login(
            request,
            form.cleaned_data["username"],
            form.cleaned_data["password"],
            address=address,
            now=clock.now(),
        )
    except logins.TooManyAttempts as exc:
        context["limited"] = exc.message
        return render(request, _TEMPLATE, context, status=429)
    if user is None:
        context["failed"] = True
        return render(request, _TEMPLATE, context, status=401)
    # login() gives the visitor a new session key, so a session id planted before login is worthless.
    login(request, user)
    return redirect(_next_page(request))


@login_not_required
@require_GET
def token_login(request: HtmxRequest, token: str) -> HttpResponse:
    if team_mode():
        # On a shared server only passwords open accounts; a leaked link must not.
        return render(request, _TEMPLATE, {"links_off": True, "form": LoginForm()}, status=403)
    user = access.redeem_login_token(token)
    if user is None:
        return render(request, _TEMPLATE, {"bad_token": True}, status=403)
    login(request, user, backend="meetfirst.store.accounts_backend.AccountBackend")
    return redirect("board")


@require_POST
def logout_view(request: HtmxRequest) -> HttpResponse:
    logout(request)
    return redirect("login")
