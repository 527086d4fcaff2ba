"""Team mode logs in with a password: rate limited, CSRF-checked; a disabled account is out at once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from meetfirst.services import access, accounts
from meetfirst.store.models import LoginAttempt
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def team(settings, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = True
    # A fast hasher: these tests are about the flow, not about PBKDF2's cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())


@pytest.fixture
def bob() -> User:
    accounts.add_user("bob", role="agent", password=PASSWORD)
    return User.objects.get(username="bob")


def log_in(client: Client, username: str, password: str, **extra: Any):  # type: ignore[no-untyped-def]
    return client.post("/login/", {"username": username, "password": password}, **extra)


def page_text(response, username: str) -> str:  # type: ignore[no-untyped-def]
    """The page without what differs by design: the masked CSRF token and the name typed in."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    return html.replace(username, "X")


def at(monkeypatch: pytest.MonkeyPatch, minutes: int) -> None:
    monkeypatch.setenv("MEETFIRST_NOW", (FIXED_NOW + timedelta(minutes=minutes)).isoformat())


def test_the_login_page_offers_a_password_form_in_team_mode(client: Client) -> None:
    html = client.get("/login/").content.decode()
    assert 'type="password"' in html
    assert "csrfmiddlewaretoken" in html


def test_the_password_form_is_not_offered_in_single_user_mode(client: Client, settings, bob: User) -> None:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = False
    assert 'type="password"' not in client.get("/login/").content.decode()
    assert log_in(client, "bob", PASSWORD).status_code == 405
    assert client.get("/").status_code == 302


def test_the_right_password_logs_in_and_rotates_the_session(client: Client, bob: User) -> None:
    # A session id planted before login (session fixation) must be worthless afterwards.
    planted = SessionStore()
    planted["visited"] = True
    planted.create()
    client.cookies["meetfirst_session"] = planted.session_key or ""
    response = log_in(client, "bob", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.cookies["meetfirst_session"].value != planted.session_key
    assert not SessionStore().exists(planted.session_key or "")
    assert client.get("/").status_code == 200
    assert LoginAttempt.objects.filter(username="bob", succeeded=True).count() == 1


def test_login_goes_back_to_the_page_asked_for_but_never_to_another_site(client: Client, bob: User) -> None:
    response = client.post("/login/", {"username": "bob", "password": PASSWORD, "next": "/today/"})
    assert response.headers["Location"] == "/today/"
    other = Client()
    response = other.post(
        "/login/", {"username": "bob", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_a_wrong_password_and_an_unknown_account_read_the_same(client: Client, bob: User) -> None:
    wrong = log_in(client, "bob", "not the password")
    unknown = log_in(client, "nobody", "not the password")
    assert wrong.status_code == unknown.status_code == 401
    assert page_text(wrong, "bob") == page_text(unknown, "nobody")
    assert client.get("/").status_code == 302
    assert LoginAttempt.objects.filter(succeeded=False).count() == 2


def test_five_failures_lock_the_account_for_fifteen_minutes_then_it_recovers(
    client: Client, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for minute in range(5):
        at(monkeypatch, minute)
        assert log_in(client, "bob", "guess number x").status_code == 401
    at(monkeypatch, 5)
    refused = log_in(client, "bob", PASSWORD)
    assert refused.status_code == 429
    assert "Too many login attempts" in refused.content.decode()
    assert client.get("/").status_code == 302
    # The same refusal for a name with other capitals: case buys no extra tries.
    assert log_in(Client(), "BOB", PASSWORD).status_code == 429
    # 15 minutes after the fifth failure (minute 4) the window has passed.
    at(monkeypatch, 19)
    assert log_in(client, "bob", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200


def test_the_limit_says_nothing_about_whether_the_account_exists(client: Client, bob: User) -> None:
    for _ in range(5):
        log_in(client, "nobody", "guess number x")
    assert log_in(client, "nobody", "guess number x").status_code == 429


def test_twenty_failures_from_one_address_lock_that_address(
    client: Client, bob: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(20):
        log_in(client, f"someone{n}", "guess number x", REMOTE_ADDR="203.0.113.9")
    assert log_in(client, "bob", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert log_in(Client(), "bob", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 302
    at(monkeypatch, 16)
    assert log_in(Client(), "bob", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_behind_a_proxy_the_last_forwarded_hop_is_the_address(client: Client, settings, bob: User) -> None:  # type: ignore[no-untyped-def]
    settings.BEHIND_PROXY = True
    for n in range(20):
        # The client forges the first hop; the proxy appends the real address last.
        log_in(client, f"someone{n}", "guess x", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9")
    assert LoginAttempt.objects.filter(address="203.0.113.9").count() == 20
    assert log_in(client, "bob", PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9").status_code == 429


def test_a_success_clears_earlier_failures_for_the_account(client: Client, bob: User) -> None:
    for _ in range(4):
        log_in(client, "bob", "guess number x")
    assert log_in(client, "bob", PASSWORD).status_code == 302
    for _ in range(4):
        log_in(Client(), "bob", "guess number x")
    assert log_in(Client(), "bob", PASSWORD).status_code == 302


def test_login_links_are_refused_in_team_mode(client: Client) -> None:
    token = access.issue_login_token(now=FIXED_NOW)
    response = client.get(f"/login/token/{token}/")
    assert response.status_code == 403
    assert "Login links are off" in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_disabled_account_is_out_on_its_very_next_request(client: Client, bob: User) -> None:
    assert log_in(client, "bob", PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    accounts.disable_user("bob")
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/")
    assert log_in(Client(), "bob", PASSWORD).status_code == 401


def test_a_password_reset_ends_the_accounts_other_sessions(client: Client, bob: User) -> None:
    assert log_in(client, "bob", PASSWORD).status_code == 302
    accounts.set_password("bob")
    assert client.get("/").status_code == 302


def test_the_login_form_needs_its_csrf_token(bob: User) -> None:
    client = Client(enforce_csrf_checks=True)
    assert log_in(client, "bob", PASSWORD).status_code == 403
    client.get("/login/")
    token = client.cookies["meetfirst_csrftoken"].value
    response = client.post("/login/", {"username": "bob", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_logging_out_ends_the_session(client: Client, bob: User) -> None:
    log_in(client, "bob", PASSWORD)
    assert client.post("/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_an_expired_session_is_out(client: Client, bob: User) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert log_in(client, "bob", PASSWORD).status_code == 302
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/").status_code == 302


def test_in_team_mode_the_session_cookie_ends_with_the_browser(client: Client, settings, bob: User) -> None:  # type: ignore[no-untyped-def]
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # what serve --team and MEETFIRST_TEAM=1 set
    log_in(client, "bob", PASSWORD)
    cookie = client.cookies["meetfirst_session"]
    assert not cookie["max-age"]
    assert not cookie["expires"]
