"""The triage card shows the evidence from the mailbox, the calendar and the address book."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from meetfirst.services import access, triage
from tests.conftest import FIXED_NOW
from tests.factories import make_person, make_request
from tests.factories_evidence import make_calendar_meeting, make_email, make_phone

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 6, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def alice(home, monkeypatch) -> Client:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


def test_the_card_shows_e_mail_meeting_and_address_book_evidence(alice: Client) -> None:
    person = make_person("Bo Lin")
    make_email(
        person, direction="in", at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC), subject="Slides from the summit"
    )
    make_email(person, direction="out", at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC), subject="Re: Slides")
    make_calendar_meeting(person, at=datetime(2025, 11, 14, 19, 30, tzinfo=UTC), title="Cloud summit dinner")
    make_phone(person, source="google-csv:contacts.csv")
    make_request(person, sent_at=SENT)
    triage.triage_new(now=FIXED_NOW)

    page = alice.get("/triage/").content.decode()

    assert "2 e-mails both ways (1 from them, 1 from you), last on 2026-03-02" in page
    assert "meeting &#x27;Cloud summit dinner&#x27; on 2025-11-14" in page
    assert "In your address book: Google Contacts, with a phone number" in page
    assert "Slides from the summit" in page
    assert "Cloud summit dinner</div>" in page


def test_the_card_marks_a_newsletter_as_not_evidence(alice: Client) -> None:
    person = make_person("Acme News")
    make_email(
        person, direction="in", at=datetime(2026, 5, 1, 9, 0, tzinfo=UTC), subject="May digest", bulk=True
    )
    make_request(person, sent_at=SENT)
    triage.triage_new(now=FIXED_NOW)

    page = alice.get("/triage/").content.decode()

    assert "1 newsletter or other bulk e-mail from them: not evidence" in page
    assert "newsletter or bulk mail: not evidence of knowing them" in page
    assert "In your address book" not in page
