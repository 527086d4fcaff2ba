"""Who may see whom in team mode: roles, teams, and the people an account may read.

In single-user mode (no StaffProfile rows matter) the one local account sees everything. In team mode an
admin sees everyone; agents and viewers see the customers of their own teams and nobody else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, Q, QuerySet

from meetfirst.store import sql
from meetfirst.store.models import (
    ConnectionRequest,
    CustomerNote,
    FollowUp,
    Meeting,
    MergeSuggestion,
    Person,
    Role,
    StaffProfile,
    Ticket,
)

AnyUser = User | AnonymousUser

# What one web request has read of accounts: their (role, teams) and the people found visible to them. The
# web face opens a scope per request (remembering()); outside a scope every call reads the store again.
_remembered: ContextVar[dict[tuple[str, int, int], object] | None] = ContextVar(
    "meetfirst_team_access_remembered", default=None
)


@contextmanager
def remembering() -> Iterator[None]:
    """Within: an account's role and teams are read once, and each person it may see is checked once."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def forget_remembered() -> None:
    """Drop what the current scope has read (an account's role or teams just changed)."""
    memo = _remembered.get()
    if memo is not None:
        memo.clear()


def _profile(user_id: int) -> tuple[str, list[int]]:
    """The account's StaffProfile role ("" without a profile) and team ids, in one query."""
    memo = _remembered.get()
    key = ("profile", user_id, 0)
    if memo is not None and key in memo:
        return memo[key]  # type: ignore[return-value]
    rows = list(StaffProfile.objects.filter(user_id=user_id).values_list("role", "teams__id"))
    found = (rows[0][0] if rows else "", [team for _, team in rows if team is not None])
    if memo is not None:
        memo[key] = found
    return found


def role_of(user: AnyUser, *, team_mode: bool) -> str:
    """The account's role: admin, agent or viewer; "" for nobody (anonymous, disabled)."""
    if not user.is_authenticated or not user.is_active:
        return ""
    if not team_mode:
        return Role.ADMIN
    if user.is_superuser:
        return Role.ADMIN
    return _profile(user.pk)[0] or Role.VIEWER


def team_ids(user: AnyUser) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(_profile(user.pk)[1])


def visible_teams(user: AnyUser, *, team_mode: bool) -> list[int] | None:
    """The teams whose customers this account may read: None for everyone (an admin), [] for nobody."""
    role = role_of(user, team_mode=team_mode)
    if not role:
        return []
    if role == Role.ADMIN:
        return None
    return team_ids(user)


def visible_people(user: AnyUser, *, team_mode: bool) -> QuerySet[Person]:
    """The people this account may read: everyone for an admin, their teams' customers otherwise."""
    teams = visible_teams(user, team_mode=team_mode)
    if teams is None:
        return Person.objects.all()
    if not teams:
        return Person.objects.none()
    served = Person.teams.through.objects.filter(person_id=OuterRef("pk"), team_id__in=teams)
    return Person.objects.filter(Exists(served))


def _sees(user: AnyUser, person_id: int, *, team_mode: bool) -> bool:
    teams = visible_teams(user, team_mode=team_mode)
    if teams is None:
        return Person.objects.filter(pk=person_id).exists()
    if not teams:
        return False
    # Written out: the ORM's Exists took 1 ms of Python to compose for every page about a customer.
    marks = ", ".join(["%s"] * len(teams))
    served = sql.fetch(
        f"SELECT 1 FROM {sql.table(Person.teams.through)} WHERE person_id = %s AND team_id IN ({marks})"
        " LIMIT 1",
        [person_id, *teams],
    )
    return bool(served)


def can_see_person(user: AnyUser, person_id: int, *, team_mode: bool) -> bool:
    # An agent's or viewer's answer is kept for the request: nothing they may do moves a person to
    # another team. An admin's is not, since an admin's request may delete the person (forget, merge).
    memo = _remembered.get()
    if memo is None:
        return _sees(user, person_id, team_mode=team_mode)
    key = ("sees", user.pk or 0, person_id)
    if key not in memo:
        seen = _sees(user, person_id, team_mode=team_mode)
        if role_of(user, team_mode=team_mode) in ("", Role.ADMIN):
            return seen
        memo[key] = seen
    return bool(memo[key])


# --- what a URL's object ids point at ---------------------------------------------------------------


def people_of_request(request_id: int) -> list[int]:
    return list(ConnectionRequest.objects.filter(pk=request_id).values_list("person_id", flat=True))


def people_of_meeting(meeting_id: int) -> list[int]:
    return list(Meeting.objects.filter(pk=meeting_id).values_list("person_id", flat=True))


def people_of_follow_up(follow_up_id: int) -> list[int]:
    return list(FollowUp.objects.filter(pk=follow_up_id).values_list("person_id", flat=True))


def people_of_suggestion(suggestion_id: int) -> list[int]:
    """Both people of a merge suggestion: seeing it means seeing the two of them."""
    pair = MergeSuggestion.objects.filter(pk=suggestion_id).values_list("first_id", "second_id").first()
    return list(pair) if pair else []


def people_of_ticket(ticket_id: int) -> list[int]:
    return list(Ticket.objects.filter(pk=ticket_id).values_list("person_id", flat=True))


def people_of_note(note_id: int, *, reader_id: int | None) -> list[int]:
    """The person a note is about; none when the note is private to someone other than the reader."""
    private = CustomerNote.Visibility.PRIVATE
    readable = CustomerNote.objects.filter(pk=note_id).exclude(
        Q(visibility=private) & (Q(author_id__isnull=True) | ~Q(author_id=reader_id))
    )
    return list(readable.values_list("person_id", flat=True))


def shares_a_team(user: AnyUser, other_user_id: int) -> bool:
    """Whether the other account is this one, or staff of one of its teams."""
    if not user.is_authenticated:
        return False
    if user.pk == other_user_id:
        return True
    return StaffProfile.objects.filter(user_id=other_user_id, teams__in=team_ids(user)).exists()


def visible_among(user: AnyUser, person_ids: list[int], *, team_mode: bool) -> bool:
    """Whether every one of these people exists and the account may see them all (one query)."""
    wanted = set(person_ids)
    if not wanted:
        return False
    if len(wanted) == 1:
        return can_see_person(user, wanted.pop(), team_mode=team_mode)
    seen = visible_people(user, team_mode=team_mode).filter(pk__in=wanted).count()
    return seen == len(wanted)
