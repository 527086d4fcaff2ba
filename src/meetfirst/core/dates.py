"""Parsers for the date and time formats of a LinkedIn export, one small function per format.

Each file of an export has its own format (see docs: the formats page, section 6), so nothing here
guesses. Month names are mapped by hand, because `%b` in strptime follows the process locale. Every
function raises ValueError on text it does not recognise. The hot ones (messages, invitations) avoid
strptime, which is slow enough to show up on a million-row file.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_WEEKDAYS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})
# Spaces LinkedIn or a spreadsheet may put in a time: narrow no-break (U+202F) and no-break (U+00A0).
_ODD_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def _number(text: str, low: int, high: int, *, digits: tuple[int, ...] = (1, 2)) -> int:
    """An ASCII decimal of one of the given lengths, within [low, high]."""
    if len(text) not in digits or not (text.isascii() and text.isdigit()):
        raise ValueError(f"not a number: {text!r}")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"out of range: {text!r}")
    return value


def _month(text: str) -> int:
    try:
        return _MONTHS[text.lower()]
    except KeyError:
        raise ValueError(f"not a month name: {text!r}") from None


def _year(text: str) -> int:
    """A two- or four-digit year; two digits follow strptime's `%y` (69-99 -> 1900s, else 2000s)."""
    value = _number(text, 0, 9999, digits=(2, 4))
    if len(text) == 2:
        value += 1900 if value >= 69 else 2000
    return value


def _clock(text: str) -> tuple[int, int, int]:
    """`h:mm AM`, `hh:mm PM` or `h:mm:ss AM` as (hour, minute, second) on a 24-hour clock."""
    text = text.strip()
    meridiem = text[-2:].upper()
    if meridiem not in ("AM", "PM"):
        raise ValueError(f"no AM or PM in {text!r}")
    pieces = text[:-2].strip().split(":")
    if len(pieces) not in (2, 3):
        raise ValueError(f"not a time: {text!r}")
    hour = _number(pieces[0], 1, 12)
    minute = _number(pieces[1], 0, 59, digits=(2,))
    second = _number(pieces[2], 0, 59, digits=(2,)) if len(pieces) == 3 else 0
    hour = hour % 12 + (12 if meridiem == "PM" else 0)
    return hour, minute, second


def _us_day(text: str) -> tuple[int, int, int]:
    """`M/D/YY` (or `MM/DD/YYYY`) as (year, month, day), not yet checked as a calendar date."""
    pieces = text.strip().split("/")
    if len(pieces) != 3:
        raise ValueError(f"not a M/D/YY date: {text!r}")
    return _year(pieces[2]), _number(pieces[0], 1, 12), _number(pieces[1], 1, 31)


def parse_us_datetime(text: str) -> datetime:
    """`M/D/YY, h:mm AM` as a naive datetime: Invitations' Sent At, Email Addresses, 2018 dates.

    Zero padding is optional (Recommendations pad, Invitations don't), and a U+202F or U+00A0 before
    AM/PM is read as a space. There is no time zone in the text: the caller attaches the owner's.
    """
    day_part, comma, time_part = text.translate(_ODD_SPACES).partition(",")
    if not comma:
        raise ValueError(f"not a 'M/D/YY, h:mm AM' time: {text!r}")
    year, month, day = _us_day(day_part)
    hour, minute, second = _clock(time_part)
    return datetime(year, month, day, hour, minute, second)


def parse_day_month_year(text: str) -> date:
    """`05 Jan 2024` (Connections' Connected On since 2019), whatever the process locale."""
    pieces = text.split()
    if len(pieces) != 3:
        raise ValueError(f"not a 'DD Mon YYYY' date: {text!r}")
    day, month, year = pieces
    return date(_number(year, 1, 9999, digits=(4,)), _month(month), _number(day, 1, 31))


def parse_excel_date(text: str) -> date:
    """`4-Apr-21` or `04-Apr-2021`: how Excel writes a date back when a user re-saves Connections.csv."""
    pieces = text.strip().split("-")
    if len(pieces) != 3:
        raise ValueError(f"not a 'D-Mon-YY' date: {text!r}")
    day, month, year = pieces
    return date(_year(year), _month(month), _number(day, 1, 31))


