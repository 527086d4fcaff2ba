"""A small service desk for the team's mirror, built with the ORM: two teams, agents, customers, tickets,
human touches and ratings, on dates chosen so that every figure can be worked out by hand.

FIXED_NOW is 2026-06-15 12:00 UTC; the current 90-day window is [2026-03-18, 2026-06-16).

Team A (Alpha desk): bob and erin, agents; dave, a viewer.
- c1 Carla (bob): ticket 2026-06-01, rated good 06-03; no human touch at all            -> transactional
- c2 Cato (bob): ticket 2026-05-10, rated bad 05-12; a call 05-20 and an e-mail 06-02   -> 2 touches, "some"
- c3 Cyra (erin): ticket 2025-12-01 updated 2026-04-01, rated good 04-01; meetings 2025-10-01,
  2025-11-01, 2026-01-10 (outside the window, inside the year)          -> transactional, "deep"
- c4 Cole (erin): ticket 2026-01-05 updated 2026-02-01; a message 2026-06-10             -> not served now
Team B (Beta desk): charlie, agent.
- c5 Dana (charlie): ticket 2026-06-10, rated good 06-11; a friend; only a note, a bulk e-mail and the
  rating since                                                          -> transactional, "deep"
- c6 Dino (charlie): ticket 2026-04-01, unrated; messages 04-05, 04-06, 04-07             -> 3 touches, "deep"
alice is the admin.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth.models import User

from meetfirst.store.models import Interaction, Person, Role, StaffProfile, Team, Ticket

_numbers = itertools.count(1)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def make_staff(username: str, role: str, teams: list[Team], display_name: str = "") -> User:
    # No password: hashing one takes most of a second; web tests log in with force_login.
    user = User.objects.create_user(username=username)
    staff = StaffProfile.objects.create(user=user, role=role, display_name=display_name)
    staff.teams.set(teams)
    return user


def make_customer(name: str, team: Team, *, kind: str = "") -> Person:
    person = Person.objects.create(display_name=name, relationship_kind=kind)
    person.teams.add(team)
    return person


def make_ticket(
    person: Person,
    team: Team | None,
    agent: User | None,
    *,
    opened: datetime,
    updated: datetime | None = None,
    positive: bool | None = None,
    rated: datetime | None = None,
) -> Ticket:
    """A ticket with its timeline moments (a ticket interaction, and a rating one when rated)."""
    number = next(_numbers)
    ticket = Ticket.objects.create(
        key=f"test:{number}",
        system="test",
        external_id=str(number),
        person=person,
        team=team,
        agent=agent,
        subject=f"Ticket {number}",
        opened_at=opened,
        updated_at=updated or opened,
        satisfaction_raw="" if positive is None else ("good" if positive else "bad"),
        satisfaction_positive=positive,
        rated_at=rated,
    )
    Interaction.objects.create(
        person=person,
        kind=Interaction.Kind.TICKET,
        direction="in",
        occurred_at=opened,
        key=f"ticket:{ticket.key}",
    )
    if positive is not None:
        Interaction.objects.create(
            person=person,
            kind=Interaction.Kind.RATING,
            occurred_at=rated or opened,
            key=f"rating:{ticket.key}",
        )
    return ticket


def touch(person: Person, kind: str, when: datetime, *, bulk: bool = False) -> Interaction:
    return Interaction.objects.create(person=person, kind=kind, direction="out", occurred_at=when, bulk=bulk)


@dataclass
class Desk:
    team_a: Team
    team_b: Team
    alice: User
    bob: User
    erin: User
    charlie: User
    dave: User
    customers: dict[str, Person]


def service_desk() -> Desk:
    team_a = Team.objects.create(name="Alpha desk")
    team_b = Team.objects.create(name="Beta desk")
    alice = make_staff("alice", Role.ADMIN, [], "Alice Admin")
    bob = make_staff("bob", Role.AGENT, [team_a], "Bob Agent")
    erin = make_staff("erin", Role.AGENT, [team_a], "Erin Agent")
    charlie = make_staff("charlie", Role.AGENT, [team_b], "Charlie Agent")
    dave = make_staff("dave", Role.VIEWER, [team_a], "Dave Viewer")

    c1 = make_customer("Carla", team_a)
    make_ticket(c1, team_a, bob, opened=at("2026-06-01"), positive=True, rated=at("2026-06-03"))
    c2 = make_customer("Cato", team_a)
    make_ticket(c2, team_a, bob, opened=at("2026-05-10"), positive=False, rated=at("2026-05-12"))
    touch(c2, Interaction.Kind.CALL, at("2026-05-20"))
    touch(c2, Interaction.Kind.EMAIL, at("2026-06-02"))
    c3 = make_customer("Cyra", team_a)
    make_ticket(
        c3,
        team_a,
        erin,
        opened=at("2025-12-01"),
        updated=at("2026-04-01"),
        positive=True,
        rated=at("2026-04-01"),
    )
    for day in ("2025-10-01", "2025-11-01", "2026-01-10"):
        touch(c3, Interaction.Kind.MEETING, at(day))
    c4 = make_customer("Cole", team_a)
    make_ticket(c4, team_a, erin, opened=at("2026-01-05"), updated=at("2026-02-01"))
    touch(c4, Interaction.Kind.MESSAGE, at("2026-06-10"))

    c5 = make_customer("Dana", team_b, kind="friend")
    make_ticket(c5, team_b, charlie, opened=at("2026-06-10"), positive=True, rated=at("2026-06-11"))
    touch(c5, Interaction.Kind.NOTE, at("2026-06-12"))
    touch(c5, Interaction.Kind.EMAIL, at("2026-06-12"), bulk=True)
    c6 = make_customer("Dino", team_b)
    make_ticket(c6, team_b, charlie, opened=at("2026-04-01"))
    for day in ("2026-04-05", "2026-04-06", "2026-04-07"):
        touch(c6, Interaction.Kind.MESSAGE, at(day))
    customers = {p.display_name: p for p in (c1, c2, c3, c4, c5, c6)}
    return Desk(team_a, team_b, alice, bob, erin, charlie, dave, customers)
