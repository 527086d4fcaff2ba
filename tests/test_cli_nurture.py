import json
from datetime import timedelta

import pytest

from meetfirst.store.models import FollowUp, Interaction, Person
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()


def ago(days: float):
    return FIXED_NOW - timedelta(days=days)


@pytest.fixture
def people(home):
    (home / "policy.toml").write_text('timezone = "UTC"\n', encoding="utf-8")
    ana = make.person("Ana Silva", relationship_kind="mentor")
    make.interaction(ana, at=ago(75))
    ben = make.person("Ben Okafor", relationship_kind="friend")
    make.interaction(ben, at=ago(5))
    follow = FollowUp.objects.create(person=ben, text="Send the article", due_on=TODAY)
    return ana, ben, follow


def test_today_json_lists_who_is_due_and_why(run_cli, people):
    ana, ben, follow = people
    result = run_cli("today", "--json", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "day": "2026-06-15",
        "items": [
            {
                "what": "person",
                "id": ana.pk,
                "person": {"id": ana.pk, "name": "Ana Silva"},
                "due_on": "2026-05-31",
                "overdue_days": 15,
                "reason": "mentor, last touch 75 days ago, every 60 days",
                "text": "",
            },
            {
                "what": "follow-up",
                "id": follow.pk,
                "person": {"id": ben.pk, "name": "Ben Okafor"},
                "due_on": "2026-06-15",
                "overdue_days": 0,
                "reason": "follow-up due today",
                "text": "Send the article",
            },
        ],
    }


def test_today_prints_each_line_with_its_reason(run_cli, people):
    result = run_cli("today", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "Ana Silva: mentor, last touch 75 days ago, every 60 days" in result.stdout
    assert "Send the article" in result.stdout


def test_done_then_today_no_longer_lists_them(run_cli, people):
    ana = people[0]
    result = run_cli("done", "Ana Silva", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "Next touch due on 2026-08-14" in result.stdout
    assert Interaction.objects.filter(person=ana, text="checked in").count() == 1
    assert "Ana Silva" not in run_cli("today", now=FIXED_NOW).stdout


def test_touch_is_the_same_as_done(run_cli, people):
    result = run_cli("touch", "Ana Silva", "--text", "coffee", "--json", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["next_due"] == "2026-08-14"
    assert Interaction.objects.filter(text="coffee").exists()


def test_keep_and_snooze_change_the_list(run_cli, people):
    ben = people[1]
    assert run_cli("keep", str(ben.pk), "--every", "3", now=FIXED_NOW).exit_code == 0
    assert Person.objects.get(pk=ben.pk).cadence_days == 3
    assert "Ben Okafor: friend, last touch 5 days ago, every 3 days" in run_cli("today", now=FIXED_NOW).stdout
    result = run_cli("snooze", "Ben Okafor", "--until", "2026-06-20", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "snoozed until 2026-06-20" in result.stdout
    assert "every 3 days" not in run_cli("today", now=FIXED_NOW).stdout


def test_a_bad_snooze_date_is_a_clear_error(run_cli, people):
    result = run_cli("snooze", "Ben Okafor", "--until", "next week", now=FIXED_NOW)
    assert result.exit_code == 2
    assert "--until wants a date as YYYY-MM-DD" in result.stderr


def test_followup_done_and_snooze(run_cli, people):
    follow = people[2]
    result = run_cli("followup", "snooze", str(follow.pk), "--days", "2", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "snoozed until 2026-06-17" in result.stdout
    result = run_cli("followup", "done", str(follow.pk), "--json", now=FIXED_NOW)
    assert json.loads(result.stdout)["done_at"] == FIXED_NOW.isoformat()
    assert run_cli("followup", "done", "999999", now=FIXED_NOW).exit_code == 3


def test_health_prints_every_score_with_its_reasons(run_cli, people):
    result = run_cli("health", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "Ana Silva (mentor): " in result.stdout
    assert "overdue by 15 days" in result.stdout
    one = json.loads(run_cli("health", "Ben Okafor", "--json", now=FIXED_NOW).stdout)
    assert [h["person"]["name"] for h in one] == ["Ben Okafor"]
    assert one[0]["colour"] in ("green", "amber", "red")


def test_health_of_someone_untracked_says_how_to_track_them(run_cli, people):
    make.person("Dan Wolfe")
    result = run_cli("health", "Dan Wolfe", now=FIXED_NOW)
    assert result.exit_code == 2
    assert "not tracked" in result.stderr


def test_digest_prints_the_week(run_cli, people):
    result = run_cli("digest", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "Due this week (1)" in result.stdout
    assert "Thought for the day" in result.stdout


def test_digest_send_without_a_mail_server_fails_clearly(run_cli, people):
    result = run_cli("digest", "--send", now=FIXED_NOW)
    assert result.exit_code == 4
    assert "[smtp]" in result.stderr


def test_thoughts_today_is_stable_and_list_includes_added_ones(run_cli, home, tmp_path):
    first = run_cli("thoughts", "today", "--json", now=FIXED_NOW)
    again = run_cli("thoughts", "today", "--json", now=FIXED_NOW + timedelta(hours=5))
    assert json.loads(first.stdout)["text"] == json.loads(again.stdout)["text"]
    source = tmp_path / "mine.fortune"
    source.write_text("Call your mentor.\n-- Me\n%\nWrite first.\n", encoding="utf-8")
    added = run_cli("thoughts", "add", str(source))
    assert added.exit_code == 0, added.stderr
    assert "2 added" in added.stdout
    listed = json.loads(run_cli("thoughts", "list", "--json").stdout)
    assert {"text": "Call your mentor.", "author": "Me", "shipped": False}.items() <= listed[-2].items()


def test_thoughts_add_reports_the_line_of_a_bad_row(run_cli, tmp_path):
    source = tmp_path / "mine.csv"
    source.write_text("text,author,work,year\nok,,,\n,,,1900\n", encoding="utf-8")
    result = run_cli("thoughts", "add", str(source))
    assert result.exit_code == 2
    assert f"{source}:3: " in result.stderr
