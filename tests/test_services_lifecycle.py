from datetime import UTC, datetime

import pytest

from meetfirst.core.policy import Policy
from meetfirst.services.lifecycle import advance
from meetfirst.store.models import ConnectionRequest, Reply, Stage, StageChange, Verdict
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db

POLICY = Policy(patience_days=30)
RECEIVED = FIXED_NOW - make.days(60)


def fresh(request: ConnectionRequest) -> ConnectionRequest:
    return ConnectionRequest.objects.get(pk=request.pk)


def last_change(request: ConnectionRequest) -> StageChange:
    return StageChange.objects.filter(request=request).order_by("-at", "-id").first()


def test_a_reply_in_a_later_export_counts_as_sent(home):
    ana = make.person("Ana Silva")
    request = make.request(ana, sent_at=RECEIVED)
    sent = RECEIVED + make.days(2)
    make.interaction(ana, at=sent, direction="out", text="Hi Ana, glad to talk by phone.")

    assert advance(now=sent + make.days(5), policy=POLICY) == 1

    request = fresh(request)
    assert request.stage == Stage.REPLIED
    assert request.replied_at == sent
    reply = Reply.objects.get(request=request)
    assert (reply.status, reply.sent_how, reply.sent_at) == (Reply.Status.SENT, "detected", sent)
    assert reply.text == "Hi Ana, glad to talk by phone."
    change = last_change(request)
    assert (change.from_stage, change.to_stage, change.at) == (Stage.STRANGER, Stage.REPLIED, sent)
    assert "LinkedIn messages" in change.reason


def test_a_detected_reply_marks_the_existing_draft_sent(home):
    ana = make.person()
    request = make.request(ana, sent_at=RECEIVED)
    Reply.objects.create(request=request, template="t", text="My draft", drafted_at=RECEIVED)
    make.interaction(ana, at=RECEIVED + make.days(1), direction="out", text="What I really sent")

    advance(now=FIXED_NOW, policy=POLICY)

    reply = Reply.objects.get(request=request)
    assert reply.status == Reply.Status.SENT
    assert reply.sent_how == "detected"
    assert reply.text == "My draft"


def test_the_first_message_after_the_request_is_the_reply(home):
    ana = make.person()
    request = make.request(ana, sent_at=RECEIVED)
    make.interaction(ana, at=RECEIVED - make.days(100), direction="out", text="old thread")
    make.interaction(ana, at=RECEIVED + make.days(5), direction="out", text="second")
    make.interaction(ana, at=RECEIVED + make.days(3), direction="out", text="first")

    advance(now=FIXED_NOW, policy=POLICY)

    assert fresh(request).replied_at == RECEIVED + make.days(3)
    assert Reply.objects.get(request=request).text == "first"


@pytest.mark.parametrize(
    ("verdict", "channel", "direction", "offset_days"),
    [
        (Verdict.STRANGER, "linkedin", "out", -1),  # before the request arrived
        (Verdict.STRANGER, "email", "out", 1),  # not on LinkedIn
        (Verdict.STRANGER, "linkedin", "in", 1),  # from them, not from the owner
        (Verdict.KNOWN, "linkedin", "out", 1),  # a friend's request is not on the policy road
        (Verdict.BIZARRE, "linkedin", "out", 1),
    ],
)
def test_other_messages_are_not_a_policy_reply(home, verdict, channel, direction, offset_days):
    ana = make.person()
    request = make.request(ana, sent_at=RECEIVED, verdict=verdict)
    stage = request.stage
    make.interaction(ana, at=RECEIVED + make.days(offset_days), direction=direction, channel=channel)

    assert advance(now=FIXED_NOW, policy=POLICY) == 0

    assert fresh(request).stage == stage
    assert fresh(request).replied_at is None
    assert not Reply.objects.filter(request=request).exists()


def test_a_message_after_now_is_not_known_yet(home):
    ana = make.person()
    request = make.request(ana, sent_at=RECEIVED)
    make.interaction(ana, at=FIXED_NOW + make.days(1), direction="out")
    assert advance(now=FIXED_NOW, policy=POLICY) == 0
    assert fresh(request).stage == Stage.STRANGER


def test_an_answer_after_the_reply_marks_the_request_answered(home):
    ben = make.person("Ben Okafor")
    replied_at = FIXED_NOW - make.days(10)
    request = make.replied(ben, sent_at=RECEIVED, replied_at=replied_at)
    answer_at = replied_at + make.days(2)
    make.interaction(ben, at=answer_at, direction="in", text="Sure, Thursday?")

    assert advance(now=FIXED_NOW, policy=POLICY) == 1

    request = fresh(request)
    assert request.stage == Stage.ANSWERED
    assert request.answered_at == answer_at
    change = last_change(request)
    assert (change.from_stage, change.at, change.reason) == (
        Stage.REPLIED,
        answer_at,
        "answered (a LinkedIn message)",
    )


