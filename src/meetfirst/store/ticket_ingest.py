"""Bulk writes of imported tickets: the tickets, their moments on the timeline, and which teams serve which
customers (the staff and teams they name: store/staff_index.py).

A ticket import may hold a million rows, so tickets are written a batch at a time in plain SQL (COPY on
PostgreSQL), and each batch looks up only its own keys: memory stays flat however long the file is.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any

import psycopg
from django.db import connection
from django.utils import timezone

from meetfirst.store import bulk, gil_handoffs
from meetfirst.store.bulk_indexes import DeferredIndexes
from meetfirst.store.bulk_keys import TRIGGERS_OFF, TRIGGERS_ON, KeysCheckedLater
from meetfirst.store.interaction_ingest import INTERACTION_COLUMNS
from meetfirst.store.models import Interaction, Person, Ticket

log = logging.getLogger(__name__)

TICKET_COLUMNS = (
    "key",
    "system",
    "external_id",
    "person_id",
    "team_id",
    "agent_id",
    "subject",
    "status",
    "priority",
    "channel",
    "opened_at",
    "updated_at",
    "resolved_at",
    "closed_at",
    "reopens",
    "first_reply_minutes",
    "requester_wait_minutes",
    "satisfaction_raw",
    "satisfaction_value",
    "satisfaction_min",
    "satisfaction_max",
    "satisfaction_positive",
    "satisfaction_comment",
    "rated_at",
    "revision",
    "source",
)
KEY, SYSTEM, PERSON, TEAM, SUBJECT, CHANNEL = 0, 1, 3, 4, 6, 9
OPENED, UPDATED, RESOLVED, RATING_RAW, RATING_VALUE, RATING_COMMENT, RATED = 10, 11, 12, 17, 18, 22, 23
REVISION, SOURCE = 24, 25
_MOMENTS = (10, 11, 12, 13, 23)  # the datetime columns
# What a re-import compares: everything but where the row was read (a file renamed changes nothing).
_COMPARED = tuple(i for i in range(len(TICKET_COLUMNS)) if i not in (KEY, SOURCE))
# Updated in place by id: every column but the key; the compared ones first (see bulk.update_rows).
_UPDATED_COLUMNS = (*(TICKET_COLUMNS[i] for i in _COMPARED), "source")

# Interaction columns a re-import may change on a ticket's moments; the first five decide "changed".
_MOMENT_UPDATES = ("person_id", "channel", "occurred_at", "subject", "text", "conversation_id", "source")
KEY_LIMIT = 200  # Interaction.key's length
_TICKET_KIND, _RATING_KIND = Interaction.Kind.TICKET.value, Interaction.Kind.RATING.value


@dataclass(slots=True)
class PendingTicket:
    """One ticket waiting for the next batch: its columns in TICKET_COLUMNS order, and its description.

    The person may still have a temporary (negative) id; datetimes are aware Python values.
    """

    values: list[Any]
    description: str

    @property
    def revision(self) -> str:
        return str(self.values[REVISION])


@dataclass(slots=True)
class TicketWrite:
    """What one batch did: tickets and timeline moments created and changed."""

    created: int = 0
    updated: int = 0
    moments_created: int = 0
    moments_updated: int = 0


def timeline_key(kind: str, ticket_key: str) -> str:
    """The key of a ticket's moment on the timeline (`ticket:<key>`, `rating:<key>`), hashed if too long."""
    key = f"{kind}:{ticket_key}"
    if len(key) <= KEY_LIMIT:
        return key
    return f"{kind}:#{blake2b(ticket_key.encode('utf-8', 'surrogatepass'), digest_size=20).hexdigest()}"


def timeline_exists() -> bool:
    """Whether any ticket moment is stored yet (before the first ticket import, none can collide)."""
    return Interaction.objects.filter(kind__in=(Interaction.Kind.TICKET, Interaction.Kind.RATING)).exists()


def indexes_for_later() -> DeferredIndexes:
    """On PostgreSQL, the plain indexes of empty ticket and interaction tables, dropped until the import
    ends (see bulk_indexes)."""
    later = DeferredIndexes()
    later.drop(Ticket)
    later.drop(Interaction)
    return later


