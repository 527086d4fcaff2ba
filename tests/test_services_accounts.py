"""Accounts and teams for team mode (services.accounts) and the password login's limits (services.logins)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.services import accounts, logins
from meetfirst.store.models import LoginAttempt, Person, StaffProfile
from tests.conftest import FIXED_NOW

PASSWORD = "a long enough passphrase"


@pytest.fixture(autouse=True)
def fast_hasher(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_an_account_is_made_with_its_role_teams_and_profile() -> None:
    accounts.add_team("Team A")
    made = accounts.add_user(
        "bob",
        role="agent",
        teams=["Team A"],
        email=" bob@desk.example ",
        display_name="Bob",
        password=PASSWORD,
    )
    assert (made.username, made.role, made.teams, made.email, made.display_name) == (
        "bob",
        "agent",
        ("Team A",),
        "bob@desk.example",
        "Bob",
    )
    assert made.active and made.has_password
    assert authenticate(username="bob", password=PASSWORD) is not None
    assert StaffProfile.objects.get(user__username="bob").email == "bob@desk.example"


@pytest.mark.django_db
def test_an_account_added_without_a_password_cannot_log_in() -> None:
    made = accounts.add_user("erin")
    assert not made.has_password
    assert not User.objects.get(username="erin").has_usable_password()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "kwargs", "message"),
    [
        ("", {}, "1 to 150 characters"),
        ("x" * 151, {}, "1 to 150 characters"),
        ("bob smith", {}, "letters, digits"),
        ("bob", {"role": "owner"}, "unknown role"),
        ("bob", {"teams": ["Nowhere"]}, "no team named Nowhere"),
        ("bob", {"password": "short"}, "too short"),
        ("bob", {"password": "qwertyuiop"}, "too common"),
        ("bob", {"password": "12345678901"}, "entirely numeric"),
    ],
)
def test_bad_accounts_are_refused_and_nothing_is_made(
    username: str, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(BadInput, match=message):
        accounts.add_user(username, **kwargs)  # type: ignore[arg-type]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_username_is_taken_once() -> None:
    accounts.add_user("bob")
    with pytest.raises(BadInput, match="exists already"):
        accounts.add_user(" bob ")


@pytest.mark.django_db
def test_the_list_is_by_username_and_a_superuser_is_an_admin() -> None:
    accounts.add_user("zoe", role="viewer")
    User.objects.create_superuser("root", password=None)
    User.objects.create_user("plain")  # made by Django's own tools: no profile
    listed = {a.username: a.role for a in accounts.list_users()}
    assert list(listed) == ["plain", "root", "zoe"]
    assert listed == {"plain": "viewer", "root": "admin", "zoe": "viewer"}


@pytest.mark.django_db
def test_disable_and_enable_and_the_last_admin_rule() -> None:
    accounts.add_user("alice", role="admin")
    accounts.add_user("bob", role="agent")
    assert accounts.disable_user("bob").active is False
    assert accounts.enable_user("bob").active is True
    with pytest.raises(BadInput, match="last active admin"):
        accounts.disable_user("alice")
    with pytest.raises(BadInput, match="last active admin"):
        accounts.set_role("alice", "agent")
    accounts.set_role("bob", "admin")
    assert accounts.disable_user("alice").active is False
    assert accounts.has_active_admin()
    with pytest.raises(NotFound):
        accounts.disable_user("nobody")


@pytest.mark.django_db
def test_no_active_admin_when_every_admin_is_disabled() -> None:
    assert not accounts.has_active_admin()
    accounts.add_user("alice", role="admin")
    assert accounts.has_active_admin()
    User.objects.filter(username="alice").update(is_active=False)
    assert not accounts.has_active_admin()


@pytest.mark.django_db
def test_a_password_is_set_as_given_or_generated_strong() -> None:
    accounts.add_user("bob")
    assert accounts.set_password("bob", PASSWORD) is None
    assert authenticate(username="bob", password=PASSWORD) is not None
    with pytest.raises(BadInput, match="too short"):
        accounts.set_password("bob", "tiny")
    temporary = accounts.set_password("bob")
    assert temporary is not None
    assert authenticate(username="bob", password=temporary) is not None
    assert authenticate(username="bob", password=PASSWORD) is None


def test_generated_passwords_are_long_varied_and_pass_the_validators(settings) -> None:  # type: ignore[no-untyped-def]
    made = {accounts.generate_password() for _ in range(200)}
    assert len(made) == 200
    assert all(len(p) == 16 and not set(p) & set("0O1lI") for p in made)
    for password in list(made)[:20]:
        accounts.check_password_strength(password, username="bob")


@pytest.mark.django_db
def test_roles_and_teams_change() -> None:
    accounts.add_team("Team A")
    accounts.add_team("Team B")
    accounts.add_user("bob", teams=["Team A"])
    assert accounts.set_teams("bob", ["Team B", "Team A", "Team B"]).teams == ("Team A", "Team B")
    assert accounts.set_teams("bob", []).teams == ()
    assert accounts.set_role("bob", "viewer").role == "viewer"
    with pytest.raises(BadInput, match="unknown role"):
        accounts.set_role("bob", "king")


@pytest.mark.django_db
def test_teams_count_their_staff_and_customers() -> None:
    accounts.add_team("  Service   desk ")
    with pytest.raises(BadInput, match="exists already"):
        accounts.add_team("Service desk")
    with pytest.raises(BadInput):
        accounts.add_team("   ")
    accounts.add_user("bob", teams=["Service desk"])
    accounts.add_user("dave", role="viewer", teams=["Service desk"])
    (team,) = accounts.list_teams()
    Person.objects.create(display_name="Dana").teams.add(team.id)
    (team,) = accounts.list_teams()
    assert (team.name, team.staff, team.customers) == ("Service desk", 2, 1)
    summary, members = accounts.team_with_members(team.id)
    assert summary == team
    assert [m.username for m in members] == ["bob", "dave"]
    with pytest.raises(NotFound):
        accounts.team_with_members(999_999)


@pytest.mark.parametrize(
    ("meta", "behind_proxy", "address"),
    [
        ({"REMOTE_ADDR": "203.0.113.5"}, False, "203.0.113.5"),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, False, "127.0.0.1"),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"}, True, "203.0.113.5"),
        ({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": " "}, True, "127.0.0.1"),
        ({}, True, ""),
    ],
)
def test_the_address_is_the_proxys_last_hop_only_behind_a_proxy(
    meta: dict[str, str], behind_proxy: bool, address: str
) -> None:
    assert logins.client_address(meta, behind_proxy=behind_proxy) == address


@pytest.mark.django_db
def test_the_limits_count_failures_in_the_window_only() -> None:
    accounts.add_user("bob", password=PASSWORD)
    for minute in range(5):
        at = FIXED_NOW + timedelta(minutes=minute)
        assert logins.password_login(None, "Bob", "wrong guess here", address="10.0.0.1", now=at) is None
    assert logins.is_limited("bob", "10.0.0.2", now=FIXED_NOW + timedelta(minutes=10))
    with pytest.raises(logins.TooManyAttempts):
        logins.password_login(
            None, "bob", PASSWORD, address="10.0.0.2", now=FIXED_NOW + timedelta(minutes=10)
        )
    # Refusals are not recorded, so the limit lifts 15 minutes after the failures.
    assert LoginAttempt.objects.count() == 5
    later = FIXED_NOW + timedelta(minutes=20)
    assert logins.password_login(None, "bob", PASSWORD, address="10.0.0.2", now=later) is not None


@pytest.mark.django_db
def test_old_attempts_are_pruned_after_a_success() -> None:
    accounts.add_user("bob", password=PASSWORD)
    logins.password_login(
        None, "bob", "wrong guess here", address="10.0.0.1", now=FIXED_NOW - timedelta(days=40)
    )
    logins.password_login(None, "bob", PASSWORD, address="10.0.0.1", now=FIXED_NOW)
    assert list(LoginAttempt.objects.values_list("succeeded", flat=True)) == [True]
