"""Ticket importers: Zendesk (CSV, JSON, JSON lines), Freshdesk, ServiceNow, Jira, osTicket, django-helpdesk,
on files written by us in tests/data/tickets/ and on the two real samples in ../shared/fixtures/tickets/."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetfirst import importers
from meetfirst.core.errors import UnreadableFile
from meetfirst.core.records import Record, RowError, TicketRecord
from tests.conftest import DATA

TICKETS = DATA / "tickets"
PARIS = ZoneInfo("Europe/Paris")
REPO = Path(__file__).resolve().parent.parent


def _shared_tickets() -> Path:
    """The real samples: MEETFIRST_SHARED (a `shared/` folder), else `shared/` beside the clone, else the
    workplace's /work/shared (a CI clone may sit elsewhere)."""
    named = os.environ.get("MEETFIRST_SHARED", "")
    for shared in ([Path(named)] if named else []) + [REPO.parent / "shared", Path("/work/shared")]:
        if (shared / "fixtures" / "tickets").is_dir():
            return shared / "fixtures" / "tickets"
    return REPO.parent / "shared" / "fixtures" / "tickets"


FIXTURES = _shared_tickets()


def read(path: Path, *, zone: ZoneInfo = PARIS, format: str | None = None) -> list[Record | RowError]:
    return list(importers.read([path], zone=zone, format=format))


def tickets(path: Path, **options: object) -> dict[str, TicketRecord]:
    return {r.external_id: r for r in read(path, **options) if isinstance(r, TicketRecord)}  # type: ignore[arg-type]


def errors(path: Path, **options: object) -> list[str]:
    return [str(r) for r in read(path, **options) if isinstance(r, RowError)]  # type: ignore[arg-type]


def paris(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)  # type: ignore[misc]


# --- Zendesk CSV --------------------------------------------------------------------------------------


def test_a_zendesk_csv_row_gives_the_requester_the_agent_and_the_timings() -> None:
    ticket = tickets(TICKETS / "zendesk.csv")["101"]

    assert (ticket.system, ticket.source.line) == ("zendesk", 2)
    assert ticket.requester_name == "Dana Whitfield"  # doubled space tidied
    assert ticket.requester_email == "dana.whitfield@example.org"
    assert ticket.requester_external_id == "361000001"
    assert ticket.organization == "Whitfield & Sons"
    assert (ticket.agent_name, ticket.group) == ("Sam Ortega", "Level 1")
    assert (ticket.status, ticket.priority, ticket.channel) == ("Solved", "Normal", "Web form")
    assert ticket.opened_at == paris(2026, 1, 5, 9, 12, 44)  # no zone in the file: the user's
    assert ticket.resolved_at == paris(2026, 1, 7, 16, 0)
    assert (ticket.first_reply_minutes, ticket.requester_wait_minutes, ticket.reopens) == (18.0, 45.0, 0)


def test_zendesk_ratings_good_and_bad_are_read_and_offered_or_unoffered_are_none() -> None:
    found = tickets(TICKETS / "zendesk.csv")

    good, bad = found["101"].satisfaction, found["103"].satisfaction
    assert good is not None and bad is not None
    assert (good.raw, good.value, good.positive, good.score) == ("Good, I'm satisfied", 1.0, True, 100.0)
    assert (bad.raw, bad.value, bad.positive, bad.score) == ("Bad", 0.0, False, 0.0)
    assert found["102"].satisfaction is None  # Offered
    assert found["104"].satisfaction is None  # Unoffered


def test_zendesk_dates_with_an_offset_or_a_z_keep_their_own_zone() -> None:
    found = tickets(TICKETS / "zendesk.csv")

    assert found["102"].opened_at == datetime(2026, 1, 6, 13, 0, tzinfo=UTC)
    assert found["103"].opened_at == datetime(2025, 12, 1, 8, 0, tzinfo=UTC)
    assert found["103"].reopens == 2
    assert found["103"].requester_wait_minutes == 95.5


def test_empty_zendesk_columns_leave_the_fields_empty() -> None:
    ticket = tickets(TICKETS / "zendesk.csv")["104"]

    assert (ticket.agent_name, ticket.group, ticket.priority) == ("", "", "")
    assert ticket.updated_at is None and ticket.first_reply_minutes is None


def test_a_zendesk_row_without_a_date_or_with_an_unknown_rating_is_an_error_naming_its_line() -> None:
    found = errors(TICKETS / "zendesk.csv")

    assert found == [
        f"{TICKETS / 'zendesk.csv'}:6: ticket 105 has no opening date (created at)",
        f"{TICKETS / 'zendesk.csv'}:7: satisfaction: 'Meh' is not a Zendesk rating "
        "(Good, Bad, Offered or Unoffered)",
    ]