def keys_for_later() -> KeysCheckedLater | None:
    """When the database allows it, the foreign keys of copied tickets, moments and served pairs checked
    once at the end of the import rather than row by row (see bulk_keys)."""
    if not KeysCheckedLater.possible():
        return None
    return KeysCheckedLater()


def tickets_all_ours() -> bool:
    """PostgreSQL, inside the import's transaction: whether the ticket table is empty, then locked against
    other writers until the import ends (every stored ticket is then one this import wrote)."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block or Ticket.objects.exists():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f"LOCK TABLE {connection.ops.quote_name(Ticket._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE"
        )
    return not Ticket.objects.exists()


class KeysWritten:
    """The keys of the tickets one import wrote, in a Bloom filter of a fixed 2 MB.

    It answers "surely not written" or "maybe": a first import (see `tickets_all_ours`) then looks up only
    a batch's maybes, the tickets that an event log repeats and, at a million keys, 1 in 200 others by
    chance, instead of every key. Memory stays flat: more keys only mean more maybes.
    """

    BITS = 1 << 24

    def __init__(self) -> None:
        self._bits = bytearray(self.BITS >> 3)

    def add(self, key: str) -> None:
        self.update((key,))

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and bool(self.maybe((key,)))

    def update(self, keys: Iterable[str]) -> None:
        """Remember these keys as written (a batch at a time: one call, not one per key)."""
        bits, mask, wide = self._bits, _SLICE, _HASH_BITS
        for key in keys:
            h = hash(key) & wide
            a, b, c = h & mask, (h >> 24) & mask, h >> 40  # three 24-bit slices of the hash
            bits[a >> 3] |= 1 << (a & 7)
            bits[b >> 3] |= 1 << (b & 7)
            bits[c >> 3] |= 1 << (c & 7)

    def maybe(self, keys: Iterable[str]) -> list[str]:
        """The keys that may have been written, in their order (the others surely were not)."""
        # The string's own hash, salted per process: enough for a filter that lives one import.
        bits, mask, wide = self._bits, _SLICE, _HASH_BITS
        found = []
        for key in keys:
            h = hash(key) & wide
            a, b, c = h & mask, (h >> 24) & mask, h >> 40
            if bits[a >> 3] >> (a & 7) & bits[b >> 3] >> (b & 7) & bits[c >> 3] >> (c & 7) & 1:
                found.append(key)
        return found


_HASH_BITS, _SLICE = (1 << 64) - 1, (1 << 24) - 1


def person_companies() -> dict[int, str]:
    """Every person who has a company, with it: small (one short string per person)."""
    rows = Person.objects.exclude(company="").values_list("id", "company")
    return dict(rows.iterator(5000))


def write_tickets(
    batch: Sequence[PendingTicket],
    *,
    real: Callable[[int], int],
    stale_timeline: bool,
    behind: CopyBehind | None = None,
    served: set[tuple[int, int]] | None = None,
    written: KeysWritten | None = None,
    first: Sequence[bulk.CopyJob] = (),
) -> TicketWrite:
    """Insert new tickets and update stored ones where this row wins; keep their timeline moments in step.

    A stored ticket is replaced by a row of a higher revision, or of the same revision when something
    differs (the later row wins ties); a lower revision leaves it alone. `stale_timeline` says that
    moments may be stored for tickets that are not (a ticket deleted by hand): new tickets then check.
    With `behind` (PostgreSQL), the new rows are written while the caller reads the next batch; call
    `behind.wait()` before the next use of the database. `served` holds (person, team) pairs written by
    earlier batches of the import, which are not sent again; this batch's are added to it. With
    `written`, only the keys it may hold are looked up (see KeysWritten); this batch's new keys join it.
    `first` are rows the batch may refer to (new people, from PeopleIndex.flush): copied before it.
    """
    result = TicketWrite()
    background = behind is not None and not stale_timeline
    if not background:
        for model, columns, rows in first:
            bulk.copy_rows(model, columns, rows)
    for pending in batch:
        values = pending.values
        if values[PERSON] < 0:
            values[PERSON] = real(values[PERSON])
    if connection.vendor == "sqlite":  # PostgreSQL takes the datetimes as they are
        moment = bulk.datetime_adapter()
        for pending in batch:
            values = pending.values
            for index in _MOMENTS:
                if values[index] is not None:
                    values[index] = moment(values[index])
    keys = [p.values[KEY] for p in batch]
    if written is not None:
        keys = written.maybe(keys)
    stored = _stored_tickets(keys) if keys else {}
    new: list[PendingTicket] = []
    changed: list[tuple[int, PendingTicket]] = []
    for pending in batch:
        known = stored.get(pending.values[KEY])
        if known is None:
            new.append(pending)
        elif pending.values[REVISION] >= known[REVISION] and any(
            pending.values[i] != known[i] for i in _COMPARED
        ):
            changed.append((known[-1], pending))
    if written is not None:
        written.update([p.values[KEY] for p in new])
    if changed:
        rows = [(pk, *(p.values[i] for i in _COMPARED), p.values[SOURCE]) for pk, p in changed]
        result.updated = bulk.update_rows(
            Ticket, by="id", columns=_UPDATED_COLUMNS, rows=rows, compare=len(_COMPARED)
        )
    if behind is not None and background:
        _refresh_moments([p for _, p in changed], result)
        moments = _new_moments(new)
        pairs = _served(batch, served)
        result.created, result.moments_created = len(new), len(moments)
        others, _ = bulk.column_defaults(Interaction, INTERACTION_COLUMNS)
        behind.start(
            [
                (Ticket, TICKET_COLUMNS, [p.values for p in new]),
                (Interaction, (*INTERACTION_COLUMNS, *others), moments),
                (Person.teams.through, ("person_id", "team_id"), pairs),
            ],
            first=first,
        )
        return result
    result.created = bulk.copy_rows(Ticket, TICKET_COLUMNS, [p.values for p in new])
    if stale_timeline:
        _refresh_moments([*new, *(p for _, p in changed)], result)
    else:
        _insert_moments(new, result)
        _refresh_moments([p for _, p in changed], result)
    _serve(batch, served)
    return result


def _stored_tickets(keys: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """The stored tickets among these keys: key -> (their columns in TICKET_COLUMNS order..., id)."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in TICKET_COLUMNS)
    select = f"SELECT {names}, {quote('id')} FROM {quote(Ticket._meta.db_table)} WHERE {quote('key')}"
    found: dict[str, tuple[Any, ...]] = {}
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        # Rows in binary: the server sends numbers and times as it keeps them rather than as text, which
        # halves a re-import's lookups (every ticket read back, a million of them).
        with psycopg.Cursor(connection.connection) as raw:
            raw.execute(f"{select} = ANY(%s)", [list(keys)], binary=True)
            found.update((row[0], row) for row in raw.fetchall())
        return found
    with connection.cursor() as cursor:
        for start in range(0, len(keys), bulk.KEYS_PER_LOOKUP):
            chunk = keys[start : start + bulk.KEYS_PER_LOOKUP]
            cursor.execute(f"{select} IN ({', '.join(['%s'] * len(chunk))})", chunk)
            found.update((row[0], row) for row in cursor.fetchall())
    return found


