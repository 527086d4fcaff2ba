"""`meetfirst mirror`: the JSON's shape and figures, the tables, and clear errors for unknown names."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.core.cache import cache

from tests.conftest import FIXED_NOW
from tests.factories_mirror import Desk, service_desk

FIGURES = {
    "served",
    "transactional",
    "transactional_share",
    "human_touches",
    "human_touches_per_customer",
    "rated",
    "positive",
    "csat",
}


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def desk(db: None) -> Desk:
    return service_desk()


def test_the_json_of_the_whole_desk(run_cli, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("mirror", "--json", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"scope", "as_of", "window_days", "depth", "months", "teams", "agents"} | FIGURES
    assert data["scope"] == {"kind": "all", "id": None, "name": "Whole desk"}
    assert data["as_of"] == "2026-06-15"
    assert data["window_days"] == 90
    assert (data["served"], data["transactional"], data["transactional_share"]) == (5, 3, 0.6)
    assert (data["human_touches_per_customer"], data["csat"]) == (1.0, 0.75)
    assert [row["depth"] for row in data["depth"]] == ["tickets only", "some", "deep"]
    assert set(data["depth"][0]) == {"depth", "customers", "rated", "positive", "csat"}
    assert len(data["months"]) == 12
    assert set(data["months"][0]) == {"month"} | FIGURES
    assert data["months"][-1]["month"] == "2026-06"
    assert [t["name"] for t in data["teams"]] == ["Alpha desk", "Beta desk"]
    assert set(data["teams"][0]) == {"kind", "id", "name"} | FIGURES
    assert len(data["agents"]) == 5


def test_the_json_of_a_team_with_a_short_trend(run_cli, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("mirror", "--json", "--team", "Alpha desk", "--months", "4", now=FIXED_NOW)
    data = json.loads(result.stdout)
    assert data["scope"] == {"kind": "team", "id": desk.team_a.pk, "name": "Alpha desk"}
    assert data["transactional_share"] == 0.6667
    assert [m["month"] for m in data["months"]] == ["2026-03", "2026-04", "2026-05", "2026-06"]
    assert data["months"][2]["csat"] == 0.5
    assert data["months"][0]["csat"] is None
    assert data["teams"] == []
    assert [a["name"] for a in data["agents"]] == ["Bob Agent", "Dave Viewer", "Erin Agent"]


def test_the_json_of_an_agent(run_cli, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(run_cli("mirror", "--json", "--agent", "bob", now=FIXED_NOW).stdout)
    assert data["scope"]["name"] == "Bob Agent"
    assert (data["served"], data["transactional_share"], data["csat"]) == (2, 0.5, 0.5)


def test_the_tables_for_people(run_cli, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("mirror", "--team", "Beta desk", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "The team's mirror: Beta desk" in result.stdout
    assert "2 customers served; 50% had tickets only (1); 1.50 human touches per customer" in result.stdout
    assert "Satisfaction by depth of relationship" in result.stdout
    assert "Charlie Agent" in result.stdout


def test_an_empty_store_says_nobody_was_served(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("mirror", now=FIXED_NOW)
    assert result.exit_code == 0
    assert "No customer was served in these 90 days." in result.stdout
    data = json.loads(run_cli("mirror", "--json", now=FIXED_NOW).stdout)
    assert data["served"] == 0 and data["transactional_share"] is None and data["csat"] is None


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["--team", "Omega"], "no team named 'Omega'", 3),
        (["--agent", "zed"], "no account named 'zed'", 3),
        (["--team", "Alpha desk", "--agent", "bob"], "choose --team or --agent, not both", 2),
        (["--months", "0"], "the trend covers 1 to 36 months, not 0", 2),
    ],
)
def test_bad_options_are_one_clear_line(
    run_cli, desk: Desk, args: list[str], message: str, code: int
) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("mirror", *args, now=FIXED_NOW)
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


def test_warm_readies_every_report_for_the_web(run_cli, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    from meetfirst.store.models import SavedTeamReport

    result = run_cli("mirror", "--warm", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    # The whole desk, two teams and five staff members.
    assert "8 reports ready" in result.stdout
    scopes = set(SavedTeamReport.objects.values_list("scope", flat=True))
    assert scopes == {"all", f"team:{desk.team_a.pk}", f"team:{desk.team_b.pk}"} | {
        f"agent:{user.pk}" for user in (desk.alice, desk.bob, desk.charlie, desk.dave, desk.erin)
    }


def test_warm_takes_no_scope(run_cli, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("mirror", "--warm", "--team", "Alpha desk", now=FIXED_NOW)
    assert result.exit_code == 2
    assert "--warm readies every report" in result.stderr
