"""Bulk writes for imports: an in-memory index of who is who, and batched inserts and updates.

An import of a large export touches tens of thousands of people and a million messages, so nothing here
writes one row at a time. People are found through small in-memory maps (slug, e-mail and folded name
to person id); a person met for the first time gets a temporary negative id until the next flush, when
every waiting person is created in one statement and the rows that referred to them are rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from operator import itemgetter
from typing import Any

from django.db import models
from django.utils import timezone

from meetfirst.store import bulk
from meetfirst.store.models import ConnectionRequest, Identity, Owner, Person

# Fields of a person that an import may set; anything else belongs to the user.
SNAPSHOT_FIELDS = (
    "display_name",
    "first_name",
    "last_name",
    "name_key",
    "company",
    "position",
    "is_connection",
    "connected_on",
)


def fit(text: str | None, length: int) -> str:
    """Text cut to a column's length (PostgreSQL refuses longer values; SQLite would keep them)."""
    return (text or "")[:length]


@dataclass(slots=True)
class _NewPerson:
    """A person waiting to be created at the next flush."""

    fields: dict[str, Any]
    identities: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, value, source)


class PeopleIndex:
    """Who is who during one import: finds people by slug, e-mail or folded name, and creates them in bulk."""

    def __init__(self) -> None:
        self.by_slug: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_phone: dict[str, int] = {}
        self.by_external: dict[str, int] = {}  # a ticket system's id for a customer, "<system>:<id>"
        self.by_name: dict[str, list[int]] = {}
        self.linked: set[int] = set()  # people who have a LinkedIn identity
        self.created: set[int] = set()  # real ids of the people this import created
        self.updated: set[int] = set()  # real ids of existing people this import changed
        self._new: dict[int, _NewPerson] = {}
        self._real: dict[int, int] = {}
        self._new_identities: list[tuple[int, str, str, str]] = []  # (person, kind, value, source)
        self._changes: dict[int, dict[str, Any]] = {}
        self._next_temp = -1

    @classmethod
    def load(cls) -> PeopleIndex:
        """Read every identity and every folded name (small: one entry per person)."""
        index = cls()
        identities = Identity.objects.all()
        for person_id, kind, value in identities.values_list("person_id", "kind", "value").iterator(5000):
            if kind == Identity.Kind.LINKEDIN:
                index.by_slug[value] = person_id
                index.linked.add(person_id)
            else:
                index.table(kind)[value] = person_id
        named = Person.objects.exclude(name_key="").order_by("id").values_list("id", "name_key")
        for person_id, key in named.iterator(5000):
            index.by_name.setdefault(key, []).append(person_id)
        return index

    def find(self, *, slug: str | None, email: str | None, name_key: str) -> int | None:
        """The person with this slug, else this e-mail, else this folded name (see below), or None.

        An e-mail does not join a record with a slug to a person who has another slug. A name matches a
        person who has no LinkedIn identity yet (a later export may bring the slug). A record without a
        slug may also match the one person of that name who has one; with several namesakes nobody can
        tell, so it does not match.
        """
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        if email and email in self.by_email:
            found = self.by_email[email]
            # Two profiles are two people, even when they share an address (a team mailbox).
            if not slug or found not in self.linked:
                return found
        if name_key:
            candidates = self.by_name.get(name_key, ())
            for person_id in candidates:
                if person_id not in self.linked:
                    return person_id
            if not slug and len(candidates) == 1:
                return candidates[0]
        return None

    def create(self, fields: dict[str, Any]) -> int:
        """Queue a new person; returns a temporary (negative) id valid until the next flush."""
        temp = self._next_temp
        self._next_temp -= 1
        self._new[temp] = _NewPerson(fields=dict(fields))
        key = fields.get("name_key", "")
        if key:
            self.by_name.setdefault(key, []).append(temp)
        return temp

    def attach(self, person_id: int, *, kind: str, value: str, source: str) -> bool:
        """Give a person a LinkedIn slug or an e-mail; False when the key already names someone."""
        value = fit(value, 320)
        table = self.table(kind)
        if not value or value in table:
            return False
        table[value] = person_id
        if kind == Identity.Kind.LINKEDIN:
            self.linked.add(person_id)
        waiting = self._new.get(person_id)
        if waiting is not None:
            waiting.identities.append((kind, value, source))
        else:
            self._new_identities.append((person_id, kind, value, source))
            self.updated.add(person_id)
        return True

    def table(self, kind: str) -> dict[str, int]:
        """The map of identities of one kind (LinkedIn slug, e-mail, phone, ticket-system id) to people."""
        if kind == Identity.Kind.LINKEDIN:
            return self.by_slug
        if kind == Identity.Kind.EXTERNAL:
            return self.by_external
        return self.by_phone if kind == Identity.Kind.PHONE else self.by_email

    def change(self, person_id: int, fields: dict[str, Any]) -> None:
        """Set snapshot fields on a person; existing people are compared with the store at the flush."""
        waiting = self._new.get(person_id)
        if waiting is not None:
            self._rename(person_id, waiting.fields.get("name_key", ""), fields.get("name_key"))
            waiting.fields.update(fields)
        else:
            self._changes.setdefault(person_id, {}).update(fields)

    def real(self, person_id: int) -> int:
        """The stored id of a person (temporary ids are valid until the flush that creates them)."""
        return self._real.get(person_id, person_id) if person_id < 0 else person_id

    @property
    def waiting(self) -> int:
        return len(self._new) + len(self._changes) + len(self._new_identities)

    def flush(self, *, copy_later: bool = False) -> list[bulk.CopyJob]:
        """Create the waiting people and identities, then write the changed snapshots of existing people.

        With `copy_later` on PostgreSQL, new people get their ids at once but their rows and the new
        identities are returned, to be copied by the caller before anything stored refers to them (a
        ticket import copies them in the background with its batch); otherwise this returns [].
        """
        later = copy_later and bulk.ids_drawn_first()
        copies: list[bulk.CopyJob] = []
        identities: list[tuple[int, str, str, str]] = []
        if self._new:
            identities = self._create_waiting(copies if later else None)
        identities += self._new_identities
        self._new_identities = []
        if identities:
            rows = _identity_rows(identities)
            if later:
                copies.append((Identity, IDENTITY_COLUMNS, rows))
            else:
                bulk.copy_rows(Identity, IDENTITY_COLUMNS, rows)
        if self._changes:
            self._write_changes()
        return copies

    def _create_waiting(self, copies: list[bulk.CopyJob] | None) -> list[tuple[int, str, str, str]]:
        """Give the waiting people their ids (inserted, or their rows added to `copies`); return their
        identities, still to be written."""
        temps = list(self._new)
        columns, rows = _people_rows([self._new[t].fields for t in temps])
        if copies is None:
            reals = bulk.insert_returning_ids(Person, columns, rows)
        else:
            reals = bulk.draw_ids(Person, len(rows))
            copies.append(
                (Person, ["id", *columns], [[pk, *row] for pk, row in zip(reals, rows, strict=True)])
            )
        identities: list[tuple[int, str, str, str]] = []
        for temp, real in zip(temps, reals, strict=True):
            self._real[temp] = real
            self.created.add(real)
            waiting = self._new[temp]
            for kind, value, source in waiting.identities:
                identities.append((real, kind, value, source))
                self.table(kind)[value] = real
                if kind == Identity.Kind.LINKEDIN:
                    self.linked.discard(temp)
                    self.linked.add(real)
            key = waiting.fields.get("name_key", "")
            if key:
                ids = self.by_name.get(key, [])
                self.by_name[key] = [real if i == temp else i for i in ids]
        self._new = {}
        return identities

    def _write_changes(self) -> None:
        changes, self._changes = self._changes, {}
        current = Person.objects.filter(pk__in=list(changes)).values("id", *SNAPSHOT_FIELDS)
        dirty: list[Person] = []
        dirty_fields: set[str] = set()
        for row in current:
            wanted = changes[row["id"]]
            different = {name: value for name, value in wanted.items() if row[name] != value}
            if not different:
                continue
            self._rename(row["id"], row["name_key"], different.get("name_key"))
            row.update(different)
            dirty.append(Person(**row, updated_at=timezone.now()))
            dirty_fields.update(different)
            self.updated.add(row["id"])
        if dirty:
            Person.objects.bulk_update(dirty, [*sorted(dirty_fields), "updated_at"], batch_size=1000)

    def _rename(self, person_id: int, old_key: str, new_key: str | None) -> None:
        if new_key is None or new_key == old_key:
            return
        if old_key and person_id in self.by_name.get(old_key, ()):
            self.by_name[old_key].remove(person_id)
        if new_key:
            self.by_name.setdefault(new_key, []).append(person_id)