def test_the_first_answer_after_the_reply_is_the_one_recorded(home):
    ben = make.person("Ben Okafor")
    replied_at = FIXED_NOW - make.days(10)
    request = make.replied(ben, sent_at=RECEIVED, replied_at=replied_at)
    make.interaction(ben, at=replied_at + make.days(4), kind="call", channel="phone")
    make.interaction(ben, at=replied_at + make.days(1), kind="email", channel="email")

    advance(now=FIXED_NOW, policy=POLICY)

    assert fresh(request).answered_at == replied_at + make.days(1)
    assert last_change(request).reason == "answered (an e-mail)"


def test_a_message_before_the_reply_is_not_an_answer(home):
    ben = make.person("Ben Okafor")
    replied_at = FIXED_NOW - make.days(10)
    request = make.replied(ben, sent_at=RECEIVED, replied_at=replied_at)
    make.interaction(ben, at=replied_at - make.days(1), direction="in", text="I sent the invite!")
    make.interaction(ben, at=replied_at, direction="in", text="same minute as the reply")

    assert advance(now=FIXED_NOW, policy=POLICY) == 0
    assert fresh(request).stage == Stage.REPLIED
    assert fresh(request).answered_at is None


def test_my_own_follow_up_or_a_note_is_not_an_answer(home):
    ben = make.person("Ben Okafor")
    request = make.replied(ben, sent_at=RECEIVED, replied_at=FIXED_NOW - make.days(10))
    make.interaction(ben, at=FIXED_NOW - make.days(5), direction="out", text="Any news?")
    make.interaction(
        ben, at=FIXED_NOW - make.days(4), direction="", kind="note", channel="", text="looked him up"
    )

    advance(now=FIXED_NOW, policy=POLICY)
    assert fresh(request).stage == Stage.REPLIED


def test_silence_makes_a_collector_exactly_at_the_patience_boundary(home):
    request = make.replied(make.person(), sent_at=RECEIVED, replied_at=RECEIVED + make.days(1))
    boundary = RECEIVED + make.days(31)

    assert advance(now=boundary - make.days(0.00001), policy=POLICY) == 0
    assert fresh(request).stage == Stage.REPLIED

    assert advance(now=boundary, policy=POLICY) == 1
    request = fresh(request)
    assert request.stage == Stage.COLLECTOR
    change = last_change(request)
    assert (change.from_stage, change.to_stage, change.at) == (Stage.REPLIED, Stage.COLLECTOR, boundary)
    assert change.reason == "no answer within 30 days"


def test_the_patience_comes_from_the_policy_file(home):
    (home / "policy.toml").write_text("patience_days = 7\n", encoding="utf-8")
    request = make.replied(make.person(), sent_at=RECEIVED, replied_at=FIXED_NOW - make.days(8))

    advance(now=FIXED_NOW)

    assert fresh(request).stage == Stage.COLLECTOR
    assert last_change(request).reason == "no answer within 7 days"


def test_a_late_answer_revives_a_collector(home):
    ben = make.person("Ben Okafor")
    replied_at = FIXED_NOW - make.days(50)
    request = make.replied(ben, sent_at=RECEIVED, replied_at=replied_at)
    advance(now=FIXED_NOW - make.days(15), policy=POLICY)
    assert fresh(request).stage == Stage.COLLECTOR

    late = FIXED_NOW - make.days(2)
    make.interaction(ben, at=late, direction="in", kind="message", text="Sorry, I was away!")
    assert advance(now=FIXED_NOW, policy=POLICY) == 1

    request = fresh(request)
    assert request.stage == Stage.ANSWERED
    assert request.answered_at == late
    change = last_change(request)
    assert change.from_stage == Stage.COLLECTOR
    assert (
        change.reason
        == "a late answer (a LinkedIn message) after 18 days as a collector revives the collector"
    )


def test_a_late_answer_found_in_one_run_logs_the_silence_first(home):
    ben = make.person("Ben Okafor")
    replied_at = FIXED_NOW - make.days(50)
    request = make.replied(ben, sent_at=RECEIVED, replied_at=replied_at)
    make.interaction(ben, at=replied_at + make.days(40), direction="in")

    advance(now=FIXED_NOW, policy=POLICY)

    changes = list(StageChange.objects.filter(request=request).order_by("at", "id"))
    assert [(c.from_stage, c.to_stage) for c in changes][-2:] == [
        (Stage.REPLIED, Stage.COLLECTOR),
        (Stage.COLLECTOR, Stage.ANSWERED),
    ]
    assert changes[-2].at == replied_at + make.days(30)
    assert changes[-1].at == replied_at + make.days(40)


