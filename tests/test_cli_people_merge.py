"""`meetfirst people suggestions|merge|reject|split|unmerge|merges` end to end."""

from __future__ import annotations

import json

import pytest

from meetfirst.services import resolution
from meetfirst.store.models import MergeSuggestion, Person
from tests.conftest import FIXED_NOW
from tests.factories_lifecycle import person, request

pytestmark = pytest.mark.usefixtures("db")


def namesakes() -> tuple[Person, Person]:
    first = person("Ana Silva", slug=None, company="Acme")
    second = person("Ana Silva", slug=None, company="Globex")
    resolution.resolve(now=FIXED_NOW)
    return first, second


def test_suggestions_are_listed_with_their_reasons(run_cli):
    first, second = namesakes()

    out = run_cli("people", "suggestions")
    data = json.loads(run_cli("people", "suggestions", "--json").stdout)

    assert out.exit_code == 0
    assert f"#{first.pk} Ana Silva ~ #{second.pk} Ana Silva" in out.stdout
    assert "names match (Ana Silva)" in out.stdout
    assert data[0]["first"] == {"id": first.pk, "name": "Ana Silva", "company": "Acme"}


def test_merge_then_merges_then_unmerge_round_trip(run_cli):
    first, second = namesakes()
    request(second, sent_at=FIXED_NOW)

    merged = run_cli("people", "merge", str(first.pk), str(second.pk), "--yes")
    listed = run_cli("people", "merges")
    merge_id = json.loads(run_cli("people", "merges", "--json").stdout)[0]["id"]
    undone = run_cli("people", "unmerge", str(merge_id))

    assert merged.exit_code == 0, merged.stdout + merged.stderr
    assert f"Merged #{second.pk} Ana Silva into #{first.pk} Ana Silva" in merged.stdout
    assert "by you" in listed.stdout and "names match (Ana Silva)" in listed.stdout
    assert undone.exit_code == 0 and Person.objects.filter(pk=second.pk).exists()
    assert second.requests.count() == 1


def test_merge_without_a_terminal_needs_yes(run_cli):
    first, second = namesakes()

    out = run_cli("people", "merge", str(first.pk), str(second.pk))

    assert out.exit_code != 0
    assert Person.objects.count() == 2


def test_reject_keeps_a_pair_apart_for_good(run_cli):
    first, second = namesakes()

    out = run_cli("people", "reject", str(first.pk), str(second.pk))
    resolution.resolve(now=FIXED_NOW)

    assert out.exit_code == 0 and "will not be suggested again" in out.stdout
    assert MergeSuggestion.objects.get().status == "rejected"
    assert "No merge suggestions." in run_cli("people", "suggestions").stdout


def test_split_undoes_the_last_merge_into_a_person(run_cli):
    first, second = namesakes()
    run_cli("people", "merge", str(first.pk), str(second.pk), "--yes")

    out = run_cli("people", "split", str(first.pk))
    again = run_cli("people", "split", str(first.pk))

    assert out.exit_code == 0 and f"#{second.pk} Ana Silva is a person of their own again" in out.stdout
    assert again.exit_code != 0 and "nothing was merged" in (again.stdout + again.stderr)
