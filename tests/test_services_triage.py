from __future__ import annotations

from datetime import timedelta

import pytest

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.core.policy import Policy, RuleSettings
from meetfirst.core.records import Direction, InvitationRecord, SourceRef
from meetfirst.services import triage
from meetfirst.services.importing import ingest_records
from meetfirst.store.models import ConnectionRequest, Decision, StageChange
from tests.conftest import FIXED_NOW
from tests.factories import make_decision, make_message, make_person, make_request

pytestmark = pytest.mark.django_db

UTC_POLICY = Policy(timezone="UTC")
LATER = FIXED_NOW + timedelta(days=1)
MASS_NOTE = "I came across your profile and think you would be a great addition to my network."


def reload(request: ConnectionRequest) -> ConnectionRequest:
    return ConnectionRequest.objects.get(pk=request.pk)


def decisions(request: ConnectionRequest) -> list[tuple[str, str, list[str]]]:
    return [(d.verdict, d.by, d.reasons) for d in request.decisions.order_by("decided_at", "id")]


# --- triage_new -------------------------------------------------------------------------------------


def test_it_calls_a_requester_with_no_history_a_stranger_and_says_why() -> None:
    request = make_request(note="Great meeting you at PyCon!")

    assert triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY) == 1

    request = reload(request)
    assert (request.verdict, request.stage, request.verdict_by_user) == ("stranger", "stranger", False)
    assert decisions(request) == [("stranger", "rule", ["no sign that you have met: no messages both ways"])]
    change = StageChange.objects.get(request=request)
    assert (change.from_stage, change.to_stage, change.at) == ("new", "stranger", FIXED_NOW)
    assert change.reason == "triaged as stranger: no sign that you have met: no messages both ways"


def test_it_knows_a_requester_with_messages_both_ways_before_the_invitation() -> None:
    person = make_person("Bo Lin")
    sent = FIXED_NOW - timedelta(days=5)
    make_message(person, direction="in", at=sent - timedelta(days=30))
    make_message(person, direction="out", at=sent - timedelta(days=29))
    request = make_request(person, sent_at=sent)

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    request = reload(request)
    assert (request.verdict, request.stage) == ("known", "known")
    day = (sent - timedelta(days=29)).date().isoformat()
    assert decisions(request)[0][2] == [
        f"2 LinkedIn messages both ways (1 from them, 1 from you), last on {day}"
    ]


def test_the_last_message_date_is_given_in_the_owners_zone() -> None:
    person = make_person("Bo Lin")
    late_evening_utc = FIXED_NOW.replace(month=3, day=2, hour=23, minute=30)
    make_message(person, direction="in", at=late_evening_utc - timedelta(days=1))
    make_message(person, direction="out", at=late_evening_utc)
    request = make_request(person)

    triage.triage_new(now=FIXED_NOW, policy=Policy(timezone="Europe/Athens"))

    assert decisions(reload(request))[0][2][0].endswith("last on 2026-03-03")


def test_messages_after_the_invitation_are_not_evidence_of_having_met() -> None:
    # The owner's policy reply and the requester's answer come after the invitation.
    person = make_person("Bo Lin")
    request = make_request(person, sent_at=FIXED_NOW - timedelta(days=5))
    make_message(person, direction="out", at=FIXED_NOW - timedelta(days=4))
    make_message(person, direction="in", at=FIXED_NOW - timedelta(days=3))

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    assert reload(request).verdict == "stranger"


def test_a_one_way_history_is_a_stranger_and_the_reasons_say_so() -> None:
    person = make_person("Bo Lin")
    for days in (40, 35, 30):
        make_message(person, direction="in", at=FIXED_NOW - timedelta(days=days))
    request = make_request(person)

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    assert decisions(reload(request))[0][2] == [
        "no sign that you have met: only they wrote (3 LinkedIn messages from them, none from you)"
    ]


def test_messages_on_other_channels_or_of_other_kinds_are_not_linkedin_messages() -> None:
    person = make_person("Bo Lin")
    make_message(person, direction="in", at=FIXED_NOW - timedelta(days=40), channel="email", kind="email")
    make_message(person, direction="out", at=FIXED_NOW - timedelta(days=39), kind="note")
    request = make_request(person)

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    assert reload(request).verdict == "stranger"


