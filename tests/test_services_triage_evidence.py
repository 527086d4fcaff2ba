"""Triage with evidence from the mailbox, the calendar and the address book."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from meetfirst.core.policy import Policy
from meetfirst.services import triage
from meetfirst.store.models import ConnectionRequest, Identity, Meeting
from tests.conftest import FIXED_NOW
from tests.factories import make_message, make_person, make_request
from tests.factories_evidence import (
    make_calendar_meeting,
    make_email,
    make_held_meeting,
    make_identity,
    make_phone,
)

pytestmark = pytest.mark.django_db

UTC_POLICY = Policy(timezone="UTC")
SENT = datetime(2026, 6, 5, 9, 0, tzinfo=UTC)
LATER = FIXED_NOW + timedelta(days=1)


def verdict_and_reasons(request: ConnectionRequest) -> tuple[str, list[str]]:
    request = ConnectionRequest.objects.get(pk=request.pk)
    newest = request.decisions.order_by("-decided_at", "-id").first()
    return request.verdict, newest.reasons if newest else []


def judged(request: ConnectionRequest) -> tuple[str, list[str]]:
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)
    return verdict_and_reasons(request)


# --- e-mail -----------------------------------------------------------------------------------------


def test_it_knows_a_requester_who_exchanged_e_mails_both_ways_before_the_request() -> None:
    person = make_person("Bo Lin")
    make_email(person, direction="in", at=datetime(2026, 2, 20, 10, 0, tzinfo=UTC))
    make_email(person, direction="out", at=datetime(2026, 2, 21, 10, 0, tzinfo=UTC))
    make_email(person, direction="in", at=datetime(2026, 3, 2, 18, 0, tzinfo=UTC))
    request = make_request(person, sent_at=SENT)

    assert judged(request) == (
        "known",
        ["3 e-mails both ways (2 from them, 1 from you), last on 2026-03-02"],
    )


def test_one_way_cold_e_mail_is_not_evidence_and_the_reason_says_so() -> None:
    person = make_person("Bo Lin")
    make_email(person, direction="in", at=SENT - timedelta(days=40))
    make_email(person, direction="in", at=SENT - timedelta(days=20))
    request = make_request(person, sent_at=SENT)

    assert judged(request) == (
        "stranger",
        ["no sign that you have met: 2 e-mails from them, none from you: not evidence"],
    )


def test_the_owners_unanswered_e_mail_is_not_evidence_either() -> None:
    person = make_person("Bo Lin")
    make_email(person, direction="out", at=SENT - timedelta(days=3))
    request = make_request(person, sent_at=SENT)

    assert judged(request) == (
        "stranger",
        ["no sign that you have met: 1 e-mail from you, none from them: not evidence"],
    )


def test_being_copied_on_someone_elses_mail_is_not_writing_to_the_owner() -> None:
    # Carol wrote to the owner and Bo; the owner answered everyone. Bo never wrote.
    person = make_person("Bo Lin")
    make_email(person, direction="", at=SENT - timedelta(days=8), subject="Intro", thread="<intro@mail>")
    make_email(
        person, direction="out", at=SENT - timedelta(days=7), subject="Re: Intro", thread="<intro@mail>"
    )
    request = make_request(person, sent_at=SENT)

    assert judged(request) == (
        "stranger",
        ["no sign that you have met: 1 e-mail from you, none from them: not evidence"],
    )


def test_newsletters_are_not_evidence_even_when_the_owner_wrote_once() -> None:
    person = make_person("Acme News")
    for days in (90, 60, 30):
        make_email(person, direction="in", at=SENT - timedelta(days=days), bulk=True)
    make_email(person, direction="out", at=SENT - timedelta(days=10), subject="Unsubscribe me")
    request = make_request(person, sent_at=SENT)

    assert judged(request) == (
        "stranger",
        [
            "no sign that you have met: 1 e-mail from you, none from them: not evidence",
            "3 newsletters or other bulk e-mails from them: not evidence",
        ],
    )


def test_e_mails_after_the_request_are_not_evidence() -> None:
    # The policy reply by e-mail and its answer come after the invitation.
    person = make_person("Bo Lin")
    request = make_request(person, sent_at=SENT)
    make_email(person, direction="out", at=SENT + timedelta(hours=2))
    make_email(person, direction="in", at=SENT + timedelta(days=1))

    assert judged(request) == ("stranger", ["no sign that you have met: no messages both ways"])


def test_the_last_e_mail_date_is_given_in_the_owners_zone() -> None:
    person = make_person("Bo Lin")
    make_email(person, direction="out", at=datetime(2026, 3, 1, 10, 0, tzinfo=UTC))
    make_email(person, direction="in", at=datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    request = make_request(person, sent_at=SENT)

    triage.triage_new(now=FIXED_NOW, policy=Policy(timezone="Europe/Athens"))

    assert verdict_and_reasons(request)[1] == [
        "2 e-mails both ways (1 from them, 1 from you), last on 2026-03-03"
    ]


# --- meetings ---------------------------------------------------------------------------------------


def test_it_knows_a_requester_met_at_a_meeting_from_the_calendar() -> None:
    person = make_person("Bo Lin")
    make_calendar_meeting(person, at=datetime(2025, 11, 14, 19, 30, tzinfo=UTC), title="Cloud summit dinner")
    request = make_request(person, sent_at=SENT)

    assert judged(request) == ("known", ["meeting 'Cloud summit dinner' on 2025-11-14"])


def test_a_meeting_marked_held_counts_once_with_its_title() -> None:
    person = make_person("Bo Lin")
    at = datetime(2026, 1, 8, 12, 0, tzinfo=UTC)
    make_held_meeting(person, at=at, title="Coffee at the station")
    # Marking a meeting held also logs it as an interaction, with the title as its text.
    make_message(person, direction="out", at=at, kind="meeting", channel="in-person", text="")
    request = make_request(person, sent_at=SENT)

    assert judged(request) == ("known", ["meeting 'Coffee at the station' on 2026-01-08"])


def test_several_meetings_name_the_last_one() -> None:
    person = make_person("Bo Lin")
    make_calendar_meeting(person, at=datetime(2025, 3, 3, 9, 0, tzinfo=UTC), title="Kick-off")
    make_calendar_meeting(person, at=datetime(2025, 11, 14, 19, 30, tzinfo=UTC), title="Cloud summit dinner")
    make_held_meeting(person, at=datetime(2025, 6, 1, 9, 0, tzinfo=UTC))
    request = make_request(person, sent_at=SENT)

    assert judged(request) == (
        "known",
        ["3 meetings together, the last meeting 'Cloud summit dinner' on 2025-11-14"],
    )


def test_meetings_after_the_request_or_never_held_are_not_evidence() -> None:
    person = make_person("Bo Lin")
    request = make_request(person, sent_at=SENT)
    make_calendar_meeting(person, at=SENT + timedelta(days=3), title="Call, as the policy asks")
    Meeting.objects.create(
        person=person,
        uid="proposed@meetfirst.local",
        status=Meeting.Status.CONFIRMED,
        starts_at=SENT - timedelta(days=9),
    )

    assert judged(request) == ("stranger", ["no sign that you have met: no messages both ways"])


# --- address books ----------------------------------------------------------------------------------


def test_it_knows_a_requester_in_the_address_book_with_a_phone_number() -> None:
    person = make_person("Bo Lin")
    make_phone(person, source="google-csv:contacts.csv")
    request = make_request(person, sent_at=SENT)

    assert judged(request) == ("known", ["in your address book (Google Contacts) with a phone number"])


@pytest.mark.parametrize(
    ("source", "book"),
    [
        ("vcard:Exports/iCloud Contacts.vcf", "vCard file iCloud Contacts.vcf"),
        ("outlook-csv:contacts.CSV", "Outlook contacts"),
        ("linkedin-contacts:ImportedContacts.csv", "the contacts you uploaded to LinkedIn"),
    ],
)
def test_the_reason_names_the_address_book(source: str, book: str) -> None:
    person = make_person("Bo Lin")
    make_phone(person, source=source)
    request = make_request(person, sent_at=SENT)

    assert judged(request) == ("known", [f"in your address book ({book}) with a phone number"])


def test_an_address_book_entry_without_a_phone_number_is_not_evidence() -> None:
    person = make_person("Bo Lin")
    make_identity(person, kind=Identity.Kind.EMAIL, value="bo@lin.example", source="google-csv:contacts.csv")
    request = make_request(person, sent_at=SENT)

    assert judged(request) == (
        "stranger",
        [
            "no sign that you have met: "
            "in your address book (Google Contacts) without a phone number: not evidence"
        ],
    )


def test_a_phone_number_from_an_e_mail_signature_is_not_an_address_book_entry() -> None:
    person = make_person("Bo Lin")
    make_phone(person, source="mbox:mail.mbox")
    request = make_request(person, sent_at=SENT)

    assert judged(request)[0] == "stranger"


# --- together ---------------------------------------------------------------------------------------


def test_every_kind_of_evidence_is_listed_with_its_own_reason() -> None:
    person = make_person("Bo Lin")
    make_message(person, direction="in", at=datetime(2026, 1, 2, 9, 0, tzinfo=UTC))
    make_message(person, direction="out", at=datetime(2026, 1, 3, 9, 0, tzinfo=UTC))
    make_email(person, direction="in", at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    make_email(person, direction="out", at=datetime(2026, 2, 2, 9, 0, tzinfo=UTC))
    make_calendar_meeting(person, at=datetime(2025, 11, 14, 19, 30, tzinfo=UTC), title="Cloud summit dinner")
    make_phone(person)
    request = make_request(person, sent_at=SENT)

    assert judged(request) == (
        "known",
        [
            "2 LinkedIn messages both ways (1 from them, 1 from you), last on 2026-01-03",
            "2 e-mails both ways (1 from them, 1 from you), last on 2026-02-02",
            "meeting 'Cloud summit dinner' on 2025-11-14",
            "in your address book (Google Contacts) with a phone number",
        ],
    )


def test_each_request_gets_its_own_evidence_in_one_pass() -> None:
    mailed, met, booked, cold = (make_person(n) for n in ("Bo Lin", "Cy Ode", "Di Ray", "Ed Fox"))
    make_email(mailed, direction="in", at=SENT - timedelta(days=5))
    make_email(mailed, direction="out", at=SENT - timedelta(days=4))
    make_calendar_meeting(met, at=SENT - timedelta(days=50), title="Standup")
    make_phone(booked)
    make_email(cold, direction="in", at=SENT - timedelta(days=1))
    requests = [make_request(p, sent_at=SENT) for p in (mailed, met, booked, cold)]

    assert triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY) == 4

    assert [verdict_and_reasons(r)[0] for r in requests] == ["known", "known", "known", "stranger"]


def test_retriage_moves_a_stranger_to_known_when_evidence_arrives() -> None:
    person = make_person("Bo Lin")
    request = make_request(person, sent_at=SENT)
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)
    assert verdict_and_reasons(request)[0] == "stranger"

    # A mailbox imported later holds an exchange from before the request.
    make_email(person, direction="out", at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC))
    make_email(person, direction="in", at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert triage.retriage(now=LATER, policy=UTC_POLICY) == 1

    request.refresh_from_db()
    assert (request.verdict, request.stage) == ("known", "known")
    assert verdict_and_reasons(request)[1] == [
        "2 e-mails both ways (1 from them, 1 from you), last on 2026-03-02"
    ]


def test_retriage_leaves_the_users_decision_alone_whatever_evidence_arrives() -> None:
    person = make_person("Bo Lin")
    request = make_request(person, sent_at=SENT)
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)
    triage.decide(request.id, "stranger", now=FIXED_NOW)

    make_phone(person)
    assert triage.retriage(now=LATER, policy=UTC_POLICY) == 0

    request.refresh_from_db()
    assert (request.verdict, request.verdict_by_user, request.stage) == ("stranger", True, "stranger")