def test_an_answer_within_the_window_imported_late_never_makes_a_collector(home):
    ben = make.person("Ben Okafor")
    replied_at = FIXED_NOW - make.days(50)
    request = make.replied(ben, sent_at=RECEIVED, replied_at=replied_at)
    make.interaction(ben, at=replied_at + make.days(30), direction="in")

    advance(now=FIXED_NOW, policy=POLICY)

    assert fresh(request).stage == Stage.ANSWERED
    assert not StageChange.objects.filter(request=request, to_stage=Stage.COLLECTOR).exists()


def test_a_detected_reply_and_its_answer_move_in_one_run(home):
    ana = make.person()
    request = make.request(ana, sent_at=RECEIVED)
    make.interaction(ana, at=RECEIVED + make.days(1), direction="out")
    make.interaction(ana, at=RECEIVED + make.days(3), direction="in")

    assert advance(now=FIXED_NOW, policy=POLICY) == 1

    stages = list(
        StageChange.objects.filter(request=request).order_by("at", "id").values_list("to_stage", flat=True)
    )
    assert stages[-2:] == [Stage.REPLIED, Stage.ANSWERED]


def test_an_old_detected_reply_with_no_answer_becomes_a_collector_at_once(home):
    ana = make.person()
    request = make.request(ana, sent_at=RECEIVED)
    make.interaction(ana, at=RECEIVED + make.days(1), direction="out")

    advance(now=FIXED_NOW, policy=POLICY)

    assert fresh(request).stage == Stage.COLLECTOR
    assert last_change(request).at == RECEIVED + make.days(31)


def test_advancing_twice_changes_nothing_the_second_time(home):
    ana = make.person()
    make.request(ana, sent_at=RECEIVED)
    make.interaction(ana, at=RECEIVED + make.days(1), direction="out")
    make.interaction(ana, at=RECEIVED + make.days(45), direction="in")
    assert advance(now=FIXED_NOW, policy=POLICY) == 1
    count = StageChange.objects.count()

    assert advance(now=FIXED_NOW, policy=POLICY) == 0
    assert StageChange.objects.count() == count


def test_only_the_requesters_own_interactions_count(home):
    ana, ben = make.person("Ana Silva"), make.person("Ben Okafor")
    request = make.replied(ana, sent_at=RECEIVED, replied_at=FIXED_NOW - make.days(5))
    make.interaction(ben, at=FIXED_NOW - make.days(1), direction="in")
    assert advance(now=FIXED_NOW, policy=POLICY) == 0
    assert fresh(request).stage == Stage.REPLIED


def test_the_number_of_queries_does_not_grow_with_the_requests_waiting(home, django_assert_max_num_queries):
    for n in range(40):
        who = make.person(f"Person {n}")
        make.request(who, sent_at=RECEIVED)
        make.replied(make.person(f"Replied {n}"), sent_at=RECEIVED, replied_at=FIXED_NOW - make.days(3))
        make.interaction(who, at=RECEIVED - make.days(1), direction="out")
    with django_assert_max_num_queries(8):
        assert advance(now=FIXED_NOW, policy=POLICY) == 0


def test_the_whole_road_through_real_imports(home):
    """Invitation, then the owner's reply in a later export, then silence, then a late answer."""
    from meetfirst.services.importing import ingest_records
    from tests import factories_records as rec

    bram = ("Bram Stoker", "bram-stoker")
    me = rec.owner(slug=rec.OWNER_SLUG)
    reply_at = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
    answer_at = datetime(2026, 6, 20, 9, 0, tzinfo=UTC)

    ingest_records(
        [me, rec.invitation("Bram Stoker", slug="bram-stoker")], now=datetime(2026, 5, 3, tzinfo=UTC)
    )
    request = ConnectionRequest.objects.get()
    assert request.stage == Stage.STRANGER

    later_export = [me, rec.message(sender=rec.OLIVIA, to=[bram], at=reply_at, content="Hi Bram, a call?")]
    ingest_records(later_export, now=datetime(2026, 5, 10, tzinfo=UTC))
    request.refresh_from_db()
    assert (request.stage, request.replied_at) == (Stage.REPLIED, reply_at)
    assert (request.reply.sent_how, request.reply.text) == ("detected", "Hi Bram, a call?")

    answer = rec.message(sender=bram, to=[rec.OLIVIA], at=answer_at, content="Sorry, I was away", line=3)
    ingest_records([me, answer], now=datetime(2026, 6, 25, tzinfo=UTC))
    request.refresh_from_db()
    road = list(request.stage_changes.order_by("at", "id").values_list("to_stage", "at"))
    assert road[-3:] == [
        (Stage.REPLIED, reply_at),
        (Stage.COLLECTOR, reply_at + make.days(30)),
        (Stage.ANSWERED, answer_at),
    ]
