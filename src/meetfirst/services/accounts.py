"""Staff accounts and teams for team mode: what `meetfirst user ...` and the admin pages both call.

Passwords go through Django's hashers and validators; a password is never stored or shown except the
temporary one an admin reset generates, which is returned once to be handed over.
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.store import account_queries
from meetfirst.store.models import Role, Team

ROLES = tuple(Role.values)
TEMPORARY_PASSWORD_LENGTH = 16
# No look-alikes (0/O, 1/l/I): a temporary password is read out or copied by hand.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")


@dataclass(frozen=True, slots=True)
class Account:
    """An account as the CLI and the admin pages show it."""

    id: int
    username: str
    display_name: str
    email: str
    role: str
    teams: tuple[str, ...]
    active: bool
    has_password: bool
    last_login: datetime | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "username": self.username,
            "display_name": self.display_name,
            "email": self.email,
            "role": self.role,
            "teams": list(self.teams),
            "active": self.active,
            "has_password": self.has_password,
            "last_login": self.last_login,
        }


@dataclass(frozen=True, slots=True)
class TeamSummary:
    id: int
    name: str
    staff: int
    customers: int

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "staff": self.staff, "customers": self.customers}


def _account(user: User) -> Account:
    profile = getattr(user, "staff", None)
    role = Role.ADMIN if user.is_superuser else (profile.role if profile else Role.VIEWER)
    return Account(
        id=user.pk,
        username=user.username,
        display_name=(profile.display_name if profile else "") or user.get_full_name(),
        email=user.email or (profile.email if profile else ""),
        role=role,
        teams=tuple(t.name for t in profile.teams.all()) if profile else (),
        active=user.is_active,
        has_password=user.has_usable_password(),
        last_login=user.last_login,
    )


def generate_password() -> str:
    """A strong temporary password (16 characters from 57, about 93 bits)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))


def check_password_strength(password: str, *, username: str = "", email: str = "") -> None:
    """Raise BadInput with Django's validators' reasons when the password is too weak."""
    try:
        validate_password(password, User(username=username, email=email))
    except ValidationError as exc:
        raise BadInput("; ".join(exc.messages)) from None


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise BadInput(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    return role


def _teams(names: list[str]) -> list[Team]:
    wanted = sorted({n.strip() for n in names if n.strip()})
    found = account_queries.teams_named(names=wanted)
    missing = sorted(set(wanted) - {t.name for t in found})
    if missing:
        raise BadInput(f"no team named {', '.join(missing)}: create it with `meetfirst team add NAME`")
    return found


def _user(username: str) -> User:
    user = account_queries.user_by_username(username=username)
    if user is None:
        raise NotFound(f"no account named {username!r}")
    return user


def user_by_id(user_id: int) -> User:
    user = account_queries.user_by_id(user_id=user_id)
    if user is None:
        raise NotFound(f"no account {user_id}")
    return user


def add_user(
    username: str,
    *,
    role: str = Role.AGENT,
    teams: list[str] | None = None,
    email: str = "",
    display_name: str = "",
    password: str | None = None,
) -> Account:
    """Create an account; with no password it gets none that works (an admin sets one later)."""
    username = username.strip()
    if not username or len(username) > 150:
        raise BadInput("a username needs 1 to 150 characters")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise BadInput(f"{username!r}: use letters, digits and @ . + - _ only in a username") from None
    email = email.strip()
    if password is not None:
        check_password_strength(password, username=username, email=email)
    with transaction.atomic():
        if account_queries.user_by_username(username=username) is not None:
            raise BadInput(f"an account named {username!r} exists already")
        user = account_queries.create_user(
            username=username,
            email=email,
            password=password,
            display_name=display_name.strip(),
            role=_check_role(role),
            teams=_teams(teams or []),
        )
    return account(user.username)


def account(username: str) -> Account:
    return _account(_user(username))


def account_by_id(user_id: int) -> Account:
    return _account(user_by_id(user_id))


def list_users() -> list[Account]:
    return [_account(u) for u in account_queries.all_users()]


def _is_last_admin(user: User) -> bool:
    return account_queries.active_admin_ids() == [user.pk]


def disable_user(username: str) -> Account:
    """Disable an account: it is logged out on its next request and cannot log in again."""
    user = _user(username)
    with transaction.atomic():
        if user.is_active and _is_last_admin(user):
            raise BadInput(f"{username!r} is the last active admin: make another admin first")
        account_queries.set_active(user=user, active=False)
    return account(username)


def enable_user(username: str) -> Account:
    user = _user(username)
    account_queries.set_active(user=user, active=True)
    return account(username)


def set_password(username: str, password: str | None = None) -> str | None:
    """Set a given password, or generate a temporary one and return it (the only time it is seen).

    Changing a password ends the account's other sessions (Django checks a hash of it on each request).
    """
    user = _user(username)
    if password is not None:
        check_password_strength(password, username=user.username, email=user.email)
        account_queries.set_password(user=user, password=password)
        return None
    temporary = generate_password()
    account_queries.set_password(user=user, password=temporary)
    return temporary


def set_role(username: str, role: str) -> Account:
    user = _user(username)
    with transaction.atomic():
        if role != Role.ADMIN and not user.is_superuser and _is_last_admin(user):
            raise BadInput(f"{username!r} is the last active admin: make another admin first")
        account_queries.set_role(user=user, role=_check_role(role))
    return account(username)


def set_teams(username: str, teams: list[str]) -> Account:
    user = _user(username)
    account_queries.set_teams(user=user, teams=_teams(teams))
    return account(username)


def set_role_and_teams(username: str, role: str, teams: list[str]) -> Account:
    """Both at once, as the admin's form sends them: either both change or neither does."""
    with transaction.atomic():
        set_role(username, role)
        return set_teams(username, teams)


def has_active_admin() -> bool:
    return bool(account_queries.active_admin_ids())


def add_team(name: str) -> TeamSummary:
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise BadInput("a team name needs 1 to 200 characters")
    with transaction.atomic():
        if account_queries.team_exists(name=name):
            raise BadInput(f"a team named {name!r} exists already")
        team = account_queries.create_team(name=name)
    return TeamSummary(id=team.pk, name=team.name, staff=0, customers=0)


def list_teams() -> list[TeamSummary]:
    return [
        TeamSummary(id=t.pk, name=t.name, staff=t.staff_count, customers=t.customer_count)  # type: ignore[attr-defined]
        for t in account_queries.all_teams()
    ]


def team_names() -> list[str]:
    return [t.name for t in list_teams()]


def team_with_members(team_id: int) -> tuple[TeamSummary, list[Account]]:
    team = account_queries.team_by_id(team_id=team_id)
    if team is None:
        raise NotFound(f"no team {team_id}")
    members = [_account(u) for u in account_queries.team_members(team=team)]
    summary = next(t for t in list_teams() if t.id == team.pk)
    return summary, members
