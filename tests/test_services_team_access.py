"""services.team_access: what a URL's ids may reach, for each persona (team mode on), and what one request
reads of the accounts."""

from __future__ import annotations

import pytest

from meetfirst.services import accounts
from meetfirst.services.team_access import (
    can_see_person,
    may_open,
    remembering,
    role_of,
    visible_people,
)
from meetfirst.store.models import MergeSuggestion, Role
from tests.conftest import FIXED_NOW
from tests.personas import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("team_mode")]


def test_an_agent_opens_their_teams_customers_and_what_hangs_on_them(world: World) -> None:
    for kwargs in (
        {"person_id": world.annika.pk},
        {"meeting_id": world.meeting_a.pk},
        {"follow_up_id": world.follow_up_a.pk},
        {"ticket_id": world.ticket_a.pk},
        {"note_id": world.team_note_a.pk},
        {"team_id": world.team_a.pk},
    ):
        assert may_open(world.bob, kwargs), kwargs
        assert not may_open(world.charlie, kwargs), kwargs


def test_a_merge_suggestion_needs_both_people_in_sight(world: World) -> None:
    across = MergeSuggestion.objects.create(
        first=world.annika, second=world.bruno, score=0.5, reasons=[], created_at=FIXED_NOW
    )
    assert not may_open(world.bob, {"suggestion_id": across.pk})
    assert not may_open(world.charlie, {"suggestion_id": across.pk})
    assert may_open(world.alice, {"suggestion_id": across.pk})


def test_a_private_note_is_its_authors_alone_even_for_an_admin(world: World) -> None:
    note = {"note_id": world.private_note_a.pk}
    assert may_open(world.bob, note)
    assert not may_open(world.alice, note)
    assert not may_open(world.dave, note)
    assert may_open(world.dave, {"note_id": world.team_note_a.pk})


def test_accounts_and_teams_outside_ones_own_are_closed_to_staff(world: World) -> None:
    assert may_open(world.bob, {"user_id": world.bob.pk})
    assert may_open(world.bob, {"user_id": world.dave.pk})  # same team
    assert not may_open(world.bob, {"user_id": world.charlie.pk})
    assert not may_open(world.bob, {"team_id": world.team_b.pk})
    assert may_open(world.alice, {"team_id": world.team_b.pk})
    assert may_open(world.alice, {"user_id": world.charlie.pk})


def test_unknown_keywords_missing_ids_and_odd_values_are_refused(world: World) -> None:
    assert not may_open(world.bob, {"invoice_id": 1})
    assert may_open(world.alice, {"invoice_id": 1})  # an admin's pages check their own objects
    assert not may_open(world.bob, {"person_id": 999_999})
    assert not may_open(world.bob, {"ticket_id": 999_999})
    assert not may_open(world.bob, {"person_id": "1 OR 1=1"})
    assert not may_open(world.bob, {"person_id": world.annika.pk, "meeting_id": world.meeting_b.pk})


def test_a_disabled_account_opens_nothing(world: World) -> None:
    assert not may_open(world.erin, {"person_id": world.annika.pk})


def test_one_request_reads_an_accounts_role_and_teams_once_and_each_person_once(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    with remembering():
        with django_assert_num_queries(1):  # the staff profile, with its teams
            assert role_of(world.bob) == Role.AGENT
            visible_people(world.bob)
            assert role_of(world.bob) == Role.AGENT
        with django_assert_num_queries(1):  # Annika, once
            assert can_see_person(world.bob, world.annika.pk)
            assert may_open(world.bob, {"person_id": world.annika.pk})
            assert can_see_person(world.bob, world.annika.pk)
        assert not can_see_person(world.bob, world.bruno.pk)
    with django_assert_num_queries(3):  # outside a request, read afresh: role, teams, Annika
        assert can_see_person(world.bob, world.annika.pk)


def test_the_answers_kept_for_a_request_are_those_read_afresh(world: World) -> None:
    people = [world.annika, world.aurelio, world.bruno, world.ludmila, world.marta]
    for user in world.users.values():
        afresh = [(role_of(user), can_see_person(user, p.pk)) for p in people]
        with remembering():
            kept = [(role_of(user), can_see_person(user, p.pk)) for p in people]
            again = [(role_of(user), can_see_person(user, p.pk)) for p in people]
        assert afresh == kept == again, user.username


def test_a_role_or_teams_changed_during_a_request_count_at_once(world: World) -> None:
    with remembering():
        assert can_see_person(world.bob, world.annika.pk)
        accounts.set_teams("bob", ["Team B"])
        assert not can_see_person(world.bob, world.annika.pk)
        assert can_see_person(world.bob, world.bruno.pk)
        accounts.set_role("bob", Role.VIEWER)
        assert role_of(world.bob) == Role.VIEWER