# --- Zendesk JSON -------------------------------------------------------------------------------------


def test_zendesk_json_resolves_the_requester_through_users_even_when_they_come_after_the_tickets() -> None:
    ticket = tickets(TICKETS / "zendesk.json")["201"]

    assert ticket.source.line == 3
    assert ticket.requester_name == "Dana Whitfield"
    assert ticket.requester_email == "dana.whitfield@example.org"
    assert ticket.requester_external_id == "361000001"
    assert ticket.requester_phone == "+1 555 0100"
    assert (ticket.organization, ticket.group) == ("Whitfield & Sons", "Level 1")
    assert (ticket.agent_name, ticket.agent_email) == ("Sam Ortega", "sam.ortega@acme.example")
    assert (ticket.status, ticket.priority, ticket.channel) == ("solved", "high", "email")
    assert ticket.opened_at == datetime(2026, 2, 1, 9, 0, tzinfo=UTC)
    assert ticket.resolved_at == datetime(2026, 2, 3, 11, 58, tzinfo=UTC)
    assert (ticket.reopens, ticket.first_reply_minutes, ticket.requester_wait_minutes) == (1, 42.0, 120.0)
    assert ticket.description.startswith("Since this morning")


def test_zendesk_json_ratings_keep_the_comment_and_offered_is_none() -> None:
    found = tickets(TICKETS / "zendesk.json")

    good = found["201"].satisfaction
    assert good is not None and (good.raw, good.positive) == ("good", True)
    assert good.comment == "Quick and kind, thank you!"
    assert found["202"].satisfaction is None
    bad = found["203"].satisfaction
    assert bad is not None and (bad.positive, bad.comment) == (False, "Nobody answered")


def test_a_zendesk_requester_missing_from_users_is_named_by_the_mail_sender() -> None:
    ticket = tickets(TICKETS / "zendesk.json")["203"]

    assert (ticket.requester_email, ticket.requester_name) == ("walk.in@example.net", "Walk In")
    assert ticket.requester_external_id == "361000099"


def test_bad_zendesk_json_tickets_are_errors_with_their_lines() -> None:
    found = errors(TICKETS / "zendesk.json")

    name = TICKETS / "zendesk.json"
    assert found == [
        f"{name}:47: ticket 204 has no created_at",
        f"{name}:48: a ticket here is not a JSON object",
    ]


def test_zendesk_json_lines_are_streamed_and_a_broken_line_is_an_error() -> None:
    records = read(TICKETS / "zendesk.jsonl")

    found = {r.external_id: r for r in records if isinstance(r, TicketRecord)}
    assert sorted(found) == ["301", "303"]
    assert found["301"].requester_email == "lena@park.example"
    assert found["301"].source.line == 1
    assert found["303"].source.line == 4
    assert found["303"].opened_at == datetime(2026, 2, 12, 14, 0, tzinfo=timezone(timedelta(hours=1)))
    assert found["303"].satisfaction is not None and found["303"].satisfaction.positive
    assert [str(r) for r in records if isinstance(r, RowError)] == [
        f"{TICKETS / 'zendesk.jsonl'}:3: this line is not valid JSON (Invalid control character at)"
    ]


def test_a_json_document_over_the_cap_is_refused_with_advice(tmp_path: Path, monkeypatch) -> None:
    from meetfirst.importers import tickets_json

    monkeypatch.setattr(tickets_json, "MAX_DOCUMENT", 100)
    with pytest.raises(UnreadableFile, match="too big to read whole; export it as JSON lines"):
        read(TICKETS / "zendesk.json")


def test_a_broken_zendesk_json_document_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "tickets.json"
    path.write_text('{"tickets": [\n  {"id": 1, "created_at": "2026-01-01T00:00:00Z"},\n  {"id": 2,,}\n]}\n')

    with pytest.raises(UnreadableFile) as caught:
        read(path)

    assert (caught.value.file, caught.value.line) == (str(path), 3)
    assert "not valid JSON" in str(caught.value)


def test_a_json_lines_line_that_is_not_utf8_is_a_row_error(tmp_path: Path) -> None:
    path = tmp_path / "tickets.jsonl"
    good = b'{"id": 1, "created_at": "2026-01-01T00:00:00Z", "requester_id": 5}\n'
    path.write_bytes(good + b'{"id": 2, "subject": "caf\xe9", "created_at": "2026-01-01T00:00:00Z"}\n' + good)

    records = read(path)

    assert [str(r) for r in records if isinstance(r, RowError)] == [
        f"{path}:2: this line is not valid UTF-8 text"
    ]
    assert [r.source.line for r in records if isinstance(r, TicketRecord)] == [1, 3]


