"""The admin's account and team pages: add, role and teams, disable, enable, reset a password, teams."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.test import Client

from meetfirst.services import accounts
from meetfirst.store.models import StaffProfile, Team
from tests.personas import World, logged_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(autouse=True)
def team(team_mode: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def temporary_password(html: str) -> str:
    found = re.search(r'data-testid="temporary-password">([^<]+)<', html)
    assert found, html
    return found.group(1)


def test_the_admin_sees_every_account_and_the_team_link(world: World, as_alice: Client) -> None:
    html = as_alice.get("/team/users/").content.decode()
    for name in ("alice", "bob", "charlie", "dave", "erin"):
        assert f">{name}</a>" in html
    assert "disabled" in html
    assert 'href="/team/users/"' in as_alice.get("/").content.decode()


def test_agents_and_viewers_see_no_team_link_and_no_team_page(
    world: World, as_bob: Client, as_dave: Client
) -> None:
    assert 'href="/team/users/"' not in as_bob.get("/").content.decode()
    for client in (as_bob, as_dave):
        assert client.get("/team/users/").status_code == 403
        assert client.get(f"/team/users/{world.bob.pk}/").status_code in (403, 404)
        assert client.get("/team/teams/").status_code == 403
        assert client.post(f"/team/users/{world.erin.pk}/enable/").status_code in (403, 404)
    assert not User.objects.get(pk=world.erin.pk).is_active


def test_each_view_checks_the_admin_role_itself(world: World, rf) -> None:  # type: ignore[no-untyped-def]
    """Defence in depth: even without the authorization middleware an agent gets nothing."""
    from django.core.exceptions import PermissionDenied

    from meetfirst.web.views import accounts as views

    calls: list[tuple[Callable[..., object], str, dict[str, int]]] = [
        (views.users_page, "get", {}),
        (views.user_page, "get", {"user_id": world.bob.pk}),
        (views.user_enable, "post", {"user_id": world.erin.pk}),
        (views.user_password, "post", {"user_id": world.alice.pk}),
        (views.team_add, "post", {}),
    ]
    for view, method, kwargs in calls:
        request = rf.get("/team/") if method == "get" else rf.post("/team/")
        request.user = world.bob
        with pytest.raises(PermissionDenied):
            view(request, **kwargs)


def test_the_team_pages_do_not_exist_in_single_user_mode(settings, world: World, as_alice: Client) -> None:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = False
    assert as_alice.get("/team/users/").status_code == 404
    assert as_alice.get("/team/teams/").status_code == 404


def test_adding_an_account_shows_its_temporary_password_once(world: World, as_alice: Client) -> None:
    response = as_alice.post(
        "/team/users/add/",
        {"username": "frank", "display_name": "Frank Ode", "email": "frank@desk.example", "role": "agent",
         "teams": ["Team B"]},
    )  # fmt: skip
    assert response.status_code == 200
    password = temporary_password(response.content.decode())
    assert authenticate(username="frank", password=password) is not None
    profile = StaffProfile.objects.get(user__username="frank")
    assert (profile.role, profile.display_name) == ("agent", "Frank Ode")
    assert [t.name for t in profile.teams.all()] == ["Team B"]
    assert password not in as_alice.get(f"/team/users/{profile.user_id}/").content.decode()


def test_a_taken_username_or_bad_form_is_refused_with_a_message(world: World, as_alice: Client) -> None:
    response = as_alice.post("/team/users/add/", {"username": "bob", "role": "agent"}, follow=True)
    assert "exists already" in response.content.decode()
    response = as_alice.post("/team/users/add/", {"username": "zed", "role": "boss"}, follow=True)
    assert "role" in response.content.decode()
    assert not User.objects.filter(username="zed").exists()


def test_the_admin_changes_a_role_and_teams(world: World, as_alice: Client) -> None:
    response = as_alice.post(
        f"/team/users/{world.bob.pk}/role/", {"role": "viewer", "teams": ["Team A", "Team B"]}
    )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=world.bob)
    assert profile.role == "viewer"
    assert sorted(t.name for t in profile.teams.all()) == ["Team A", "Team B"]


def test_disabling_an_account_puts_it_out_at_once_and_enabling_lets_it_back(
    world: World, as_alice: Client
) -> None:
    bob = logged_in(world.bob)
    assert bob.get("/").status_code == 200
    assert as_alice.post(f"/team/users/{world.bob.pk}/disable/").status_code == 302
    assert bob.get("/").status_code == 302
    assert "disabled" in as_alice.get(f"/team/users/{world.bob.pk}/").content.decode()
    assert as_alice.post(f"/team/users/{world.bob.pk}/enable/").status_code == 302
    assert User.objects.get(pk=world.bob.pk).is_active


def test_an_admin_cannot_disable_their_own_account(world: World, as_alice: Client) -> None:
    response = as_alice.post(f"/team/users/{world.alice.pk}/disable/", follow=True)
    assert "cannot disable your own account" in response.content.decode()
    assert User.objects.get(pk=world.alice.pk).is_active


def test_a_password_reset_generates_one_or_sets_the_one_given(world: World, as_alice: Client) -> None:
    bob = logged_in(world.bob)
    response = as_alice.post(f"/team/users/{world.bob.pk}/password/", {"password": ""})
    temporary = temporary_password(response.content.decode())
    assert authenticate(username="bob", password=temporary) is not None
    assert bob.get("/").status_code == 302  # the old session ended with the old password
    assert (
        as_alice.post(f"/team/users/{world.bob.pk}/password/", {"password": NEW_PASSWORD}).status_code == 302
    )
    assert authenticate(username="bob", password=NEW_PASSWORD) is not None
    weak = as_alice.post(f"/team/users/{world.bob.pk}/password/", {"password": "12345"}, follow=True)
    assert "too short" in weak.content.decode()
    assert authenticate(username="bob", password=NEW_PASSWORD) is not None


def test_an_unknown_account_is_a_404(world: World, as_alice: Client) -> None:
    assert as_alice.get("/team/users/999999/").status_code == 404
    assert as_alice.post("/team/users/999999/disable/").status_code == 404


def test_teams_are_listed_added_and_show_their_members(world: World, as_alice: Client) -> None:
    html = as_alice.get("/team/teams/").content.decode()
    assert "Team A" in html
    assert as_alice.post("/team/teams/add/", {"name": "Team C"}).status_code == 302
    assert Team.objects.filter(name="Team C").exists()
    again = as_alice.post("/team/teams/add/", {"name": "Team C"}, follow=True)
    assert "exists already" in again.content.decode()
    members = as_alice.get(f"/team/teams/{world.team_a.pk}/").content.decode()
    assert ">bob</a>" in members
    assert ">charlie</a>" not in members
    assert as_alice.get("/team/teams/999999/").status_code == 404


def test_the_forms_need_their_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice, backend="meetfirst.store.accounts_backend.AccountBackend")
    assert client.post(f"/team/users/{world.bob.pk}/disable/").status_code == 403
    assert client.post("/team/teams/add/", {"name": "Team Z"}).status_code == 403
    assert User.objects.get(pk=world.bob.pk).is_active


def test_the_pages_escape_what_an_admin_typed(world: World, as_alice: Client) -> None:
    accounts.add_team("<script>alert(1)</script>")
    html = as_alice.get("/team/teams/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_last_admin_keeps_the_role_and_the_teams_when_the_change_is_refused(
    world: World, as_alice: Client
) -> None:
    form = {"role": "agent", "teams": ["Team A"]}
    response = as_alice.post(f"/team/users/{world.alice.pk}/role/", form, follow=True)
    assert "last active admin" in response.content.decode()
    profile = StaffProfile.objects.get(user=world.alice)
    assert (profile.role, list(profile.teams.all())) == ("admin", [])