def test_an_accepted_invitation_is_known_because_the_owner_accepted_it() -> None:
    request = make_request(state="accepted")

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    request = reload(request)
    assert (request.verdict, request.stage) == ("known", "known")
    assert decisions(request)[0][2] == ["you accepted this invitation on LinkedIn"]


def test_it_calls_a_scam_note_bizarre_with_its_reasons() -> None:
    request = make_request(note="Please text me on WhatsApp +1 (555) 201-4499, it is urgent.")

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    request = reload(request)
    assert (request.verdict, request.stage) == ("bizarre", "bizarre")
    assert decisions(request)[0][2] == [
        "the note asks you to move to WhatsApp",
        "the note gives a phone number",
    ]


def test_the_same_note_from_many_requesters_is_bizarre_for_each_of_them() -> None:
    requests = [
        make_request(name=name, note=f"{MASS_NOTE} {name}") for name in ("Ann Lee", "Bo Lin", "Cy Ray")
    ]
    lone = make_request(name="Di Fox", note="Hi, we met at the Berlin meetup last week, let's stay in touch!")

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    for request in requests:
        request = reload(request)
        assert request.verdict == "bizarre"
        assert decisions(request)[0][2] == ["the same note came from 2 other requesters"]
    assert reload(lone).verdict == "stranger"


def test_the_duplicate_threshold_comes_from_the_policy() -> None:
    requests = [make_request(name=name, note=MASS_NOTE) for name in ("Ann Lee", "Bo Lin", "Cy Ray")]

    triage.triage_new(now=FIXED_NOW, policy=Policy(rules=RuleSettings(duplicate_note_threshold=4)))

    assert {reload(r).verdict for r in requests} == {"stranger"}


def test_a_missing_profile_link_counts_only_when_most_requests_have_one() -> None:
    pitch = "We help companies like yours with payroll."
    without = make_request(name="Ann Lee", slug=None, note=pitch)
    make_request(name="Bo Lin")
    make_request(name="Cy Ray")

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    assert reload(without).verdict == "bizarre"


def test_a_missing_profile_link_says_nothing_in_an_export_without_links() -> None:
    pitch = "We help companies like yours with payroll."
    requests = [
        make_request(name=n, slug=None, note=pitch if n == "Ann Lee" else "") for n in ("Ann Lee", "Bo Lin")
    ]

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    assert [reload(r).verdict for r in requests] == ["stranger", "stranger"]


def test_it_leaves_outgoing_and_already_triaged_requests_alone() -> None:
    outgoing = make_request(direction="out")
    triaged = make_request(stage="replied", verdict="stranger")

    assert triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY) == 0

    assert (reload(outgoing).verdict, reload(outgoing).stage) == ("", "new")
    assert reload(triaged).stage == "replied"
    assert not Decision.objects.exists()


def test_a_user_verdict_on_a_new_request_only_moves_its_stage() -> None:
    request = make_request(verdict="known", verdict_by_user=True)

    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    request = reload(request)
    assert (request.verdict, request.stage, request.verdict_by_user) == ("known", "known", True)
    assert not Decision.objects.filter(by="rule").exists()


def test_triage_reads_the_policy_file_when_given_no_policy(home) -> None:  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('[rules]\nbizarre_phrases = ["synergy partners"]\n', encoding="utf-8")
    request = make_request(note="Greetings from Synergy Partners!")

    triage.triage_new(now=FIXED_NOW)

    assert reload(request).verdict == "bizarre"


# --- retriage ---------------------------------------------------------------------------------------


def test_retriage_records_nothing_when_nothing_changed() -> None:
    make_request(note="Hello!")
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    assert triage.retriage(now=LATER, policy=UTC_POLICY) == 0
    assert Decision.objects.count() == 1
    assert StageChange.objects.count() == 1