# --- Freshdesk ----------------------------------------------------------------------------------------


def test_a_freshdesk_row_gives_the_contact_company_and_a_first_reply_from_the_timestamps() -> None:
    ticket = tickets(TICKETS / "freshdesk.csv")["4521"]

    assert ticket.system == "freshdesk"
    assert (ticket.requester_name, ticket.requester_email) == ("Ana Lima", "ana.lima@lima-import.example")
    assert (ticket.requester_external_id, ticket.organization) == ("9001", "Lima Import")
    assert ticket.requester_phone == "+55 11 5555 0101"
    assert ticket.description == "The March invoice says 19% VAT,\nwe are charged 7%."
    assert (ticket.agent_name, ticket.group, ticket.channel) == ("Priya Nair", "Billing", "Email")
    assert ticket.first_reply_minutes == 50.0  # 08:15 -> 09:05
    assert ticket.resolved_at == paris(2026, 3, 2, 13, 45)
    assert ticket.closed_at == paris(2026, 3, 5, 9, 0)


def test_freshdesk_survey_codes_and_words_are_normalised_and_the_raw_value_kept() -> None:
    found = tickets(TICKETS / "freshdesk.csv")

    happy, unhappy, neutral = (found[key].satisfaction for key in ("4521", "4522", "4524"))
    assert happy is not None and (happy.raw, happy.value, happy.positive) == ("Extremely Happy", 3.0, True)
    assert unhappy is not None and (unhappy.raw, unhappy.value, unhappy.positive) == ("-102", -2.0, False)
    assert neutral is not None and (neutral.value, neutral.positive, neutral.score) == (0.0, False, 50.0)
    assert found["4523"].satisfaction is None


def test_freshdesk_takes_the_first_reply_from_the_hours_column_when_there_is_no_response_time() -> None:
    ticket = tickets(TICKETS / "freshdesk.csv")["4522"]

    assert (ticket.requester_email, ticket.requester_external_id) == ("tom@berg.example", "9002")
    assert (ticket.agent_name, ticket.organization, ticket.closed_at) == ("", "", None)
    assert ticket.first_reply_minutes == 75.0  # First response time (in hrs) 01:15:00


def test_a_freshdesk_rating_outside_its_codes_is_an_error() -> None:
    assert errors(TICKETS / "freshdesk.csv") == [
        f"{TICKETS / 'freshdesk.csv'}:7: satisfaction: '104' is not a Freshdesk rating "
        "(103 to -103, or 1 to 5)"
    ]


# --- ServiceNow ---------------------------------------------------------------------------------------


def test_a_servicenow_event_log_yields_every_row_with_its_revision() -> None:
    rows = [r for r in read(TICKETS / "servicenow_events.csv") if isinstance(r, TicketRecord)]

    first = [r for r in rows if r.external_id == "INC0010001"]
    assert [r.revision[0] for r in first] == [0, 2, 4, 5, 7]
    assert first[-1].revision == (7, "2026-04-20T10:00:00+00:00")  # 12:00 in Paris, in UTC
    assert [r.status for r in first] == ["New", "Active", "Resolved", "Active", "Closed"]


def test_the_last_servicenow_row_holds_the_final_state_read_day_first() -> None:
    rows = [r for r in read(TICKETS / "servicenow_events.csv") if isinstance(r, TicketRecord)]
    final = max((r for r in rows if r.external_id == "INC0010001"), key=lambda r: r.revision)

    assert final.opened_at == paris(2026, 4, 3, 8, 0)  # 03/04: day-first, as 13/04 elsewhere says
    assert (final.resolved_at, final.closed_at) == (paris(2026, 4, 15, 10, 0), paris(2026, 4, 20, 12, 0))
    assert (final.requester_name, final.requester_email) == ("Mara Lind", "mara.lind@north.example")
    assert (final.organization, final.agent_name, final.group) == ("North Freight", "Ben Ode", "Hardware")
    assert (final.reopens, final.channel, final.subject) == (1, "Phone", "Scanner offline again")
    assert final.priority == "3 - Moderate"


