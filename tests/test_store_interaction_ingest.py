"""An import into an empty store builds the (person, occurred_at) index of interactions at the end."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from meetfirst.core.errors import BadRows
from meetfirst.services import importing
from meetfirst.store import interaction_ingest
from meetfirst.store.models import Interaction
from tests.conftest import DATA, FIXED_NOW

pytestmark = pytest.mark.usefixtures("db", "home")

INDEX = next(i.name for i in Interaction._meta.indexes if i.fields == ["person", "occurred_at"])


def interaction_indexes() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Interaction._meta.db_table)
    return {name for name, about in found.items() if about["index"] and not about["unique"]}


def test_an_import_into_an_empty_store_leaves_the_person_index_in_place():
    assert INDEX in interaction_indexes()

    importing.import_paths([DATA / "linkedin" / "2026"], now=FIXED_NOW)

    assert Interaction.objects.exists()
    assert INDEX in interaction_indexes()


def test_a_failed_import_into_an_empty_store_leaves_the_person_index_in_place(tmp_path):
    bad = tmp_path / "Invitations.csv"
    bad.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        "Someone,Maren,not a date,,INCOMING,,\n",
        encoding="utf-8",
    )

    with pytest.raises(BadRows):
        importing.import_paths([DATA / "linkedin" / "2026", bad], now=FIXED_NOW)

    assert INDEX in interaction_indexes()
    assert not Interaction.objects.exists()


def test_the_index_is_dropped_only_while_the_table_is_empty():
    importing.import_paths([DATA / "linkedin" / "2026"], now=FIXED_NOW)

    with transaction.atomic(), interaction_ingest.interactions_indexed_at_the_end() as dropped:
        assert not dropped
        assert INDEX in interaction_indexes()
