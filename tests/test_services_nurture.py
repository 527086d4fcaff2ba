"""Keep in touch with a fixed clock. Personas: ana (a mentor), ben (a friend), cleo (a peer with a cadence
of her own), dan (no kind, not tracked)."""

from datetime import date, timedelta

import pytest

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.services import nurture
from meetfirst.services.policy import load_policy
from meetfirst.store.models import FollowUp, Interaction
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db
TODAY = FIXED_NOW.date()


@pytest.fixture(autouse=True)
def utc_policy(home):
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")


def ago(days: int):
    return FIXED_NOW - timedelta(days=days)


@pytest.fixture
def people():
    ana = make.person("Ana Silva", relationship_kind="mentor")
    make.interaction(ana, at=ago(75))
    ben = make.person("Ben Okafor", relationship_kind="friend")
    make.interaction(ben, at=ago(40), direction="out", kind="email", channel="email")
    cleo = make.person("Cleo Park", relationship_kind="peer", cadence_days=10)
    make.interaction(cleo, at=ago(12), kind="call", channel="phone")
    dan = make.person("Dan Wolfe")
    make.interaction(dan, at=ago(400))
    return ana, ben, cleo, dan


def test_today_lists_the_due_people_most_overdue_first_with_why(people):
    found = nurture.today(now=FIXED_NOW)
    assert found.day == TODAY
    assert [(i.name, i.overdue_days, i.reason) for i in found.items] == [
        ("Ana Silva", 15, "mentor, last touch 75 days ago, every 60 days"),
        ("Ben Okafor", 10, "friend, last touch 40 days ago, every 30 days"),
        ("Cleo Park", 2, "peer, last touch 12 days ago, every 10 days"),
    ]


def test_people_equally_overdue_are_ordered_by_name_then_id():
    for name in ("Zoe Adams", "Bea Ray", "Bea Ray"):
        make.interaction(make.person(name, relationship_kind="friend"), at=ago(31))
    items = nurture.today(now=FIXED_NOW).items
    assert [i.name for i in items] == ["Bea Ray", "Bea Ray", "Zoe Adams"]
    assert items[0].person_id < items[1].person_id


def test_any_interaction_of_any_kind_resets_the_clock(people):
    ana = people[0]
    make.interaction(ana, at=ago(1), kind="note", direction="", channel="")
    assert "Ana Silva" not in [i.name for i in nurture.today(now=FIXED_NOW).items]


def test_an_interaction_after_now_does_not_count(people):
    ana = people[0]
    make.interaction(ana, at=FIXED_NOW + timedelta(days=3))
    assert "Ana Silva" in [i.name for i in nurture.today(now=FIXED_NOW).items]


def test_the_policy_sets_the_default_cadence_per_kind(home, people):
    (home / "policy.toml").write_text(
        'timezone = "UTC"\n[cadence]\nmentor = 90\nfriend = 0\n', encoding="utf-8"
    )
    assert [i.name for i in nurture.today(now=FIXED_NOW).items] == ["Cleo Park"]


def test_a_kind_of_the_users_own_is_tracked_once_it_has_a_cadence(home):
    eve = make.person("Eve Tan", relationship_kind="climbing partner")
    make.interaction(eve, at=ago(20))
    assert nurture.today(now=FIXED_NOW).items == []
    (home / "policy.toml").write_text(
        'timezone = "UTC"\n[cadence]\n"climbing partner" = 14\n', encoding="utf-8"
    )
    assert [i.reason for i in nurture.today(now=FIXED_NOW).items] == [
        "climbing partner, last touch 20 days ago, every 14 days"
    ]


def test_keep_sets_a_cadence_of_their_own_and_tracks_someone_without_a_kind(people):
    dan = people[3]
    kept = nurture.keep(str(dan.pk), every_days=365, now=FIXED_NOW)
    assert (kept.cadence_days, kept.own_cadence) == (365, True)
    assert kept.next_due == (ago(400) + timedelta(days=365)).date()
    item = next(i for i in nurture.today(now=FIXED_NOW).items if i.name == "Dan Wolfe")
    assert item.reason == "kept in touch, last touch 400 days ago, every 365 days"


def test_keep_every_zero_goes_back_to_the_kinds_default(people):
    cleo = people[2]
    kept = nurture.keep("Cleo Park", every_days=0, now=FIXED_NOW)
    assert (kept.cadence_days, kept.own_cadence) == (90, False)
    cleo.refresh_from_db()
    assert cleo.cadence_days is None


def test_keep_refuses_a_negative_cadence(people):
    with pytest.raises(BadInput):
        nurture.keep("Cleo Park", every_days=-1, now=FIXED_NOW)


def test_a_snoozed_person_is_off_the_list_until_the_day_it_ends(people):
    kept = nurture.snooze("Ana Silva", days=3, now=FIXED_NOW)
    assert kept.snoozed_until == TODAY + timedelta(days=3)
    assert "Ana Silva" not in [i.name for i in nurture.today(now=FIXED_NOW).items]
    assert "Ana Silva" not in [i.name for i in nurture.today(now=FIXED_NOW + timedelta(days=2)).items]
    assert "Ana Silva" in [i.name for i in nurture.today(now=FIXED_NOW + timedelta(days=3)).items]


