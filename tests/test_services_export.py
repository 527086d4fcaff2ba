"""Export: JSON that parses back whole, vCards that a vCard library reads, CSV safe for spreadsheets."""

import csv
import io
import json

import pytest

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.services import export
from meetfirst.store.models import Interaction, Person
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW
from tests.factories_rights import ANA_EMAIL, ANA_NAME, ANA_PHONE, ANA_SLUG, full_story

pytestmark = pytest.mark.django_db


def run(fmt, **kwargs):
    out = io.StringIO()
    count = export.export(out, fmt=fmt, now=FIXED_NOW, **kwargs)
    return count, out.getvalue()


def test_the_json_export_parses_back_with_everyone_and_all_their_data():
    story = full_story()
    count, text = run("json")
    document = json.loads(text)
    assert count == 2 == document["people_count"]
    assert document["format"] == "meetfirst-export"
    assert document["exported_at"] == FIXED_NOW.isoformat()
    assert document["owner"]["first_name"] == "Sam"
    ana = next(p for p in document["people"] if p["id"] == story.ana.pk)
    assert ana["display_name"] == ANA_NAME
    assert ana["relationship_kind"] == "mentor"
    assert ana["relationship_since"] == "2026-04-01"
    assert {(i["kind"], i["value"]) for i in ana["identities"]} == {
        ("linkedin", ANA_SLUG),
        ("email", ANA_EMAIL),
        ("phone", ANA_PHONE),
    }
    (request,) = ana["requests"]
    assert request["reply"]["text"].startswith(f"Hi {ANA_NAME}")
    assert [d["by"] for d in request["decisions"]] == ["rule"]
    assert f"{ANA_NAME} wrote back" in [c["reason"] for c in request["stage_changes"]]
    assert [i["text"] for i in ana["interactions"]] == ["Happy to talk, Ana here.", f"Great, {ANA_NAME}!"]
    assert ana["meetings"][0]["uid"] == "m-1@meetfirst"
    assert ana["shared_notes"][0]["industry_view"] == "Fraud moves to real-time payments"
    assert ana["follow_ups"][0]["due_on"] == "2026-06-20"
    # Rows of models without a place of their own (any model pointing at Person) come under "other:".
    assert ana["other:store.MergeRecord"][0]["merged_snapshot"]["display_name"] == "A. Silva"
    bob = next(p for p in document["people"] if p["id"] == story.bob.pk)
    assert [i["text"] for i in bob["interactions"]] == ["Bob's message"]
    assert ana["other:store.MergeSuggestion"] == bob["other:store.MergeSuggestion"]


def test_a_json_export_of_one_person_holds_only_them():
    story = full_story()
    count, text = run("json", person="bob-stone")
    document = json.loads(text)
    assert count == 1
    assert [p["id"] for p in document["people"]] == [story.bob.pk]
    assert ANA_NAME not in text


def test_interactions_land_with_their_own_person_across_batches(monkeypatch):
    monkeypatch.setattr(export, "BATCH", 2)
    people = [make.person(f"Person {n}") for n in range(5)]
    for n, who in enumerate(people):
        for k in range(n):  # person 0 has none, person 4 has four
            make.interaction(who, at=FIXED_NOW, text=f"to {n} #{k}")
    document = json.loads(run("json")[1])
    for n, person in enumerate(document["people"]):
        assert [i["text"] for i in person["interactions"]] == [f"to {n} #{k}" for k in range(n)]


def test_an_empty_store_exports_a_valid_document():
    document = json.loads(run("json")[1])
    assert document["people"] == []
    assert document["owner"] is None


def test_the_vcard_export_is_read_back_by_a_vcard_parser():
    vobject = pytest.importorskip("vobject")
    full_story()
    count, text = run("vcard")
    cards = {card.fn.value: card for card in vobject.readComponents(text)}
    assert count == 2 and set(cards) == {ANA_NAME, "Bob Stone"}
    ana = cards[ANA_NAME]
    assert ana.email.value == ANA_EMAIL
    assert ana.tel.value == f"tel:{ANA_PHONE}"
    assert ana.url.value == f"https://www.linkedin.com/in/{ANA_SLUG}"
    assert ana.title.value == "Head of Risk"
    assert ana.note.value == "relationship: mentor since 2026-04-01"
    # The company's comma and semicolon were escaped, so the organisation is one name.
    assert "ORG:Acme\\; Payments\\, Lisbon\r\n" in text


def test_a_long_name_with_a_newline_survives_the_vcard_round_trip():
    vobject = pytest.importorskip("vobject")
    name = "Zoë Ñúñez-Økland, the second; " + "très long " * 12 + "\nend"
    make.person(name, slug=None)
    text = run("vcard")[1]
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (card,) = vobject.readComponents(text)
    assert card.fn.value == name


def test_the_people_csv_neutralises_cells_that_would_run_as_formulas():
    make.person(
        "=HYPERLINK(evil) Person",
        slug=None,
        company="+cmd|' /C calc'!A0",
        position="-2+3",
        headline="@SUM(1)",
        location="\tLisbon",
    )
    count, text = run("csv")
    header, row = list(csv.reader(io.StringIO(text)))
    values = dict(zip(header, row, strict=True))
    assert count == 1
    assert values["display_name"] == "'=HYPERLINK(evil) Person"
    assert values["company"] == "'+cmd|' /C calc'!A0"
    assert values["position"] == "'-2+3"
    assert values["headline"] == "'@SUM(1)"
    assert values["location"] == "'\tLisbon"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_the_interactions_csv_is_safe_too_and_names_the_person():
    who = make.person("Ana Silva", slug=None)
    make.interaction(who, at=FIXED_NOW, text="=1+1 is what I wrote")
    make.interaction(who, at=FIXED_NOW, text="\r=2")
    count, text = run("csv", what="interactions")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == 2 == Interaction.objects.count()
    assert {r["person"] for r in rows} == {"Ana Silva"}
    assert {r["text"] for r in rows} == {"'=1+1 is what I wrote", "'\r=2"}


def test_the_people_csv_has_identities_and_the_relationship():
    full_story()
    rows = {r["display_name"]: r for r in csv.DictReader(io.StringIO(run("csv")[1]))}
    ana = rows[ANA_NAME]
    assert (ana["emails"], ana["phones"], ana["relationship_kind"]) == (ANA_EMAIL, "'" + ANA_PHONE, "mentor")
    assert ana["linkedin"] == f"https://www.linkedin.com/in/{ANA_SLUG}"


def test_a_made_up_format_or_an_unknown_person_is_refused():
    make.person("Ana Silva")
    with pytest.raises(BadInput, match="not an export format"):
        run("xml")
    with pytest.raises(BadInput, match="only the CSV export"):
        run("json", what="interactions")
    with pytest.raises(NotFound):
        run("json", person="Nobody Here")
    assert Person.objects.count() == 1
