"""People to merge on the web: the list with reasons, merge and reject behind CSRF."""

import pytest
from django.test import Client

from meetfirst.services import access, resolution
from meetfirst.store.models import MergeSuggestion, Person
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script>'


@pytest.fixture
def alice(home, monkeypatch) -> Client:  # type: ignore[no-untyped-def]
    """The owner, logged in with a one-time link; CSRF checks on, as in a real browser."""
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


@pytest.fixture
def pair() -> MergeSuggestion:
    make.person("Ana Silva", slug=None, company=HOSTILE)
    make.person("Ana Silva", slug=None, company="Globex")
    resolution.resolve(now=FIXED_NOW)
    return MergeSuggestion.objects.get()


def _csrf(client: Client) -> str:
    response = client.get("/people/suggestions/")
    assert response.status_code == 200
    return str(response.context["csrf_token"])


def test_the_page_lists_suggestions_with_reasons_and_escapes_names(alice, pair):
    page = alice.get("/people/suggestions/").content.decode()

    assert "names match (Ana Silva)" in page
    assert HOSTILE not in page and "&lt;script&gt;" in page
    assert f"/people/suggestions/{pair.pk}/merge/" in page


def test_merge_button_merges_the_pair(alice, pair):
    token = _csrf(alice)

    response = alice.post(f"/people/suggestions/{pair.pk}/merge/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert "No merge suggestions." in alice.get("/people/suggestions/").content.decode()


def test_reject_button_keeps_the_pair_apart(alice, pair):
    token = _csrf(alice)

    alice.post(f"/people/suggestions/{pair.pk}/reject/", {"csrfmiddlewaretoken": token})
    resolution.resolve(now=FIXED_NOW)

    assert Person.objects.count() == 2
    assert MergeSuggestion.objects.get().status == "rejected"


def test_a_post_without_the_csrf_token_is_refused(alice, pair):
    response = alice.post(f"/people/suggestions/{pair.pk}/merge/")

    assert response.status_code == 403
    assert Person.objects.count() == 2


def test_the_page_only_answers_get_and_post(alice, pair):
    assert alice.post("/people/suggestions/", {}).status_code in {403, 405}
    assert alice.get(f"/people/suggestions/{pair.pk}/merge/").status_code == 405