def _add_moments(rows: list[tuple[Any, ...]], pending: PendingTicket, tail: tuple[Any, ...] = ()) -> None:
    """Append a ticket's rows on the timeline, in INTERACTION_COLUMNS order, then `tail` (created_at and
    the defaults, for new rows)."""
    values = pending.values
    key, person, subject, source = values[KEY], values[PERSON], values[SUBJECT], values[SOURCE]
    channel = (values[CHANNEL] or values[SYSTEM])[:32]
    conversation = key[:200]
    rows.append(
        (person, _TICKET_KIND, "in", channel, values[OPENED], subject,
         pending.description, conversation, source, timeline_key("ticket", key), *tail)
    )  # fmt: skip
    if values[RATING_RAW] or values[RATING_VALUE] is not None:
        when = values[RATED] or values[RESOLVED] or values[UPDATED] or values[OPENED]
        comment = values[RATING_COMMENT]
        text = f"{values[RATING_RAW]}\n{comment}" if comment else str(values[RATING_RAW])
        rows.append(
            (person, _RATING_KIND, "in", channel, when, subject, text, conversation,
             source, timeline_key("rating", key), *tail)
        )  # fmt: skip


def _new_moments(tickets: Sequence[PendingTicket]) -> list[tuple[Any, ...]]:
    """Rows for the moments of tickets seen for the first time, with created_at and the defaults."""
    _, defaults = bulk.column_defaults(Interaction, INTERACTION_COLUMNS)
    tail = (bulk.datetime_adapter()(timezone.now()), *defaults)
    rows: list[tuple[Any, ...]] = []
    for pending in tickets:
        _add_moments(rows, pending, tail)
    return rows


