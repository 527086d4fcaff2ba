"""The team-mode personas and the world they work in, as pytest fixtures for any test file.

alice is an admin, bob an agent in team A, charlie an agent in team B, dave a viewer in team A, and erin an
agent of team A whose account is disabled. Team A serves Annika and Aurelio; team B serves Bruno. Each
customer has a ticket (with its timeline rows), a meeting and a follow-up; bob wrote a team note and a
private note on Annika, charlie a team note and a private note on Bruno. The owner's own LinkedIn network
(a pending request from Ludmila, a merge suggestion between the two Martas) belongs to no team.

Use: `from tests.personas import world, as_bob, ...` in a test module, or the `personas` fixtures through
tests/conftest.py, which registers this module as a plugin.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.test import Client

from meetfirst.store.models import (
    ConnectionRequest,
    CustomerNote,
    FollowUp,
    Identity,
    Interaction,
    Meeting,
    MergeSuggestion,
    Person,
    Role,
    StaffProfile,
    Team,
    Ticket,
)
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

PASSWORD = "persona-password-6-long-enough"

# Words that appear nowhere but in one team's data: a page that shows one of them to the other team leaks.
ANNIKA = "Annika Lindqvist"
AURELIO = "Aurelio Marchetti"
BRUNO = "Bruno Okonkwo"
LUDMILA = "Ludmila Vasquez"
MARTA = "Marta Kowalczyk"
MARTA_TOO = "Marta Kowalczyk-Nowak"
TICKET_A_SUBJECT = "Printer jams on the fourth floor"
TICKET_A2_SUBJECT = "Laptop battery swells"
TICKET_B_SUBJECT = "VPN drops every hour"
TEAM_NOTE_A = "Annika trains for the Vasaloppet"
PRIVATE_NOTE_A = "bob privately: Annika sounds stressed about her move"
TEAM_NOTE_B = "Bruno collects vinyl jazz records"
PRIVATE_NOTE_B = "charlie privately: Bruno may change jobs"
MEETING_A_TITLE = "Coffee with Annika about the rollout"
FOLLOW_UP_A_TEXT = "Send Annika the ergonomics guide"
REQUEST_NOTE = "Ludmila would love to connect about payments"

TEAM_A_WORDS = (
    ANNIKA,
    AURELIO,
    TICKET_A_SUBJECT,
    TICKET_A2_SUBJECT,
    TEAM_NOTE_A,
    PRIVATE_NOTE_A,
    MEETING_A_TITLE,
    FOLLOW_UP_A_TEXT,
)
TEAM_B_WORDS = (BRUNO, TICKET_B_SUBJECT, TEAM_NOTE_B, PRIVATE_NOTE_B)
OWNER_NETWORK_WORDS = (LUDMILA, MARTA, REQUEST_NOTE)


@dataclass
class World:
    team_a: Team
    team_b: Team
    alice: User
    bob: User
    charlie: User
    dave: User
    erin: User
    annika: Person
    aurelio: Person
    bruno: Person
    ticket_a: Ticket
    ticket_a2: Ticket
    ticket_b: Ticket
    team_note_a: CustomerNote
    private_note_a: CustomerNote
    team_note_b: CustomerNote
    private_note_b: CustomerNote
    meeting_a: Meeting
    meeting_b: Meeting
    follow_up_a: FollowUp
    follow_up_b: FollowUp
    ludmila: Person
    request: ConnectionRequest
    marta: Person
    marta_too: Person
    suggestion: MergeSuggestion
    users: dict[str, User] = field(default_factory=dict)


@functools.cache
def hashed_password() -> str:
    """PASSWORD through Django's own hasher, once per run: hashing is slow on purpose."""
    return make_password(PASSWORD)


def make_account(username: str, *, role: str, teams: list[Team], active: bool = True) -> User:
    """An account with a password and a staff profile, as `meetfirst user add` would leave it."""
    user = User.objects.create(
        username=username, email=f"{username}@example.com", password=hashed_password(), is_active=active
    )
    profile = StaffProfile.objects.create(
        user=user, role=role, display_name=username.title(), email=user.email, name_key=username
    )
    profile.teams.set(teams)
    return user


