"""Staff accounts and teams for team mode: Django users with a StaffProfile (role, teams, display name)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Count, Prefetch, Q, QuerySet

from meetfirst.store import team_queries
from meetfirst.store.models import Role, StaffProfile, Team


def _with_profiles() -> QuerySet[User]:
    teams = Prefetch("staff__teams", queryset=Team.objects.order_by("name"))
    return User.objects.select_related("staff").prefetch_related(teams)


def user_by_username(*, username: str) -> User | None:
    return _with_profiles().filter(username=username).first()


def user_by_id(*, user_id: int) -> User | None:
    return _with_profiles().filter(pk=user_id).first()


def all_users() -> list[User]:
    """Every account with its profile and teams, by username."""
    return list(_with_profiles().order_by("username"))


def profile_of(*, user: User) -> StaffProfile:
    """The account's StaffProfile, made on first use (accounts from Django's own tools have none)."""
    profile, _ = StaffProfile.objects.get_or_create(user=user, defaults={"role": Role.VIEWER})
    return profile


def create_user(
    *, username: str, email: str, password: str | None, display_name: str, role: str, teams: list[Team]
) -> User:
    user = User(username=username, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    profile = StaffProfile.objects.create(user=user, role=role, display_name=display_name, email=email)
    profile.teams.set(teams)
    team_queries.forget_remembered()
    return user


def set_active(*, user: User, active: bool) -> None:
    user.is_active = active
    user.save(update_fields=["is_active"])
    team_queries.forget_remembered()


def set_password(*, user: User, password: str) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])


def set_role(*, user: User, role: str) -> None:
    profile = profile_of(user=user)
    profile.role = role
    profile.save(update_fields=["role"])
    team_queries.forget_remembered()


def set_teams(*, user: User, teams: list[Team]) -> None:
    profile_of(user=user).teams.set(teams)
    team_queries.forget_remembered()


def active_admin_ids() -> list[int]:
    """Active accounts that are admins: superusers, or staff whose role is admin."""
    admins = User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(staff__role=Role.ADMIN))
    return list(admins.values_list("pk", flat=True).distinct())


def teams_named(*, names: list[str]) -> list[Team]:
    return list(Team.objects.filter(name__in=names).order_by("name"))


def team_by_id(*, team_id: int) -> Team | None:
    return Team.objects.filter(pk=team_id).first()


def team_exists(*, name: str) -> bool:
    return Team.objects.filter(name=name).exists()


def create_team(*, name: str) -> Team:
    return Team.objects.create(name=name)


def all_teams() -> QuerySet[Team]:
    """Teams by name, with how many staff and customers each has."""
    return Team.objects.annotate(
        staff_count=Count("staff", distinct=True), customer_count=Count("customers", distinct=True)
    ).order_by("name")


def team_members(*, team: Team) -> list[User]:
    return list(_with_profiles().filter(staff__teams=team).order_by("username"))
