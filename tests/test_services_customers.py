"""Customers' health from the store: sums in SQL, kept health, lists, nudges, notes and who sees what."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

import pytest
from django.contrib.auth.models import User

from meetfirst.core.customer_health import Prior
from meetfirst.core.errors import BadInput, NotFound
from meetfirst.services import customer_notes, customers
from meetfirst.store import customer_queries
from meetfirst.store.models import CustomerHealth, CustomerNote, Interaction, Person, Team, Ticket
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW
from tests.personas import World, make_account

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_means() -> None:
    """Each test reads its own tickets: no means or checks kept from the one before."""
    customers.forget_kept_means()


NOW = FIXED_NOW
_numbers = count(1)


def ticket(who: Person, *, days_ago: float, team: Team | None = None, **fields: object) -> Ticket:
    number = next(_numbers)
    opened = NOW - timedelta(days=days_ago)
    values: dict[str, object] = {
        "key": f"test:{number}",
        "system": "test",
        "external_id": str(number),
        "person": who,
        "team": team,
        "subject": f"Ticket {number}",
        "status": "open",
        "opened_at": opened,
    }
    return Ticket.objects.create(**(values | fields))


def touch(who: Person, *, days_ago: float, kind: str = Interaction.Kind.CALL) -> None:
    Interaction.objects.create(
        person=who, kind=kind, direction="out", occurred_at=NOW - timedelta(days=days_ago)
    )


@pytest.fixture
def dana(db: None, home: object) -> Person:
    return make.person("Dana Reyes", slug=None, email="dana@example.com", relationship_kind="customer")


def test_a_ticket_is_not_a_human_touch(dana: Person) -> None:
    touch(dana, days_ago=2, kind=Interaction.Kind.TICKET)
    touch(dana, days_ago=3, kind=Interaction.Kind.RATING)
    touch(dana, days_ago=4, kind=Interaction.Kind.NOTE)
    touch(dana, days_ago=40, kind=Interaction.Kind.EMAIL)
    detail = customers.customer_detail(None, dana.pk, now=NOW)
    assert detail.last_human_touch == NOW - timedelta(days=40)


def test_the_default_cadence_is_the_policys_for_customers(dana: Person) -> None:
    touch(dana, days_ago=10)
    detail = customers.customer_detail(None, dana.pk, now=NOW)
    assert detail.signals.cadence_days == 45  # the shipped policy's cadence for "customer"
    dana.cadence_days = 7
    dana.save()
    assert customers.customer_detail(None, dana.pk, now=NOW).signals.cadence_days == 7


def test_ticket_sums_count_friction_in_their_windows(dana: Person) -> None:
    ticket(dana, days_ago=20, reopens=2, requester_wait_minutes=2000, status="solved", resolved_at=NOW)
    ticket(dana, days_ago=30)  # open for 30 days: stale
    ticket(dana, days_ago=5)  # open, but not for long
    ticket(dana, days_ago=200, reopens=9, requester_wait_minutes=9000)  # too old to count, but stale
    s = customers.customer_detail(None, dana.pk, now=NOW).signals
    assert (s.tickets_recent, s.reopens, s.long_waits, s.stale_open, s.open_tickets) == (3, 2, 1, 2, 3)


def test_ticket_sums_thirty_days_ago_see_what_was_open_rated_and_resolved_then(dana: Person) -> None:
    then = NOW - timedelta(days=30)
    resolved = NOW - timedelta(days=10, microseconds=-250)
    ticket(dana, days_ago=50, status="", resolved_at=resolved)  # open then, and stale then
    ticket(dana, days_ago=40, closed_at=then - timedelta(days=1))  # closed just before then
    ticket(dana, days_ago=35, satisfaction_positive=False, resolved_at=NOW - timedelta(days=33))
    sums = customer_queries.ticket_sums(person_ids=[dana.pk, 999_999], now=NOW, then=then)
    assert list(sums) == [dana.pk]
    s = sums[dana.pk]
    assert (s["sum_open"], s["sum_open_then"], s["sum_stale_then"], s["sum_recent_then"]) == (0, 1, 1, 3)
    assert (s["sum_ratings_then"], s["sum_positive_then"]) == (1, 0)
    assert s["sum_bad"] == s["sum_bad_then"] == NOW - timedelta(days=33)  # rated when resolved
    assert (s["sum_resolved"], s["sum_resolved_then"]) == (resolved, then - timedelta(days=1))
    assert customer_queries.ticket_sums(person_ids=[], now=NOW, then=then) == {}


def test_a_ticket_whose_status_says_it_is_over_is_not_open_without_times(dana: Person) -> None:
    ticket(dana, days_ago=30, status="Closed")
    assert customers.customer_detail(None, dana.pk, now=NOW).signals.open_tickets == 0


def test_ratings_count_positive_ones_in_180_days(dana: Person) -> None:
    for days, good in ((10, True), (20, False), (30, True), (300, False)):
        ticket(dana, days_ago=days, satisfaction_positive=good, rated_at=NOW - timedelta(days=days - 1))
    s = customers.customer_detail(None, dana.pk, now=NOW).signals
    assert (s.ratings, s.positive) == (3, 2)
    assert s.last_bad_rating == NOW - timedelta(days=19)


def test_few_ratings_lean_toward_the_teams_mean(dana: Person) -> None:
    support = Team.objects.create(name="Support")
    dana.teams.add(support)
    other = make.person("Eli Stone", slug=None)
    for n in range(4):
        ticket(
            other, days_ago=10 + n, team=support, satisfaction_positive=True, rated_at=NOW - timedelta(days=n)
        )
    ticket(dana, days_ago=5, team=support, satisfaction_positive=False, rated_at=NOW - timedelta(days=1))
    factor = customers.customer_detail(None, dana.pk, now=NOW).health.factors[2]
    # The team: 4 good of 5 (80%); Dana: 0 of 1, shrunk: (0 + 4 x 0.8) / 5 = 64%.
    assert factor.score == 64
    assert "team Support" in factor.reason


def test_a_customer_of_two_teams_leans_toward_both_means_from_each_teams_kept_share(
    dana: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    support, field = Team.objects.create(name="Support"), Team.objects.create(name="Field")
    other = make.person("Eli Stone", slug=None)
    for n, (team, good) in enumerate([(support, True)] * 3 + [(field, False)] * 3):
        rated = NOW - timedelta(days=n)
        ticket(other, days_ago=10 + n, team=team, satisfaction_positive=good, rated_at=rated)
    asked: list[list[int]] = []
    original = customer_queries.team_rating_shares

    def counted(**kwargs: object) -> dict[int | None, tuple[int, int]]:
        asked.append(sorted(kwargs.get("team_ids") or []))  # type: ignore[call-overload]
        return original(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(customer_queries, "team_rating_shares", counted)
    assert customers._means(NOW, {support.pk}).prior((support.pk,)) == Prior(1.0, "team Support")
    assert customers._means(NOW, {field.pk}).prior((field.pk,)) == Prior(0.0, "team Field")
    both = customers._means(NOW, {support.pk, field.pk})
    # Support 3 good of 3 and Field 0 of 3: 50 % over the two teams, from the shares already kept.
    assert both.prior((support.pk, field.pk)) == Prior(0.5, "their teams")
    assert asked == [[support.pk], [field.pk]]


def test_without_ratings_anywhere_satisfaction_is_left_out(dana: Person) -> None:
    health = customers.customer_detail(None, dana.pk, now=NOW).health
    assert health.factors[2].score is None
    assert "left out" in health.factors[2].reason


def test_the_page_of_a_customer_keeps_their_health(dana: Person) -> None:
    touch(dana, days_ago=100)
    for days in (10, 20, 30, 40):
        ticket(dana, days_ago=days, status="solved", resolved_at=NOW - timedelta(days=days - 1))
    detail = customers.customer_detail(None, dana.pk, now=NOW)
    kept = CustomerHealth.objects.get(person=dana)
    assert kept.score == detail.health.score
    assert kept.band == "red"
    assert kept.recent_tickets == 4
    assert kept.nudge.startswith("4 tickets for Dana in 90 days and no conversation")


def test_the_list_is_worst_first_and_paged(dana: Person) -> None:
    touch(dana, days_ago=1)
    for n in range(5):
        who = make.person(f"Cust Omer{n}", slug=None, relationship_kind="customer")
        touch(who, days_ago=10 * n + 50)
    first = customers.customer_list(None, now=NOW, per_page=4)
    assert first.total == 6
    assert first.pages == 2 and first.has_next
    scores = [c.score for c in first.items]
    assert scores == sorted(scores)
    second = customers.customer_list(None, now=NOW, per_page=4, page=2)
    assert [c.name for c in second.items][-1] == "Dana Reyes"


def test_people_who_are_not_customers_are_not_listed(dana: Person) -> None:
    make.person("Just Afriend", slug=None, relationship_kind="friend")
    assert [c.name for c in customers.customer_list(None, now=NOW).items] == ["Dana Reyes"]


def test_search_by_name_email_or_organization(dana: Person) -> None:
    make.person("Ola Berg", slug=None, email="ola@acme.example", company="Acme", relationship_kind="customer")
    names = lambda text: [c.name for c in customers.customer_list(None, now=NOW, search=text).items]  # noqa: E731
    assert names("dana") == ["Dana Reyes"]
    assert names("acme") == ["Ola Berg"]
    assert names("dana@example") == ["Dana Reyes"]
    assert names("nobody") == []


def test_the_list_refreshes_at_most_its_budget_of_stale_customers(dana: Person) -> None:
    for n in range(5):
        make.person(f"Cust Omer{n}", slug=None, relationship_kind="customer")
    page = customers.customer_list(None, now=NOW, refresh_limit=2)
    assert CustomerHealth.objects.count() == 2
    assert page.total == 2
    customers.refresh_stale(None, now=NOW, limit=None)
    assert CustomerHealth.objects.count() == 6


def test_a_customer_new_since_the_last_look_is_listed_at_once(dana: Person) -> None:
    assert [c.name for c in customers.customer_list(None, now=NOW).items] == ["Dana Reyes"]
    ola = make.person("Ola Berg", slug=None)
    assert customers.customer_list(None, now=NOW).total == 1  # not a customer yet
    ticket(ola, days_ago=3)  # a ticket makes her one, as an import from another process would
    assert {c.name for c in customers.customer_list(None, now=NOW).items} == {"Dana Reyes", "Ola Berg"}
    team = Team.objects.create(name="Desk")
    ivo = make.person("Ivo Stan", slug=None)
    ivo.teams.add(team)  # so does a team serving him
    assert customers.customer_list(None, now=NOW).total == 3


def test_without_news_the_list_does_not_look_for_new_customers_again(
    dana: Person, monkeypatch: pytest.MonkeyPatch
) -> None:
    customers.customer_list(None, now=NOW)
    make.person("Ola Berg", slug=None)  # no ticket, no team, no kind: nothing moves the marker
    looked: list[object] = []
    monkeypatch.setattr(customers.queries, "unscored_customer_ids", lambda **kw: looked.append(kw) or [])
    customers.customer_list(None, now=NOW)
    assert looked == []
    make.person("Ivo Stan", slug=None, relationship_kind="customer")
    customers.customer_list(None, now=NOW)
    assert len(looked) == 1


def test_yesterdays_health_is_recomputed_when_shown(dana: Person) -> None:
    touch(dana, days_ago=1)
    customers.refresh_stale(None, now=NOW - timedelta(days=60), limit=None)
    old = CustomerHealth.objects.get(person=dana)
    page = customers.customer_list(None, now=NOW, refresh_limit=0)
    assert page.items[0].score != old.score
    assert CustomerHealth.objects.get(person=dana).computed_on == NOW.date()


def test_an_unknown_team_is_bad_input(dana: Person) -> None:
    with pytest.raises(BadInput, match="no team"):
        customers.customer_list(None, now=NOW, team="Nope")


def test_a_merge_that_left_two_rows_is_mended_by_a_refresh(dana: Person) -> None:
    customers.customer_detail(None, dana.pk, now=NOW)
    row = CustomerHealth.objects.get(person=dana)
    row.pk = None
    row.save()
    customers.refresh([dana.pk], now=NOW)
    assert CustomerHealth.objects.filter(person=dana).count() == 1


def test_sentiment_is_checked_and_counts(dana: Person) -> None:
    detail = customers.set_sentiment(None, dana.pk, "at-risk", now=NOW)
    assert detail.health.factors[3].score == 20
    with pytest.raises(BadInput):
        customers.set_sentiment(None, dana.pk, "ecstatic", now=NOW)


def test_tickets_are_paged_newest_first_with_the_normalised_rating(dana: Person) -> None:
    for n in range(12):
        ticket(dana, days_ago=n, satisfaction_raw="4", satisfaction_value=4.0, satisfaction_min=1.0,
               satisfaction_max=5.0)  # fmt: skip
    page = customers.tickets(None, dana.pk)
    assert len(page.items) == customers.TICKETS_PER_PAGE and page.has_older
    assert page.items[0].opened_at == NOW
    assert page.items[0].satisfaction_score == 75
    assert len(customers.tickets(None, dana.pk, page=2).items) == 2


def test_a_tickets_agent_is_named_by_profile_then_full_name_then_username(dana: Person) -> None:
    support = Team.objects.create(name="Support")
    profiled = make_account("rita", role="agent", teams=[support])  # display name "Rita"
    named = User.objects.create(username="jdoe", first_name="Jane", last_name="Doe")
    bare = User.objects.create(username="ops-bot")
    for days, agent in ((1, profiled), (2, named), (3, bare), (4, None)):
        ticket(dana, days_ago=days, agent=agent, team=support if agent else None)
    page = customers.tickets(None, dana.pk)
    assert [(t.agent, t.team) for t in page.items] == [
        ("Rita", "Support"),
        ("Jane Doe", "Support"),
        ("ops-bot", "Support"),
        ("", ""),
    ]


# --- team mode ------------------------------------------------------------------------------------------


@pytest.fixture
def world_in_team_mode(world: World, settings) -> World:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = True
    return world


def test_an_agent_lists_only_their_teams_customers(world_in_team_mode: World) -> None:
    w = world_in_team_mode
    names = {c.name for c in customers.customer_list(w.bob, now=NOW).items}
    assert names == {"Annika Lindqvist", "Aurelio Marchetti"}
    assert [c.name for c in customers.customer_list(w.charlie, now=NOW).items] == ["Bruno Okonkwo"]
    assert {c.name for c in customers.nudged(w.charlie, now=NOW)} <= {"Bruno Okonkwo"}


def test_the_board_lists_are_the_customer_lists_worst_first_within_each_readers_teams(
    world_in_team_mode: World,
) -> None:
    w = world_in_team_mode
    for n, who in enumerate((w.annika, w.aurelio, w.bruno)):  # a bad rating each: a nudge each
        ticket(who, days_ago=5, satisfaction_positive=False, rated_at=NOW - timedelta(days=2 + n))
    touch(w.aurelio, days_ago=10)  # before the rating: the check-in stays due
    for user, expected in ((w.bob, 2), (w.charlie, 1), (w.alice, 3), (w.erin, 0), (None, 3)):
        listed = customers.customer_list(user, now=NOW)
        nudged, at_risk = customers.board(user, now=NOW)
        assert len(nudged) == expected
        assert nudged == [c for c in listed.items if c.nudges]
        assert at_risk == [c for c in listed.items if c.band == "red"]
        assert nudged == customers.nudged(user, now=NOW) and at_risk == customers.at_risk(user, now=NOW)
    kept = CustomerHealth.objects.get(person=w.aurelio)
    [row] = [c for c in customers.nudged(w.bob, now=NOW) if c.person_id == w.aurelio.pk]
    assert (row.last_human_touch, row.nudges, row.nudge) == (kept.last_human_touch, kept.nudges, kept.nudge)
    assert row.last_human_touch == NOW - timedelta(days=10)


def test_an_agent_cannot_read_another_teams_customer(world_in_team_mode: World) -> None:
    w = world_in_team_mode
    with pytest.raises(NotFound):
        customers.customer_detail(w.charlie, w.annika.pk, now=NOW)
    with pytest.raises(NotFound):
        customers.tickets(w.charlie, w.annika.pk)
    with pytest.raises(NotFound):
        customer_notes.notes(w.charlie, w.annika.pk)


def test_private_notes_are_their_authors_only_even_for_an_admin(world_in_team_mode: World) -> None:
    w = world_in_team_mode
    texts = lambda user: {n.text for n in customer_notes.notes(user, w.annika.pk)}  # noqa: E731
    assert texts(w.bob) == {w.team_note_a.text, w.private_note_a.text}
    assert texts(w.alice) == {w.team_note_a.text}
    assert texts(w.dave) == {w.team_note_a.text}
    assert texts(None) == {w.team_note_a.text}


def test_only_the_author_edits_or_deletes_a_note(world_in_team_mode: World) -> None:
    w = world_in_team_mode
    other = make_account("frank", role="agent", teams=[w.team_a])
    for user in (other, w.alice):
        with pytest.raises(NotFound):
            customer_notes.edit_note(user, w.team_note_a.pk, text="x", topic="it", visibility="team", now=NOW)
        with pytest.raises(NotFound):
            customer_notes.delete_note(user, w.private_note_a.pk)
    edited = customer_notes.edit_note(w.bob, w.team_note_a.pk, text=" Skis now ", topic="now",
                                      visibility="private", now=NOW)  # fmt: skip
    assert (edited.text, edited.topic, edited.visibility) == ("Skis now", "now", "private")
    assert customer_notes.delete_note(w.bob, w.team_note_a.pk) == w.annika.pk
    assert not CustomerNote.objects.filter(pk=w.team_note_a.pk).exists()


def test_a_note_needs_a_known_topic_visibility_and_some_text(world_in_team_mode: World) -> None:
    w = world_in_team_mode
    for topic, visibility, text in (("gossip", "team", "x"), ("it", "world", "x"), ("it", "team", "  "),
                                    ("it", "team", "x" * 5001)):  # fmt: skip
        with pytest.raises(BadInput):
            customer_notes.add_note(
                w.bob, w.annika.pk, text=text, topic=topic, visibility=visibility, now=NOW
            )
    assert CustomerNote.objects.filter(person=w.annika).count() == 2


def test_a_note_from_the_command_line_has_no_author_and_its_private_ones_stay_there(
    world_in_team_mode: World,
) -> None:
    w = world_in_team_mode
    note = customer_notes.add_note(None, w.annika.pk, text="Has twins", topic="family", visibility="private",
                                   now=NOW)  # fmt: skip
    assert CustomerNote.objects.get(pk=note.note_id).author is None
    assert "Has twins" in {n.text for n in customer_notes.notes(None, w.annika.pk)}
    assert "Has twins" not in {n.text for n in customer_notes.notes(w.alice, w.annika.pk)}


def test_in_single_user_mode_every_note_is_the_owners(world: World) -> None:
    owner = User.objects.create_user("owner")
    texts = {n.text for n in customer_notes.notes(owner, world.annika.pk)}
    assert world.private_note_a.text in texts


def test_showing_a_customer_again_writes_only_what_changed(dana: Person) -> None:
    touch(dana, days_ago=3)
    customers.customer_detail(None, dana.pk, now=NOW)
    first = CustomerHealth.objects.get(person=dana).pk
    customers.customer_detail(None, dana.pk, now=NOW + timedelta(minutes=5))
    assert CustomerHealth.objects.get(person=dana).pk == first
    customers.set_sentiment(None, dana.pk, "neutral", now=NOW + timedelta(minutes=6))
    assert CustomerHealth.objects.get(person=dana).pk != first


def test_agents_of_one_team_share_the_look_for_new_customers_and_another_team_looks_itself(
    world_in_team_mode: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = world_in_team_mode
    fay = make_account("fay", role="agent", teams=[w.team_a])
    customers.customer_list(w.bob, now=NOW)
    looked: list[object] = []
    original = customers.queries.unscored_customer_ids

    def counted(**kwargs: Any) -> list[int]:
        looked.append(kwargs)
        return original(**kwargs)

    monkeypatch.setattr(customers.queries, "unscored_customer_ids", counted)
    names = {c.name for c in customers.customer_list(fay, now=NOW).items}
    assert names == {"Annika Lindqvist", "Aurelio Marchetti"} and looked == []
    assert [c.name for c in customers.customer_list(w.charlie, now=NOW).items] == ["Bruno Okonkwo"]
    assert len(looked) == 1
