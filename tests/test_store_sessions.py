"""Sessions read with one line of SQL behave as Django's own: live ones load, others start afresh."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from meetfirst.store.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_live_session_loads_what_was_saved() -> None:
    saved = SessionStore()
    saved["who"] = "dana"
    saved.save()

    again = SessionStore(session_key=saved.session_key)

    assert again["who"] == "dana"
    assert again.session_key == saved.session_key


def test_an_expired_session_loads_nothing_and_gets_a_new_key_when_saved() -> None:
    saved = SessionStore()
    saved["who"] = "dana"
    saved.save()
    Session.objects.filter(session_key=saved.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    again = SessionStore(session_key=saved.session_key)

    assert "who" not in again
    again["who"] = "someone else"
    again.save()
    assert again.session_key != saved.session_key


def test_an_unknown_key_loads_nothing() -> None:
    assert dict(SessionStore(session_key="x" * 32).items()) == {}
    assert dict(SessionStore().items()) == {}


def test_the_site_uses_it(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    assert settings.SESSION_ENGINE == "meetfirst.store.sessions"
