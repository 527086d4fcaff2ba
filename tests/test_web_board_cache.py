"""The board is computed once and kept until the store changes: every change shows on the next view.

Transactional tests, so that the cache is on, as in the running app (a test inside one transaction
never caches).
"""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from meetfirst.services import access, board, triage
from meetfirst.services.policy import load_policy
from meetfirst.store.models import ConnectionRequest
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW
from tests.factories import make_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def alice(home: Path, monkeypatch: pytest.MonkeyPatch) -> Client:
    """The owner, logged in; the clock stands still, so that only changes to the store move the board."""
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


@pytest.fixture
def bruna() -> ConnectionRequest:
    request = make_request(name="Bruna Costa", sent_at=FIXED_NOW - timedelta(days=3))
    triage.triage_new(now=FIXED_NOW)
    request.refresh_from_db()
    return request


def _csrf(client: Client, page: str) -> str:
    response = client.get(page)
    assert response.status_code == 200
    return str(response.context["csrf_token"])


def _column(html: str, title: str) -> str:
    return html.split(f"<span>{title}</span>")[1].split("</section>")[0]


def test_the_board_is_computed_once_while_nothing_changes(
    alice: Client, bruna: ConnectionRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice.get("/")  # the first view of the day picks the day's thought: a change
    alice.get("/")
    calls: list[int] = []
    original = board.build_board

    def counted(**kwargs: Any) -> board.Board:
        calls.append(1)
        return original(**kwargs)

    monkeypatch.setattr(board, "build_board", counted)
    for _ in range(3):
        assert "Bruna Costa" in _column(alice.get("/").content.decode(), "Seek")
    assert calls == []


def test_a_decision_shows_on_the_next_board(alice: Client, bruna: ConnectionRequest) -> None:
    html = alice.get("/").content.decode()
    assert "Bruna Costa" in _column(html, "Seek")
    token = _csrf(alice, "/triage/")
    response = alice.post(f"/triage/{bruna.pk}/decide/", {"verdict": "known", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    html = alice.get("/").content.decode()
    assert "Bruna Costa" not in _column(html, "Seek")
    assert "Bruna Costa" in _column(html, "Nurture")


def test_an_import_shows_on_the_next_board(alice: Client, bruna: ConnectionRequest, tmp_path: Path) -> None:
    assert "Ama Owusu" not in alice.get("/").content.decode()
    token = _csrf(alice, "/import/")
    invitations = tmp_path / "Invitations.csv"
    invitations.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Ama Owusu,Jordan Pike,"6/14/26, 11:05 AM",Hello from the meetup,INCOMING,'
        "https://www.linkedin.com/in/ama-owusu,https://www.linkedin.com/in/jordanpike\n"
    )
    with invitations.open("rb") as handle:
        assert alice.post("/import/", {"file": handle, "csrfmiddlewaretoken": token}).status_code == 200
    assert "Ama Owusu" in _column(alice.get("/").content.decode(), "Seek")


def test_a_logged_interaction_shows_on_the_next_board(alice: Client) -> None:
    ana = make.person("Ana Silva", relationship_kind="mentor")
    make.interaction(ana, at=FIXED_NOW - timedelta(days=75))
    assert "last touch 75 days ago" in alice.get("/").content.decode()
    page = f"/people/{ana.pk}/"
    token = _csrf(alice, page)
    logged = {"kind": "call", "direction": "out", "channel": "phone", "text": "caught up"}
    assert alice.post(f"{page}log/", {**logged, "csrfmiddlewaretoken": token}).status_code == 302
    assert "last touch 75 days ago" not in alice.get("/").content.decode()


def test_a_change_made_elsewhere_shows_on_the_next_board(alice: Client, bruna: ConnectionRequest) -> None:
    """Another web thread, worker process or the CLI writes through a connection of its own."""
    assert "Bruna Costa" in _column(alice.get("/").content.decode(), "Seek")

    def elsewhere() -> None:
        try:
            triage.decide(bruna.pk, "bizarre", now=FIXED_NOW)
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    html = alice.get("/").content.decode()
    assert "Bruna Costa" in _column(html, "Protect")
    assert "Bruna Costa" not in _column(html, "Seek")


def test_a_new_patience_window_counts_at_once(alice: Client, home: Path) -> None:
    replied_at = FIXED_NOW - timedelta(days=25)
    make_request(name="Near Edge", stage="replied", verdict="stranger", replied_at=replied_at)
    assert "1 reply will turn silent within a week" in alice.get("/").content.decode()
    (home / "policy.toml").write_text('timezone = "UTC"\npatience_days = 90\n', encoding="utf-8")
    assert load_policy().patience_days == 90
    assert "will turn silent" not in alice.get("/").content.decode()
