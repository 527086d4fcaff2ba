"""The person page's relationship part: propose, confirm, cancel and hold meetings, download the .ics,
write what was shared, name the relationship, see the origin story and the reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.test import Client

from meetfirst.services import access, meetings
from meetfirst.store.models import FollowUp, Meeting, Person, SharedNote
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db

SENT = FIXED_NOW - timedelta(days=20)


@pytest.fixture
def alice(home, monkeypatch) -> Client:  # type: ignore[no-untyped-def]
    """The owner, logged in, with CSRF checks on; the policy's zone is UTC."""
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


@pytest.fixture
def ben() -> Person:
    person = make.person("Ben Okafor", slug="ben-okafor")
    make.replied(person, sent_at=SENT, replied_at=SENT + timedelta(days=1))
    return person


def _csrf(client: Client, page: str) -> str:
    response = client.get(page)
    assert response.status_code == 200
    return str(response.context["csrf_token"])


def _post(client: Client, ben: Person, url: str, data: dict[str, str]) -> str:
    token = _csrf(client, f"/people/{ben.pk}/")
    response = client.post(url, {**data, "csrfmiddlewaretoken": token}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_meeting_pages_need_a_login(client: Client, ben: Person) -> None:
    proposed = meetings.propose("ben-okafor", slots=[FIXED_NOW + timedelta(days=3)], now=FIXED_NOW)
    assert client.get(f"/meetings/{proposed.id}/invitation.ics").status_code == 302
    assert client.post(f"/people/{ben.pk}/kind/", {"kind": "friend"}).status_code == 302
    assert Person.objects.get(pk=ben.pk).relationship_kind == ""


def test_a_post_without_a_csrf_token_is_refused(alice: Client, ben: Person) -> None:
    response = alice.post(f"/people/{ben.pk}/kind/", {"kind": "friend"})
    assert response.status_code == 403
    assert Person.objects.get(pk=ben.pk).relationship_kind == ""


def test_the_owner_proposes_confirms_and_downloads_the_invitation(alice: Client, ben: Person) -> None:
    html = _post(
        alice,
        ben,
        f"/people/{ben.pk}/meetings/",
        {"slot1": "2026-06-20T15:00", "slot2": "2026-06-21T10:00", "minutes": "30", "phone": "on"},
    )
    assert "Proposed." in html and "proposed" in html
    meeting = Meeting.objects.get(person=ben)
    assert meeting.mode == "phone" and len(meeting.slots) == 2

    html = _post(alice, ben, f"/meetings/{meeting.pk}/confirm/", {"slot": "2"})
    assert "Confirmed." in html
    response = alice.get(f"/meetings/{meeting.pk}/invitation.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f"meeting-{meeting.pk}-1.ics" in response["Content-Disposition"]
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["uid"]) == meeting.uid and event["sequence"] == 1
    assert event.decoded("dtstart") == datetime(2026, 6, 21, 10, 0, tzinfo=UTC)

    html = _post(alice, ben, f"/meetings/{meeting.pk}/cancel/", {})
    assert "Cancelled." in html
    cancel = icalendar.Calendar.from_ical(alice.get(f"/meetings/{meeting.pk}/invitation.ics").content)
    assert cancel["method"] == "CANCEL"


def test_a_bad_proposal_is_refused_with_a_message(alice: Client, ben: Person) -> None:
    html = _post(alice, ben, f"/people/{ben.pk}/meetings/", {"slot1": "2026-06-01T15:00", "minutes": "30"})
    assert "not in the future" in html
    html = _post(alice, ben, f"/people/{ben.pk}/meetings/", {"slot1": "soon", "minutes": "1"})
    assert "Not saved:" in html
    assert not Meeting.objects.exists()


def test_holding_a_meeting_then_writing_notes_shows_them_and_the_reminder(alice: Client, ben: Person) -> None:
    proposed = meetings.propose("ben-okafor", slots=[FIXED_NOW + timedelta(days=3)], now=FIXED_NOW)
    html = _post(alice, ben, f"/meetings/{proposed.id}/done/", {"at": "2026-06-14T16:00"})
    assert "Marked as held" in html
    assert "You have met Ben Okafor" in html
    html = _post(
        alice,
        ben,
        f"/meetings/{proposed.id}/notes/",
        {
            "history": "Ten years in payments",
            "industry": "<b>Open</b> banking",
            "aspirations": "A company of her own",
            "follow_ups": "2026-06-30: send the paper\n\n",
        },
    )
    assert "Notes saved." in html
    assert "&lt;b&gt;Open&lt;/b&gt; banking" in html
    assert "2026-06-30 · send the paper" in html
    assert SharedNote.objects.count() == 1 and FollowUp.objects.count() == 1
    html = _post(alice, ben, f"/meetings/{proposed.id}/notes/", {"follow_ups": "next week: call"})
    assert "YYYY-MM-DD: what to do" in html
    assert FollowUp.objects.count() == 1


def test_naming_the_relationship_shows_it_in_the_origin_story(alice: Client, ben: Person) -> None:
    html = _post(alice, ben, f"/people/{ben.pk}/kind/", {"kind": "Mentor"})
    assert "Relationship saved." in html
    assert "mentor since 2026-06" in html
    assert f"request on {SENT:%Y-%m-%d}" in html
    html = _post(alice, ben, f"/people/{ben.pk}/kind/", {"kind": "<script>"})
    assert "is not a kind" in html
    assert Person.objects.get(pk=ben.pk).relationship_kind == "mentor"


def test_an_unknown_meeting_is_a_404(alice: Client) -> None:
    assert alice.get("/meetings/999/invitation.ics").status_code == 404


def test_the_board_lists_a_met_stranger_as_a_todo_linking_to_their_page(alice: Client, ben: Person) -> None:
    proposed = meetings.propose("ben-okafor", slots=[FIXED_NOW + timedelta(days=3)], now=FIXED_NOW)
    assert "You have met Ben Okafor" not in alice.get("/").content.decode()
    meetings.done(proposed.id, at=FIXED_NOW - timedelta(hours=2), now=FIXED_NOW)
    html = alice.get("/").content.decode()
    assert f'<a href="/people/{ben.pk}/">You have met Ben Okafor' in html