def _insert_moments(tickets: Sequence[PendingTicket], result: TicketWrite) -> None:
    """The moments of tickets seen for the first time: nothing can be stored under their keys yet."""
    if not tickets:
        return
    others, _ = bulk.column_defaults(Interaction, INTERACTION_COLUMNS)
    rows = _new_moments(tickets)
    result.moments_created += bulk.copy_rows(Interaction, [*INTERACTION_COLUMNS, *others], rows)


def _refresh_moments(tickets: Sequence[PendingTicket], result: TicketWrite) -> None:
    """Moments of changed tickets: the missing ones inserted, the stored ones updated, a withdrawn
    rating removed."""
    if not tickets:
        return
    rows: list[tuple[Any, ...]] = []
    for pending in tickets:
        _add_moments(rows, pending)
    wanted = {row[9]: row for row in rows}
    gone = [
        timeline_key("rating", p.values[KEY])
        for p in tickets
        if not (p.values[RATING_RAW] or p.values[RATING_VALUE] is not None)
    ]
    stored = bulk.stored_values(Interaction, "key", [*wanted, *gone])
    others, defaults = bulk.column_defaults(Interaction, INTERACTION_COLUMNS)
    tail = (bulk.datetime_adapter()(timezone.now()), *defaults)
    missing = [(*row, *tail) for key, row in wanted.items() if key not in stored]
    result.moments_created += bulk.insert_rows(
        Interaction, [*INTERACTION_COLUMNS, *others], missing, unless_taken="key"
    )
    present = [(key, row[0], row[3], row[4], row[5], row[6], row[7], row[8]) for key, row in wanted.items()]
    result.moments_updated += bulk.update_rows(
        Interaction,
        by="key",
        columns=_MOMENT_UPDATES,
        rows=[row for row in present if row[0] in stored],
        compare=5,
    )
    withdrawn = [key for key in gone if key in stored]
    if withdrawn:
        deleted, _ = Interaction.objects.filter(key__in=withdrawn).delete()
        result.moments_updated += len(withdrawn)
        log.info("import: %d ratings withdrawn (%d rows)", len(withdrawn), deleted)


