"""`meetfirst import`: the JSON summary, the table, exit codes, and a store left alone on failure."""

from __future__ import annotations

import json

from meetfirst.store.models import ConnectionRequest, Interaction, Person
from tests.conftest import DATA

EXPORT_2026 = str(DATA / "linkedin" / "2026")
MALFORMED = str(DATA / "bad" / "Invitations-malformed.csv")


def test_json_is_one_object_of_the_documented_shape(run_cli):
    result = run_cli("import", EXPORT_2026, "--json")

    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(summary) == {"created", "updated", "skipped", "errors"}
    assert set(summary["created"]) == set(summary["updated"]) == {"people", "requests", "interactions"}
    assert summary["created"]["people"] == Person.objects.count() > 0
    assert summary["created"]["requests"] == ConnectionRequest.objects.count() > 0
    assert summary["created"]["interactions"] == Interaction.objects.count() > 0
    assert summary["errors"] == []


def test_importing_the_same_export_again_reports_nothing_new(run_cli):
    run_cli("import", EXPORT_2026, "--json")

    again = json.loads(run_cli("import", EXPORT_2026, "--json").stdout)

    zero = {"people": 0, "requests": 0, "interactions": 0}
    assert (again["created"], again["updated"]) == (zero, zero)


def test_without_json_it_prints_a_summary_table(run_cli):
    result = run_cli("import", EXPORT_2026)

    assert result.exit_code == 0
    assert "created" in result.stdout and "updated" in result.stdout
    assert "interactions" in result.stdout and "skipped" in result.stdout
    assert "importing" not in result.stderr  # no progress bar when stderr is not a terminal


def test_bad_rows_fail_with_one_line_naming_the_file_and_store_nothing(run_cli):
    result = run_cli("import", EXPORT_2026, MALFORMED, "--json")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Invitations-malformed.csv:3" in result.stderr
    assert "--skip-bad-rows" in result.stderr
    assert Person.objects.count() == 0


def test_skip_bad_rows_imports_the_rest_and_lists_the_bad_ones(run_cli):
    result = run_cli("import", MALFORMED, "--json", "--skip-bad-rows")

    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert [e.split(": ")[0].rsplit(":", 1)[1] for e in summary["errors"]] == ["3", "4", "5"]
    assert summary["skipped"] >= 3
    assert summary["created"]["requests"] == 2


def test_a_missing_path_is_refused(run_cli, tmp_path):
    result = run_cli("import", str(tmp_path / "nope.zip"))

    assert result.exit_code == 2
    assert "nope.zip" in result.stderr


def test_a_file_of_no_known_format_is_refused(run_cli):
    result = run_cli("import", str(DATA / "bad" / "unknown.csv"))

    assert result.exit_code == 2
    assert "unknown.csv" in result.stderr


def test_an_unknown_format_name_is_refused(run_cli):
    result = run_cli("import", EXPORT_2026, "--format", "no-such-format")

    assert result.exit_code == 2
    assert "no-such-format" in result.stderr


def test_a_forced_format_reads_a_lone_file(run_cli):
    path = str(DATA / "linkedin" / "2026" / "Invitations.csv")

    result = run_cli("import", path, "--format", "linkedin-invitations", "--json")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["created"]["requests"] > 0


def test_help_lists_the_format_names(run_cli):
    result = run_cli("import", "--help")

    assert result.exit_code == 0
    for name in ("linkedin-connections", "linkedin-invitations", "linkedin-messages"):
        assert name in result.stdout


def test_a_file_that_breaks_halfway_leaves_the_store_as_it_was(run_cli):
    run_cli("import", EXPORT_2026, "--json")
    before = (Person.objects.count(), ConnectionRequest.objects.count(), Interaction.objects.count())
    latin1 = str(DATA / "bad" / "Connections-latin1.csv")

    result = run_cli("import", str(DATA / "linkedin" / "2025"), latin1, "--json")

    assert result.exit_code == 2
    assert "Connections-latin1.csv:3" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (Person.objects.count(), ConnectionRequest.objects.count(), Interaction.objects.count()) == before
