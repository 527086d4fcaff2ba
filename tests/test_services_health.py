"""Health scores from the store, with a fixed clock. Personas: ana (a mentor going quiet), ben (a friend who
writes often), cleo (a peer, new), dan (not tracked)."""

from datetime import timedelta

import pytest

from meetfirst.services import health
from meetfirst.store.models import FollowUp
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db
TODAY = FIXED_NOW.date()


@pytest.fixture(autouse=True)
def utc_policy(home):
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")


def ago(days: float):
    return FIXED_NOW - timedelta(days=days)


@pytest.fixture
def ana():
    """A mentor: lively until two months ago, then only her messages, and an overdue follow-up."""
    who = make.person("Ana Silva", relationship_kind="mentor")
    for days in (50, 60, 70, 80):
        make.interaction(who, at=ago(days), direction="in")
    for days in (55, 65):
        make.interaction(who, at=ago(days), direction="out")
    FollowUp.objects.create(person=who, text="Send the deck", due_on=TODAY - timedelta(days=3))
    return who


@pytest.fixture
def ben():
    who = make.person("Ben Okafor", relationship_kind="friend")
    for days in (2, 9, 16, 23, 30, 37, 44):
        make.interaction(who, at=ago(days), direction="in" if days % 2 else "out")
    return who


def test_health_scores_everyone_tracked_worst_first_with_reasons(ana, ben):
    make.person("Dan Wolfe")
    found = health.health_all(now=FIXED_NOW)
    assert [(h.name, h.colour) for h in found] == [("Ana Silva", "amber"), ("Ben Okafor", "green")]
    ana_health = found[0]
    assert ana_health.reasons == (
        "last touch 50 days ago, every 60 days: due in 10 days, before it goes cold",
        "6 interactions in the last 180 days (about 3 expected)",
        "both of you reach out (2 from you, 4 from them)",
        "1 follow-up overdue",
    )
    assert ana_health.score == 30 + 20 + 15 + 0


def test_the_trend_uses_the_data_as_it_stood_30_days_ago(ana, ben):
    by_name = {h.name: h for h in health.health_all(now=FIXED_NOW)}
    # Thirty days ago Ana's last touch was 20 days old and her follow-up not yet overdue.
    assert by_name["Ana Silva"].score_before == 100
    assert by_name["Ana Silva"].trend == "down"
    # Ben wrote as often as ever, but 30 days ago only three of his messages were in the window.
    assert (by_name["Ben Okafor"].score_before, by_name["Ben Okafor"].trend) == (90, "up")


def test_a_relationship_begun_in_the_last_30_days_has_no_trend_yet():
    cleo = make.person("Cleo Park", relationship_kind="peer", relationship_since=TODAY - timedelta(days=5))
    make.interaction(cleo, at=ago(5))
    (found,) = health.health_all(now=FIXED_NOW)
    assert (found.trend, found.score_before) == ("new", None)


def test_one_persons_health_by_name_and_none_for_someone_untracked(ana):
    make.person("Dan Wolfe")
    assert health.health_of("Ana Silva", now=FIXED_NOW).person_id == ana.pk
    assert health.health_of("Dan Wolfe", now=FIXED_NOW) is None


def test_health_uses_the_same_few_queries_however_many_people(django_assert_max_num_queries, ana, ben):
    for n in range(30):
        who = make.person(f"Extra Person {n}", relationship_kind="colleague")
        make.interaction(who, at=ago(n))
        FollowUp.objects.create(person=who, text="x", due_on=TODAY)
    with django_assert_max_num_queries(4):
        found = health.health_all(now=FIXED_NOW)
    assert len(found) == 32