def test_retriage_follows_new_evidence_and_records_why() -> None:
    person = make_person("Bo Lin")
    request = make_request(person, sent_at=FIXED_NOW - timedelta(days=5))
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)
    # A later export brings an older conversation.
    make_message(person, direction="in", at=FIXED_NOW - timedelta(days=50))
    make_message(person, direction="out", at=FIXED_NOW - timedelta(days=49))

    assert triage.retriage(now=LATER, policy=UTC_POLICY) == 1

    request = reload(request)
    assert (request.verdict, request.stage) == ("known", "known")
    assert [d[0] for d in decisions(request)] == ["stranger", "known"]
    assert list(request.stage_changes.order_by("id").values_list("to_stage", "at")) == [
        ("stranger", FIXED_NOW),
        ("known", LATER),
    ]


def test_retriage_records_changed_reasons_even_when_the_verdict_stays() -> None:
    request = make_request(name="Ann Lee", note=MASS_NOTE)
    make_request(name="Bo Lin", note=MASS_NOTE)
    make_request(name="Cy Ray", note=MASS_NOTE)
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)
    make_request(name="Di Fox", note=MASS_NOTE, stage="bizarre", verdict="bizarre")

    assert triage.retriage(now=LATER, policy=UTC_POLICY) == 4

    assert decisions(reload(request))[-1][2] == ["the same note came from 3 other requesters"]


def test_retriage_applies_new_rule_settings() -> None:
    request = make_request(note="Greetings from Synergy Partners!")
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    changed = triage.retriage(now=LATER, policy=Policy(rules=RuleSettings(bizarre_phrases=("synergy",))))

    assert changed == 1
    assert (reload(request).verdict, reload(request).stage) == ("bizarre", "bizarre")


def test_retriage_never_touches_a_user_decision() -> None:
    request = make_request(note="Please text me on WhatsApp +1 (555) 201-4499")
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)
    triage.decide(request.pk, "known", now=FIXED_NOW)

    assert triage.retriage(now=LATER, policy=UTC_POLICY) == 0

    request = reload(request)
    assert (request.verdict, request.stage, request.verdict_by_user) == ("known", "known", True)


def test_retriage_leaves_requests_that_moved_past_triage_and_accepted_ones() -> None:
    replied = make_request(
        note="Please text me on WhatsApp +1 (555) 201-4499", stage="replied", verdict="stranger"
    )
    accepted = make_request(state="accepted", stage="known", verdict="known")
    make_decision(accepted, verdict="known", reasons=["you accepted this invitation on LinkedIn"])

    assert triage.retriage(now=LATER, policy=UTC_POLICY) == 0

    assert (reload(replied).verdict, reload(replied).stage) == ("stranger", "replied")


# --- decide -----------------------------------------------------------------------------------------


def test_deciding_records_the_users_word_and_moves_the_stage() -> None:
    request = make_request()
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    decided = triage.decide(request.pk, "known", now=LATER)

    assert (decided.verdict, decided.stage, decided.verdict_by_user) == ("known", "known", True)
    request = reload(request)
    assert (request.verdict, request.stage, request.verdict_by_user) == ("known", "known", True)
    assert decisions(request)[-1] == ("known", "user", ["you said you know them personally"])
    assert request.stage_changes.order_by("-id").values_list("reason", flat=True)[0] == "your decision: known"


def test_a_decision_survives_the_next_import_and_triage() -> None:
    request = make_request(note="Hi!")
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)
    triage.decide(request.pk, "bizarre", now=FIXED_NOW)
    make_request(name="Bo Lin")  # the next import brings a new request

    assert triage.triage_new(now=LATER, policy=UTC_POLICY) == 1
    triage.retriage(now=LATER, policy=UTC_POLICY)

    assert (reload(request).verdict, reload(request).stage) == ("bizarre", "bizarre")


def test_the_decided_request_comes_back_with_its_sender_and_every_field() -> None:
    request = make_request(name="Ama Owusu", note="Hello there", sent_at=FIXED_NOW - timedelta(days=3))

    decided = triage.decide(request.pk, "stranger", now=LATER)

    assert decided.person.display_name == "Ama Owusu"
    assert (decided.note, decided.sent_at) == ("Hello there", FIXED_NOW - timedelta(days=3))
    assert decided.updated_at == reload(request).updated_at
    assert reload(request).updated_at > request.updated_at


def test_deciding_keeps_the_stage_of_a_request_that_moved_on() -> None:
    request = make_request(stage="replied", verdict="stranger")

    triage.decide(request.pk, "known", now=FIXED_NOW)

    assert (reload(request).verdict, reload(request).stage) == ("known", "replied")


