"""Logging in: a one-time link in single-user mode."""

from __future__ import annotations

from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from meetfirst.services import access
from meetfirst.web.http import HtmxRequest


@login_not_required
@require_GET
def login_page(request: HtmxRequest) -> HttpResponse:
    return render(request, "meetfirst/login.html", status=401 if not request.user.is_authenticated else 200)


@login_not_required
@require_GET
def token_login(request: HtmxRequest, token: str) -> HttpResponse:
    user = access.redeem_login_token(token)
    if user is None:
        return render(request, "meetfirst/login.html", {"bad_token": True}, status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("board")


@require_POST
def logout_view(request: HtmxRequest) -> HttpResponse:
    logout(request)
    return redirect("login")
