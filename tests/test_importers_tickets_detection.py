"""Ticket files are found by their header or content, alone, in folders and in zips, without --format;
and no LinkedIn or address-book file is ever taken for a ticket file (nor the other way round)."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetfirst import importers
from meetfirst.core.errors import UnknownFormat
from meetfirst.core.records import ContactRecord, TicketRecord
from meetfirst.importers.registry import CONTENT_FORMATS, FILE_FORMATS, TICKET_FORMATS
from meetfirst.importers.tables import Table
from tests.conftest import DATA

TICKETS = DATA / "tickets"
UTC = ZoneInfo("UTC")

# Each ticket file written for the tests, the format its header or content names, and its system.
SAMPLES = {
    "zendesk.csv": ("zendesk-csv", "zendesk"),
    "zendesk.json": ("zendesk-json", "zendesk"),
    "zendesk.jsonl": ("zendesk-json", "zendesk"),
    "freshdesk.csv": ("freshdesk-csv", "freshdesk"),
    "servicenow_events.csv": ("servicenow-csv", "servicenow"),
    "jira.csv": ("jira-csv", "jira"),
    "osticket.csv": ("osticket-csv", "osticket"),
    "helpdesk.json": ("helpdesk-json", "helpdesk"),
}


def header_format(path: Path) -> str | None:
    with Table(str(path), lambda: path.open("rb"), FILE_FORMATS, strict=False) as table:
        return table.format.name if table.format else None


def content_format(path: Path) -> str | None:
    head = path.read_bytes()[:4096]
    return next((each.name for each in CONTENT_FORMATS if each.looks_like(head)), None)


def systems(*paths: Path) -> set[str]:
    return {r.system for r in importers.read(list(paths), zone=UTC) if isinstance(r, TicketRecord)}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_ticket_file_is_recognised_without_a_format_name(name: str) -> None:
    path = TICKETS / name
    expected, system = SAMPLES[name]

    found = content_format(path) if path.suffix.startswith(".json") else header_format(path)

    assert found == expected
    assert systems(path) == {system}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_ticket_file_reads_the_same_when_its_format_is_named(name: str) -> None:
    path = TICKETS / name
    expected, _ = SAMPLES[name]

    named = list(importers.read([path], zone=UTC, format=expected))

    assert named == list(importers.read([path], zone=UTC))


def test_a_ticket_file_named_with_another_ticket_format_is_refused() -> None:
    with pytest.raises(UnknownFormat, match="it is not a zendesk-csv file"):
        list(importers.read([TICKETS / "jira.csv"], zone=UTC, format="zendesk-csv"))


def test_a_folder_and_a_zip_of_ticket_exports_give_every_system(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in SAMPLES:
        shutil.copy(TICKETS / name, folder / name)
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name in SAMPLES:
            zipped.write(TICKETS / name, f"desk/{name}")

    every = {system for _, system in SAMPLES.values()}
    assert systems(folder) == every
    assert systems(archive) == every
    zipped_names = {r.source.file for r in importers.read([archive], zone=UTC) if isinstance(r, TicketRecord)}
    assert f"{archive}!desk/jira.csv" in zipped_names


def test_a_ticket_file_beside_an_address_book_in_one_folder_keeps_both(tmp_path: Path) -> None:
    shutil.copy(TICKETS / "osticket.csv", tmp_path / "tickets.csv")
    shutil.copy(DATA / "contacts" / "apple.vcf", tmp_path / "apple.vcf")

    records = list(importers.read([tmp_path], zone=UTC))

    assert any(isinstance(r, TicketRecord) for r in records)
    assert any(isinstance(r, ContactRecord) for r in records)


def people_files() -> list[Path]:
    roots = (DATA / "linkedin", DATA / "contacts", DATA / "mail")
    return sorted(p for root in roots for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("path", people_files(), ids=lambda p: str(p.relative_to(DATA)))
def test_no_linkedin_contacts_or_mail_file_is_taken_for_a_ticket_file(path: Path) -> None:
    ticket_names = {each.name for each in TICKET_FORMATS} | {"zendesk-json", "helpdesk-json"}

    if path.suffix.lower() == ".csv":
        assert header_format(path) not in ticket_names
    assert content_format(path) not in ticket_names


def test_no_ticket_csv_header_matches_a_people_format_first() -> None:
    for name, (expected, _) in SAMPLES.items():
        if name.endswith(".csv"):
            assert header_format(TICKETS / name) == expected


def test_ticket_json_files_are_not_taken_for_any_other_content_format() -> None:
    for name in ("zendesk.json", "zendesk.jsonl", "helpdesk.json"):
        head = (TICKETS / name).read_bytes()[:4096]
        matching = [each.name for each in CONTENT_FORMATS if each.looks_like(head)]
        assert matching == [SAMPLES[name][0]]


def test_a_json_file_of_no_known_kind_in_a_folder_is_skipped_but_refused_alone(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"theme": "dark"}')
    shutil.copy(TICKETS / "jira.csv", tmp_path / "jira.csv")

    assert systems(tmp_path) == {"jira"}
    with pytest.raises(UnknownFormat):
        list(importers.read([tmp_path / "settings.json"], zone=UTC))


def test_a_linkedin_export_folder_still_reads_as_before_with_no_tickets() -> None:
    records = list(importers.read([DATA / "linkedin" / "2026"], zone=UTC))

    assert records
    assert not any(isinstance(r, TicketRecord) for r in records)
