"""tickets-csv: any ticket CSV read through a saved mapping.toml, and every mistake in a mapping named."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetfirst import importers
from meetfirst.core.errors import BadMapping, UnknownFormat
from meetfirst.core.records import Record, RowError, TicketRecord
from tests.conftest import DATA

TICKETS = DATA / "tickets"
MAPPING = TICKETS / "acme-mapping.toml"
BERLIN = ZoneInfo("Europe/Berlin")

GOOD = """\
[mapping]
system = "acme-desk"
id = "Case #"
opened_at = "Opened"
"""


def read(*paths: Path, mapping: Path = MAPPING, **options: object) -> list[Record | RowError]:
    return list(importers.read(list(paths), zone=BERLIN, mapping=mapping, **options))  # type: ignore[arg-type]


def mapped(*paths: Path, mapping: Path = MAPPING) -> dict[str, TicketRecord]:
    return {r.external_id: r for r in read(*paths, mapping=mapping) if isinstance(r, TicketRecord)}


def write_mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_mapped_csv_gives_tickets_under_the_mappings_system_with_its_date_format() -> None:
    ticket = mapped(TICKETS / "acme.csv")["A-1"]

    assert (ticket.system, ticket.external_id, ticket.source.line) == ("acme-desk", "A-1", 2)
    assert ticket.opened_at == datetime(2026, 3, 5, 10, 12, tzinfo=BERLIN)
    assert ticket.closed_at == datetime(2026, 3, 6, 9, 0, tzinfo=BERLIN)
    assert (ticket.requester_email, ticket.requester_name) == ("lea.roux@acme.example", "Léa Roux")
    assert (ticket.organization, ticket.subject, ticket.status) == ("Acme SA", "Cannot log in", "closed")
    assert ticket.agent_name == "Jo Park"


def test_a_mapped_rating_is_normalised_on_the_mappings_scale_with_its_comment() -> None:
    found = mapped(TICKETS / "acme.csv")

    rating = found["A-1"].satisfaction
    assert rating is not None
    assert (rating.raw, rating.value, rating.scale_min, rating.scale_max) == ("8", 8.0, 1.0, 10.0)
    assert rating.positive and rating.comment == "Very helpful"
    assert round(rating.score, 1) == 77.8
    assert found["A-2"].satisfaction is None


def test_mapped_rows_that_break_the_date_format_or_the_scale_are_errors_naming_the_line() -> None:
    found = [str(r) for r in read(TICKETS / "acme.csv") if isinstance(r, RowError)]

    assert found == [
        f"{TICKETS / 'acme.csv'}:4: opened: '2026-03-08' does not match the date format '%d.%m.%Y %H:%M'",
        f"{TICKETS / 'acme.csv'}:5: satisfaction: the rating '11' is outside the scale 1 to 10",
    ]


def test_with_a_mapping_every_csv_is_read_through_it_even_one_another_format_would_claim(
    tmp_path: Path,
) -> None:
    mapping = write_mapping(
        tmp_path,
        '[mapping]\nsystem = "legacy-zd"\nid = "Id"\nopened_at = "Created at"\nsubject = "Subject"\n',
    )

    found = mapped(TICKETS / "zendesk.csv", mapping=mapping)

    assert {r.system for r in found.values()} == {"legacy-zd"}
    assert found["101"].subject == "Printer on floor 3 jams"
    assert found["101"].requester_email is None  # not mapped: not read


def test_without_a_date_format_a_mapping_reads_dates_like_the_other_formats(tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path, GOOD)
    data = tmp_path / "cases.csv"
    data.write_text("Case #,Opened\nC1,03/04/2026 10:00\nC2,25/04/2026 10:00\n", encoding="utf-8")

    found = mapped(data, mapping=mapping)

    assert found["C1"].opened_at == datetime(2026, 4, 3, 10, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("scale", "raw", "positive"),
    [("zendesk", "Good", True), ("freshdesk", "-101", False), ("stars", "4", True)],
)
def test_a_mapping_may_name_a_known_rating_scale(
    tmp_path: Path, scale: str, raw: str, positive: bool
) -> None:
    mapping = write_mapping(tmp_path, GOOD + f'[satisfaction]\ncolumn = "Score"\nscale = "{scale}"\n')
    data = tmp_path / "cases.csv"
    data.write_text(f"Case #,Opened,Score\nC1,2026-04-03 10:00,{raw}\n", encoding="utf-8")

    rating = mapped(data, mapping=mapping)["C1"].satisfaction

    assert rating is not None and (rating.raw, rating.positive) == (raw, positive)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD + 'priority_level = "Prio"\n', 5, "unknown field 'priority_level' in [mapping]"),
        ('[mapping]\nsystem = "acme"\nid = "Case #"\n', None, "must name the column of 'opened_at'"),
        ('[mapping]\nsystem = "acme"\nopened_at = "Opened"\n', None, "must name the column of 'id'"),
        ('[mapping]\nid = "Case #"\nopened_at = "Opened"\n', None, "system must name the ticket system"),
        ('[mapping]\nsystem = "Acme Desk"\nid = "a"\nopened_at = "b"\n', 2, "system must name"),
        (GOOD + "subject = 3\n", 5, "[mapping] subject must be the name of a column"),
        ('[mapping]\nsystem = "acme"\nid = "Case #\n', 3, "it is not valid TOML"),
        ("[mapings]\n", 1, "unknown section [mapings]"),
        (GOOD + '[dates]\nformat = "dd.mm.yyyy"\n', 6, "format must be a strptime pattern"),
        (GOOD + '[dates]\nzone = "UTC"\n', 6, "unknown key 'zone' in [dates]"),
        (GOOD + '[satisfaction]\ncolumn = "R"\nmin = 1\n', None, "needs max (a number)"),
        (GOOD + '[satisfaction]\ncolumn = "R"\nmin = 5\nmax = 1\npositive_from = 3\n', 9, "min < max"),
        (GOOD + '[satisfaction]\ncolumn = "R"\nscale = "nps"\n', 7, "scale must be one of"),
        (GOOD + "[satisfaction]\nmin = 1\nmax = 5\npositive_from = 4\n", None, "column must name"),
    ],
)
def test_a_bad_mapping_is_refused_naming_the_file_and_the_line(
    tmp_path: Path, text: str, line: int | None, message: str
) -> None:
    mapping = write_mapping(tmp_path, text)

    with pytest.raises(BadMapping) as caught:
        read(TICKETS / "acme.csv", mapping=mapping)

    assert caught.value.file == str(mapping)
    assert caught.value.line == line
    assert message in str(caught.value)


def test_a_missing_mapping_file_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(BadMapping, match="no such file"):
        read(TICKETS / "acme.csv", mapping=tmp_path / "nowhere.toml")


def test_a_mapped_column_the_csv_lacks_is_refused_naming_the_csv_and_the_mapping(tmp_path: Path) -> None:
    mapping = write_mapping(tmp_path, GOOD + 'agent_name = "Handler"\n')

    with pytest.raises(UnknownFormat) as caught:
        read(TICKETS / "acme.csv", mapping=mapping)

    assert caught.value.file == str(TICKETS / "acme.csv")
    assert caught.value.line == 1
    assert f"read through {mapping}, but it lacks the mapped columns handler" in str(caught.value)


def test_a_csv_without_the_mapped_id_and_date_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormat, match=r"no header with case #, opened"):
        read(TICKETS / "jira.csv")


def test_a_folder_read_with_a_mapping_takes_only_the_csv_files_that_fit_it(tmp_path: Path) -> None:
    shutil.copy(TICKETS / "acme.csv", tmp_path / "acme.csv")
    shutil.copy(TICKETS / "jira.csv", tmp_path / "jira.csv")

    assert {r.system for r in read(tmp_path) if isinstance(r, TicketRecord)} == {"acme-desk"}


def test_the_tickets_csv_format_needs_a_mapping_and_a_mapping_refuses_other_formats() -> None:
    with pytest.raises(UnknownFormat, match="needs a mapping file"):
        list(importers.read([TICKETS / "acme.csv"], zone=BERLIN, format="tickets-csv"))
    with pytest.raises(UnknownFormat, match="not as jira-csv"):
        read(TICKETS / "acme.csv", format="jira-csv")
    assert mapped(TICKETS / "acme.csv") == {
        r.external_id: r
        for r in read(TICKETS / "acme.csv", format="tickets-csv")
        if isinstance(r, TicketRecord)
    }
