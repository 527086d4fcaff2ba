"""The team benchmark's seed: a tiny data set in the test database has every row it promises."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import connection

from meetfirst.store import team_queries
from meetfirst.store.models import CustomerNote, Identity, Interaction, Person, StaffProfile, Team, Ticket

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import team_data  # noqa: E402

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="the benchmark seeds with PostgreSQL's generate_series; run with MEETFIRST_DATABASE_URL",
    ),
]
TINY = team_data.Sizes(customers=300, tickets=4_000, teams=3, agents_per_team=2)


@pytest.fixture
def seeded() -> dict[str, object]:
    with connection.cursor() as cursor:
        timings = team_data.seed(cursor, TINY, password_hash=make_password(team_data.AGENT_PASSWORD))
        team_data.write_marker(cursor, TINY, timings)
    return timings


def test_it_seeds_the_promised_number_of_rows(seeded: dict[str, object]) -> None:
    assert Team.objects.count() == 3
    assert StaffProfile.objects.filter(role="agent").count() == 6
    assert StaffProfile.objects.filter(role="admin", user__is_superuser=True).count() == 1
    assert Person.objects.count() == 300
    assert Identity.objects.filter(kind="email").count() == 300
    assert Ticket.objects.count() == 4_000
    assert Interaction.objects.filter(kind="ticket").count() == 4_000
    rated = Ticket.objects.filter(satisfaction_value__isnull=False)
    assert Interaction.objects.filter(kind="rating").count() == rated.count()
    # A fifth of the tickets, less the open ones and those closed in the last days.
    assert 0.15 * 4_000 < rated.count() <= 0.2 * 4_000
    humans = Interaction.objects.filter(kind__in=["message", "email", "call", "meeting"])
    assert 0 < humans.values("person").distinct().count() < 300
    assert CustomerNote.objects.filter(visibility="private").exists()
    assert CustomerNote.objects.filter(visibility="team").exists()


def test_every_ticket_has_its_timeline_moment_and_sane_satisfaction(seeded: dict[str, object]) -> None:
    ticket = Ticket.objects.filter(satisfaction_value__isnull=False).first()
    assert ticket is not None
    moment = Interaction.objects.get(key=f"ticket:{ticket.key}")
    assert (moment.person_id, moment.occurred_at) == (ticket.person_id, ticket.opened_at)
    assert Interaction.objects.get(key=f"rating:{ticket.key}").occurred_at == ticket.rated_at
    assert ticket.satisfaction_positive == (ticket.satisfaction_value >= 4)  # type: ignore[operator]
    assert not Ticket.objects.filter(satisfaction_value__lt=1).exists()
    assert not Ticket.objects.filter(satisfaction_value__gt=5).exists()


def test_an_agent_sees_only_customers_and_tickets_of_their_team(seeded: dict[str, object]) -> None:
    agent = StaffProfile.objects.get(user__username=team_data.agent_username(3)).user
    assert check_password(team_data.AGENT_PASSWORD, agent.password)
    (team,) = agent.staff.teams.all()
    visible = team_queries.visible_people(agent, team_mode=True)
    assert visible.count() == team.customers.count()
    assert 100 <= visible.count() < 300
    assert not visible.exclude(teams=team).exists()
    assert not Ticket.objects.filter(agent=agent).exclude(person__teams=team).exists()
    assert not CustomerNote.objects.filter(author=agent).exclude(person__teams=team).exists()


def test_the_marker_tells_which_sizes_the_database_holds(seeded: dict[str, object]) -> None:
    with connection.cursor() as cursor:
        found = team_data.read_marker(cursor)
    assert team_data.matches(found, TINY)
    assert not team_data.matches(found, team_data.Sizes(customers=301, tickets=4_000, teams=3))
    assert not team_data.matches(None, TINY)
