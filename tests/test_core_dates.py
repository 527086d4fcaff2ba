from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetfirst.core import dates

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def linkedin_us_style(moment: datetime, *, padded: bool = False, space: str = " ") -> str:
    """A time written the way Invitations.csv writes Sent At (unpadded) or Recommendations do (padded)."""
    hour = moment.hour % 12 or 12
    meridiem = "AM" if moment.hour < 12 else "PM"
    if padded:
        return f"{moment:%m/%d/%y}, {hour:02d}:{moment:%M}{space}{meridiem}"
    return f"{moment.month}/{moment.day}/{moment:%y}, {hour}:{moment:%M}{space}{meridiem}"


def test_it_reads_an_invitation_sent_at_without_zero_padding() -> None:
    assert dates.parse_us_datetime("10/2/23, 11:05 AM") == datetime(2023, 10, 2, 11, 5)


def test_it_reads_noon_and_midnight_on_the_12_hour_clock() -> None:
    assert dates.parse_us_datetime("1/1/24, 12:00 PM") == datetime(2024, 1, 1, 12, 0)
    assert dates.parse_us_datetime("1/1/24, 12:30 AM") == datetime(2024, 1, 1, 0, 30)


def test_it_reads_a_zero_padded_recommendation_date() -> None:
    assert dates.parse_us_datetime("04/15/24, 09:25 PM") == datetime(2024, 4, 15, 21, 25)


@pytest.mark.parametrize("space", ["\u202f", "\u00a0", "", "  "])
def test_it_tolerates_odd_or_missing_spaces_before_am_pm(space: str) -> None:
    assert dates.parse_us_datetime(f"10/2/23, 11:05{space}PM") == datetime(2023, 10, 2, 23, 5)


def test_it_reads_two_digit_years_as_strptime_does() -> None:
    assert dates.parse_us_datetime("2/11/09, 6:30 PM").year == 2009
    assert dates.parse_us_datetime("2/11/99, 6:30 PM").year == 1999


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday, 2:21 PM",
        "10/2/23 11:05 AM",
        "10/2/23, 11:05",
        "13/2/23, 11:05 AM",
        "2/30/23, 11:05 AM",
        "10/2/23, 13:05 PM",
        "10/2/23, 0:05 AM",
        "10/2/23, 11:5 AM",
        "１0/2/23, 11:05 AM",
        "10/2/2023x, 11:05 AM",
    ],
)
def test_it_refuses_junk_where_a_us_time_should_be(text: str) -> None:
    with pytest.raises(ValueError):
        dates.parse_us_datetime(text)


@given(st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2068, 12, 31)), st.booleans())
def test_a_us_time_round_trips_to_the_minute(moment: datetime, padded: bool) -> None:
    expected = moment.replace(second=0, microsecond=0)
    assert dates.parse_us_datetime(linkedin_us_style(moment, padded=padded)) == expected


def test_it_reads_month_names_by_its_own_map_in_any_case() -> None:
    # strptime's %b follows the process locale; this map does not.
    assert dates.parse_day_month_year("05 MAR 2024") == date(2024, 3, 5)
    assert dates.parse_day_month_year("5 sept 2023") == date(2023, 9, 5)
    assert dates.parse_day_month_year("5 October 2023") == date(2023, 10, 5)


@given(st.dates(min_value=date(1000, 1, 1)))
def test_a_day_month_year_date_round_trips(day: date) -> None:
    assert dates.parse_day_month_year(f"{day.day:02d} {MONTHS[day.month - 1]} {day.year}") == day


@pytest.mark.parametrize(
    "text", ["", "05 Foo 2024", "32 Jan 2024", "05 Jan 24", "Jan 05 2024", "05 Jan 2024 x"]
)
def test_it_refuses_junk_where_a_day_month_year_should_be(text: str) -> None:
    with pytest.raises(ValueError):
        dates.parse_day_month_year(text)


def test_it_reads_the_dates_excel_writes_back() -> None:
    assert dates.parse_excel_date("4-Apr-21") == date(2021, 4, 4)
    assert dates.parse_excel_date("04-Apr-2021") == date(2021, 4, 4)
    with pytest.raises(ValueError):
        dates.parse_excel_date("4-Apx-21")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05 Jan 2024", date(2024, 1, 5)),
        ("4-Apr-21", date(2021, 4, 4)),
        ("6/12/17, 9:14 AM", date(2017, 6, 12)),
        ("6/12/2017", date(2017, 6, 12)),
        (" 28 May 2023 ", date(2023, 5, 28)),
    ],
)
def test_it_reads_connected_on_from_every_era(text: str, expected: date) -> None:
    assert dates.parse_connected_on(text) == expected


def test_it_reads_a_message_date_as_utc() -> None:
    moment = dates.parse_utc_timestamp("2024-01-05 14:03:59 UTC")
    assert moment == datetime(2024, 1, 5, 14, 3, 59, tzinfo=UTC)
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "2024-01-05 14:03:59",
        "2024-01-05T14:03:59 UTC",
        "2024-01-05 14:03:59 GMT",
        "2024-13-05 14:03:59 UTC",
        "2024-01-05 14:03:5x UTC",
        "２024-01-05 14:03:59 UTC",
        "",
    ],
)
def test_it_refuses_junk_where_a_message_date_should_be(text: str) -> None:
    with pytest.raises(ValueError):
        dates.parse_utc_timestamp(text)


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)))
def test_a_message_date_round_trips_to_the_second(moment: datetime) -> None:
    moment = moment.replace(microsecond=0)
    text = f"{moment:%Y-%m-%d %H:%M:%S} UTC"
    assert dates.parse_utc_timestamp(text) == moment.replace(tzinfo=UTC)


def test_it_reads_the_other_export_timestamps() -> None:
    assert dates.parse_plain_timestamp("2021-05-02 08:11:40") == datetime(2021, 5, 2, 8, 11, 40)
    assert dates.parse_slashed_utc_timestamp("2023/06/20 13:05:02 UTC") == datetime(
        2023, 6, 20, 13, 5, 2, tzinfo=UTC
    )
    assert dates.parse_java_timestamp("Mon Apr 06 16:33:17 UTC 2026") == datetime(
        2026, 4, 6, 16, 33, 17, tzinfo=UTC
    )
    assert dates.parse_month_year("Jan 2024") == date(2024, 1, 1)
    assert dates.parse_month_year("2019") == date(2019, 1, 1)
    assert dates.parse_month_day("Aug 17") == (8, 17)
    assert dates.parse_month_day("Feb 29") == (2, 29)


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (dates.parse_plain_timestamp, "2021-05-02T08:11:40"),
        (dates.parse_slashed_utc_timestamp, "2023-06-20 13:05:02 UTC"),
        (dates.parse_java_timestamp, "Mon Apr 06 16:33:17 CET 2026"),
        (dates.parse_java_timestamp, "Apr 06 16:33:17 UTC 2026"),
        (dates.parse_month_year, "Foo 2024"),
        (dates.parse_month_year, "Jan 2024 x"),
        (dates.parse_month_day, "Feb 30"),
        (dates.parse_month_day, "Aug"),
    ],
)
def test_the_other_parsers_refuse_junk(parse: object, text: str) -> None:
    with pytest.raises(ValueError):
        parse(text)  # type: ignore[operator]
