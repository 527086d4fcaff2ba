"""The weekly digest with a fixed clock, and its sending to a local SMTP server (aiosmtpd on 127.0.0.1)."""

import socket
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import Message

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from meetfirst.core.errors import MailProblem
from meetfirst.services import digest, thoughts
from meetfirst.store.models import FollowUp
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db
TODAY = FIXED_NOW.date()


def ago(days: float):
    return FIXED_NOW - timedelta(days=days)


@pytest.fixture(autouse=True)
def utc_policy(home):
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")


@pytest.fixture
def week():
    """ana is overdue, ben falls due in 3 days, cleo (a 180-day acquaintance) is cooling, fay is fine."""
    ana = make.person("Ana Silva", relationship_kind="mentor")
    make.interaction(ana, at=ago(75))
    ben = make.person("Ben Okafor", relationship_kind="friend")
    make.interaction(ben, at=ago(27), direction="out")
    cleo = make.person("Cleo Park", relationship_kind="acquaintance")
    make.interaction(cleo, at=ago(150), direction="out")
    fay = make.person("Fay Lund", relationship_kind="friend")
    for days in (1, 8, 15, 22):
        make.interaction(fay, at=ago(days), direction="in" if days % 2 else "out")
    FollowUp.objects.create(person=ben, text="Send the article", due_on=TODAY + timedelta(days=5))
    FollowUp.objects.create(person=ana, text="Too late for the week", due_on=TODAY + timedelta(days=9))
    return ana, ben, cleo, fay


def test_the_digest_lists_the_week_due_people_cooling_ones_follow_ups_and_a_thought(week):
    found = digest.build_digest(now=FIXED_NOW)
    assert [i.name for i in found.due] == ["Ana Silva", "Ben Okafor"]
    assert [h.name for h in found.cooling] == ["Cleo Park"]
    assert [i.text for i in found.follow_ups] == ["Send the article"]
    assert found.thought.thought == thoughts.thought_today(now=FIXED_NOW).thought
    text = found.text()
    assert text.startswith("meetfirst: your week from 2026-06-15\n")
    assert "- Ana Silva: mentor, last touch 75 days ago, every 60 days (overdue since 2026-05-31)" in text
    assert "- Ben Okafor: friend, last touch 27 days ago, every 30 days (due 2026-06-18)" in text
    assert "- Cleo Park: " in text and "due in 30 days, before it goes cold" in text
    assert "- Ben Okafor: Send the article (due 2026-06-20)" in text
    assert found.thought.thought.text in text
    assert "Fay" not in text


def test_an_empty_week_says_so():
    text = digest.build_digest(now=FIXED_NOW).text()
    assert "Due this week (0)\n- nobody" in text
    assert "Follow-ups (0)\n- none" in text


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], Message]] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append((envelope.mail_from, envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        assert isinstance(auth_data, LoginPassword)
        self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret", handled=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def smtp_policy(home, port: int, *, username: str = "") -> None:
    user = f'username = "{username}"\n' if username else ""
    (home / "policy.toml").write_text(
        f'timezone = "UTC"\n[smtp]\nhost = "127.0.0.1"\nport = {port}\nfrom = "me@example.org"\n'
        f'to = "me+digest@example.org"\nstarttls = false\n{user}',
        encoding="utf-8",
    )


def test_the_digest_is_sent_to_the_configured_smtp_server(home, week, smtp_server):
    inbox, port = smtp_server
    smtp_policy(home, port)
    found = digest.build_digest(now=FIXED_NOW)
    assert digest.send_digest(found, now=FIXED_NOW) == "me+digest@example.org"
    ((sender, recipients, message),) = inbox.messages
    assert (sender, recipients) == ("me@example.org", ["me+digest@example.org"])
    assert message["Subject"] == "meetfirst: your week from 2026-06-15"
    assert message.get_payload(decode=True).decode().replace("\r\n", "\n") == found.text()


def test_the_password_comes_from_the_environment(home, week, smtp_server, monkeypatch):
    inbox, port = smtp_server
    smtp_policy(home, port, username="me")
    found = digest.build_digest(now=FIXED_NOW)
    monkeypatch.delenv("MEETFIRST_SMTP_PASSWORD", raising=False)
    with pytest.raises(MailProblem, match="MEETFIRST_SMTP_PASSWORD"):
        digest.send_digest(found, now=FIXED_NOW)
    monkeypatch.setenv("MEETFIRST_SMTP_PASSWORD", "wrong")
    with pytest.raises(MailProblem, match="refused"):
        digest.send_digest(found, now=FIXED_NOW)
    monkeypatch.setenv("MEETFIRST_SMTP_PASSWORD", "s3cret")
    digest.send_digest(found, now=FIXED_NOW)
    assert inbox.logins[-1] == (b"me", b"s3cret")
    assert len(inbox.messages) == 1


def test_sending_without_a_mail_server_says_how_to_set_one(week):
    with pytest.raises(MailProblem, match=r"\[smtp\]"):
        digest.send_digest(digest.build_digest(now=FIXED_NOW), now=FIXED_NOW)


def test_a_server_that_does_not_answer_is_a_clear_error(home, week):
    smtp_policy(home, _free_port())
    with pytest.raises(MailProblem, match=r"cannot reach 127\.0\.0\.1"):
        digest.send_digest(digest.build_digest(now=FIXED_NOW), now=FIXED_NOW)
