from __future__ import annotations

from datetime import UTC, datetime

from meetfirst.core.evidence import (
    AddressBookEntry,
    EmailTally,
    Evidence,
    HeldMeeting,
    address_book_evidence,
    address_book_name,
    email_evidence,
    meeting_evidence,
)
from meetfirst.core.policy import RuleSettings
from meetfirst.core.triage import TriageFacts, Verdict, judge

DAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def reasons(found: list[Evidence]) -> list[tuple[str, bool]]:
    return [(e.reason, e.personal) for e in found]


def test_no_e_mail_at_all_says_nothing() -> None:
    assert email_evidence(EmailTally()) == []


def test_e_mail_both_ways_names_counts_and_the_last_day() -> None:
    tally = EmailTally(got=1, sent=2, last_in=DAY.replace(day=1), last_out=DAY)

    assert reasons(email_evidence(tally)) == [
        ("3 e-mails both ways (1 from them, 2 from you), last on 2026-03-02", True)
    ]


def test_one_newsletter_is_named_in_the_singular() -> None:
    assert reasons(email_evidence(EmailTally(bulk=1))) == [
        ("1 newsletter or other bulk e-mail from them: not evidence", False)
    ]


def test_a_meeting_without_a_title_is_still_named_by_its_day() -> None:
    assert reasons(meeting_evidence([HeldMeeting("", DAY)])) == [("a meeting on 2026-03-02", True)]


def test_a_long_meeting_title_is_shortened() -> None:
    found = meeting_evidence([HeldMeeting("Quarterly " * 20, DAY)])

    assert found[0].reason.endswith("...' on 2026-03-02")
    assert len(found[0].reason) < 110


def test_several_books_with_a_phone_are_named_once_each() -> None:
    entries = [
        AddressBookEntry("Google Contacts", True),
        AddressBookEntry("Outlook contacts", False),
        AddressBookEntry("vCard file phone.vcf", True),
    ]

    assert reasons(address_book_evidence(entries)) == [
        ("in your address book (Google Contacts, vCard file phone.vcf) with a phone number", True)
    ]


def test_only_address_book_sources_name_a_book() -> None:
    assert address_book_name("google-csv:contacts.csv") == "Google Contacts"
    assert address_book_name("vcard:C:\\Users\\sam\\contacts.vcf") == "vCard file contacts.vcf"
    assert address_book_name("vcard:") == "vCard file"
    assert address_book_name("mbox:mail.mbox") is None
    assert address_book_name("") is None


def test_judge_makes_a_requester_known_on_any_personal_evidence() -> None:
    facts = TriageFacts(
        name="Bo Lin",
        profile_slug="bo-lin",
        note="",
        address_book=(AddressBookEntry("Google Contacts", True),),
    )

    judgement = judge(facts, RuleSettings())

    assert judgement.verdict is Verdict.KNOWN
    assert judgement.reasons == ["in your address book (Google Contacts) with a phone number"]


def test_judge_does_not_rescue_a_bizarre_note_with_newsletters() -> None:
    facts = TriageFacts(
        name="Bo Lin",
        profile_slug="bo-lin",
        note="Invest in my crypto fund, guaranteed returns, whatsapp me",
        emails=EmailTally(bulk=4),
    )

    assert judge(facts, RuleSettings()).verdict is Verdict.BIZARRE