def _served(batch: Sequence[PendingTicket], before: set[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """(person, team) of each ticket that names a team, once each, leaving out the pairs in `before`
    (a customer's tickets come from the same few teams: most pairs are repeats)."""
    pairs = {(p.values[PERSON], p.values[TEAM]) for p in batch if p.values[TEAM] is not None}
    if before is not None:
        pairs -= before
        before |= pairs
    return sorted(pairs)


def _serve(batch: Sequence[PendingTicket], before: set[tuple[int, int]] | None) -> None:
    """Record that each ticket's team serves its requester (Person.teams); pairs already there stay."""
    pairs = _served(batch, before)
    bulk.insert_rows(Person.teams.through, ("person_id", "team_id"), pairs, unless_taken="*")


class CopyBehind:
    """PostgreSQL: a batch's new rows are copied in a thread while the import reads the next batch.

    The thread uses the import's own connection, inside its transaction (psycopg serialises the use of
    a connection, and the import waits for the thread before it touches the database again), so the
    import stays one atomic transaction. Foreign keys are checked at the end of each COPY rather than at
    the commit: the server then does that work while Python parses, instead of all of it at the end.
    With `keys` they are not checked row by row at all, but once by `keys.check()` (see bulk_keys).
    A ticket file is mostly parsing in Python and writing in the server, so on two cores this nearly
    halves an import.
    """

    def __init__(self, keys: KeysCheckedLater | None = None) -> None:
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._keys = keys
        self._before, self._after = (
            (TRIGGERS_OFF, TRIGGERS_ON)
            if keys is not None
            else ("SET CONSTRAINTS ALL IMMEDIATE", "SET CONSTRAINTS ALL DEFERRED")
        )

    @staticmethod
    def possible() -> bool:
        return connection.vendor == "postgresql"

    def start(self, jobs: Sequence[bulk.CopyJob], *, first: Sequence[bulk.CopyJob] = ()) -> None:
        """Write these (model, columns, rows) in the background; rows are known to be new, except that a
        through table's pairs already stored are skipped. `first` are copied before them (the rows the
        others refer to: new people and identities), their keys checked like the others'."""
        self.wait()
        quote = connection.ops.quote_name
        before = [(bulk.CopyPlan.of(model, columns), rows) for model, columns, rows in first if rows]
        if self._keys is not None:
            for model, columns, rows in first:
                self._keys.note(model, columns, rows)
        statements: list[tuple[str | bulk.CopyPlan, Sequence[Sequence[Any]]]] = []
        for model, columns, rows in jobs:
            if not rows:
                continue
            if self._keys is not None:
                self._keys.note(model, columns, rows)
            if model._meta.auto_created:  # a many-to-many table: pairs may be there already
                table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
                types = ", ".join(
                    f"%s::{model._meta.get_field(c[:-3]).db_type(connection)}[]" for c in columns
                )
                sql = f"INSERT INTO {table} ({names}) SELECT * FROM unnest({types}) ON CONFLICT DO NOTHING"
                statements.append((sql, rows))
            else:
                statements.append((bulk.CopyPlan.of(model, columns), rows))
        if not (before or statements):
            return
        connection.ensure_connection()
        raw = connection.connection
        self._thread = threading.Thread(target=self._run, args=(raw, before, statements), name="ticket-copy")
        gil_handoffs.quick(True)
        try:
            self._thread.start()
        except BaseException:
            gil_handoffs.quick(False)
            raise

    def _run(
        self,
        raw: Any,
        before: Sequence[tuple[bulk.CopyPlan, Sequence[Sequence[Any]]]],
        statements: Sequence[tuple[str | bulk.CopyPlan, Sequence[Sequence[Any]]]],
    ) -> None:
        try:
            with raw.cursor() as cursor:
                # With the key triggers off (see bulk_keys), new people's identities queue no check for
                # the end of the import: their keys were noted with the rest.
                if self._keys is None:
                    for plan, rows in before:
                        plan.run(cursor, rows)
                cursor.execute(self._before)
                if self._keys is not None:
                    for plan, rows in before:
                        plan.run(cursor, rows)
                for statement, rows in statements:
                    if isinstance(statement, bulk.CopyPlan):
                        statement.run(cursor, rows)
                    else:
                        # A many-to-many table holds ids alone: each column as an array literal, which
                        # str.join writes far quicker than psycopg's dumper of a Python list.
                        arrays = ["{" + ",".join(map(str, ids)) + "}" for ids in zip(*rows, strict=True)]
                        cursor.execute(statement, arrays)
                cursor.execute(self._after)
        except BaseException as exc:  # handed to the import's own thread by wait()
            self._error = exc

    def wait(self) -> None:
        """Let the batch being written finish; raise what went wrong there."""
        if self._thread is not None:
            self._thread.join()
            self._thread = None
            gil_handoffs.quick(False)
        if self._error is not None:
            error, self._error = self._error, None
            raise error
