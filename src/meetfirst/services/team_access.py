"""The access rules of team mode, for the web app and the CLI (see store.team_queries)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.conf import settings
from django.db.models import QuerySet

from meetfirst.core.errors import NotFound
from meetfirst.store import team_queries
from meetfirst.store.models import Person, Role
from meetfirst.store.team_queries import AnyUser, remembering

__all__ = [
    "Role",
    "can_see_person",
    "may_open",
    "remembering",
    "require_person",
    "role_of",
    "team_mode",
    "visible_people",
    "visible_teams",
]


def team_mode() -> bool:
    return bool(getattr(settings, "MEETFIRST_TEAM", False))


def role_of(user: AnyUser) -> str:
    return team_queries.role_of(user, team_mode=team_mode())


def visible_people(user: AnyUser) -> QuerySet[Person]:
    return team_queries.visible_people(user, team_mode=team_mode())


def visible_teams(user: AnyUser) -> list[int] | None:
    """The teams whose customers the account may read: None for everyone, [] for nobody."""
    return team_queries.visible_teams(user, team_mode=team_mode())


def can_see_person(user: AnyUser, person_id: int) -> bool:
    return team_queries.can_see_person(user, person_id, team_mode=team_mode())


def require_person(user: AnyUser, person_id: int) -> None:
    """Raise NotFound (a 404, the same as a person who does not exist) unless the account may see them."""
    if not can_see_person(user, person_id):
        raise NotFound(f"no person {person_id}")


# How to find the people behind an object id that a URL names. Seeing the object means seeing them all.
_PEOPLE_OF: dict[str, Callable[[int], list[int]]] = {
    "person_id": lambda person_id: [person_id],
    "request_id": team_queries.people_of_request,
    "meeting_id": team_queries.people_of_meeting,
    "follow_up_id": team_queries.people_of_follow_up,
    "suggestion_id": team_queries.people_of_suggestion,
    "ticket_id": team_queries.people_of_ticket,
}


def _as_id(value: object) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def may_open(user: AnyUser, objects: Mapping[str, object]) -> bool:
    """Whether the account may open every object named (by URL keyword: person_id, note_id, ...).

    Deny by default: an id that names nothing, someone else's private note, another team's customer, or a
    keyword this function does not know all answer False, which the web face turns into a 404. An admin
    sees every person and team, but never another account's private note.
    """
    role = role_of(user)
    if not role:
        return False
    admin = role == Role.ADMIN
    people: list[int] = []
    for name, raw in objects.items():
        object_id = _as_id(raw)
        if object_id is None:
            return False
        if name == "note_id":
            found = team_queries.people_of_note(object_id, reader_id=user.pk)
        elif admin:
            continue
        elif name == "team_id":
            if object_id not in team_queries.team_ids(user):
                return False
            continue
        elif name == "user_id":
            if not team_queries.shares_a_team(user, object_id):
                return False
            continue
        elif name in _PEOPLE_OF:
            found = _PEOPLE_OF[name](object_id)
        else:
            return False
        if not found:
            return False
        people.extend(found)
    if admin or not people:
        return True
    return team_queries.visible_among(user, people, team_mode=team_mode())
