import json
from datetime import UTC, datetime

import pytest

from meetfirst.store.models import ConnectionRequest, Interaction, Stage
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

REPLIED_AT = FIXED_NOW - make.days(10)


@pytest.fixture
def ben(db, home):
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    person = make.person("Ben Okafor", slug="ben-okafor", email="ben@example.org")
    request = make.replied(person, sent_at=REPLIED_AT - make.days(2), replied_at=REPLIED_AT)
    return person, request


def stage_of(request):
    return ConnectionRequest.objects.get(pk=request.pk).stage


def test_logging_an_answer_by_name_marks_the_request_answered(run_cli, ben):
    person, request = ben
    result = run_cli(
        "log",
        "Ben Okafor",
        "--direction",
        "in",
        "--channel",
        "linkedin",
        "--text",
        "Happy to talk!",
        now=FIXED_NOW,
    )
    assert result.exit_code == 0, result.stderr
    assert "Logged a message from Ben Okafor" in result.stdout
    assert f"request #{request.id}: answered" in result.stdout
    logged = Interaction.objects.get(person=person)
    assert (logged.kind, logged.direction, logged.channel, logged.text, logged.key) == (
        "message",
        "in",
        "linkedin",
        "Happy to talk!",
        None,
    )
    assert logged.occurred_at == FIXED_NOW
    assert ConnectionRequest.objects.get(pk=request.pk).answered_at == FIXED_NOW


def test_log_json_says_what_was_stored_and_what_moved(run_cli, ben):
    person, request = ben
    result = run_cli(
        "log",
        "ben-okafor",
        "--direction",
        "in",
        "--channel",
        "phone",
        "--at",
        "2026-06-14 18:00",
        "--json",
        now=FIXED_NOW,
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    data.pop("id")
    assert data == {
        "person": {"id": person.id, "name": "Ben Okafor"},
        "kind": "call",
        "direction": "in",
        "channel": "phone",
        "occurred_at": datetime(2026, 6, 14, 18, 0, tzinfo=UTC).isoformat(),
        "moved": 1,
        "requests": [{"id": request.id, "stage": "answered"}],
    }


def test_a_message_logged_before_the_reply_is_not_an_answer(run_cli, ben):
    _, request = ben
    before = (REPLIED_AT - make.days(1)).strftime("%Y-%m-%d %H:%M")
    result = run_cli(
        "log", "ben@example.org", "--direction", "in", "--channel", "email", "--at", before, now=FIXED_NOW
    )
    assert result.exit_code == 0, result.stderr
    assert stage_of(request) == Stage.REPLIED


def test_my_own_follow_up_is_not_an_answer(run_cli, ben):
    _, request = ben
    result = run_cli(
        "log",
        "Ben Okafor",
        "--direction",
        "out",
        "--channel",
        "linkedin",
        "--text",
        "Any news?",
        now=FIXED_NOW,
    )
    assert result.exit_code == 0
    assert stage_of(request) == Stage.REPLIED


def test_logging_my_message_to_a_stranger_counts_as_the_reply(run_cli, db, home):
    ana = make.person("Ana Silva")
    request = make.request(ana, sent_at=FIXED_NOW - make.days(3))
    result = run_cli(
        "log", "Ana Silva", "--direction", "out", "--channel", "linkedin", "--text", "Hi Ana", now=FIXED_NOW
    )
    assert result.exit_code == 0, result.stderr
    request = ConnectionRequest.objects.get(pk=request.pk)
    assert (request.stage, request.replied_at) == (Stage.REPLIED, FIXED_NOW)
    assert request.reply.sent_how == "detected"


def test_a_meeting_revives_a_collector(run_cli, ben):
    _, request = ben
    run_cli("log", "Ben Okafor", "--direction", "out", "--channel", "email", now=FIXED_NOW + make.days(25))
    assert stage_of(request) == Stage.COLLECTOR
    result = run_cli(
        "log", "Ben Okafor", "--direction", "out", "--channel", "in-person", now=FIXED_NOW + make.days(26)
    )
    assert result.exit_code == 0, result.stderr
    assert stage_of(request) == Stage.ANSWERED


def test_logging_for_nobody_is_not_found(run_cli, ben):
    result = run_cli("log", "Nobody Here", "--direction", "in", "--channel", "linkedin")
    assert result.exit_code == 3
    assert "Nobody Here" in result.stderr
    assert not Interaction.objects.exists()


def test_a_name_shared_by_two_people_asks_for_the_id(run_cli, ben):
    make.person("Ben Okafor")
    result = run_cli("log", "Ben Okafor", "--direction", "in", "--channel", "linkedin")
    assert result.exit_code == 2
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--direction", "sideways", "--channel", "linkedin"],
        ["--direction", "in", "--channel", "carrier pigeon!"],
        ["--direction", "in", "--channel", "linkedin", "--kind", "telepathy"],
        ["--direction", "in", "--channel", "linkedin", "--at", "someday"],
        ["--direction", "in", "--channel", "linkedin", "--at", "2026-07-01 10:00"],
    ],
)
def test_bad_input_is_refused_and_stores_nothing(run_cli, ben, args):
    result = run_cli("log", "Ben Okafor", *args, now=FIXED_NOW)
    assert result.exit_code == 2
    assert result.stderr.strip()
    assert not Interaction.objects.exists()


def test_a_change_from_the_command_line_is_audited_without_its_values(run_cli, ben):
    from meetfirst.store.models import AuditEntry

    secret = "Ben's daughter starts school"
    result = run_cli(
        "log", "Ben Okafor", "--direction", "in", "--channel=linkedin", "--text", secret, now=FIXED_NOW
    )
    assert result.exit_code == 0, result.stderr
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.username, entry.method) == ("cli log", "cli", "CLI")
    assert entry.detail == {"fields": ["--channel", "--direction", "--text"]}
    assert secret not in json.dumps(list(AuditEntry.objects.values()), default=str)
    assert "Okafor" not in json.dumps(list(AuditEntry.objects.values()), default=str)


def test_reading_and_failing_commands_are_not_audited(run_cli, ben):
    from meetfirst.store.models import AuditEntry

    assert run_cli("triage", "--json", now=FIXED_NOW).exit_code == 0
    assert run_cli("funnel", now=FIXED_NOW).exit_code == 0
    assert run_cli("log", "Nobody Here", "--direction", "in", "--channel", "linkedin").exit_code != 0
    assert not AuditEntry.objects.exists()


def test_the_command_path_is_read_from_the_apps_own_tree():
    from meetfirst.cli.main import AUDITED, _register, command_path

    _register()
    assert command_path(["people", "kind", "Ben", "mentor"]) == "people kind"
    assert command_path(["reply", "sent", "3"]) == "reply sent"
    assert command_path(["log", "people"]) == "log"  # an argument named like a group is an argument
    assert command_path(["--help"]) == ""
    assert {"people kind", "reply sent", "import", "forget"} <= AUDITED
    assert [path for path in sorted(AUDITED) if command_path(path.split()) != path] == []  # no typo
