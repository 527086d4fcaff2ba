"""Headers that Django's own security middleware does not set; the owner's zone; the domain's errors."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def security_headers(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Add a Content-Security-Policy that allows no inline script, and keep personal pages out of caches."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not request.path.startswith(settings.STATIC_URL):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return middleware


def domain_errors(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Turn the domain's errors into HTTP answers in one place: NotFound is a 404, bad input a 400."""
    from django.shortcuts import render

    from meetfirst.core.errors import BadInput, MeetfirstError, NotFound

    def middleware(request: HttpRequest) -> HttpResponse:
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, MeetfirstError):
            return None
        status = 404 if isinstance(exception, NotFound) else 400 if isinstance(exception, BadInput) else 500
        return render(request, "meetfirst/error.html", {"message": exception.message}, status=status)

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware


def owner_time_zone(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Show every time in the owner's zone (the policy's, else this machine's): Django's date filters and
    forms then read and write wall-clock times as the owner does. A policy file that cannot be read
    leaves UTC here: the page that needs the policy then names the problem, as it did before."""
    from django.utils import timezone

    from meetfirst.core.errors import MeetfirstError
    from meetfirst.services.policy import owner_zone

    def middleware(request: HttpRequest) -> HttpResponse:
        try:
            timezone.activate(owner_zone())
        except MeetfirstError:
            timezone.deactivate()
        try:
            return get_response(request)
        finally:
            timezone.deactivate()

    return middleware
