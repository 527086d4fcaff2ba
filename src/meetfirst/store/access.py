"""Queries for logging in: the local owner account and one-time login tokens."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from meetfirst.store.models import LoginToken

OWNER_USERNAME = "owner"


def get_or_create_owner_user() -> User:
    user, created = User.objects.get_or_create(username=OWNER_USERNAME)
    if created:
        # Single-user mode logs in by token only; no password can open this account.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def add_login_token(*, user: User, digest: str, created_at: datetime, expires_at: datetime) -> None:
    LoginToken.objects.create(user=user, digest=digest, created_at=created_at, expires_at=expires_at)


def consume_login_token(*, digest: str, now: datetime) -> User | None:
    """Mark a valid unused token used and return its user; None for unknown, used or expired tokens."""
    with transaction.atomic():
        updated = LoginToken.objects.filter(digest=digest, used_at__isnull=True, expires_at__gt=now).update(
            used_at=now
        )
        if updated != 1:
            return None
        token = LoginToken.objects.select_related("user").get(digest=digest)
    return token.user if token.user.is_active else None
