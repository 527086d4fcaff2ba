"""Password login attempts, counted per account and per address for rate limiting."""

from __future__ import annotations

from datetime import datetime

from meetfirst.store.models import LoginAttempt


def record_attempt(*, at: datetime, username: str, address: str, succeeded: bool) -> None:
    LoginAttempt.objects.create(at=at, username=username[:150], address=address[:64], succeeded=succeeded)


def failures_for_username(*, username: str, since: datetime) -> int:
    """Failed attempts for this account since a moment, not counting those before its last success."""
    recent = LoginAttempt.objects.filter(username=username[:150], at__gte=since)
    last_success = recent.filter(succeeded=True).order_by("-at").values_list("at", flat=True).first()
    failures = recent.filter(succeeded=False)
    if last_success is not None:
        failures = failures.filter(at__gt=last_success)
    return failures.count()


def failures_from_address(*, address: str, since: datetime) -> int:
    return LoginAttempt.objects.filter(address=address[:64], at__gte=since, succeeded=False).count()


def delete_attempts_before(*, moment: datetime) -> int:
    deleted, _ = LoginAttempt.objects.filter(at__lt=moment).delete()
    return deleted
