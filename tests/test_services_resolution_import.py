"""Identity resolution runs after each import: backed fuzzy matches merge, names alone are suggested,
and a rejected pair stays rejected when the same files are imported again."""

from __future__ import annotations

import pytest

from meetfirst.core.records import ContactRecord, SourceRef
from meetfirst.services import resolution
from meetfirst.services.importing import ingest_records
from meetfirst.store.models import MergeRecord, MergeSuggestion, Person
from tests.conftest import FIXED_NOW
from tests.factories_records import connection

pytestmark = pytest.mark.usefixtures("db", "home")


def contact(name: str, *, emails: tuple[str, ...] = (), company: str = "", line: int = 2) -> ContactRecord:
    return ContactRecord(
        source=SourceRef("contacts.vcf", line),
        kind="vcard",
        display_name=name,
        emails=emails,
        company=company,
    )


def test_an_address_book_entry_backed_by_the_company_joins_the_linkedin_connection():
    ingest_records([connection("Robert", "Smith", slug="robert-smith", company="Acme Inc")], now=FIXED_NOW)

    ingest_records([contact("Bob Smith", emails=("bob@acme.com",), company="ACME")], now=FIXED_NOW)

    assert Person.objects.count() == 1
    record = MergeRecord.objects.get()
    assert record.automatic
    assert record.reasons[:2] == ["names match as Bob/Robert (nickname)", "same company Acme Inc"]


def test_a_namesake_elsewhere_is_suggested_and_a_rejection_survives_a_reimport():
    linkedin = [connection("Ana", "Silva", slug="ana-silva", company="Acme")]
    book = [contact("Ana Maria Silva", emails=("ana@globex.example",), company="Globex")]
    ingest_records(linkedin, now=FIXED_NOW)
    ingest_records(book, now=FIXED_NOW)
    suggestion = MergeSuggestion.objects.get()
    assert suggestion.status == "pending"

    resolution.reject_suggestion(suggestion.pk, now=FIXED_NOW)
    ingest_records(linkedin, now=FIXED_NOW)
    ingest_records(book, now=FIXED_NOW)

    assert Person.objects.count() == 2
    assert list(MergeSuggestion.objects.values_list("status", flat=True)) == ["rejected"]