def test_deciding_the_same_thing_twice_records_it_once() -> None:
    request = make_request()
    triage.decide(request.pk, "stranger", now=FIXED_NOW)
    triage.decide(request.pk, " Stranger ", now=LATER)

    assert decisions(reload(request)) == [("stranger", "user", ["you said they are a stranger to you"])]


def test_deciding_an_unknown_or_outgoing_request_is_not_found() -> None:
    outgoing = make_request(direction="out")
    with pytest.raises(NotFound, match="no incoming connection request has the id 999999"):
        triage.decide(999999, "known", now=FIXED_NOW)
    with pytest.raises(NotFound):
        triage.decide(outgoing.pk, "known", now=FIXED_NOW)


def test_deciding_a_verdict_that_does_not_exist_is_bad_input() -> None:
    request = make_request()
    with pytest.raises(BadInput, match="known, stranger or bizarre, not 'friend'"):
        triage.decide(request.pk, "friend", now=FIXED_NOW)
    assert not Decision.objects.exists()


# --- pending ----------------------------------------------------------------------------------------


def test_pending_lists_incoming_pending_requests_newest_first_with_their_reasons() -> None:
    older = make_request(name="Ann Lee", slug="ann-lee", note="Hi!", sent_at=FIXED_NOW - timedelta(days=9))
    newer = make_request(name="Bo Lin", slug=None, sent_at=FIXED_NOW - timedelta(days=2))
    make_request(name="Cy Ray", state="accepted")
    make_request(name="Di Fox", direction="out")
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)
    triage.decide(older.pk, "bizarre", now=LATER)

    items = triage.pending()

    assert [i.id for i in items] == [newer.pk, older.pk]
    assert items[1].as_dict() == {
        "id": older.pk,
        "name": "Ann Lee",
        "profile_url": "https://www.linkedin.com/in/ann-lee",
        "verdict": "bizarre",
        "reasons": ["you marked this request as bizarre"],
        "received_at": (FIXED_NOW - timedelta(days=9)).isoformat(),
        "note": "Hi!",
    }
    assert items[1].by_user is True
    assert items[0].profile_url == ""
    assert items[0].verdict == "stranger"


def test_pending_shows_untriaged_requests_without_a_verdict() -> None:
    make_request()
    (item,) = triage.pending()
    assert (item.verdict, item.reasons, item.stage) == (None, [], "new")


def test_pending_filters_by_verdict() -> None:
    make_request(name="Ann Lee", note="Please text me on WhatsApp +1 (555) 201-4499")
    stranger = make_request(name="Bo Lin")
    triage.triage_new(now=FIXED_NOW, policy=UTC_POLICY)

    assert [i.id for i in triage.pending(verdict="stranger")] == [stranger.pk]
    with pytest.raises(BadInput):
        triage.pending(verdict="maybe")


# --- through the importer ---------------------------------------------------------------------------


def _invitation(note: str) -> InvitationRecord:
    return InvitationRecord(
        source=SourceRef("Invitations.csv", 2),
        direction=Direction.INCOMING,
        from_name="Ama Owusu",
        to_name="Maren Holt",
        sent_at=FIXED_NOW - timedelta(days=3),
        note=note,
        inviter_slug="ama-owusu",
        invitee_slug="maren-holt",
    )


def test_an_import_triages_and_a_decision_survives_the_same_import_again(home) -> None:  # type: ignore[no-untyped-def]
    ingest_records([_invitation("Please text me on WhatsApp +1 (555) 201-4499")], now=FIXED_NOW)
    (request,) = ConnectionRequest.objects.all()
    assert (request.verdict, request.stage) == ("bizarre", "bizarre")

    triage.decide(request.pk, "known", now=FIXED_NOW)
    ingest_records([_invitation("Please text me on WhatsApp +1 (555) 201-4499")], now=LATER)
    triage.retriage(now=LATER)

    request = reload(request)
    assert (request.verdict, request.stage, request.verdict_by_user) == ("known", "known", True)
    assert [d[1] for d in decisions(request)] == ["rule", "user"]
