"""Relationship kinds, the origin story, the nudge to accept a stranger once met, the funnel's last steps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetfirst.core.errors import BadInput
from meetfirst.services import meetings, relationships
from meetfirst.services.funnel import funnel
from meetfirst.store.models import ConnectionRequest, Decision, Person
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db

SENT = datetime(2026, 2, 11, 9, 0, tzinfo=UTC)
REPLIED = datetime(2026, 2, 12, 18, 0, tzinfo=UTC)
CALL = datetime(2026, 3, 1, 16, 0, tzinfo=UTC)


@pytest.fixture
def ben(home):  # type: ignore[no-untyped-def]
    """A stranger who asked on 2026-02-11, got the reply, answered, and took a call on 2026-03-01."""
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    person = make.person("Ben Okafor", slug="ben-okafor")
    request = make.replied(person, sent_at=SENT, replied_at=REPLIED)
    Decision.objects.create(request=request, verdict="stranger", reasons=[], by="rule", decided_at=SENT)
    proposed = meetings.propose("ben-okafor", slots=[CALL], phone=True, now=SENT + timedelta(days=5))
    meetings.done(proposed.id, now=CALL + timedelta(hours=2))
    return person


def test_naming_a_kind_sets_since_once_and_accepts_own_words(ben: Person) -> None:
    first = relationships.set_kind("Ben Okafor", "  Mentor ", now=datetime(2026, 4, 3, tzinfo=UTC))
    assert (first.relationship_kind, first.relationship_since) == ("mentor", date(2026, 4, 3))
    again = relationships.set_kind("Ben Okafor", "climbing   buddy", now=datetime(2026, 9, 1, tzinfo=UTC))
    assert (again.relationship_kind, again.relationship_since) == ("climbing buddy", date(2026, 4, 3))


@pytest.mark.parametrize("bad", ["", "   ", "x" * 41, "<b>boss</b>", "a_b"])
def test_a_kind_that_is_not_a_word_is_refused(ben: Person, bad: str) -> None:
    with pytest.raises(BadInput):
        relationships.set_kind("Ben Okafor", bad, now=FIXED_NOW)
    assert Person.objects.get(pk=ben.pk).relationship_kind == ""


def test_the_origin_story_walks_from_the_request_to_the_kind(ben: Person) -> None:
    relationships.set_kind("Ben Okafor", "mentor", now=datetime(2026, 4, 3, tzinfo=UTC))
    request = ConnectionRequest.objects.get(person=ben)
    assert request.answered_at == CALL  # the call answered the reply
    story = relationships.relationship("Ben Okafor").story
    assert story == (
        "request on 2026-02-11, judged a stranger, reply on 2026-02-12, answer on 2026-03-01, "
        "call on 2026-03-01, mentor since 2026-04"
    )


def test_each_request_tells_its_first_verdict_and_the_story_reads_them_at_once(ben: Person) -> None:
    first = ConnectionRequest.objects.get(person=ben)
    Decision.objects.create(request=first, verdict="known", reasons=[], by="owner", decided_at=REPLIED)
    with CaptureQueriesContext(connection) as one_request:
        relationships.relationship(ben)
    second = make.request(ben, sent_at=CALL + timedelta(days=30))
    for verdict, days in (("bizarre", 31), ("known", 32)):
        Decision.objects.create(
            request=second, verdict=verdict, reasons=[], by="owner", decided_at=CALL + timedelta(days=days)
        )
    with CaptureQueriesContext(connection) as two_requests:
        story = relationships.relationship(ben).story
    assert story == (
        "request on 2026-02-11, judged a stranger, reply on 2026-02-12, answer on 2026-03-01, "
        "call on 2026-03-01, request on 2026-03-31, judged bizarre"
    )
    assert len(two_requests.captured_queries) == len(one_request.captured_queries)


def test_a_person_known_by_name_only_has_no_story_yet(home) -> None:
    make.person("Cleo Park", slug=None)
    assert relationships.relationship("Cleo Park").story == "no story yet"


def test_a_stranger_met_with_a_pending_request_brings_a_reminder(ben: Person) -> None:
    reminders = relationships.meet_reminders()
    assert [(r.person_id, r.met_on) for r in reminders] == [(ben.pk, CALL)]
    assert "You have met Ben Okafor" in reminders[0].text and "accept" in reminders[0].text
    assert relationships.relationship("ben-okafor").reminder == reminders[0]


def test_no_reminder_once_the_request_is_accepted_or_before_any_meeting(ben: Person) -> None:
    other = make.person("Dana Wu", slug="dana-wu")
    make.request(other, sent_at=SENT)
    meetings.propose("dana-wu", slots=[FIXED_NOW + timedelta(days=2)], now=FIXED_NOW)  # not held
    ConnectionRequest.objects.filter(person=ben).update(state=ConnectionRequest.State.ACCEPTED)
    assert relationships.meet_reminders() == []


def test_a_meeting_held_before_the_request_does_not_count_as_met(home) -> None:
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    who = make.person("Eve Lind", slug="eve-lind")
    proposed = meetings.propose("eve-lind", slots=[SENT], now=SENT - timedelta(days=3))
    meetings.done(proposed.id, now=SENT + timedelta(hours=1))
    make.request(who, sent_at=SENT + timedelta(days=1))
    assert funnel(zone="UTC").total.met == 0
    assert relationships.meet_reminders() == []


def test_the_funnel_counts_met_and_relationships(ben: Person) -> None:
    make.request(make.person("Fay Moss"), sent_at=SENT)  # neither met nor related
    before = funnel(zone="UTC").total
    assert (before.requests, before.met, before.relationships) == (2, 1, 0)
    relationships.set_kind("ben-okafor", "peer", now=FIXED_NOW)
    after = funnel(zone="UTC")
    assert (after.total.met, after.total.relationships) == (1, 1)
    assert after.as_dict()["months"][0]["relationships"] == 1