def parse_connected_on(text: str) -> date:
    """Connections' Connected On in any era: `05 Jan 2024`, Excel's `4-Apr-21`, 2018's `M/D/YY, h:mm AM`."""
    text = text.strip()
    if "/" in text:
        if "," in text:
            return parse_us_datetime(text).date()
        year, month, day = _us_day(text)  # a spreadsheet may drop the time
        return date(year, month, day)
    if "-" in text:
        return parse_excel_date(text)
    return parse_day_month_year(text)


def parse_utc_timestamp(text: str) -> datetime:
    """`2024-01-05 14:03:59 UTC` (messages DATE) as an aware UTC datetime."""
    # This runs once per message, so the checks are cheap ones: the shape here, the digits and ranges
    # in fromisoformat (C code). With an explicit +00:00 it returns datetime.UTC itself, several times
    # quicker than .replace(tzinfo=UTC).
    if len(text) != 23 or text[19:] != " UTC" or text[10] != " " or text[13] != ":" or not text.isascii():
        raise ValueError(f"not a 'YYYY-MM-DD HH:MM:SS UTC' time: {text!r}")
    return datetime.fromisoformat(text[:19] + "+00:00")


def parse_plain_timestamp(text: str) -> datetime:
    """`2024-01-05 14:03:59`, no zone (Shares, Reactions, Comments, Member_Follows): a naive datetime."""
    if (
        len(text) != 19
        or not text.isascii()
        or (text[4], text[7], text[10], text[13], text[16]) != ("-", "-", " ", ":", ":")
    ):
        raise ValueError(f"not a 'YYYY-MM-DD HH:MM:SS' time: {text!r}")
    # fromisoformat is fast C code; the shape check above keeps it from accepting other ISO forms.
    return datetime.fromisoformat(text)


def parse_slashed_utc_timestamp(text: str) -> datetime:
    """`2023/06/20 13:05:02 UTC` (Endorsements, SearchQueries, Ads Clicked) as an aware UTC datetime."""
    if len(text) != 23 or text[4] != "/" or text[7] != "/":
        raise ValueError(f"not a 'YYYY/MM/DD HH:MM:SS UTC' time: {text!r}")
    return parse_utc_timestamp(f"{text[:4]}-{text[5:7]}-{text[8:]}")


def parse_java_timestamp(text: str) -> datetime:
    """`Mon Apr 06 16:33:17 UTC 2026` (Java's Date.toString: Company Follows, Logins), aware UTC."""
    pieces = text.split()
    if len(pieces) != 6 or pieces[4] != "UTC" or pieces[0].lower() not in _WEEKDAYS:
        raise ValueError(f"not a 'Mon Apr 06 16:33:17 UTC 2026' time: {text!r}")
    _, month, day, clock, _, year = pieces
    hms = clock.split(":")
    if len(hms) != 3:
        raise ValueError(f"not a time: {clock!r}")
    return datetime(
        _number(year, 1, 9999, digits=(4,)),
        _month(month),
        _number(day, 1, 31),
        _number(hms[0], 0, 23, digits=(2,)),
        _number(hms[1], 0, 59, digits=(2,)),
        _number(hms[2], 0, 59, digits=(2,)),
        tzinfo=UTC,
    )


def parse_month_year(text: str) -> date:
    """`Jan 2024` or a bare `2019` (Positions, Education) as the first day of that month or year."""
    pieces = text.split()
    if len(pieces) == 1:
        return date(_number(pieces[0], 1, 9999, digits=(4,)), 1, 1)
    if len(pieces) == 2:
        return date(_number(pieces[1], 1, 9999, digits=(4,)), _month(pieces[0]), 1)
    raise ValueError(f"not a 'Mon YYYY' date: {text!r}")


def parse_month_day(text: str) -> tuple[int, int]:
    """Profile's Birth Date, `Aug 17` (no year), as (month, day)."""
    pieces = text.split()
    if len(pieces) != 2:
        raise ValueError(f"not a 'Mon DD' date: {text!r}")
    month, day = _month(pieces[0]), _number(pieces[1], 1, 31)
    date(2000, month, day)  # a leap year, so that Feb 29 passes and Feb 30 does not
    return month, day