def test_question_marks_in_a_servicenow_log_are_empty_values() -> None:
    ticket = tickets(TICKETS / "servicenow_events.csv")["INC0010002"]

    assert ticket.requester_email is None and ticket.organization == "" and ticket.subject == ""
    assert ticket.agent_name == "" and ticket.resolved_at is None
    assert ticket.channel == "Self-service"


def test_a_bad_modification_count_is_an_error_naming_the_line() -> None:
    assert errors(TICKETS / "servicenow_events.csv") == [
        f"{TICKETS / 'servicenow_events.csv'}:8: sys_mod_count: 'x' is not a number"
    ]


def test_a_file_whose_dates_never_tell_the_day_order_is_refused_at_the_first_such_date() -> None:
    with pytest.raises(UnreadableFile) as caught:
        read(TICKETS / "servicenow_ambiguous.csv")

    assert caught.value.line == 2
    assert "'03/04/2026 08:00' could be day-first or month-first" in str(caught.value)


def test_a_date_that_contradicts_the_files_day_order_is_an_error() -> None:
    found = errors(TICKETS / "servicenow_conflict.csv")

    assert len(found) == 1
    assert found[0].startswith(f"{TICKETS / 'servicenow_conflict.csv'}:3: sys_updated_on: '04/25/2026 09:00'")
    assert "contradicts the file's day-first dates (as read from line 2)" in found[0]


REAL_LOG = FIXTURES / "chinthan11shah_Incident-Management-System" / "incident_event_log_excerpt.csv"


@pytest.mark.skipif(not REAL_LOG.exists(), reason="the real samples in ../shared/fixtures/tickets are absent")
def test_the_real_uci_incident_log_reads_every_row_and_the_last_revision_is_the_final_state() -> None:
    records = read(REAL_LOG, zone=ZoneInfo("UTC"))

    assert not [r for r in records if isinstance(r, RowError)]
    rows = [r for r in records if isinstance(r, TicketRecord)]
    assert len(rows) == 62
    assert len({r.external_id for r in rows}) == 8
    first = [r for r in rows if r.external_id == "INC0000045"]
    final = max(first, key=lambda r: r.revision)
    assert final.revision == (4, "2016-03-05T12:00:00+00:00")
    assert final.status == "Closed"
    assert final.requester_name == "Caller 2403"
    assert final.opened_at == datetime(2016, 2, 29, 1, 16, tzinfo=ZoneInfo("UTC"))
    assert final.resolved_at == datetime(2016, 2, 29, 11, 29, tzinfo=ZoneInfo("UTC"))
    assert final.closed_at == datetime(2016, 3, 5, 12, 0, tzinfo=ZoneInfo("UTC"))
    assert (final.group, final.channel, final.priority) == ("Group 56", "Phone", "3 - Moderate")
    assert final.agent_name == "Resolved by 149"  # assigned_to is '?': the resolver stands in
    assert final.requester_email is None


# --- Jira ---------------------------------------------------------------------------------------------


def test_a_jira_export_with_repeated_headers_is_read_by_the_first_of_each() -> None:
    ticket = tickets(TICKETS / "jira.csv")["HELP-12"]

    assert ticket.system == "jira"
    assert (ticket.requester_name, ticket.requester_external_id) == ("Jonas Weber", "712020:aa11-bb22")
    assert ticket.requester_email is None  # Jira Cloud exports give no e-mail
    assert ticket.organization == "Weber Logistik"
    assert (ticket.subject, ticket.status, ticket.priority) == ("VPN certificate expired", "Resolved", "High")
    assert (ticket.agent_name, ticket.channel) == ("Noor Haddad", "Get IT help")
    assert ticket.opened_at == paris(2026, 2, 25, 22, 17)  # 25/Feb/26 10:17 PM
    assert ticket.updated_at == paris(2026, 2, 27, 9, 2)
    assert ticket.resolved_at == paris(2026, 2, 26, 11, 45)


def test_jira_stars_four_and_five_are_positive_and_keep_the_rating_date() -> None:
    found = tickets(TICKETS / "jira.csv")

    five, two = found["HELP-12"].satisfaction, found["HELP-14"].satisfaction
    assert five is not None and (five.value, five.positive, five.scale_max) == (5.0, True, 5.0)
    assert five.rated_at == paris(2026, 2, 27, 9, 0)
    assert two is not None and (two.value, two.positive, two.score) == (2.0, False, 25.0)
    assert found["HELP-13"].satisfaction is None


def test_a_jira_rating_outside_one_to_five_is_an_error() -> None:
    assert errors(TICKETS / "jira.csv") == [
        f"{TICKETS / 'jira.csv'}:5: satisfaction: the rating '9' is outside the scale 1 to 5"
    ]


