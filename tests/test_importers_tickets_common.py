"""What the ticket readers share: dates in every form exports write them, durations, counts, and bad
files that give clear errors (a 50 MB field, the wrong encoding, ragged rows) rather than a crash."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetfirst import importers
from meetfirst.core.errors import UnreadableFile
from meetfirst.core.records import RowError, TicketRecord
from meetfirst.importers.ticket_dates import DateProblem, Dates
from meetfirst.importers.tickets_common import count, minutes

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-25T22:17:00Z", datetime(2026, 2, 25, 22, 17, tzinfo=UTC)),
        ("2026-02-25 22:17:05", datetime(2026, 2, 25, 22, 17, 5, tzinfo=TOKYO)),
        ("2026-02-25", datetime(2026, 2, 25, tzinfo=TOKYO)),
        ("2026/02/25 22:17", datetime(2026, 2, 25, 22, 17, tzinfo=TOKYO)),
        (
            "2026-02-25T22:17:00.250+05:30",
            datetime(2026, 2, 25, 22, 17, 0, 250000, timezone(timedelta(hours=5.5))),
        ),
        ("2026-02-25 22:17:00 +0100", datetime(2026, 2, 25, 22, 17, tzinfo=timezone(timedelta(hours=1)))),
        ("2026-02-25 22:17:00 UTC", datetime(2026, 2, 25, 22, 17, tzinfo=UTC)),
        ("25/Feb/26 10:17 PM", datetime(2026, 2, 25, 22, 17, tzinfo=TOKYO)),
        ("25/Feb/26 12:05 AM", datetime(2026, 2, 25, 0, 5, tzinfo=TOKYO)),
        ("25-Feb-2026", datetime(2026, 2, 25, tzinfo=TOKYO)),
        ("Feb 25, 2026 10:17 PM", datetime(2026, 2, 25, 22, 17, tzinfo=TOKYO)),
        ("Wed, 25 Feb 2026 22:17:00 +0000", datetime(2026, 2, 25, 22, 17, tzinfo=UTC)),
        ("25/02/2026 22:17", datetime(2026, 2, 25, 22, 17, tzinfo=TOKYO)),
        ("02/25/2026 10:17 pm", datetime(2026, 2, 25, 22, 17, tzinfo=TOKYO)),
        ("29-02-2016 01:16", datetime(2016, 2, 29, 1, 16, tzinfo=TOKYO)),
        ("25.02.26", datetime(2026, 2, 25, tzinfo=TOKYO)),
    ],
)
def test_every_date_form_of_the_exports_is_read(text: str, expected: datetime) -> None:
    assert Dates("f.csv", TOKYO).parse(text, 2) == expected


@pytest.mark.parametrize("text", ["2026-07-01 10:00:00", "07/15/2026 10:00", "Jul 1, 2026 10:00 AM"])
@pytest.mark.parametrize("zone", [ZoneInfo("Europe/Berlin"), ZoneInfo("Etc/UTC"), TOKYO])
def test_a_zone_less_time_is_the_users_and_comes_out_in_utc(text: str, zone: ZoneInfo) -> None:
    when = Dates("f.csv", zone).parse(text, 2)
    assert when is not None and when.tzinfo is UTC
    local = when.astimezone(zone)
    assert (local.hour, local.minute) == (10, 0)
    assert local.utcoffset() == zone.utcoffset(local.replace(tzinfo=None))


def test_a_local_time_in_the_hour_a_clock_goes_back_is_read_as_its_first_passing() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    when = Dates("f.csv", berlin).parse("2026-10-25 02:30:00", 2)
    assert when == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 summer time, UTC+2


@pytest.mark.parametrize("text", ["", "  ", "?", "null", "-"])
def test_an_empty_date_cell_is_none(text: str) -> None:
    assert Dates("f.csv", TOKYO).parse(text, 2) is None


@pytest.mark.parametrize(
    "text", ["yesterday", "2026-02-30", "31/31/2026", "25/Xyz/2026", "2026-02-25 25:00", "13:00 PM"]
)
def test_text_that_is_no_date_is_a_date_problem(text: str) -> None:
    with pytest.raises(DateProblem):
        Dates("f.csv", TOKYO).parse(text, 2)


def test_the_first_telling_date_settles_the_day_order_for_the_rest_of_the_file() -> None:
    dates = Dates("f.csv", UTC)

    assert dates.parse("13/04/2026", 2) == datetime(2026, 4, 13, tzinfo=UTC)
    assert dates.parse("03/04/2026", 3) == datetime(2026, 4, 3, tzinfo=UTC)
    with pytest.raises(DateProblem, match=r"contradicts the file's day-first dates \(as read from line 2\)"):
        dates.parse("04/13/2026", 4)


def test_an_ambiguous_date_first_looks_further_down_the_file() -> None:
    later = [(2, "05/06/2026"), (3, "not a date"), (4, "06/30/2026")]
    dates = Dates("f.csv", UTC, rescan=lambda: iter(later))

    assert dates.parse("05/06/2026", 2) == datetime(2026, 5, 6, tzinfo=UTC)  # month-first, as line 4 says


def test_a_file_of_only_ambiguous_dates_is_refused_at_the_first_one() -> None:
    dates = Dates("f.csv", UTC, rescan=lambda: iter([(2, "05/06/2026"), (3, "07/08/2026")]))

    with pytest.raises(UnreadableFile) as caught:
        dates.parse("05/06/2026", 2)

    assert (caught.value.file, caught.value.line) == ("f.csv", 2)
    assert "could be day-first or month-first" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [("18", 1.0, 18.0), ("95.5", 1.0, 95.5), ("1,5", 60.0, 90.0), ("01:15:00", 60.0, 75.0), ("", 1.0, None)],
)
def test_durations_are_minutes(text: str, unit: float, expected: float | None) -> None:
    assert minutes(text, unit=unit) == expected


@pytest.mark.parametrize("text", ["soon", "-5", "1:2:3:4"])
def test_bad_durations_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        minutes(text)


def test_counts_are_whole_and_not_negative() -> None:
    assert (count("3"), count(""), count("?"), count("2.0")) == (3, 0, 0, 2)
    for bad in ("-1", "1.5", "x"):
        with pytest.raises(ValueError):
            count(bad)


MOMENTS = st.datetimes(min_value=datetime(1970, 1, 1), max_value=datetime(2068, 12, 31)).map(
    lambda when: when.replace(microsecond=0)
)


@given(
    MOMENTS,
    st.sampled_from(
        ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%SZ", "%d/%b/%y %I:%M:%S %p", "%b %d, %Y %H:%M:%S"]
    ),
)
def test_any_moment_written_in_an_export_form_reads_back_the_same(when: datetime, pattern: str) -> None:
    text = when.strftime(pattern.replace("%b", when.strftime("%b")))
    zone = UTC if pattern.endswith("Z") else TOKYO

    assert Dates("f.csv", TOKYO).parse(text, 2) == when.replace(tzinfo=zone)


@given(MOMENTS, st.booleans())
def test_a_numeric_date_reads_back_once_the_day_order_is_known(when: datetime, day_first: bool) -> None:
    text = when.strftime("%d/%m/%Y %H:%M:%S" if day_first else "%m/%d/%Y %H:%M:%S")

    assert Dates("f.csv", UTC, day_first=day_first).parse(text, 2) == when.replace(tzinfo=UTC)


@given(st.text(max_size=40))
def test_no_text_breaks_the_date_reader_with_anything_but_a_date_problem(text: str) -> None:
    with contextlib.suppress(DateProblem):
        Dates("f.csv", UTC, day_first=True).parse(text, 2)


ZENDESK_HEADER = "Id,Requester,Requester email,Created at,Subject,Satisfaction Score\n"


def read(path: Path) -> list[TicketRecord | RowError]:
    return [r for r in importers.read([path], zone=UTC) if isinstance(r, TicketRecord | RowError)]


def test_a_fifty_megabyte_field_is_a_clear_error_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(ZENDESK_HEADER)
        out.write("1,Ann,ann@example.com,2026-01-01 10:00,fine,Good\n")
        out.write('2,Bo,bo@example.com,2026-01-01 10:00,"' + "x" * (50 << 20) + '",Good\n')

    with pytest.raises(UnreadableFile) as caught:
        read(path)

    assert caught.value.line == 3
    assert "longer than" in str(caught.value)


def test_a_file_in_the_wrong_encoding_is_a_clear_error_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    text = (
        ZENDESK_HEADER
        + "1,Ann,ann@example.com,2026-01-01 10:00,ok,Good\n2,Zoë,zoe@example.com,2026-01-01,é,Bad\n"
    )
    path.write_bytes(text.encode("latin-1"))

    with pytest.raises(UnreadableFile) as caught:
        read(path)

    assert caught.value.line == 3
    assert "not valid UTF-8" in str(caught.value)


def test_every_optional_cell_is_read_and_a_bad_date_or_number_names_its_column(tmp_path: Path) -> None:
    path = tmp_path / "zendesk.csv"
    path.write_text(
        "Id,Requester,Requester email,Organization,Created at,Updated at,Solved at,Subject,Status,"
        "Assignee,Group,Reopens,First reply time in minutes\n"
        "1, Ann  Lee ,ANN@Example.com,Acme,2026-01-01 10:00,2026-01-02 10:00,,Printer, open,Bo,Desk,2,35\n"
        "2,Bo,bo@example.com,,2026-01-01 10:00,2026-01-02 10:00,someday,VPN,open,,,0,\n"
        "3,Cy,cy@example.com,,2026-01-01 10:00,,,VPN,open,,,two,\n"
        "4,Di,-,?,2026-01-01 10:00,,,,,,,,1:30\n",
        encoding="utf-8",
    )

    records = read(path)

    tickets = {r.external_id: r for r in records if isinstance(r, TicketRecord)}
    assert list(tickets) == ["1", "4"]
    ann = tickets["1"]
    assert (ann.requester_name, ann.requester_email) == ("Ann Lee", "ann@example.com")
    assert ann.organization == "Acme"
    assert (ann.subject, ann.status, ann.agent_name, ann.group) == ("Printer", "open", "Bo", "Desk")
    assert (ann.updated_at, ann.resolved_at) == (datetime(2026, 1, 2, 10, tzinfo=UTC), None)
    assert (ann.reopens, ann.first_reply_minutes) == (2, 35)
    di = tickets["4"]
    assert (di.requester_email, di.organization, di.subject, di.reopens) == (None, "", "", 0)
    assert di.first_reply_minutes == 90
    assert [str(r) for r in records if isinstance(r, RowError)] == [
        f"{path}:3: solved at: 'someday' is not a date meetfirst can read",
        f"{path}:4: reopens: 'two' is not a number",
    ]


def test_ragged_rows_are_row_errors_and_the_others_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        ZENDESK_HEADER
        + "1,Ann,ann@example.com,2026-01-01 10:00,ok,Good\n"
        + "2,Bo,bo@example.com\n"
        + "3,Cy,cy@example.com,2026-01-02 10:00,ok,Bad,extra\n"
        + "4,Di,di@example.com,2026-01-03 10:00,ok,,,\n"
        + ",Ed,ed@example.com,2026-01-03 10:00,no id,\n",
        encoding="utf-8",
    )

    records = read(path)

    assert [r.external_id for r in records if isinstance(r, TicketRecord)] == ["1", "4"]
    assert [str(r) for r in records if isinstance(r, RowError)] == [
        f"{path}:3: this row has 3 fields where the header has 6",
        f"{path}:4: this row has 7 fields where the header has 6",
        f"{path}:6: the ticket id (id) is empty",
    ]


def test_a_utf16_ticket_export_with_tabs_is_read(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(
        ("Id\tRequester\tRequester email\tCreated at\n7\tJosé\tjose@example.com\t2026-01-05\n").encode(
            "utf-16"
        )
    )

    (ticket,) = read(path)

    assert isinstance(ticket, TicketRecord)
    assert (ticket.external_id, ticket.requester_name, ticket.system) == ("7", "José", "zendesk")


def test_a_cell_seen_again_reads_as_it_did_the_first_time_padded_or_not(tmp_path: Path) -> None:
    path = tmp_path / "repeats.csv"
    long_subject = "printer " * 20  # longer than what the reader remembers: read afresh each time
    rows = [
        f'1,"Ann  Lee",ANN@Example.com,2026-01-01 10:00,"{long_subject}",Good',
        f'2," Ann  Lee ",ann@example.com,2026-01-01 10:00 ,"{long_subject}", Good',
        '3,"Ann  Lee",N/A,2026-01-02T09:00:00+02:00,-,Good',
        '4,"Ann  Lee",ANN@Example.com,05/03/2016,,Offered',
        '5,"Ann  Lee",ANN@Example.com,,missing date,Good',
        '6,"Ann  Lee",ANN@Example.com,2026-02-30 10:00,bad date,Good',
        '7,"Ann  Lee",ANN@Example.com,25/03/2016 10:00,"Ann  Lee",Good',
    ]
    path.write_text(ZENDESK_HEADER + "\n".join(rows) + "\n", encoding="utf-8")

    records = read(path)

    tickets = {r.external_id: r for r in records if isinstance(r, TicketRecord)}
    assert list(tickets) == ["1", "2", "3", "4", "7"]
    assert {t.requester_name for t in tickets.values()} == {"Ann Lee"}
    assert [t.requester_email for t in tickets.values()] == [
        "ann@example.com",
        "ann@example.com",
        None,
        "ann@example.com",
        "ann@example.com",
    ]
    assert [t.subject for t in tickets.values()] == [long_subject.strip()] * 2 + ["", "", "Ann  Lee"]
    assert tickets["1"].opened_at == tickets["2"].opened_at == datetime(2026, 1, 1, 10, tzinfo=UTC)
    assert tickets["3"].opened_at == datetime(2026, 1, 2, 7, tzinfo=UTC)
    assert tickets["4"].opened_at == datetime(2016, 3, 5, tzinfo=UTC)  # day-first, as line 8 tells
    assert tickets["2"].satisfaction == tickets["1"].satisfaction
    assert tickets["4"].satisfaction is None
    assert [str(r) for r in records if isinstance(r, RowError)] == [
        f"{path}:6: ticket 5 has no opening date (created at)",
        f"{path}:7: created at: '2026-02-30 10:00' is not a date (day is out of range for month)",
    ]