def make_customer(name: str, *, teams: list[Team], email: str) -> Person:
    customer = make.person(name, slug=None, email=email, relationship_kind="customer")
    customer.teams.set(teams)
    return customer


def make_ticket(
    customer: Person, *, number: int, team: Team, agent: User, subject: str, rating: str = ""
) -> Ticket:
    """A solved ticket, with its `ticket:` row on the timeline and a `rating:` row when rated."""
    opened = FIXED_NOW - timedelta(days=20 + number % 7)
    resolved = opened + timedelta(hours=5)
    ticket = Ticket.objects.create(
        key=f"zendesk:{number}",
        system="zendesk",
        external_id=str(number),
        person=customer,
        team=team,
        agent=agent,
        subject=subject,
        status="solved",
        priority="normal",
        channel="email",
        opened_at=opened,
        updated_at=resolved,
        resolved_at=resolved,
        first_reply_minutes=42.0,
        requester_wait_minutes=300.0,
        satisfaction_raw=rating,
        satisfaction_value=5.0 if rating else None,
        satisfaction_min=1.0 if rating else None,
        satisfaction_max=5.0 if rating else None,
        satisfaction_positive=True if rating else None,
        rated_at=resolved + timedelta(hours=1) if rating else None,
        source="zendesk.csv",
    )
    Interaction.objects.create(
        person=customer,
        kind=Interaction.Kind.TICKET,
        direction=Interaction.DirectionChoice.INCOMING,
        channel="zendesk",
        occurred_at=opened,
        subject=subject,
        key=f"ticket:{ticket.key}",
        source="zendesk.csv",
    )
    if rating:
        Interaction.objects.create(
            person=customer,
            kind=Interaction.Kind.RATING,
            direction=Interaction.DirectionChoice.INCOMING,
            channel="zendesk",
            occurred_at=resolved + timedelta(hours=1),
            text=rating,
            key=f"rating:{ticket.key}",
            source="zendesk.csv",
        )
    return ticket


def make_note(customer: Person, *, author: User, text: str, private: bool) -> CustomerNote:
    visibility = CustomerNote.Visibility.PRIVATE if private else CustomerNote.Visibility.TEAM
    at = FIXED_NOW - timedelta(days=3)
    return CustomerNote.objects.create(
        person=customer,
        author=author,
        topic=CustomerNote.Topic.INTERESTS,
        visibility=visibility,
        text=text,
        created_at=at,
        updated_at=at,
    )


def make_meeting(customer: Person, *, uid: str, title: str) -> Meeting:
    return Meeting.objects.create(
        person=customer,
        uid=uid,
        title=title,
        status=Meeting.Status.CONFIRMED,
        starts_at=FIXED_NOW + timedelta(days=2),
        minutes=30,
    )


