"""`meetfirst demo` writes the demo export once, imports it, and shows the triage queue and the funnel."""

from __future__ import annotations

import json

import pytest

from meetfirst.demo.story import CAST
from meetfirst.services.demo import DEMO_FOLDER, demo_export
from tests.conftest import FIXED_NOW

FUNNEL_KEYS = {"requests", "known", "bizarre", "strangers", "replied", "answered", "collectors", "met"}


def tidy(name):
    return " ".join(name.split())


def run_demo_json(run_cli, *args):
    result = run_cli("demo", "--json", *args, now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_demo_writes_its_export_into_the_home_and_imports_it(run_cli, home):
    data = run_demo_json(run_cli)
    assert data["generated"] is True
    assert data["export"] == str(home / DEMO_FOLDER)
    assert (home / DEMO_FOLDER / "Invitations.csv").is_file()
    assert data["import"]["created"]["requests"] == 120
    assert data["import"]["created"]["interactions"] > 1900
    assert data["import"]["errors"] == []
    assert {item["name"] for item in data["triage"]} == {tidy(r.display) for r in CAST}


def test_running_the_demo_twice_reuses_the_export_and_changes_nothing(run_cli, home):
    run_demo_json(run_cli)
    before = (home / DEMO_FOLDER / "messages.csv").read_bytes()
    again = run_demo_json(run_cli)
    assert again["generated"] is False
    assert again["import"]["created"] == {"people": 0, "requests": 0, "interactions": 0}
    assert len(again["triage"]) == len(CAST)
    assert (home / DEMO_FOLDER / "messages.csv").read_bytes() == before


def test_the_demo_story_comes_out_of_triage_as_told(run_cli):
    verdicts = {item["name"]: item["verdict"] for item in run_demo_json(run_cli)["triage"]}
    assert {tidy(r.display): r.kind for r in CAST} == verdicts


def test_the_demo_reports_the_funnel_with_replies_answers_and_collectors(run_cli):
    data = run_demo_json(run_cli)
    funnel = data["funnel"]
    assert set(funnel) >= FUNNEL_KEYS
    stages = [item["stage"] for item in data["triage"]]
    assert (stages.count("replied"), stages.count("answered"), stages.count("collector")) == (2, 3, 3)
    assert (funnel["bizarre"], funnel["strangers"]) == (7, 15)
    assert (funnel["replied"], funnel["answered"], funnel["collectors"]) == (8, 3, 3)


def test_the_tour_shows_the_queue_and_what_to_try_next(run_cli):
    result = run_cli("demo", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    assert "Pending connection requests: 25" in result.stdout
    assert "Kwame Mensah-Boateng" in result.stdout
    assert "Funnel" in result.stdout
    assert "Try next" in result.stdout
    assert "meetfirst triage" in result.stdout


def test_the_demo_export_is_written_once_and_a_half_written_one_is_replaced(tmp_path):
    folder, written = demo_export(tmp_path, now=FIXED_NOW)
    assert written
    assert demo_export(tmp_path, now=FIXED_NOW) == (folder, False)
    (folder / "Invitations.csv").unlink()
    assert demo_export(tmp_path, now=FIXED_NOW) == (folder, True)
    assert (folder / "Invitations.csv").is_file()
    assert [p.name for p in tmp_path.iterdir()] == [DEMO_FOLDER]


@pytest.mark.slow
def test_the_home_option_runs_the_demo_in_a_store_of_its_own(run_cli, home, tmp_path, monkeypatch):
    monkeypatch.delenv("MEETFIRST_DATABASE_URL", raising=False)
    elsewhere = tmp_path / "elsewhere"
    result = run_cli("demo", "--home", str(elsewhere), "--json", now=FIXED_NOW)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["export"] == str(elsewhere / DEMO_FOLDER)
    assert (elsewhere / "meetfirst.sqlite3").is_file()
    assert not (home / DEMO_FOLDER).exists()


@pytest.mark.parametrize("era", ["2018", "2021", "2023", "2026"])
def test_the_demo_story_reads_the_same_from_every_era(db, home, tmp_path, era):
    from meetfirst.demo import write_export
    from meetfirst.services import importing, triage

    folder = write_export(tmp_path / era, era=era, now=FIXED_NOW, invitations=120, as_zip=era == "2023")
    summary = importing.import_paths([folder], now=FIXED_NOW)
    assert summary.errors == []
    assert summary.created.requests == 120
    pending = {item.name: (item.verdict, item.stage) for item in triage.pending()}
    assert {name: verdict for name, (verdict, _) in pending.items()} == {
        tidy(r.display): r.kind for r in CAST
    }
    stages = [stage for _, stage in pending.values()]
    assert (stages.count("replied"), stages.count("answered"), stages.count("collector")) == (2, 3, 3)