def test_every_repeated_jira_column_stays_reachable_in_the_table() -> None:
    from meetfirst.importers.registry import JIRA_CSV
    from meetfirst.importers.tables import Table

    path = TICKETS / "jira.csv"
    with Table(str(path), lambda: path.open("rb"), (JIRA_CSV,)) as table:
        comments = [table.columns[name] for name in ("comment", "comment.1", "comment.2")]
        row = next(table.rows())[1]

    assert [row[i].split(";")[2] for i in comments] == ["Looking now", "Works, thanks!", "Closing"]
    assert "comment.3" not in table.columns


# --- osTicket -----------------------------------------------------------------------------------------


def test_an_osticket_export_reads_month_first_dates_settled_by_a_day_above_twelve() -> None:
    found = tickets(TICKETS / "osticket.csv")

    ticket = found["718345"]
    assert ticket.system == "osticket"
    assert (ticket.requester_name, ticket.requester_email) == ("Hanna Berg", "hanna.berg@school.example")
    assert ticket.opened_at == paris(2026, 3, 2, 9, 14)  # 3/2/26: March, as 3/13/26 tells
    assert ticket.closed_at == paris(2026, 3, 20, 16, 2)
    assert (ticket.agent_name, ticket.group, ticket.channel) == ("Lars Dahl", "Facilities", "Web")
    assert ticket.status == "Closed"
    assert found["718346"].opened_at == paris(2026, 3, 13, 13, 30)


def test_an_osticket_row_without_a_creation_date_is_an_error() -> None:
    assert errors(TICKETS / "osticket.csv") == [
        f"{TICKETS / 'osticket.csv'}:4: ticket 718347 has no opening date (date created)"
    ]


# --- django-helpdesk ----------------------------------------------------------------------------------


def test_a_helpdesk_fixture_gives_queue_assignee_and_the_history_of_its_follow_ups() -> None:
    ticket = tickets(TICKETS / "helpdesk.json")["11"]

    assert ticket.system == "helpdesk"
    assert ticket.requester_email == "rosa.diaz@tenant.example"
    assert (ticket.group, ticket.status, ticket.priority) == ("Facilities", "Closed", "High")
    assert (ticket.agent_name, ticket.agent_email) == ("Jae Kim", "jkim@helpdesk.example")
    assert ticket.resolved_at == datetime(2026, 1, 13, 10, 0, tzinfo=UTC)
    assert ticket.closed_at == datetime(2026, 1, 15, 16, 30, tzinfo=UTC)
    assert ticket.updated_at == datetime(2026, 1, 15, 16, 30, tzinfo=UTC)  # the last follow-up
    assert ticket.reopens == 1
    assert ticket.source.line == 4


def test_a_helpdesk_ticket_with_a_bad_address_keeps_no_email_and_a_bad_date_is_an_error() -> None:
    found = tickets(TICKETS / "helpdesk.json")

    assert found["12"].requester_email is None
    assert found["12"].priority == "9"  # not one of django-helpdesk's: kept as it is
    assert errors(TICKETS / "helpdesk.json") == [
        f"{TICKETS / 'helpdesk.json'}:10: ticket 13: 'yesterday' is not a date meetfirst can read"
    ]


REAL_FIXTURE = FIXTURES / "django-helpdesk_django-helpdesk" / "demo.json"


@pytest.mark.skipif(
    not REAL_FIXTURE.exists(), reason="the real samples in ../shared/fixtures/tickets are absent"
)
def test_the_real_django_helpdesk_demo_fixture_gives_its_three_tickets() -> None:
    records = read(REAL_FIXTURE)

    assert not [r for r in records if isinstance(r, RowError)]
    found = {r.external_id: r for r in records if isinstance(r, TicketRecord)}
    assert sorted(found) == ["1", "2", "3"]
    first = found["1"]
    assert first.subject == "Some django-helpdesk Problem"
    assert first.requester_email == "helpdesk@example.com"
    assert (first.group, first.status, first.priority) == ("Django Helpdesk", "Open", "Normal")
    assert first.opened_at == datetime(2017, 3, 20, 4, 52, 18, 321000, tzinfo=UTC)
    assert found["2"].group == "Some Product"
    assert found["3"].priority == "Critical"
    # Ticket 3's last follow-up (05:28:28.458) is older than its modified time (05:28:28.695).
    assert found["3"].updated_at == datetime(2017, 3, 20, 5, 28, 28, 695000, tzinfo=UTC)
    assert all(r.agent_name == "" for r in found.values())  # none assigned