def build_world() -> World:
    """Every row of the personas' world, made with the ORM."""
    make.owner()
    team_a = Team.objects.create(name="Team A")
    team_b = Team.objects.create(name="Team B")
    alice = make_account("alice", role=Role.ADMIN, teams=[])
    bob = make_account("bob", role=Role.AGENT, teams=[team_a])
    charlie = make_account("charlie", role=Role.AGENT, teams=[team_b])
    dave = make_account("dave", role=Role.VIEWER, teams=[team_a])
    erin = make_account("erin", role=Role.AGENT, teams=[team_a], active=False)

    annika = make_customer(ANNIKA, teams=[team_a], email="annika@customer-a.example")
    aurelio = make_customer(AURELIO, teams=[team_a], email="aurelio@customer-a.example")
    bruno = make_customer(BRUNO, teams=[team_b], email="bruno@customer-b.example")
    for who, system_id in ((annika, "501"), (aurelio, "502"), (bruno, "601")):
        Identity.objects.create(person=who, kind=Identity.Kind.EXTERNAL, value=f"zendesk:{system_id}")

    ticket_a = make_ticket(
        annika, number=1001, team=team_a, agent=bob, subject=TICKET_A_SUBJECT, rating="good"
    )
    ticket_a2 = make_ticket(aurelio, number=1002, team=team_a, agent=bob, subject=TICKET_A2_SUBJECT)
    ticket_b = make_ticket(
        bruno, number=2001, team=team_b, agent=charlie, subject=TICKET_B_SUBJECT, rating="good"
    )
    meeting_a = make_meeting(annika, uid="persona-a@meetfirst", title=MEETING_A_TITLE)
    meeting_b = make_meeting(bruno, uid="persona-b@meetfirst", title="Call with Bruno")
    follow_up_a = FollowUp.objects.create(
        person=annika, meeting=meeting_a, text=FOLLOW_UP_A_TEXT, due_on=date(2026, 6, 10)
    )
    follow_up_b = FollowUp.objects.create(
        person=bruno, meeting=meeting_b, text="Ask Bruno about the new VPN", due_on=date(2026, 6, 10)
    )

    ludmila = make.person(LUDMILA, slug="ludmila-vasquez")
    request = make.request(ludmila, sent_at=FIXED_NOW - timedelta(days=4), note=REQUEST_NOTE)
    marta = make.person(MARTA, slug="marta-kowalczyk")
    marta_too = make.person(MARTA_TOO, slug="marta-kowalczyk-nowak")
    suggestion = MergeSuggestion.objects.create(
        first=marta, second=marta_too, score=0.7, reasons=["similar names"], created_at=FIXED_NOW
    )
    world = World(
        team_a=team_a,
        team_b=team_b,
        alice=alice,
        bob=bob,
        charlie=charlie,
        dave=dave,
        erin=erin,
        annika=annika,
        aurelio=aurelio,
        bruno=bruno,
        ticket_a=ticket_a,
        ticket_a2=ticket_a2,
        ticket_b=ticket_b,
        team_note_a=make_note(annika, author=bob, text=TEAM_NOTE_A, private=False),
        private_note_a=make_note(annika, author=bob, text=PRIVATE_NOTE_A, private=True),
        team_note_b=make_note(bruno, author=charlie, text=TEAM_NOTE_B, private=False),
        private_note_b=make_note(bruno, author=charlie, text=PRIVATE_NOTE_B, private=True),
        meeting_a=meeting_a,
        meeting_b=meeting_b,
        follow_up_a=follow_up_a,
        follow_up_b=follow_up_b,
        ludmila=ludmila,
        request=request,
        marta=marta,
        marta_too=marta_too,
        suggestion=suggestion,
    )
    world.users = {"alice": alice, "bob": bob, "charlie": charlie, "dave": dave, "erin": erin}
    return world


def logged_in(user: User) -> Client:
    """A client with the account's session, as after a password login (CSRF is not what these tests test)."""
    client = Client()
    client.force_login(user, backend="meetfirst.store.accounts_backend.AccountBackend")
    return client


@pytest.fixture
def team_mode(settings) -> None:  # type: ignore[no-untyped-def]
    """Team mode on for one test (for modules that do not use @override_settings)."""
    settings.MEETFIRST_TEAM = True


@pytest.fixture
def world(db: None, home: object, monkeypatch: pytest.MonkeyPatch) -> World:
    """The personas and their customers, with the clock pinned to FIXED_NOW."""
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    return build_world()


@pytest.fixture
def as_alice(world: World) -> Client:
    return logged_in(world.alice)


@pytest.fixture
def as_bob(world: World) -> Client:
    return logged_in(world.bob)


@pytest.fixture
def as_charlie(world: World) -> Client:
    return logged_in(world.charlie)


@pytest.fixture
def as_dave(world: World) -> Client:
    return logged_in(world.dave)


@pytest.fixture
def persona_clients(world: World) -> Iterator[dict[str, Client]]:
    """A logged-in client for each active persona, by name."""
    yield {name: logged_in(user) for name, user in world.users.items() if user.is_active}
