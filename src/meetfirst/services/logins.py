"""Password logins for team mode, rate limited per account and per address.

Refusals say nothing about whether the account exists: a wrong password, an unknown name and a disabled
account all read the same, and Django's ModelBackend spends the same hashing time on each.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.http import HttpRequest

from meetfirst.core.errors import MeetfirstError
from meetfirst.store import login_queries

FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
WINDOW = timedelta(minutes=15)
# Attempts older than this are of no use to the limits; they are pruned after a successful login.
KEEP_ATTEMPTS = timedelta(days=30)


class TooManyAttempts(MeetfirstError):
    """Too many login attempts: wait 15 minutes and try again"""

    exit_code = 5


def attempt_key(username: str) -> str:
    """The name attempts are counted under: case and spaces do not buy an attacker more tries."""
    return username.strip().lower()[:150]


def client_address(meta: Mapping[str, str], *, behind_proxy: bool) -> str:
    """The caller's address; behind our reverse proxy, the last hop it appended to X-Forwarded-For.

    Only the last hop is trusted: anything before it is whatever the client chose to send.
    """
    if behind_proxy:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if hops:
            return hops[-1][:64]
    return meta.get("REMOTE_ADDR", "")[:64]


def is_limited(username: str, address: str, *, now: datetime) -> bool:
    since = now - WINDOW
    failures = login_queries.failures_for_username(username=attempt_key(username), since=since)
    if failures >= FAILURES_PER_ACCOUNT:
        return True
    if not address:
        return False
    return login_queries.failures_from_address(address=address, since=since) >= FAILURES_PER_ADDRESS


def password_login(
    request: HttpRequest | None, username: str, password: str, *, address: str, now: datetime
) -> User | None:
    """The account these credentials open, or None; raise TooManyAttempts while the limit holds.

    A refused attempt is not recorded, so the limit lifts 15 minutes after the failures that set it.
    """
    if is_limited(username, address, now=now):
        raise TooManyAttempts
    user = authenticate(request, username=username.strip(), password=password)
    succeeded = isinstance(user, User)
    login_queries.record_attempt(at=now, username=attempt_key(username), address=address, succeeded=succeeded)
    if succeeded:
        login_queries.delete_attempts_before(moment=now - KEEP_ATTEMPTS)
        return user
    return None
