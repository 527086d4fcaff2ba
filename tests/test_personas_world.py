"""The personas' world is what the security tests assume it is."""

from __future__ import annotations

import pytest

from meetfirst.services import team_access
from meetfirst.store.models import CustomerNote, Interaction, Role
from tests.personas import PASSWORD, World

pytestmark = pytest.mark.django_db


def test_each_persona_has_the_role_the_security_tests_assume(world: World, team_mode: None) -> None:
    roles = {name: team_access.role_of(user) for name, user in world.users.items()}
    assert roles == {
        "alice": Role.ADMIN,
        "bob": Role.AGENT,
        "charlie": Role.AGENT,
        "dave": Role.VIEWER,
        "erin": "",
    }


def test_each_team_sees_only_its_own_customers(world: World, team_mode: None) -> None:
    def names(user) -> set[str]:  # type: ignore[no-untyped-def]
        return set(team_access.visible_people(user).values_list("display_name", flat=True))

    assert names(world.bob) == names(world.dave) == {world.annika.display_name, world.aurelio.display_name}
    assert names(world.charlie) == {world.bruno.display_name}
    assert world.ludmila.display_name in names(world.alice)


def test_every_ticket_has_its_moment_on_the_timeline(world: World) -> None:
    keys = set(Interaction.objects.filter(person=world.annika).values_list("key", flat=True))
    assert keys == {f"ticket:{world.ticket_a.key}", f"rating:{world.ticket_a.key}"}
    assert world.private_note_a.visibility == CustomerNote.Visibility.PRIVATE
    assert world.private_note_a.author == world.bob


def test_every_persona_logs_in_with_the_shared_password(world: World) -> None:
    assert world.bob.check_password(PASSWORD)
    assert len({user.password for user in world.users.values()}) == 1
