"""Nothing personal is reachable over HTTP without logging in; the one-time link logs in once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from meetfirst.services import access
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db


def test_the_board_redirects_an_anonymous_visitor_to_the_login_page(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/")


def test_a_login_link_logs_in_once(client: Client) -> None:
    token = access.issue_login_token()
    first = client.get(f"/login/token/{token}/")
    assert first.status_code == 302
    assert client.get("/").status_code == 200
    other = Client()
    assert other.get(f"/login/token/{token}/").status_code == 403
    assert other.get("/").status_code == 302


def test_an_expired_login_link_is_refused(client: Client) -> None:
    token = access.issue_login_token(now=FIXED_NOW - timedelta(days=2))
    assert client.get(f"/login/token/{token}/").status_code == 403
    assert client.get("/").status_code == 302


def test_a_made_up_token_is_refused(client: Client) -> None:
    assert client.get("/login/token/not-a-real-token/").status_code == 403


def test_pages_carry_a_content_security_policy_without_inline_script(client: Client) -> None:
    response = client.get("/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"


def test_logging_out_needs_a_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token()
    client.get(f"/login/token/{token}/")
    assert client.post("/logout/").status_code == 403
    assert client.get("/").status_code == 200
