"""The access rules of team mode, for the web app and the CLI (see store.team_queries)."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from meetfirst.core.errors import NotFound
from meetfirst.store import team_queries
from meetfirst.store.models import Person, Role
from meetfirst.store.team_queries import AnyUser

__all__ = ["Role", "can_see_person", "require_person", "role_of", "team_mode", "visible_people"]


def team_mode() -> bool:
    return bool(getattr(settings, "MEETFIRST_TEAM", False))


def role_of(user: AnyUser) -> str:
    return team_queries.role_of(user, team_mode=team_mode())


def visible_people(user: AnyUser) -> QuerySet[Person]:
    return team_queries.visible_people(user, team_mode=team_mode())


def can_see_person(user: AnyUser, person_id: int) -> bool:
    return team_queries.can_see_person(user, person_id, team_mode=team_mode())


def require_person(user: AnyUser, person_id: int) -> None:
    """Raise NotFound (a 404, the same as a person who does not exist) unless the account may see them."""
    if not can_see_person(user, person_id):
        raise NotFound(f"no person {person_id}")
