"""The team's mirror on a small desk whose figures are worked out by hand (see tests/factories_mirror.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.core.team_report import DEEP, SOME, TICKETS_ONLY
from meetfirst.services import team_report
from meetfirst.services.team_report import Choice
from meetfirst.store.models import SavedTeamReport, Ticket
from tests.factories_mirror import Desk, at, make_customer, make_ticket, service_desk, touch

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _fresh_cache(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desk() -> Desk:
    return service_desk()


def _report(choice: Choice, months: int = 12):  # type: ignore[no-untyped-def]
    return team_report.build_report(choice, today=TODAY, months=months)


def test_team_a_is_two_thirds_transactional_with_two_thirds_csat(desk: Desk) -> None:
    report = _report(Choice("team", desk.team_a.pk, "Alpha desk"))
    head = report.headline
    # Carla, Cato and Cyra were served; Cole's ticket was last updated in February.
    assert head.served == 3
    # Carla and Cyra had no human touch in the window (Cyra's meetings are older).
    assert head.transactional == 2
    assert head.transactional_share == pytest.approx(2 / 3)
    # Cato's call and e-mail.
    assert head.human_touches == 2
    assert head.touches_per_customer == pytest.approx(2 / 3)
    # Carla good, Cato bad, Cyra good.
    assert (head.rated, head.positive) == (3, 2)
    assert head.csat == pytest.approx(2 / 3)


def test_team_b_counts_neither_notes_ratings_nor_bulk_mail_as_touches(desk: Desk) -> None:
    head = _report(Choice("team", desk.team_b.pk, "Beta desk")).headline
    assert (head.served, head.transactional, head.human_touches) == (2, 1, 3)
    assert head.transactional_share == 0.5
    assert head.touches_per_customer == 1.5
    assert (head.rated, head.positive, head.csat) == (1, 1, 1.0)


def test_satisfaction_by_depth_for_team_a(desk: Desk) -> None:
    depth = {line.depth: line for line in _report(Choice("team", desk.team_a.pk, "A")).depth}
    assert (depth[TICKETS_ONLY].customers, depth[TICKETS_ONLY].rated, depth[TICKETS_ONLY].csat) == (1, 1, 1.0)
    assert (depth[SOME].customers, depth[SOME].rated, depth[SOME].csat) == (1, 1, 0.0)
    assert (depth[DEEP].customers, depth[DEEP].rated, depth[DEEP].csat) == (1, 1, 1.0)


def test_a_named_relationship_is_deep_without_touches(desk: Desk) -> None:
    depth = {line.depth: line for line in _report(Choice("team", desk.team_b.pk, "B")).depth}
    assert depth[DEEP].customers == 2
    assert (depth[DEEP].rated, depth[DEEP].positive) == (1, 1)
    assert depth[TICKETS_ONLY].customers == depth[SOME].customers == 0
    assert depth[TICKETS_ONLY].csat is None


def test_the_trend_uses_a_ninety_day_window_ending_with_each_month(desk: Desk) -> None:
    months = {m.month: m.figures for m in _report(Choice("team", desk.team_a.pk, "A"), months=4).months}
    assert list(months) == ["2026-03", "2026-04", "2026-05", "2026-06"]
    # March [01-01, 04-01): Cole only, no touch, no rating.
    assert (months["2026-03"].served, months["2026-03"].transactional, months["2026-03"].csat) == (1, 1, None)
    # April [01-31, 05-01): Cole (updated 02-01) and Cyra (updated 04-01), Cyra's good rating.
    assert (months["2026-04"].served, months["2026-04"].transactional_share) == (2, 1.0)
    assert (months["2026-04"].rated, months["2026-04"].csat) == (1, 1.0)
    # May [03-03, 06-01): Cato (his call on 05-20) and Cyra; Cato's bad and Cyra's good rating.
    may = months["2026-05"]
    assert (may.served, may.transactional, may.human_touches) == (2, 1, 1)
    assert (may.transactional_share, may.touches_per_customer, may.csat) == (0.5, 0.5, 0.5)
    assert months["2026-06"].transactional_share == pytest.approx(2 / 3)


def test_agents_lines_inside_a_team(desk: Desk) -> None:
    agents = {line.name: line.figures for line in _report(Choice("team", desk.team_a.pk, "A")).agents}
    # Members of the team, a viewer too, even with nothing served.
    assert list(agents) == ["Bob Agent", "Dave Viewer", "Erin Agent"]
    bob = agents["Bob Agent"]
    assert (bob.served, bob.transactional_share, bob.touches_per_customer, bob.csat) == (2, 0.5, 1.0, 0.5)
    erin = agents["Erin Agent"]
    assert (erin.served, erin.transactional_share, erin.touches_per_customer, erin.csat) == (1, 1.0, 0.0, 1.0)
    assert agents["Dave Viewer"].served == 0 and agents["Dave Viewer"].transactional_share is None


def test_the_whole_desk_with_a_line_per_team(desk: Desk) -> None:
    report = _report(Choice("all", None, "Whole desk"))
    head = report.headline
    assert (head.served, head.transactional, head.human_touches, head.rated, head.positive) == (5, 3, 5, 4, 3)
    assert (head.transactional_share, head.touches_per_customer, head.csat) == (0.6, 1.0, 0.75)
    teams = {line.name: line.figures.served for line in report.teams}
    assert teams == {"Alpha desk": 3, "Beta desk": 2}
    assert [line.name for line in report.agents] == [
        "Alice Admin",
        "Bob Agent",
        "Charlie Agent",
        "Dave Viewer",
        "Erin Agent",
    ]


def test_an_agents_own_report(desk: Desk) -> None:
    report = _report(Choice("agent", desk.charlie.pk, "Charlie Agent"))
    assert (report.headline.served, report.headline.transactional) == (2, 1)
    assert report.teams == [] and report.agents == []


def test_a_team_with_no_tickets_has_no_shares(desk: Desk) -> None:
    from meetfirst.store.models import Team

    empty = Team.objects.create(name="Gamma desk")
    report = _report(Choice("team", empty.pk, "Gamma desk"))
    assert report.headline.served == 0
    assert report.headline.transactional_share is None
    assert report.headline.csat is None
    assert all(line.customers == 0 for line in report.depth)
    assert len(report.months) == 12 and all(m.figures.served == 0 for m in report.months)


def test_a_customer_served_by_two_tickets_counts_once(desk: Desk) -> None:
    carla = desk.customers["Carla"]
    make_ticket(carla, desk.team_a, desk.bob, opened=at("2026-06-05"))
    assert _report(Choice("team", desk.team_a.pk, "A")).headline.served == 3


def test_a_new_ticket_shows_at_once_despite_the_cache(desk: Desk) -> None:
    choice = Choice("team", desk.team_a.pk, "A")
    assert _report(choice).headline.served == 3
    newcomer = make_customer("Cleo", desk.team_a)
    make_ticket(newcomer, desk.team_a, desk.bob, opened=at("2026-06-14"))
    touch(newcomer, "call", at("2026-06-14"))
    head = _report(choice).headline
    assert (head.served, head.transactional, head.human_touches) == (4, 2, 3)


def test_the_same_day_and_data_give_the_cached_report(desk: Desk) -> None:
    choice = Choice("team", desk.team_a.pk, "A")
    first = _report(choice)
    # A change that keeps every id (an edited ticket) waits for the cache to expire, or for a new day.
    Ticket.objects.filter(person=desk.customers["Carla"]).update(opened_at=at("2025-01-01"), updated_at=None)
    assert _report(choice).headline.served == first.headline.served == 3
    assert team_report.build_report(choice, today=date(2026, 6, 16)).headline.served == 2


def _report_sql(queries: CaptureQueriesContext) -> list[str]:
    """The statements that count tickets or interactions (the marker's MAX of ids excepted)."""
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


def test_a_report_made_by_one_process_is_read_by_another(desk: Desk) -> None:
    choice = Choice("all", None, "Whole desk")
    made = _report(choice)
    cache.clear()  # another process: its own cache is empty, the store is shared
    with CaptureQueriesContext(connection) as queries:
        read = _report(choice)
    assert read == made
    assert _report_sql(queries) == []
    # The marker (newest ids) and the saved report, nothing else.
    assert len(queries.captured_queries) == 3
    assert SavedTeamReport.objects.filter(scope="all").count() == 1


def test_a_new_ticket_gives_a_fresh_report_in_every_process(desk: Desk) -> None:
    choice = Choice("team", desk.team_a.pk, "A")
    assert _report(choice).headline.served == 3
    make_ticket(make_customer("Cleo", desk.team_a), desk.team_a, desk.bob, opened=at("2026-06-14"))
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert _report(choice).headline.served == 4
    assert _report_sql(queries)
    assert SavedTeamReport.objects.filter(scope=choice.value).count() == 2


def test_a_saved_report_older_than_the_cache_is_computed_again(desk: Desk) -> None:
    choice = Choice("team", desk.team_a.pk, "A")
    _report(choice)
    Ticket.objects.filter(person=desk.customers["Carla"]).update(opened_at=at("2025-01-01"), updated_at=None)
    SavedTeamReport.objects.update(made_at=at("2026-01-01"))
    cache.clear()
    assert _report(choice).headline.served == 2


def test_a_report_read_from_the_store_is_kept_here_no_longer_than_there(desk: Desk, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    choice = Choice("team", desk.team_a.pk, "A")
    _report(choice)
    # Another process made it nearly ten minutes ago: five seconds are left.
    SavedTeamReport.objects.update(made_at=timezone.now() - timedelta(seconds=team_report.CACHE_SECONDS - 5))
    cache.clear()
    assert _report(choice).headline.served == 3
    Ticket.objects.filter(person=desk.customers["Carla"]).update(opened_at=at("2025-01-01"), updated_at=None)
    SavedTeamReport.objects.update(made_at=at("2026-01-01"))
    later = time.time() + 10
    monkeypatch.setattr("django.core.cache.backends.locmem.time", SimpleNamespace(time=lambda: later))
    assert _report(choice).headline.served == 2


def test_bob_sees_only_his_line_of_a_report_the_admin_made(desk: Desk) -> None:
    team_a = Choice("team", desk.team_a.pk, "Alpha desk")
    assert len(team_report.report_for(desk.alice, team_a, today=TODAY).agents) == 3
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        report = team_report.report_for(desk.bob, team_a, today=TODAY)
    assert _report_sql(queries) == []
    assert [line.name for line in report.agents] == ["Bob Agent"]
    assert report.teams == []


def test_bob_sees_his_team_and_his_own_line(desk: Desk) -> None:
    choices = team_report.choices(desk.bob)
    assert [(c.kind, c.name) for c in choices] == [("team", "Alpha desk"), ("agent", "Bob Agent")]
    report = team_report.report_for(desk.bob, choices[0], today=TODAY)
    assert [line.name for line in report.agents] == ["Bob Agent"]


def test_charlie_cannot_open_team_a_or_bobs_line(desk: Desk) -> None:
    with pytest.raises(NotFound):
        team_report.choice_for(desk.charlie, kind="team", id=desk.team_a.pk)
    with pytest.raises(NotFound):
        team_report.choice_for(desk.charlie, kind="agent", id=desk.bob.pk)
    with pytest.raises(NotFound):
        team_report.choice_for(desk.charlie, kind="all", id=None)
    assert team_report.choice_for(desk.charlie, kind="team", id=desk.team_b.pk).name == "Beta desk"


def test_a_viewer_sees_their_teams_report(desk: Desk) -> None:
    assert team_report.default_choice(desk.dave) == Choice("team", desk.team_a.pk, "Alpha desk")


def test_the_admin_sees_the_whole_desk_every_team_and_every_agent(desk: Desk) -> None:
    choices = team_report.choices(desk.alice)
    assert choices[0] == Choice("all", None, "Whole desk")
    assert [c.name for c in choices if c.kind == "team"] == ["Alpha desk", "Beta desk"]
    assert len([c for c in choices if c.kind == "agent"]) == 5
    report = team_report.report_for(desk.alice, choices[1], today=TODAY)
    assert len(report.agents) == 3


def test_the_cli_finds_scopes_by_name(desk: Desk) -> None:
    assert team_report.scope_by_names(team="alpha DESK", agent=None).id == desk.team_a.pk
    assert team_report.scope_by_names(team=None, agent="erin").name == "Erin Agent"
    assert team_report.scope_by_names(team=None, agent=None).kind == "all"
    with pytest.raises(NotFound):
        team_report.scope_by_names(team="Omega", agent=None)
    with pytest.raises(NotFound):
        team_report.scope_by_names(team=None, agent="nobody")
    with pytest.raises(BadInput):
        team_report.scope_by_names(team="Alpha desk", agent="bob")


@pytest.mark.parametrize("months", [0, 37])
def test_the_trend_length_is_bounded(desk: Desk, months: int) -> None:
    with pytest.raises(BadInput):
        _report(Choice("all", None, "Whole desk"), months=months)