def test_a_snooze_needs_one_end_after_today(people):
    with pytest.raises(BadInput):
        nurture.snooze("Ana Silva", now=FIXED_NOW)
    with pytest.raises(BadInput):
        nurture.snooze("Ana Silva", until=TODAY, now=FIXED_NOW)
    with pytest.raises(BadInput):
        nurture.snooze("Ana Silva", until=date(2026, 7, 1), days=2, now=FIXED_NOW)


def test_done_logs_a_check_in_that_resets_the_clock_and_ends_a_snooze(people):
    ana = people[0]
    nurture.snooze("Ana Silva", days=3, now=FIXED_NOW)
    kept = nurture.done("Ana Silva", now=FIXED_NOW)
    assert kept.snoozed_until is None
    assert kept.next_due == TODAY + timedelta(days=60)
    note = Interaction.objects.filter(person=ana).latest("occurred_at")
    assert (note.kind, note.direction, note.text, note.occurred_at) == (
        "note",
        "out",
        "checked in",
        FIXED_NOW,
    )
    assert "Ana Silva" not in [i.name for i in nurture.today(now=FIXED_NOW).items]


def test_an_unknown_person_is_not_found():
    with pytest.raises(NotFound):
        nurture.done("Nobody Here", now=FIXED_NOW)


def follow_up(who, *, due: date, text: str = "Send the article", **fields):
    return FollowUp.objects.create(person=who, text=text, due_on=due, **fields)


def test_follow_ups_that_fall_due_join_the_list_with_why(people):
    _, ben, cleo, dan = people
    overdue = follow_up(dan, due=TODAY - timedelta(days=20), text="Intro to Eve")
    follow_up(ben, due=TODAY, text="Ask about the move")
    follow_up(ben, due=TODAY + timedelta(days=1), text="Not yet")
    follow_up(cleo, due=TODAY - timedelta(days=1), done_at=ago(1))
    follow_up(cleo, due=TODAY - timedelta(days=1), snoozed_until=TODAY + timedelta(days=1))
    items = nurture.today(now=FIXED_NOW).items
    assert [(i.what, i.name, i.text or i.reason) for i in items] == [
        ("follow-up", "Dan Wolfe", "Intro to Eve"),
        ("person", "Ana Silva", "mentor, last touch 75 days ago, every 60 days"),
        ("person", "Ben Okafor", "friend, last touch 40 days ago, every 30 days"),
        ("person", "Cleo Park", "peer, last touch 12 days ago, every 10 days"),
        ("follow-up", "Ben Okafor", "Ask about the move"),
    ]
    assert items[0].item_id == overdue.pk
    assert items[0].reason == f"follow-up overdue by 20 days (due {TODAY - timedelta(days=20)})"
    assert items[-1].reason == "follow-up due today"


def test_a_follow_up_done_or_snoozed_leaves_the_list(people):
    ben = people[1]
    first = follow_up(ben, due=TODAY)
    second = follow_up(ben, due=TODAY, text="Second")
    done = nurture.finish_follow_up(first.pk, now=FIXED_NOW)
    assert done.done_at == FIXED_NOW
    assert nurture.finish_follow_up(first.pk, now=FIXED_NOW + timedelta(hours=1)).done_at == FIXED_NOW
    snoozed = nurture.snooze_follow_up(second.pk, until=TODAY + timedelta(days=2), now=FIXED_NOW)
    assert snoozed.snoozed_until == TODAY + timedelta(days=2)
    assert [i for i in nurture.today(now=FIXED_NOW).items if i.what == "follow-up"] == []
    with pytest.raises(BadInput):
        nurture.snooze_follow_up(first.pk, days=2, now=FIXED_NOW)
    with pytest.raises(NotFound):
        nurture.finish_follow_up(999_999, now=FIXED_NOW)


def test_the_day_is_the_owners_day(home):
    (home / "policy.toml").write_text('timezone = "Pacific/Auckland"\n', encoding="utf-8")
    assert nurture.today(now=FIXED_NOW.replace(hour=13)).day == TODAY + timedelta(days=1)


def test_a_cadence_of_their_own_wins_over_their_kinds_both_ways():
    slow = make.person("Gil Sousa", relationship_kind="friend", cadence_days=90)
    make.interaction(slow, at=ago(40))
    quick = make.person("Hana Ito", relationship_kind="acquaintance", cadence_days=7)
    make.interaction(quick, at=ago(8))
    assert [(i.name, i.overdue_days) for i in nurture.today(now=FIXED_NOW).items] == [("Hana Ito", 1)]


def test_the_week_ahead_includes_those_due_in_the_next_days():
    soon = make.person("Ida Berg", relationship_kind="friend")
    make.interaction(soon, at=ago(25))
    items = nurture.due_people(now=FIXED_NOW, policy=load_policy(), within_days=6)
    assert [(i.name, i.overdue_days, i.due_on) for i in items] == [
        ("Ida Berg", -5, TODAY + timedelta(days=5))
    ]
    assert nurture.due_people(now=FIXED_NOW, policy=load_policy(), within_days=4) == []
