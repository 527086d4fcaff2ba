"""Keep in touch on the web: the board's section, the today page, done and snooze, the health page."""

from datetime import timedelta

import pytest
from django.test import Client

from meetfirst.services import access, thoughts
from meetfirst.store.models import FollowUp, Interaction, Person
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db
TODAY = FIXED_NOW.date()
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def alice(home, monkeypatch) -> Client:  # type: ignore[no-untyped-def]
    """The owner, logged in with a one-time link; CSRF checks on, as in a real browser."""
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


@pytest.fixture
def ana() -> Person:
    who = make.person("Ana Silva", relationship_kind="mentor")
    make.interaction(who, at=FIXED_NOW - timedelta(days=75))
    return who


def _csrf(client: Client, page: str) -> str:
    response = client.get(page)
    assert response.status_code == 200
    return str(response.context["csrf_token"])


@pytest.mark.parametrize("page", ["/today/", "/health/"])
def test_the_pages_need_a_login(client: Client, page: str) -> None:
    assert client.get(page).status_code == 302


def test_the_board_shows_who_to_keep_in_touch_with_and_the_thought(alice: Client, ana: Person) -> None:
    html = alice.get("/").content.decode()
    assert "Keep in touch today" in html
    assert "mentor, last touch 75 days ago, every 60 days" in html
    assert thoughts.thought_today(now=FIXED_NOW).thought.text.replace("'", "&#x27;") in html


def test_the_today_page_marks_someone_done(alice: Client, ana: Person) -> None:
    token = _csrf(alice, "/today/")
    assert alice.post(f"/today/people/{ana.pk}/done/").status_code == 403
    response = alice.post(f"/today/people/{ana.pk}/done/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Interaction.objects.filter(person=ana, text="checked in").exists()
    html = alice.get("/today/").content.decode()
    assert "Noted: you got in touch with Ana Silva." in html
    assert "mentor, last touch" not in html


def test_a_snooze_with_a_bad_number_of_days_is_refused_with_a_message(alice: Client, ana: Person) -> None:
    token = _csrf(alice, "/today/")
    response = alice.post(
        f"/today/people/{ana.pk}/snooze/", {"days": "-4", "csrfmiddlewaretoken": token}, follow=True
    )
    assert "Snooze for 1 to 365 days." in response.content.decode()
    ana.refresh_from_db()
    assert ana.snoozed_until is None
    alice.post(f"/today/people/{ana.pk}/snooze/", {"days": "7", "csrfmiddlewaretoken": token})
    ana.refresh_from_db()
    assert ana.snoozed_until == TODAY + timedelta(days=7)


def test_a_follow_up_is_shown_as_text_and_can_be_done(alice: Client, ana: Person) -> None:
    follow = FollowUp.objects.create(person=ana, text=HOSTILE, due_on=TODAY)
    html = alice.get("/today/").content.decode()
    assert "&lt;script&gt;" in html and HOSTILE not in html
    token = _csrf(alice, "/today/")
    alice.post(f"/today/follow-ups/{follow.pk}/done/", {"csrfmiddlewaretoken": token})
    follow.refresh_from_db()
    assert follow.done_at == FIXED_NOW


def test_an_unknown_person_is_a_404(alice: Client) -> None:
    token = _csrf(alice, "/today/")
    assert alice.post("/today/people/999999/done/", {"csrfmiddlewaretoken": token}).status_code == 404


def test_the_health_page_lists_relationships_that_need_attention(alice: Client, ana: Person) -> None:
    html = alice.get("/health/").content.decode()
    assert "Ana Silva" in html
    assert "overdue by 15 days" in html
