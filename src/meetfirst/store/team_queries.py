"""Who may see whom in team mode: roles, teams, and the people an account may read.

In single-user mode (no StaffProfile rows matter) the one local account sees everything. In team mode an
admin sees everyone; agents and viewers see the customers of their own teams and nobody else.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Exists, OuterRef, QuerySet

from meetfirst.store.models import Person, Role, StaffProfile, Team

AnyUser = User | AnonymousUser


def role_of(user: AnyUser, *, team_mode: bool) -> str:
    """The account's role: admin, agent or viewer; "" for nobody (anonymous, disabled)."""
    if not user.is_authenticated or not user.is_active:
        return ""
    if not team_mode:
        return Role.ADMIN
    if user.is_superuser:
        return Role.ADMIN
    staff = StaffProfile.objects.filter(user_id=user.pk).values_list("role", flat=True).first()
    return staff or Role.VIEWER


def team_ids(user: AnyUser) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(Team.objects.filter(staff__user_id=user.pk).values_list("pk", flat=True))


def visible_people(user: AnyUser, *, team_mode: bool) -> QuerySet[Person]:
    """The people this account may read: everyone for an admin, their teams' customers otherwise."""
    role = role_of(user, team_mode=team_mode)
    if not role:
        return Person.objects.none()
    if role == Role.ADMIN:
        return Person.objects.all()
    teams = team_ids(user)
    if not teams:
        return Person.objects.none()
    served = Person.teams.through.objects.filter(person_id=OuterRef("pk"), team_id__in=teams)
    return Person.objects.filter(Exists(served))


def can_see_person(user: AnyUser, person_id: int, *, team_mode: bool) -> bool:
    return visible_people(user, team_mode=team_mode).filter(pk=person_id).exists()
