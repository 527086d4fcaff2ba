"""Every page: it needs a login, changes need a CSRF token, bad input is refused with a message,
and what strangers wrote is shown as text."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from meetfirst.services import access, triage
from meetfirst.services.person_view import PER_PAGE
from meetfirst.store.models import ConnectionRequest, Interaction, Reply
from tests.conftest import FIXED_NOW
from tests.factories import make_message, make_person, make_request

pytestmark = pytest.mark.django_db

SCRIPT_NOTE = '<script>alert("pwned")</script><img src=x onerror="alert(1)">'


@pytest.fixture
def alice(home, monkeypatch) -> Client:  # type: ignore[no-untyped-def]
    """The owner, logged in with a one-time link; CSRF checks on, as in a real browser."""
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


def _csrf(client: Client, page: str) -> str:
    response = client.get(page)
    assert response.status_code == 200, response.content[:500]
    return str(response.context["csrf_token"])


@pytest.fixture
def stranger() -> ConnectionRequest:
    request = make_request(name="Bruna Costa", note=SCRIPT_NOTE, sent_at=FIXED_NOW - timedelta(days=3))
    triage.triage_new(now=FIXED_NOW)
    request.refresh_from_db()
    return request


PAGES = ["/", "/triage/", "/funnel/", "/funnel/funnel.svg", "/funnel/trend.svg", "/policy/", "/import/"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_sends_an_anonymous_visitor_to_the_login_page(client: Client, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/")


def test_a_person_page_and_a_reply_page_need_a_login_too(client: Client, stranger: ConnectionRequest) -> None:
    for page in (
        f"/people/{stranger.person_id}/",
        f"/requests/{stranger.pk}/reply/",
        f"/triage/{stranger.pk}/",
    ):
        assert client.get(page).status_code == 302


@pytest.mark.parametrize("page", PAGES)
def test_every_page_answers_a_logged_in_owner(alice: Client, stranger: ConnectionRequest, page: str) -> None:
    response = alice.get(page)
    assert response.status_code == 200


def test_the_board_shows_the_request_in_seek_and_a_todo(alice: Client, stranger: ConnectionRequest) -> None:
    html = alice.get("/").content.decode()
    assert "Bruna Costa" in html
    assert "Draft replies to 1 stranger" in html


def test_the_triage_queue_shows_the_note_as_text(alice: Client, stranger: ConnectionRequest) -> None:
    html = alice.get("/triage/").content.decode()
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in html
    assert '<script>alert("pwned")' not in html
    assert 'onerror="alert(1)"' not in html
    assert "stranger" in html


def test_a_decision_needs_a_csrf_token(alice: Client, stranger: ConnectionRequest) -> None:
    response = alice.post(f"/triage/{stranger.pk}/decide/", {"verdict": "known"})
    assert response.status_code == 403
    stranger.refresh_from_db()
    assert stranger.verdict == "stranger"


def test_a_decision_with_a_token_is_saved_as_the_users_word(
    alice: Client, stranger: ConnectionRequest
) -> None:
    token = _csrf(alice, "/triage/")
    response = alice.post(
        f"/triage/{stranger.pk}/decide/", {"verdict": "known", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    stranger.refresh_from_db()
    assert (stranger.verdict, stranger.verdict_by_user, stranger.stage) == ("known", True, "known")


def test_a_made_up_verdict_is_refused_with_a_message(alice: Client, stranger: ConnectionRequest) -> None:
    token = _csrf(alice, "/triage/")
    response = alice.post(
        f"/triage/{stranger.pk}/decide/", {"verdict": "maybe", "csrfmiddlewaretoken": token}, follow=True
    )
    assert "Choose known, stranger or bizarre." in response.content.decode()
    stranger.refresh_from_db()
    assert stranger.verdict == "stranger"


def test_an_htmx_decision_returns_the_next_card(alice: Client, stranger: ConnectionRequest) -> None:
    older = make_request(name="Tobias Weber", note="Met at KubeCon?", sent_at=FIXED_NOW - timedelta(days=9))
    triage.triage_new(now=FIXED_NOW)
    token = _csrf(alice, "/triage/")
    response = alice.post(
        f"/triage/{stranger.pk}/decide/",
        {"verdict": "bizarre", "csrfmiddlewaretoken": token},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="triage-card"' in html and "<html" not in html
    assert "Tobias Weber" in html
    assert older.pk


def test_the_reply_page_drafts_edits_and_marks_sent(alice: Client, stranger: ConnectionRequest) -> None:
    page = f"/requests/{stranger.pk}/reply/"
    html = alice.get(page).content.decode()
    assert "Bruna" in html
    token = _csrf(alice, page)
    alice.post(page, {"text": "Hi Bruna, shall we talk on Friday?", "csrfmiddlewaretoken": token})
    reply = Reply.objects.get(request=stranger)
    assert (reply.text, reply.edited) == ("Hi Bruna, shall we talk on Friday?", True)
    alice.post(f"{page}sent/", {"at": "", "csrfmiddlewaretoken": token})
    reply.refresh_from_db()
    stranger.refresh_from_db()
    assert reply.status == "sent"
    assert stranger.stage == "replied"


def test_an_empty_reply_is_refused(alice: Client, stranger: ConnectionRequest) -> None:
    page = f"/requests/{stranger.pk}/reply/"
    token = _csrf(alice, page)
    response = alice.post(page, {"text": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_the_person_page_logs_a_note_onto_the_timeline(alice: Client, stranger: ConnectionRequest) -> None:
    page = f"/people/{stranger.person_id}/"
    token = _csrf(alice, page)
    response = alice.post(
        f"{page}log/",
        {
            "kind": "note",
            "direction": "out",
            "channel": "other",
            "text": "<b>likes sailing</b>",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert Interaction.objects.filter(person_id=stranger.person_id, kind="note").count() == 1
    html = alice.get(page).content.decode()
    assert "&lt;b&gt;likes sailing&lt;/b&gt;" in html
    assert "Connection request from them" in html


def test_a_log_without_text_is_refused_with_a_message(alice: Client, stranger: ConnectionRequest) -> None:
    page = f"/people/{stranger.person_id}/"
    token = _csrf(alice, page)
    response = alice.post(
        f"{page}log/", {"kind": "call", "direction": "in", "channel": "phone", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 400
    assert "Please correct the form below." in response.content.decode()
    assert not Interaction.objects.filter(person_id=stranger.person_id).exists()


def test_the_timeline_is_paged_newest_first(alice: Client) -> None:
    person = make_person("Dana Reyes")
    for day in range(120):
        make_message(person, direction="in", at=FIXED_NOW - timedelta(days=day), text=f"message {day}")
    first = alice.get(f"/people/{person.pk}/").content.decode()
    last = PER_PAGE - 1
    assert "message 0<" in first and f"message {last}<" in first and f"message {PER_PAGE}<" not in first
    second = alice.get(f"/people/{person.pk}/?page=2").content.decode()
    assert f"message {PER_PAGE}<" in second and "message 0<" not in second


def test_an_unknown_person_is_a_404(alice: Client) -> None:
    assert alice.get("/people/999999/").status_code == 404


def test_the_policy_page_refuses_a_broken_template_and_keeps_the_old_one(alice: Client, home) -> None:  # type: ignore[no-untyped-def]
    token = _csrf(alice, "/policy/")
    form = {
        "template": "Hi {{ first_name }\n",
        "patience_days": "30",
        "timezone": "",
        "duplicate_note_threshold": "3",
        "known_min_messages_each_way": "1",
        "bizarre_phrases": "",
        "csrfmiddlewaretoken": token,
    }
    response = alice.post("/policy/", form)
    assert response.status_code == 400
    assert "line" in response.content.decode()
    assert not (home / "policy.toml").exists()
    form["template"] = "Hi {{ first_name }}, let's talk."
    assert alice.post("/policy/", form).status_code == 302
    assert "let's talk" in (home / "policy.toml").read_text()


def test_the_policy_preview_renders_a_real_request(alice: Client, stranger: ConnectionRequest) -> None:
    token = _csrf(alice, "/policy/")
    response = alice.post(
        "/policy/preview/",
        {"template": "Dear {{ first_name }}", "csrfmiddlewaretoken": token},
        headers={"HX-Request": "true"},
    )
    assert "Dear Bruna" in response.content.decode()


def test_the_import_page_refuses_a_file_that_is_not_an_export(alice: Client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    token = _csrf(alice, "/import/")
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    with bogus.open("rb") as handle:
        response = alice.post("/import/", {"file": handle, "csrfmiddlewaretoken": token})
    assert response.status_code == 400
    assert "notes.txt" in response.content.decode()


def test_the_import_page_imports_an_invitations_file(alice: Client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    token = _csrf(alice, "/import/")
    invitations = tmp_path / "Invitations.csv"
    invitations.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Ama Owusu,Jordan Pike,"10/2/23, 11:05 AM",Hello from the meetup,INCOMING,'
        "https://www.linkedin.com/in/ama-owusu,https://www.linkedin.com/in/jordanpike\n"
    )
    with invitations.open("rb") as handle:
        response = alice.post("/import/", {"file": handle, "csrfmiddlewaretoken": token})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert ConnectionRequest.objects.filter(person__display_name="Ama Owusu").count() == 1


def test_the_import_page_names_the_bad_line_and_imports_nothing(alice: Client, tmp_path) -> None:  # type: ignore[no-untyped-def]
    token = _csrf(alice, "/import/")
    invitations = tmp_path / "Invitations.csv"
    invitations.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Ama Owusu,Jordan Pike,"not a date",Hello,INCOMING,https://www.linkedin.com/in/ama-owusu,'
        "https://www.linkedin.com/in/jordanpike\n"
    )
    with invitations.open("rb") as handle:
        response = alice.post("/import/", {"file": handle, "csrfmiddlewaretoken": token})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Invitations.csv:2" in html
    assert not ConnectionRequest.objects.exists()


def test_the_funnel_charts_are_svg_images_that_run_no_script(
    alice: Client, stranger: ConnectionRequest
) -> None:
    response = alice.get("/funnel/funnel.svg")
    assert response.headers["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and b"<script" not in response.content
    assert "script-src" not in response.headers["Content-Security-Policy"]


def test_the_board_counts_only_pending_known_requests_in_nurture(alice: Client) -> None:
    make_request(name="Priya Raman", state="accepted", stage="known", verdict="known")
    make_request(name="Lukas Berg", stage="known", verdict="known", sent_at=FIXED_NOW - timedelta(days=1))
    html = alice.get("/").content.decode()
    assert 'aria-label="1 requests"' in html.split("Nurture")[1].split("</h2>")[0]
    assert "Lukas Berg" in html and "Priya Raman" not in html


def test_the_board_warns_of_replies_about_to_turn_silent(alice: Client) -> None:
    for name, days in (("Near Edge", 25), ("Fresh Reply", 2)):
        replied_at = FIXED_NOW - timedelta(days=days)
        make_request(name=name, stage="replied", verdict="stranger", replied_at=replied_at)
    html = alice.get("/").content.decode()
    assert "1 reply will turn silent within a week" in html


def test_an_htmx_decision_leaves_no_flash_message_for_a_later_page(
    alice: Client, stranger: ConnectionRequest
) -> None:
    token = _csrf(alice, "/triage/")
    alice.post(
        f"/triage/{stranger.pk}/decide/",
        {"verdict": "known", "csrfmiddlewaretoken": token},
        headers={"HX-Request": "true"},
    )
    assert "Bruna Costa: known." not in alice.get("/funnel/").content.decode()


def test_the_timeline_shows_times_in_the_owners_zone(alice: Client, home) -> None:  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('timezone = "Asia/Tokyo"\n', encoding="utf-8")
    person = make_person("Kenji Ito")
    make_message(person, direction="in", at=FIXED_NOW.replace(hour=20, minute=15), text="hello")
    html = alice.get(f"/people/{person.pk}/").content.decode()
    tokyo = FIXED_NOW.replace(hour=20, minute=15).astimezone(ZoneInfo("Asia/Tokyo"))
    assert f'<span class="when">{tokyo:%Y-%m-%d %H:%M}</span>' in html


def test_every_page_shows_times_in_the_owners_zone(alice: Client, home, stranger: ConnectionRequest) -> None:  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('timezone = "America/Los_Angeles"\n', encoding="utf-8")
    html = alice.get(f"/triage/{stranger.pk}/").content.decode()
    received = stranger.sent_at.astimezone(ZoneInfo("America/Los_Angeles"))
    assert f"Received {received:%Y-%m-%d %H:%M}" in html


def test_a_policy_that_cannot_be_read_still_gets_its_plain_error_page(alice: Client, home) -> None:  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('timezone = "Asia/Tokyo"\npatience_days = [\n', encoding="utf-8")
    response = alice.get("/policy/")
    assert response.status_code == 400
    assert "policy.toml: The policy file has an error: not valid TOML" in response.content.decode()
