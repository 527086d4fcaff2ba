"""Who may see the store over HTTP: one-time login links for single-user mode."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth.models import User

from meetfirst.services.clock import now as clock_now
from meetfirst.store import access

LINK_LIFETIME = timedelta(hours=12)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_login_token(*, now: datetime | None = None, lifetime: timedelta = LINK_LIFETIME) -> str:
    """A fresh one-time token for the local owner account (the link is /login/token/<token>/)."""
    moment = now or clock_now()
    token = secrets.token_urlsafe(32)
    user = access.get_or_create_owner_user()
    access.add_login_token(user=user, digest=_digest(token), created_at=moment, expires_at=moment + lifetime)
    return token


def redeem_login_token(token: str, *, now: datetime | None = None) -> User | None:
    """The user a token logs in, once; None when it is unknown, used or expired."""
    if not token or len(token) > 200:
        return None
    return access.consume_login_token(digest=_digest(token), now=now or clock_now())