def connection_snapshot(
    *,
    first_name: str,
    last_name: str,
    display_name: str,
    name_key: str,
    company: str,
    position: str,
    connected_on: date | None,
) -> dict[str, Any]:
    """The person fields that one row of Connections.csv sets (blank company or date keep the old value)."""
    fields: dict[str, Any] = {"is_connection": True}
    if display_name:
        fields.update(
            display_name=fit(display_name, 300),
            first_name=fit(first_name, 200),
            last_name=fit(last_name, 200),
            name_key=fit(name_key, 300),
        )
    if company:
        fields["company"] = fit(company, 300)
    if position:
        fields["position"] = fit(position, 300)
    if connected_on is not None:
        fields["connected_on"] = connected_on
    return fields


# --- the owner -------------------------------------------------------------------------------------


def load_owner() -> Owner:
    """The owner's row, unsaved and blank when no import has named the owner yet."""
    return Owner.objects.order_by("id").first() or Owner()


def save_owner(owner: Owner) -> None:
    owner.save()


# --- connection requests ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RequestRow:
    person_id: int  # may be temporary until the people are flushed
    key: str
    channel: str
    direction: str
    sent_at: datetime
    note: str
    source: str


def write_requests(rows: Sequence[RequestRow], *, real: Callable[[int], int]) -> tuple[list[int], list[int]]:
    """Store new requests and fill notes that were missing; return (created ids, updated ids).

    A request is the same when its key matches, or when the same person sent it in the same direction at
    the same minute (so an invitation seen before and after LinkedIn added profile URLs stays one row), or
    when one of the two came from a notification e-mail (keyed by its invitation id) and the other from
    the export, from the same person, incoming, sent within JOIN_WINDOW of each other.
    """
    resolved = [(real(row.person_id), row) for row in rows]
    stored = ConnectionRequest.objects.filter(person_id__in={pid for pid, _ in resolved})
    by_key: dict[str, dict[str, Any]] = {}
    by_moment: dict[tuple[int, str, datetime], dict[str, Any]] = {}
    by_sender: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for values in stored.values("id", "key", "person_id", "direction", "channel", "sent_at", "note"):
        known: dict[str, Any] = dict(values)
        by_key[known["key"]] = by_moment[(known["person_id"], known["direction"], known["sent_at"])] = known
        if known["direction"] == ConnectionRequest.DirectionChoice.INCOMING:
            by_sender.setdefault((known["person_id"], known["channel"]), []).append(known)
    new: list[ConnectionRequest] = []
    notes: dict[int, str] = {}
    for person_id, row in resolved:
        moment = (person_id, row.direction, row.sent_at)
        found = by_key.get(row.key) or by_moment.get(moment) or _same_invitation(by_sender, person_id, row)
        if found is None:
            new.append(
                ConnectionRequest(
                    person_id=person_id,
                    key=fit(row.key, 400),
                    channel=fit(row.channel, 32),
                    direction=row.direction,
                    sent_at=row.sent_at,
                    note=row.note,
                    state=ConnectionRequest.State.PENDING,
                    source=fit(row.source, 500),
                )
            )
            # A second sighting in the same batch (two overlapping exports) is the same request.
            seen = {"id": None, "note": row.note, "key": row.key, "sent_at": row.sent_at}
            by_key[row.key] = by_moment[moment] = seen
            if row.direction == ConnectionRequest.DirectionChoice.INCOMING:
                by_sender.setdefault((person_id, row.channel), []).append(seen)
        elif row.note and not found["note"] and found["id"] is not None:
            found["note"] = notes[found["id"]] = row.note
    ConnectionRequest.objects.bulk_create(new, batch_size=2000)
    for request_id, note in notes.items():
        ConnectionRequest.objects.filter(pk=request_id).update(note=note, updated_at=timezone.now())
    return [r.pk for r in new if r.pk is not None], list(notes)


