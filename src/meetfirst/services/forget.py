"""`meetfirst forget PERSON`: delete a person and all their data; only the fact of a deletion remains."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from meetfirst.services.people import find_person
from meetfirst.store import forget_queries


@dataclass(frozen=True, slots=True)
class Forgotten:
    """What `forget` did: how many rows went, and when. The person's name is said once, to the user,
    and stored nowhere."""

    name: str
    rows: int
    at: datetime

    def as_dict(self) -> dict[str, object]:
        return {"forgotten": self.name, "rows_deleted": self.rows, "at": self.at}


def describe(query: str) -> str:
    """Who a query names, for the confirmation question: '#12 Ana Silva'."""
    person = find_person(query)
    return f"#{person.pk} {person.display_name}"


def forget(query: str, *, now: datetime) -> Forgotten:
    """Delete the person a query names with every row about them, and record that a deletion happened."""
    person = find_person(query)
    name = person.display_name
    with forget_queries.deletes_overwrite_content(), transaction.atomic():
        rows = forget_queries.delete_person(person_id=person.pk)
        forget_queries.record_deletion(at=now)
    forget_queries.flush_write_ahead_log()
    return Forgotten(name=name, rows=rows, at=now)
