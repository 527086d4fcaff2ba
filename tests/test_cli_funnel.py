from __future__ import annotations

import json

import pytest

from tests.test_services_funnel import populate


@pytest.fixture
def utc_home(home):  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    return home


def test_funnel_json_is_exactly_the_documented_shape(run_cli, utc_home) -> None:  # type: ignore[no-untyped-def]
    populate()

    result = run_cli("funnel", "--json")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "requests": 5,
        "known": 1,
        "bizarre": 1,
        "strangers": 2,
        "replied": 2,
        "answered": 1,
        "collectors": 1,
        "met": 0,
        "relationships": 0,
        "months": [
            {
                "month": "2026-01",
                "requests": 3,
                "known": 1,
                "bizarre": 1,
                "strangers": 1,
                "replied": 1,
                "answered": 1,
                "collectors": 0,
                "met": 0,
                "relationships": 0,
            },
            {
                "month": "2026-03",
                "requests": 2,
                "known": 0,
                "bizarre": 0,
                "strangers": 1,
                "replied": 1,
                "answered": 0,
                "collectors": 1,
                "met": 0,
                "relationships": 0,
            },
        ],
    }


def test_funnel_shows_counts_and_conversions_in_tables(run_cli, utc_home) -> None:  # type: ignore[no-untyped-def]
    populate()

    result = run_cli("funnel")

    assert result.exit_code == 0, result.stderr
    for text in (
        "Funnel of incoming requests",
        "Strangers",
        "40.0% of requests",
        "50.0% of replied",
        "2026-03",
    ):
        assert text in result.stdout
    assert "2026-02" not in result.stdout


def test_funnel_says_how_to_start_when_there_is_nothing(run_cli, utc_home) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("funnel")
    assert result.exit_code == 0
    assert "No incoming request yet" in result.stdout