# How far apart a notification e-mail's date and the export's Sent At may be for one invitation: the
# export's time is the owner's local time to the minute, and a reminder may come days later.
JOIN_WINDOW = timedelta(days=3)


def is_invitation_id_key(key: str) -> bool:
    """Whether a request key is a channel's own invitation id (see services.importing.request_key)."""
    return ":id:" in key


def _same_invitation(
    by_sender: dict[tuple[int, str], list[dict[str, Any]]], person_id: int, row: RequestRow
) -> dict[str, Any] | None:
    """The stored or queued incoming request this row is another sighting of, joined across sources."""
    if row.direction != ConnectionRequest.DirectionChoice.INCOMING:
        return None
    from_mail = is_invitation_id_key(row.key)
    for known in by_sender.get((person_id, row.channel), ()):
        if is_invitation_id_key(known["key"]) == from_mail:
            continue  # two export rows (or two e-mails) are told apart by their own keys
        if abs(known["sent_at"] - row.sent_at) <= JOIN_WINDOW:
            return known
    return None


def accept_requests_of_connections() -> list[int]:
    """Mark accepted every pending request whose person is now a connection; return their ids."""
    pending = ConnectionRequest.objects.filter(
        state=ConnectionRequest.State.PENDING, person__is_connection=True
    )
    ids = list(pending.values_list("id", flat=True))
    for start in range(0, len(ids), 2000):
        ConnectionRequest.objects.filter(pk__in=ids[start : start + 2000]).update(
            state=ConnectionRequest.State.ACCEPTED, updated_at=timezone.now()
        )
    return ids


