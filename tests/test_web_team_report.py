"""The team report page: a login first, each account its own teams, and charts that are SVG images."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from tests.conftest import FIXED_NOW
from tests.factories_mirror import Desk, service_desk

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _team_mode(settings, monkeypatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = True
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desk() -> Desk:
    return service_desk()


def login(user: User) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client: Client, desk: Desk) -> None:
    for url in ("/team/report/", f"/team/report/{desk.team_a.pk}/", "/team/report/chart.svg?chart=trend"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/login/")


def test_bob_sees_team_a_with_its_figures(desk: Desk) -> None:
    html = page(login(desk.bob), "/team/report/")
    assert "<h1>The team's mirror: Alpha desk</h1>" in html
    assert '<dd data-testid="transactional-share">67%</dd>' in html
    assert '<dd data-testid="touches-per-customer">0.67</dd>' in html
    assert '<dd data-testid="csat">67%</dd>' in html
    assert "<caption>Each month: the 90 days ending with that month</caption>" in html
    assert 'aria-current="page">Team report</a>' in html


def test_bob_sees_his_own_line_and_no_other_agents(desk: Desk) -> None:
    html = page(login(desk.bob), f"/team/report/{desk.team_a.pk}/")
    assert "Bob Agent" in html
    assert "Erin Agent" not in html
    assert "Beta desk" not in html


def test_charlie_of_team_b_sees_nothing_of_team_a(desk: Desk) -> None:
    charlie = login(desk.charlie)
    html = page(charlie, "/team/report/")
    assert "Beta desk" in html
    for name in ("Alpha desk", "Bob Agent", "Erin Agent", "Dave Viewer", "Alice Admin"):
        assert name not in html
    # Team A's report, its charts, bob's line and the whole desk: all as missing as a team that is not there.
    for url in (
        f"/team/report/{desk.team_a.pk}/",
        f"/team/report/{desk.team_a.pk}/chart.svg?chart=depth",
        f"/team/report/?agent={desk.bob.pk}",
        f"/team/report/chart.svg?chart=trend&agent={desk.bob.pk}",
        f"/team/report/?scope=team:{desk.team_a.pk}",
        "/team/report/?scope=all",
        "/team/report/999999/",
    ):
        assert charlie.get(url).status_code == 404, url


def test_the_admin_picks_any_report_with_the_selector(desk: Desk) -> None:
    alice = login(desk.alice)
    html = page(alice, "/team/report/")
    assert "<h1>The team's mirror: Whole desk</h1>" in html
    assert "<caption>Per team, last 90 days</caption>" in html
    assert all(
        name in html for name in ("Alpha desk", "Beta desk", "Bob Agent", "Erin Agent", "Charlie Agent")
    )
    response = alice.get("/team/report/", {"scope": f"team:{desk.team_b.pk}"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/team/report/{desk.team_b.pk}/"
    response = alice.get("/team/report/", {"scope": f"agent:{desk.erin.pk}"})
    assert response.headers["Location"] == f"/team/report/?agent={desk.erin.pk}"
    html = page(alice, f"/team/report/?agent={desk.erin.pk}")
    assert "<h1>The team's mirror: Erin Agent</h1>" in html
    assert '<dd data-testid="transactional-share">100%</dd>' in html


def test_the_charts_are_svg_images_that_run_no_script(desk: Desk) -> None:
    bob = login(desk.bob)
    html = page(bob, f"/team/report/{desk.team_a.pk}/")
    for which in ("trend", "touches", "depth"):
        assert f"/team/report/{desk.team_a.pk}/chart.svg?chart={which}" in html
        response = bob.get(f"/team/report/{desk.team_a.pk}/chart.svg", {"chart": which})
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "image/svg+xml"
        assert "script-src" not in response.headers["Content-Security-Policy"]
        body = response.content.decode()
        assert "<svg" in body and "<script" not in body
    assert bob.get(f"/team/report/{desk.team_a.pk}/chart.svg", {"chart": "pie"}).status_code == 404


def test_a_malformed_agent_or_scope_is_a_404(desk: Desk) -> None:
    alice = login(desk.alice)
    assert alice.get("/team/report/", {"agent": "bob"}).status_code == 404
    assert alice.get("/team/report/", {"scope": "team:x"}).status_code == 404
    assert alice.get("/team/report/", {"scope": "galaxy"}).status_code == 404


def test_the_report_page_only_answers_get(desk: Desk) -> None:
    assert login(desk.alice).post("/team/report/").status_code in (403, 405)


def test_a_customer_name_is_never_on_the_report(desk: Desk) -> None:
    # The mirror counts customers; it never lists them, so nothing they wrote reaches the page.
    html = page(login(desk.alice), "/team/report/")
    assert "Carla" not in html and "Dino" not in html
