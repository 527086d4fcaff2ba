"""The person page's relationship part in a real browser: propose a call, mark it held, name the kind."""

from __future__ import annotations

from datetime import timedelta

from meetfirst.store.models import Meeting, Person
from tests import factories_lifecycle as make
from tests import test_web_browser as shared
from tests.conftest import FIXED_NOW
from tests.test_web_browser import _log_in, _shot

# The browser and page fixtures, and the skip when Chromium is missing, are the browser tests' own.
browser = shared.browser
page = shared.page
pytestmark = shared.pytestmark


def test_a_call_is_proposed_held_and_the_stranger_becomes_a_mentor(
    page, live_server, transactional_db
) -> None:  # type: ignore[no-untyped-def]
    ben = make.person("Ben Okafor", slug="ben-okafor", email="ben@example.org")
    sent = FIXED_NOW - timedelta(days=20)
    make.replied(ben, sent_at=sent, replied_at=sent + timedelta(days=1))
    _log_in(page, live_server)

    page.goto(f"{live_server.url}/people/{ben.pk}/")
    page.fill("#id_slot1", "2026-06-20T15:00")
    page.fill("#id_slot2", "2026-06-21T10:00")
    page.check("#id_phone")
    page.click("button:text('Propose')")
    page.wait_for_selector("text=Proposed. Download the invitation")
    meeting = Meeting.objects.get(person=ben)
    with page.expect_download() as download:
        page.click("a:text('Download the invitation (.ics)')")
    assert download.value.suggested_filename == f"meeting-{meeting.pk}-0.ics"

    _shot(page, "person-meeting-proposed")
    page.fill(f"[data-testid=meeting-{meeting.pk}] input[name=at]", "2026-06-14T16:00")
    page.click(f"[data-testid=meeting-{meeting.pk}] button:text('Confirm')")
    page.wait_for_selector("text=Confirmed.")
    page.click(f"[data-testid=meeting-{meeting.pk}] button:text('Held')")
    page.wait_for_selector("text=You have met Ben Okafor")
    page.click("summary:text('Write what was shared')")
    page.fill(f"#notes-{meeting.pk}-history", "Ten years in payments")
    page.fill(f"#notes-{meeting.pk}-follow-ups", "2026-06-30: send the paper")
    page.click("button:text('Save notes')")
    page.wait_for_selector("text=Notes saved.")
    page.fill("#kind-input", "mentor")
    page.click("button:text('Save kind')")
    page.wait_for_selector("text=mentor since 2026-06")
    _shot(page, "person-relationship")
    assert Person.objects.get(pk=ben.pk).relationship_kind == "mentor"