# --- people in bulk --------------------------------------------------------------------------------


def _people_rows(rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """The columns of a new person and each person's values for them, unset fields at their defaults."""
    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    moment, day = bulk.datetime_adapter(), bulk.date_adapter()
    now = timezone.now()
    defaults: dict[str, Any] = {}
    dated: list[tuple[int, Callable[[Any], Any]]] = []  # the columns whose values get adapted
    for n, f in enumerate(fields):
        if isinstance(f, models.DateTimeField):
            dated.append((n, partial(_optional, moment)))
            defaults[f.name] = now if f.auto_now or f.auto_now_add else f.get_default()
        elif isinstance(f, models.DateField):
            dated.append((n, day))
            defaults[f.name] = f.get_default()
        else:
            defaults[f.name] = f.get_default()
    # A person's fields over the defaults, picked in column order (tens of thousands of people an import).
    pick = itemgetter(*(f.name for f in fields))
    params = [list(pick({**defaults, **row})) for row in rows]
    for values in params:
        for n, adapt in dated:
            values[n] = adapt(values[n])
    return [str(f.column) for f in fields], params


def _as_is(value: Any) -> Any:
    return value


def _optional(adapt: Callable[[datetime], Any], value: datetime | None) -> Any:
    return adapt(value) if value is not None else None


IDENTITY_COLUMNS = ("person_id", "kind", "value", "source", "created_at")


def _identity_rows(rows: Sequence[tuple[int, str, str, str]]) -> list[tuple[Any, ...]]:
    created_at = bulk.datetime_adapter()(timezone.now())
    return [(person, kind, value, source[:500], created_at) for person, kind, value, source in rows]
