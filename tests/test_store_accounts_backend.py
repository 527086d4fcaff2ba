"""The account lookup that every request makes: Django's answers, read with hand-written SQL."""

from __future__ import annotations

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User

from meetfirst.store.accounts_backend import AccountBackend

pytestmark = [pytest.mark.django_db, pytest.mark.store]


@pytest.fixture
def user() -> User:
    return User.objects.create_user("erin", password="a long enough password", first_name="Erin")


def test_the_account_comes_back_whole(user: User) -> None:
    found = AccountBackend().get_user(user.pk)
    assert isinstance(found, User)
    assert (found.pk, found.username, found.first_name, found.is_active) == (user.pk, "erin", "Erin", True)
    assert found.date_joined == user.date_joined and found.date_joined.tzinfo is not None
    assert found.check_password("a long enough password")


def test_a_disabled_account_gets_no_user_as_with_djangos_backend(user: User) -> None:
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert ModelBackend().get_user(user.pk) is None
    assert AccountBackend().get_user(user.pk) is None


@pytest.mark.parametrize("user_id", [999_999, "999999", "x", None, "1 OR 1=1"])
def test_an_unknown_or_malformed_id_gets_no_user(user: User, user_id: object) -> None:
    assert AccountBackend().get_user(user_id) is None


def test_a_string_id_from_the_session_finds_the_account(user: User) -> None:
    found = AccountBackend().get_user(str(user.pk))
    assert found is not None and found.pk == user.pk
