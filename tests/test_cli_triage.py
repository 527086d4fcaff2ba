from __future__ import annotations

import json
from datetime import timedelta

import pytest

from meetfirst.core.policy import Policy
from meetfirst.services import triage
from meetfirst.store.models import ConnectionRequest
from tests.conftest import FIXED_NOW
from tests.factories import make_message, make_person, make_request

SCAM = "Please text me on WhatsApp +1 (555) 201-4499"


@pytest.fixture
def triaged(db: None) -> dict[str, ConnectionRequest]:
    """Alice knows Bo (they wrote both ways), never met Ann, and got a scam note from Sam."""
    bo = make_person("Bo Lin", slug="bo-lin")
    make_message(bo, direction="in", at=FIXED_NOW - timedelta(days=60))
    make_message(bo, direction="out", at=FIXED_NOW - timedelta(days=59))
    requests = {
        "bo": make_request(bo, sent_at=FIXED_NOW - timedelta(days=3)),
        "ann": make_request(
            name="Ann Lee", slug="ann-lee", note="Hi!", sent_at=FIXED_NOW - timedelta(days=2)
        ),
        "sam": make_request(
            name="Sam Cole", slug="sam-cole", note=SCAM, sent_at=FIXED_NOW - timedelta(days=1)
        ),
    }
    triage.triage_new(now=FIXED_NOW, policy=Policy(timezone="UTC"))
    return requests


def test_triage_json_lists_pending_requests_with_exactly_the_documented_keys(run_cli, triaged) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("triage", "--json")

    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert [i["name"] for i in items] == ["Sam Cole", "Ann Lee", "Bo Lin"]
    assert all(
        set(i) == {"id", "name", "profile_url", "verdict", "reasons", "received_at", "note"} for i in items
    )
    assert items[1] == {
        "id": triaged["ann"].pk,
        "name": "Ann Lee",
        "profile_url": "https://www.linkedin.com/in/ann-lee",
        "verdict": "stranger",
        "reasons": ["no sign that you have met: no messages both ways"],
        "received_at": (FIXED_NOW - timedelta(days=2)).isoformat(),
        "note": "Hi!",
    }
    assert items[0]["verdict"] == "bizarre"
    assert items[2]["verdict"] == "known"


def test_triage_filters_by_verdict(run_cli, triaged) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("triage", "--json", "--verdict", "bizarre")
    assert [i["id"] for i in json.loads(result.stdout)] == [triaged["sam"].pk]


def test_triage_refuses_an_unknown_verdict(run_cli, triaged) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("triage", "--verdict", "friend")
    assert result.exit_code == 2
    assert "known, stranger or bizarre" in result.stderr


def test_triage_shows_a_table_with_verdicts_and_reasons(run_cli, triaged, home) -> None:  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('timezone = "Pacific/Auckland"\n', encoding="utf-8")

    result = run_cli("triage")

    assert result.exit_code == 0, result.stderr
    # Received dates are days in the owner's zone: 12:00 UTC is already the next day in Auckland.
    for text in ("Sam Cole", "bizarre", "the note asks you to move to WhatsApp", "2026-06-14", "Ann Lee"):
        assert text in result.stdout
    assert "3 pending request(s): 1 known, 1 stranger, 1 bizarre." in result.stdout


def test_triage_says_so_when_nothing_is_pending(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("triage")
    assert result.exit_code == 0
    assert "No pending request." in result.stdout
    assert json.loads(run_cli("triage", "--json").stdout) == []


def test_rerun_applies_the_rules_again_and_keeps_json_clean(run_cli, triaged, home) -> None:  # type: ignore[no-untyped-def]
    (home / "policy.toml").write_text('[rules]\nbizarre_phrases = ["hi!"]\n', encoding="utf-8")

    result = run_cli("triage", "--json", "--rerun", now=FIXED_NOW + timedelta(days=1))

    assert result.exit_code == 0, result.stderr
    by_name = {i["name"]: i for i in json.loads(result.stdout)}
    assert by_name["Ann Lee"]["verdict"] == "bizarre"
    assert "1 verdict(s) changed" in result.stderr


def test_decide_overrides_the_rules_and_shows_up_in_triage(run_cli, triaged) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("decide", str(triaged["sam"].pk), "known", now=FIXED_NOW)

    assert result.exit_code == 0, result.stderr
    assert "Sam Cole" in result.stdout and "known" in result.stdout
    sam = next(
        i for i in json.loads(run_cli("triage", "--json", "--rerun").stdout) if i["name"] == "Sam Cole"
    )
    assert (sam["verdict"], sam["reasons"]) == ("known", ["you said you know them personally"])


def test_decide_an_unknown_id_fails_with_not_found(run_cli, triaged) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("decide", "999999", "known")
    assert result.exit_code == 3
    assert "no incoming connection request has the id 999999" in result.stderr


def test_decide_a_bad_verdict_fails_with_bad_input(run_cli, triaged) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("decide", str(triaged["ann"].pk), "maybe")
    assert result.exit_code == 2
    assert "not 'maybe'" in result.stderr
