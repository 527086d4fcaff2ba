from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from meetfirst.core.funnel import KEYS, FunnelRow, conversions, month_of, percent, tally


def row(month: str = "2026-01", verdict: str = "stranger", **flags: bool) -> FunnelRow:
    return FunnelRow(
        month=month,
        verdict=verdict,
        replied=flags.get("replied", False),
        answered=flags.get("answered", False),
        collector=flags.get("collector", False),
        met=flags.get("met", False),
        relationship=flags.get("relationship", False),
    )


def test_it_counts_each_step_in_total_and_per_month_oldest_first() -> None:
    funnel = tally(
        [
            row("2026-03", "known"),
            row("2026-01", "stranger", replied=True, answered=True),
            row("2026-01", "stranger", replied=True, collector=True),
            row("2026-01", "bizarre"),
            row("2026-03", "stranger"),
            row("2026-03", ""),
        ]
    )

    assert funnel.total.as_dict() == {
        "requests": 6,
        "known": 1,
        "bizarre": 1,
        "strangers": 3,
        "replied": 2,
        "answered": 1,
        "collectors": 1,
        "met": 0,
        "relationships": 0,
    }
    assert [m.month for m in funnel.months] == ["2026-01", "2026-03"]
    assert funnel.months[0].counts.as_dict() == {
        "requests": 3,
        "known": 0,
        "bizarre": 1,
        "strangers": 2,
        "replied": 2,
        "answered": 1,
        "collectors": 1,
        "met": 0,
        "relationships": 0,
    }
    assert funnel.months[1].counts.requests == 3


def test_the_months_add_up_to_the_total() -> None:
    rows = [row(f"2025-{m:02d}", v, replied=m % 2 == 0) for m in range(1, 13) for v in ("known", "stranger")]
    funnel = tally(rows)
    for key in KEYS:
        assert sum(m.counts.get(key) for m in funnel.months) == funnel.total.get(key)


def test_met_and_relationships_are_counted_when_the_rows_say_so() -> None:
    funnel = tally([row(answered=True, met=True, relationship=True), row(answered=True, met=True)])
    assert (funnel.total.met, funnel.total.relationships) == (2, 1)


def test_an_empty_funnel_has_zeros_and_no_months() -> None:
    funnel = tally([])
    assert funnel.as_dict() == dict.fromkeys(KEYS, 0) | {"months": []}


def test_the_json_shape_has_the_total_keys_then_months_with_a_month_key() -> None:
    shape = tally([row("2026-02")]).as_dict()
    assert list(shape) == [*KEYS, "months"]
    assert list(shape["months"][0]) == ["month", *KEYS]


def test_percentages_are_rounded_and_undefined_over_zero() -> None:
    assert percent(1, 3) == 33.3
    assert percent(2, 2) == 100.0
    assert percent(0, 0) is None


def test_conversions_measure_each_step_against_the_one_before() -> None:
    funnel = tally(
        [row(verdict="known"), row(replied=True, answered=True), row(replied=True, collector=True), row()]
    )
    shares = {c.step: (c.base, c.percent) for c in conversions(funnel.total)}
    assert shares["known"] == ("requests", 25.0)
    assert shares["strangers"] == ("requests", 75.0)
    assert shares["replied"] == ("strangers", 66.7)
    assert shares["answered"] == ("replied", 50.0)
    assert shares["collectors"] == ("replied", 50.0)
    assert shares["met"] == ("answered", 0.0)
    assert shares["relationships"] == ("met", None)


def test_a_request_belongs_to_the_month_of_the_owners_zone() -> None:
    new_years_eve_in_new_york = datetime(2026, 1, 1, 3, 30, tzinfo=UTC)
    assert month_of(new_years_eve_in_new_york, UTC) == "2026-01"
    assert month_of(new_years_eve_in_new_york, ZoneInfo("America/New_York")) == "2025-12"
