"""The mirror's arithmetic: shares, depths, windows, and nothing divided by zero."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from meetfirst.core.team_report import (
    DEEP,
    DEPTHS,
    SOME,
    TICKETS_ONLY,
    DepthCount,
    DepthLine,
    Figures,
    Line,
    TeamReport,
    WindowCounts,
    current_window,
    day_end,
    depth_of,
    depth_table,
    figures,
    from_record,
    is_named,
    month_windows,
    percent,
    share,
    to_record,
    trend,
)


def test_a_share_is_part_over_whole() -> None:
    assert share(3, 4) == 0.75
    assert share(0, 5) == 0.0
    assert share(5, 5) == 1.0


def test_a_share_of_nothing_is_none_not_a_division_by_zero() -> None:
    assert share(0, 0) is None
    assert share(3, 0) is None


def test_percent_is_rounded_and_shows_a_dash_for_no_share() -> None:
    assert percent(0.4249) == "42%"
    assert percent(2 / 3) == "67%"
    assert percent(1.0) == "100%"
    assert percent(None) == "–"


def test_figures_of_a_window_are_computed_from_its_counts() -> None:
    # 8 customers served, 6 with tickets only, 5 human touches among the other two; 4 ratings, 3 good.
    result = figures(WindowCounts(served=8, transactional=6, human_touches=5, rated=4, positive=3))
    assert result.transactional_share == 0.75
    assert result.touches_per_customer == 0.625
    assert result.csat == 0.75
    assert (result.served, result.transactional, result.human_touches, result.rated, result.positive) == (
        8,
        6,
        5,
        4,
        3,
    )


def test_an_empty_team_has_no_shares_and_zero_counts() -> None:
    result = figures(WindowCounts())
    assert result == Figures(0, 0, None, 0, None, 0, 0, None)
    assert result.as_dict() == {
        "served": 0,
        "transactional": 0,
        "transactional_share": None,
        "human_touches": 0,
        "human_touches_per_customer": None,
        "rated": 0,
        "positive": 0,
        "csat": None,
    }


def test_customers_without_ratings_have_a_transactional_share_but_no_csat() -> None:
    result = figures(WindowCounts(served=3, transactional=1, human_touches=7))
    assert result.transactional_share == pytest.approx(1 / 3)
    assert result.touches_per_customer == pytest.approx(7 / 3)
    assert result.csat is None


def test_the_json_of_figures_rounds_shares_to_four_places() -> None:
    data = figures(WindowCounts(served=3, transactional=2, human_touches=1, rated=3, positive=1)).as_dict()
    assert data["transactional_share"] == 0.6667
    assert data["human_touches_per_customer"] == 0.3333
    assert data["csat"] == 0.3333


@pytest.mark.parametrize(
    "counts",
    [
        WindowCounts(served=2, transactional=3),
        WindowCounts(served=1, rated=1, positive=2),
        WindowCounts(served=-1),
        WindowCounts(served=1, human_touches=-2),
    ],
)
def test_impossible_counts_are_refused(counts: WindowCounts) -> None:
    with pytest.raises(ValueError, match=r"counts|customers|ratings"):
        figures(counts)


@pytest.mark.parametrize(
    ("touches", "named", "depth"),
    [
        (0, False, TICKETS_ONLY),
        (1, False, SOME),
        (2, False, SOME),
        (3, False, DEEP),
        (7, False, DEEP),
        (0, True, DEEP),
        (1, True, DEEP),
    ],
)
def test_depth_comes_from_human_touches_in_a_year_or_a_named_relationship(
    touches: int, named: bool, depth: str
) -> None:
    assert depth_of(touches, named=named) == depth


def test_a_negative_count_of_touches_has_no_depth() -> None:
    with pytest.raises(ValueError):
        depth_of(-1, named=False)


@pytest.mark.parametrize(
    ("kind", "named"),
    [("", False), ("customer", False), (" Customer ", False), ("friend", True), ("chess club", True)],
)
def test_a_relationship_is_named_unless_it_is_none_or_just_customer(kind: str, named: bool) -> None:
    assert is_named(kind) is named


def test_the_depth_table_adds_groups_into_buckets_with_their_csat() -> None:
    rows = [
        DepthCount(touches=0, named=False, customers=5, rated=4, positive=1),
        DepthCount(touches=1, named=False, customers=2, rated=1, positive=1),
        DepthCount(touches=2, named=False, customers=1, rated=0, positive=0),
        DepthCount(touches=3, named=False, customers=2, rated=2, positive=2),
        DepthCount(touches=0, named=True, customers=1, rated=2, positive=1),
    ]
    assert depth_table(rows) == [
        DepthLine(TICKETS_ONLY, 5, 4, 1, 0.25),
        DepthLine(SOME, 3, 1, 1, 1.0),
        DepthLine(DEEP, 3, 4, 3, 0.75),
    ]


def test_the_depth_table_of_nobody_keeps_every_bucket_with_no_csat() -> None:
    table = depth_table([])
    assert [line.depth for line in table] == list(DEPTHS)
    assert all(line.customers == 0 and line.csat is None for line in table)
    assert table[0].as_dict() == {
        "depth": TICKETS_ONLY,
        "customers": 0,
        "rated": 0,
        "positive": 0,
        "csat": None,
    }
    assert "no human touch" in table[0].help


def test_the_depth_table_refuses_more_good_ratings_than_ratings() -> None:
    with pytest.raises(ValueError):
        depth_table([DepthCount(touches=0, named=False, customers=1, rated=1, positive=2)])


def test_a_day_ends_at_the_next_midnight_utc() -> None:
    assert day_end(date(2026, 6, 15)) == datetime(2026, 6, 16, tzinfo=UTC)
    assert day_end(date(2026, 12, 31)) == datetime(2027, 1, 1, tzinfo=UTC)


def test_the_current_window_is_the_ninety_days_ending_with_today() -> None:
    window = current_window(date(2026, 6, 15))
    assert window.ends == datetime(2026, 6, 16, tzinfo=UTC)
    assert window.starts == datetime(2026, 3, 18, tzinfo=UTC)
    assert (window.ends - window.starts).days == 90


def test_month_windows_end_with_each_month_and_the_last_with_today() -> None:
    windows = month_windows(date(2026, 2, 10), 3)
    assert [w.label for w in windows] == ["2025-12", "2026-01", "2026-02"]
    assert windows[0].ends == datetime(2026, 1, 1, tzinfo=UTC)
    assert windows[0].starts == datetime(2025, 10, 3, tzinfo=UTC)
    assert windows[1].ends == datetime(2026, 2, 1, tzinfo=UTC)
    assert windows[2].ends == datetime(2026, 2, 11, tzinfo=UTC)
    today = current_window(date(2026, 2, 10))
    assert (windows[2].starts, windows[2].ends) == (today.starts, today.ends)


def test_twelve_month_windows_cross_the_year() -> None:
    windows = month_windows(date(2026, 6, 30), 12)
    assert windows[0].label == "2025-07"
    assert windows[-1].label == "2026-06"
    assert windows[5].label == "2025-12"
    assert windows[5].ends == datetime(2026, 1, 1, tzinfo=UTC)
    assert all((w.ends - w.starts).days == 90 for w in windows)


def test_a_trend_needs_a_month() -> None:
    with pytest.raises(ValueError):
        month_windows(date(2026, 6, 15), 0)


def test_the_trend_fills_months_without_data_with_zeros() -> None:
    windows = month_windows(date(2026, 6, 15), 2)
    months = trend(windows, {"2026-06": WindowCounts(served=4, transactional=1, human_touches=6)})
    assert [m.month for m in months] == ["2026-05", "2026-06"]
    assert months[0].figures.served == 0 and months[0].figures.transactional_share is None
    assert months[1].figures.transactional_share == 0.25
    assert months[1].figures.touches_per_customer == 1.5
    assert months[1].as_dict()["month"] == "2026-06"


def test_a_reports_json_has_its_scope_headline_depths_months_and_lines() -> None:
    headline = figures(WindowCounts(served=2, transactional=1, human_touches=1, rated=1, positive=1))
    windows = month_windows(date(2026, 6, 15), 1)
    report = TeamReport(
        scope="team",
        scope_id=7,
        name="Desk",
        as_of=date(2026, 6, 15),
        headline=headline,
        depth=depth_table([]),
        months=trend(windows, {}),
        agents=[Line("agent", 3, "Bob", headline)],
    )
    data = report.as_dict()
    assert data["scope"] == {"kind": "team", "id": 7, "name": "Desk"}
    assert data["as_of"] == "2026-06-15"
    assert data["window_days"] == 90
    assert data["transactional_share"] == 0.5
    assert [d["depth"] for d in data["depth"]] == list(DEPTHS)
    assert data["months"][0]["month"] == "2026-06"
    assert data["teams"] == []
    assert data["agents"][0]["name"] == "Bob" and data["agents"][0]["csat"] == 1.0


def test_a_report_kept_as_json_reads_back_equal_to_the_last_digit() -> None:
    thirds = figures(WindowCounts(served=3, transactional=2, human_touches=2, rated=3, positive=2))
    report = TeamReport(
        scope="team",
        scope_id=7,
        name="Alpha desk",
        as_of=date(2026, 6, 15),
        headline=thirds,
        depth=depth_table([DepthCount(0, False, 1, 1, 1), DepthCount(1, False, 2, 3, 1)]),
        months=trend(
            month_windows(date(2026, 6, 15), 2), {"2026-06": WindowCounts(served=3, transactional=2)}
        ),
        teams=[Line("team", 7, "Alpha desk", thirds)],
        agents=[Line("agent", 2, "Bob Agent", figures(WindowCounts()))],
    )
    assert from_record(json.loads(json.dumps(to_record(report)))) == report
