"""Address-book importers: vCard 2.1/3.0/4.0, Google (current and legacy), Outlook, LinkedIn's uploads."""

from __future__ import annotations

import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from meetfirst import importers
from meetfirst.core.errors import UnknownFormat
from meetfirst.core.records import ContactRecord, RowError
from meetfirst.importers import vcard
from tests.conftest import DATA

CONTACTS = DATA / "contacts"
UTC = ZoneInfo("UTC")


def read(path: Path) -> list[ContactRecord | RowError]:
    return [r for r in importers.read([path], zone=UTC) if isinstance(r, ContactRecord | RowError)]


def contacts(path: Path) -> dict[str, ContactRecord]:
    return {r.display_name: r for r in read(path) if isinstance(r, ContactRecord)}


def test_an_apple_vcard_gives_every_email_phone_the_company_and_the_linkedin_slug():
    chidi = contacts(CONTACTS / "apple.vcf")["Chidi Okafor"]

    assert chidi.kind == "vcard"
    assert chidi.emails == ("chidi.okafor@northwind.example", "Chidi@Home.Example")
    assert chidi.phones == ("+44 7700 900123", "020 7946 0018")
    assert (chidi.company, chidi.title) == ("Northwind Traders", "Account Manager")
    assert chidi.profile_slug == "chidi-okafor"  # from X-SOCIALPROFILE
    assert chidi.source.line == 1


def test_a_url_line_with_a_linkedin_profile_gives_the_slug_and_folded_lines_are_joined():
    found = contacts(CONTACTS / "apple.vcf")

    assert found["Astrid Lindqvist"].profile_slug == "astrid-lindqvist-8a1b2c"
    assert "Camille Moreau" in found  # FN folded over two lines


def test_a_vcard_2_1_from_outlook_decodes_quoted_printable_names_and_organisations():
    (jorg,) = read(CONTACTS / "outlook21.vcf")

    assert isinstance(jorg, ContactRecord)
    assert (jorg.display_name, jorg.first_name, jorg.last_name) == ("Jörg Müller", "Jörg", "Müller")
    assert jorg.company == "Brückenbau GmbH"
    assert jorg.emails == ("joerg.mueller@brueckenbau.example", "jm@privat.example")


def test_a_vcard_4_0_gives_tel_uris_as_plain_numbers():
    (priya,) = read(CONTACTS / "google4.vcf")

    assert isinstance(priya, ContactRecord)
    assert priya.phones == ("+1-555-0100",)
    assert priya.profile_slug == "priya-raman"


def test_broken_cards_become_row_errors_with_their_line_and_good_cards_still_come_through():
    records = read(CONTACTS / "broken.vcf")
    errors = [str(r) for r in records if isinstance(r, RowError)]
    good = [r for r in records if isinstance(r, ContactRecord)]

    assert [c.emails for c in good] == [("good@card.example",), ("second-good@card.example",)]
    assert any(e.endswith("broken.vcf:6: text outside a BEGIN:VCARD ... END:VCARD card") for e in errors)
    assert any(e.endswith("broken.vcf:7: this card has no END:VCARD") for e in errors)
    assert any(e.endswith("broken.vcf:14: this card has no name, no e-mail and no phone") for e in errors)


def test_a_card_cut_short_at_the_end_of_the_file_is_an_error():
    text = b"BEGIN:VCARD\nVERSION:3.0\nFN:Half\n"
    (error,) = list(vcard.read_vcards("half.vcf", io.BytesIO(text)))

    assert str(error) == "half.vcf:1: this card has no END:VCARD (the file ends inside it)"


def test_the_current_google_csv_splits_values_joined_by_three_colons():
    found = contacts(CONTACTS / "google.csv")
    sofia = found["Sofia Rossi"]

    assert sofia.kind == "google-csv"
    assert sofia.emails == ("sofia@fabbrica.example", "sofia.rossi@mail.example")
    assert sofia.phones == ("+39 347 123 4567", "+39 06 1234 5678")
    assert (sofia.company, sofia.title, sofia.profile_slug) == ("Fabbrica Srl", "Designer", "sofia-rossi")
    assert found["Tom A. Baker"].first_name == "Tom A."  # the middle name goes with the first
    assert len(found) == 2  # the empty row is no contact


def test_the_legacy_google_csv_is_told_apart_by_its_first_header():
    (kenji,) = read(CONTACTS / "google_legacy.csv")

    assert isinstance(kenji, ContactRecord)
    assert kenji.kind == "google-csv"
    assert kenji.emails == ("kenji@watanabe.example", "kw@mail.example")
    assert (kenji.company, kenji.title) == ("Sakura KK", "Engineer")


@pytest.mark.parametrize("name", ["outlook.csv", "outlook_old.csv"])
def test_outlook_csv_is_read_by_header_names_with_either_country_column(name: str):
    found = list(contacts(CONTACTS / name).values())

    assert found and all(c.kind == "outlook-csv" for c in found)
    first = found[0]
    assert first.emails and first.company


def test_linkedin_address_book_uploads_of_both_eras_are_read():
    (marta,) = read(CONTACTS / "ImportedContacts.csv")
    (diego,) = read(CONTACTS / "Imported Contacts.csv")

    assert isinstance(marta, ContactRecord) and isinstance(diego, ContactRecord)
    assert marta.kind == diego.kind == "linkedin-contacts"
    assert marta.emails == ("marta@wisla.example", "marta.k@mail.example")
    assert marta.phones == ("+48 600 100 200",)
    assert (diego.display_name, diego.company) == ("Diego Fernández", "Andes SA")


def test_a_contacts_row_of_the_wrong_width_is_a_row_error_naming_its_line():
    records = read(CONTACTS / "google_bad_row.csv")

    assert str(records[-1]).endswith("google_bad_row.csv:3: this row has 8 fields where the header has 6")


def test_a_folder_of_address_books_is_read_by_content(tmp_path: Path):
    (tmp_path / "people.vcf").write_bytes((CONTACTS / "google4.vcf").read_bytes())
    (tmp_path / "notes.txt").write_text("not a contact")

    assert [c.display_name for c in read(tmp_path)] == ["Priya Raman"]


def test_a_named_file_that_is_no_known_format_is_refused(tmp_path: Path):
    odd = tmp_path / "odd.txt"
    odd.write_text("hello\nworld\n")

    with pytest.raises(UnknownFormat):
        read(odd)
