import json
from datetime import UTC, datetime

import pytest

from meetfirst.store.models import ConnectionRequest, Reply, Stage, Verdict
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

RECEIVED = FIXED_NOW - make.days(5)
TEMPLATE = "Hi {{ first_name }}{% if circles %} ({{ circles|join(', ') }}){% endif %},"
TEMPLATE += "\\nlet's meet. {{ owner.first_name }}"


@pytest.fixture
def policy_file(home):
    path = home / "policy.toml"
    path.write_text(f'timezone = "Europe/Lisbon"\ntemplate = "{TEMPLATE}"\n', encoding="utf-8")
    return path


@pytest.fixture
def strangers(db, policy_file):
    make.owner(headline="Engineer at Acme")
    ana = make.request(make.person("Ana Silva", slug="ana-silva", company="Acme"), sent_at=RECEIVED)
    ben = make.request(make.person("Ben Okafor", slug="ben-okafor"), sent_at=RECEIVED + make.days(1))
    return ana, ben


def scrub(drafts):
    """The JSON of drafts with ids and times replaced, for comparing whole objects."""
    for draft in drafts:
        draft["id"] = "<id>"
        draft["drafted_at"] = "<time>" if draft["drafted_at"] else None
    return drafts


def test_reply_draft_json_lists_every_draft(run_cli, strangers):
    result = run_cli("reply", "draft", "--json", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    drafts = json.loads(result.stdout)
    assert [d["id"] for d in drafts] == [r.id for r in strangers]
    assert drafts[0]["drafted_at"] == FIXED_NOW.isoformat()
    assert scrub(drafts) == [
        {
            "id": "<id>",
            "name": "Ana Silva",
            "profile_url": "https://www.linkedin.com/in/ana-silva",
            "status": "drafted",
            "edited": False,
            "kept": False,
            "circles": ["both at Acme"],
            "text": "Hi Ana (both at Acme),\nlet's meet. Sam",
            "drafted_at": "<time>",
            "sent_at": None,
        },
        {
            "id": "<id>",
            "name": "Ben Okafor",
            "profile_url": "https://www.linkedin.com/in/ben-okafor",
            "status": "drafted",
            "edited": False,
            "kept": False,
            "circles": [],
            "text": "Hi Ben,\nlet's meet. Sam",
            "drafted_at": "<time>",
            "sent_at": None,
        },
    ]


def test_reply_draft_prints_each_draft_with_its_request_id_and_name(run_cli, strangers):
    ana, _ = strangers
    result = run_cli("reply", "draft", str(ana.id), now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert f"#{ana.id} Ana Silva" in result.stdout
    assert "Hi Ana (both at Acme),\nlet's meet. Sam" in result.stdout
    assert "Ben" not in result.stdout


def test_reply_draft_with_nobody_waiting_says_so(run_cli, policy_file):
    result = run_cli("reply", "draft", now=FIXED_NOW)
    assert result.exit_code == 0
    assert "No stranger" in result.stdout
    assert json.loads(run_cli("reply", "draft", "--json", now=FIXED_NOW).stdout) == []


def test_reply_draft_of_an_unknown_request_is_not_found(run_cli, strangers):
    result = run_cli("reply", "draft", "999999", now=FIXED_NOW)
    assert result.exit_code == 3
    assert "999999" in result.stderr


def test_reply_draft_with_a_broken_template_names_the_policy_line(run_cli, home, db):
    (home / "policy.toml").write_text("patience_days = 3\ntemplate = '''\nHi\n{{ frist_name }}\n'''\n")
    result = run_cli("reply", "draft", now=FIXED_NOW)
    assert result.exit_code == 2
    assert f"{home / 'policy.toml'}:4:" in result.stderr
    assert "frist_name" in result.stderr


def test_reply_edit_keeps_my_text_through_later_drafts(run_cli, strangers):
    ana, _ = strangers
    assert run_cli("reply", "edit", str(ana.id), "--text", "Ana! Coffee?", now=FIXED_NOW).exit_code == 0
    drafts = json.loads(run_cli("reply", "draft", "--json", now=FIXED_NOW).stdout)
    assert (drafts[0]["text"], drafts[0]["edited"], drafts[0]["kept"]) == ("Ana! Coffee?", True, True)
    forced = json.loads(run_cli("reply", "draft", str(ana.id), "--force", "--json", now=FIXED_NOW).stdout)
    assert forced[0]["text"].startswith("Hi Ana")


def test_reply_edit_reads_a_file(run_cli, strangers, tmp_path):
    ana, _ = strangers
    text_file = tmp_path / "reply.txt"
    text_file.write_text("From a file\n", encoding="utf-8")
    assert run_cli("reply", "edit", str(ana.id), "--file", str(text_file), now=FIXED_NOW).exit_code == 0
    assert Reply.objects.get(request=ana).text == "From a file"


def test_reply_edit_needs_text(run_cli, strangers):
    ana, _ = strangers
    assert run_cli("reply", "edit", str(ana.id), now=FIXED_NOW).exit_code == 2


def test_reply_sent_at_a_local_time_records_it_in_utc(run_cli, strangers):
    ana, _ = strangers
    run_cli("reply", "draft", now=FIXED_NOW)
    result = run_cli("reply", "sent", str(ana.id), "--at", "2026-06-12 09:30", "--json", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    sent = datetime(2026, 6, 12, 8, 30, tzinfo=UTC)  # Lisbon is UTC+1 in June
    assert data == {
        "id": ana.id,
        "name": "Ana Silva",
        "status": "sent",
        "sent_at": sent.isoformat(),
        "sent_how": "user",
        "stage": "replied",
    }
    ana = ConnectionRequest.objects.get(pk=ana.pk)
    assert (ana.stage, ana.replied_at) == (Stage.REPLIED, sent)


def test_reply_sent_says_what_it_recorded(run_cli, strangers):
    _, ben = strangers
    result = run_cli("reply", "sent", str(ben.id), now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert f"#{ben.id} Ben Okafor" in result.stdout
    assert "2026-06-15 12:00" in result.stdout


def test_reply_sent_with_an_unreadable_time_fails_cleanly(run_cli, strangers):
    ana, _ = strangers
    result = run_cli("reply", "sent", str(ana.id), "--at", "last friday", now=FIXED_NOW)
    assert result.exit_code == 2
    assert "last friday" in result.stderr
    assert ConnectionRequest.objects.get(pk=ana.pk).stage == Stage.STRANGER


def test_reply_sent_for_a_bizarre_request_needs_force(run_cli, policy_file):
    dan = make.request(make.person("Dan Spam"), sent_at=RECEIVED, verdict=Verdict.BIZARRE)
    refused = run_cli("reply", "sent", str(dan.id), now=FIXED_NOW)
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert run_cli("reply", "sent", str(dan.id), "--force", now=FIXED_NOW).exit_code == 0
    assert ConnectionRequest.objects.get(pk=dan.pk).stage == Stage.REPLIED
