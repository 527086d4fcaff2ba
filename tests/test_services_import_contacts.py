"""Address books into the store: people found again by slug, e-mail, phone or name, identities that say
which book they came from, phones in E.164, and the owner's own card left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetfirst.core.policy import Policy
from meetfirst.core.records import ContactRecord, SourceRef
from meetfirst.services.import_contacts import phone_region, phone_value
from meetfirst.services.importing import import_paths, ingest_records
from meetfirst.store.models import Identity, Owner, Person
from tests.conftest import DATA, FIXED_NOW
from tests.factories_records import connection, owner_email

CONTACTS = DATA / "contacts"
pytestmark = pytest.mark.usefixtures("db", "home")


def identities(person: Person) -> set[tuple[str, str]]:
    return set(person.identities.values_list("kind", "value"))


def card(name: str = "Chidi Okafor", **fields: object) -> ContactRecord:
    return ContactRecord(source=SourceRef("book.vcf", 1), kind="vcard", display_name=name, **fields)  # type: ignore[arg-type]


def test_a_vcard_makes_people_with_every_email_phone_and_slug_from_that_book(home: Path):
    (home / "policy.toml").write_text('phone_region = "GB"\n', encoding="utf-8")
    summary = import_paths([CONTACTS / "apple.vcf"], now=FIXED_NOW)

    chidi = Person.objects.get(display_name="Chidi Okafor")
    assert summary.created.people == 3
    assert (chidi.company, chidi.position) == ("Northwind Traders", "Account Manager")
    assert {("email", "chidi.okafor@northwind.example"), ("email", "chidi@home.example")} <= identities(chidi)
    assert ("linkedin", "chidi-okafor") in identities(chidi)
    assert {("phone", "+447700900123"), ("phone", "+442079460018")} <= identities(chidi)
    sources = set(chidi.identities.values_list("source", flat=True))
    assert sources == {f"vcard:{CONTACTS / 'apple.vcf'}"}


def test_a_contact_joins_the_linkedin_connection_with_the_same_email():
    ingest_records(iter([connection("Aisha", "Bello", slug="aisha-b", email="aisha.bello@fabrikam.example")]))

    import_paths([CONTACTS / "outlook.csv"], now=FIXED_NOW)

    aisha = Identity.objects.get(kind="linkedin", value="aisha-b").person
    assert ("phone", "+23412345678") in identities(aisha)
    assert Person.objects.filter(display_name="Aisha Bello").count() == 1


def test_a_contact_is_found_again_by_a_phone_number_alone():
    ingest_records(iter([card("Camille Moreau", phones=("+33 1 23 45 67 89",))]), now=FIXED_NOW)

    ingest_records(iter([card("C. Moreau (home)", phones=("+33123456789",))]), now=FIXED_NOW)

    assert Person.objects.count() == 1


def test_the_owners_own_card_is_skipped():
    ingest_records(iter([owner_email("me@owner.example")]), now=FIXED_NOW)

    summary = ingest_records(iter([card("Me Myself", emails=("ME@owner.example",))]), now=FIXED_NOW)

    assert summary.skipped == 1
    assert not Person.objects.exists()


def test_importing_the_same_address_book_twice_changes_nothing():
    import_paths([CONTACTS / "google.csv"], now=FIXED_NOW)
    before = list(Identity.objects.order_by("id").values_list("person_id", "kind", "value"))

    again = import_paths([CONTACTS / "google.csv"], now=FIXED_NOW, force=True)

    assert again.created.people == 0
    assert list(Identity.objects.order_by("id").values_list("person_id", "kind", "value")) == before


def test_a_bad_row_in_an_address_book_stores_nothing_and_names_the_line():
    from meetfirst.core.errors import BadRows

    with pytest.raises(BadRows, match=r"google_bad_row\.csv:3"):
        import_paths([CONTACTS / "google_bad_row.csv"], now=FIXED_NOW)
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("text", "region", "value"),
    [
        ("+44 7700 900123", None, "+447700900123"),
        ("020 7946 0018", "GB", "+442079460018"),
        ("0049 30 1234567", None, "+49301234567"),
        ("030 1234567", None, "0301234567"),
        ("12", "GB", None),
        ("tel", None, None),
    ],
)
def test_phone_numbers_become_e164_when_they_can_be_placed(text: str, region: str | None, value: str | None):
    assert phone_value(text, region) == value


def test_the_phone_region_comes_from_the_policy_else_from_the_time_zone():
    assert phone_region(Policy(phone_region="fr", timezone="Europe/Berlin")) == "FR"
    assert phone_region(Policy(timezone="Europe/Berlin")) == "DE"
    assert Owner.objects.count() == 0
