"""`meetfirst export`: everything the store knows, or one person, as JSON, vCard or CSV.

Every writer streams: people are read in batches and interactions as a cursor, and each piece is
written out as soon as it is ready, so that a store of a million interactions exports in little memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from meetfirst.core import spreadsheet, vcard
from meetfirst.core.errors import BadInput
from meetfirst.core.identity import profile_url
from meetfirst.services.people import find_person
from meetfirst.store import export_queries
from meetfirst.store.models import Identity

FORMATS = ("json", "vcard", "csv")
CSV_KINDS = ("people", "interactions")
EXPORT_FORMAT = "meetfirst-export"
EXPORT_VERSION = 1
BATCH = 500

PEOPLE_COLUMNS = (
    "id",
    "display_name",
    "first_name",
    "last_name",
    "company",
    "position",
    "headline",
    "location",
    "is_connection",
    "connected_on",
    "relationship_kind",
    "relationship_since",
    "cadence_days",
    "linkedin",
    "emails",
    "phones",
)
INTERACTION_COLUMNS = (
    "id",
    "person_id",
    "person",
    "occurred_at",
    "kind",
    "direction",
    "channel",
    "subject",
    "text",
    "conversation_id",
    "source",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def _dumps(value: Any) -> str:
    return json.dumps(value, default=_plain, ensure_ascii=False)


def person_id_for(query: str | None) -> int | None:
    """The id of the person a query names (None for everyone)."""
    return None if query is None else find_person(query).pk


def export(out: TextIO, *, fmt: str, person: str | None = None, what: str = "people", now: datetime) -> int:
    """Write the export to `out`; return how many people (or interactions, for that CSV) it holds."""
    if fmt not in FORMATS:
        raise BadInput(f"'{fmt}' is not an export format ({', '.join(FORMATS)})")
    if what not in CSV_KINDS:
        raise BadInput(f"'{what}' is not something to export ({', '.join(CSV_KINDS)})")
    if what != "people" and fmt != "csv":
        raise BadInput("only the CSV export has a separate kind for interactions")
    person_id = person_id_for(person)
    if fmt == "json":
        return write_json(out, person_id=person_id, now=now)
    if fmt == "vcard":
        return write_vcards(out, person_id=person_id)
    if what == "interactions":
        return write_interactions_csv(out, person_id=person_id)
    return write_people_csv(out, person_id=person_id)


# -- JSON ---------------------------------------------------------------------------------------------


def write_json(out: TextIO, *, person_id: int | None, now: datetime) -> int:
    """One JSON document: the owner, then each person with all that belongs to them."""
    out.write("{\n")
    out.write(f'"format": {_dumps(EXPORT_FORMAT)},\n"version": {EXPORT_VERSION},\n')
    out.write(f'"exported_at": {_dumps(now)},\n')
    out.write(f'"owner": {_dumps(export_queries.owner())},\n')
    out.write('"people": [')
    count = 0
    for person in people_documents(person_id=person_id):
        out.write(",\n" if count else "\n")
        out.write(_dumps(person))
        count += 1
    out.write(f'\n],\n"people_count": {count}\n}}\n')
    return count


def people_documents(*, person_id: int | None = None) -> Iterator[dict[str, Any]]:
    """Each person as a JSON-ready dict, one at a time; only one batch's small rows are held at once."""
    ids = export_queries.person_ids(person_id=person_id)
    for start in range(0, len(ids), BATCH):
        first_id, last_id = ids[start], ids[min(start + BATCH, len(ids)) - 1]
        owned = export_queries.belongings(first_id=first_id, last_id=last_id)
        stream = export_queries.interactions(first_id=first_id, last_id=last_id)
        pending = next(stream, None)
        for person in export_queries.people(first_id=first_id, last_id=last_id):
            mine = owned.get(person["id"], {})
            timeline = []
            # Both are ordered by person id: take this person's interactions off the front of the stream.
            while pending is not None and pending["person_id"] <= person["id"]:
                if pending["person_id"] == person["id"]:
                    pending.pop("person_id")
                    timeline.append(pending)
                pending = next(stream, None)
            yield {
                **person,
                "identities": mine.get("identities", []),
                "requests": mine.get("requests", []),
                "interactions": timeline,
                "meetings": mine.get("meetings", []),
                "shared_notes": mine.get("shared_notes", []),
                "follow_ups": mine.get("follow_ups", []),
                **{key: rows for key, rows in mine.items() if key.startswith("other:")},
            }
        for _ in stream:  # drain the cursor before the next batch opens its own
            pass


# -- vCard --------------------------------------------------------------------------------------------


def write_vcards(out: TextIO, *, person_id: int | None) -> int:
    count = 0
    for person, identities in export_queries.contact_rows(person_id=person_id):
        out.write(vcard.render(card_for(person, identities)))
        count += 1
    return count


def card_for(person: dict[str, Any], identities: list[dict[str, Any]]) -> vcard.Card:
    """A contact card: names, e-mails, phones, the LinkedIn profile, company, position, relationship."""
    by_kind = _values_by_kind(identities)
    return vcard.Card(
        full_name=person["display_name"],
        family_name=person["last_name"],
        given_name=person["first_name"],
        emails=tuple(by_kind[Identity.Kind.EMAIL]),
        phones=tuple(by_kind[Identity.Kind.PHONE]),
        urls=tuple(u for u in (profile_url(s) for s in by_kind[Identity.Kind.LINKEDIN]) if u),
        organization=person["company"],
        title=person["position"],
        note=_relationship_note(person),
        uid=f"urn:meetfirst:person:{person['id']}",
    )


def _relationship_note(person: dict[str, Any]) -> str:
    kind = person.get("relationship_kind") or ""
    if not kind:
        return ""
    since = person.get("relationship_since")
    return f"relationship: {kind}" + (f" since {since.isoformat()}" if since else "")


def _values_by_kind(identities: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {kind: [] for kind in Identity.Kind.values}
    for identity in identities:
        found.setdefault(identity["kind"], []).append(identity["value"])
    return found


# -- CSV ----------------------------------------------------------------------------------------------


def write_people_csv(out: TextIO, *, person_id: int | None) -> int:
    writer = csv.writer(out)
    writer.writerow(PEOPLE_COLUMNS)
    count = 0
    for person, identities in export_queries.contact_rows(person_id=person_id):
        by_kind = _values_by_kind(identities)
        values = {
            **person,
            "linkedin": " ".join(u for u in (profile_url(s) for s in by_kind[Identity.Kind.LINKEDIN]) if u),
            "emails": " ".join(by_kind[Identity.Kind.EMAIL]),
            "phones": " ".join(by_kind[Identity.Kind.PHONE]),
        }
        writer.writerow([spreadsheet.safe_cell(_cell(values.get(c))) for c in PEOPLE_COLUMNS])
        count += 1
    return count


def write_interactions_csv(out: TextIO, *, person_id: int | None) -> int:
    writer = csv.writer(out)
    writer.writerow(INTERACTION_COLUMNS)
    count = 0
    for row in export_queries.interaction_rows(person_id=person_id):
        row["person"] = row.pop("person__display_name")
        writer.writerow([spreadsheet.safe_cell(_cell(row.get(c))) for c in INTERACTION_COLUMNS])
        count += 1
    return count


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value
