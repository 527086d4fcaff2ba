"""Row readers for LinkedIn messages: messages.csv (2021 on, every column variant) and 2018's Messages.csv.

These files can hold a million rows, so the per-row work is kept small: column indexes are looked up
once, URL-to-slug and name tidying are cached, and the date is parsed without strptime.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC
from functools import lru_cache
from operator import itemgetter
from typing import Final
from zoneinfo import ZoneInfo

from meetfirst.core import dates, identity
from meetfirst.core.records import Direction, MessageRecord, Record, RowError, SourceRef
from meetfirst.importers.linkedin import DIRECTIONS, bad_direction, cell, name_of, slug_of
from meetfirst.importers.tables import Table

SPONSORED_PREFIX: Final = '<p class="spinmail-quill-editor'
# Sources disagree on how RECIPIENT PROFILE URLS joins several URLs (',' or ';'), so split on either,
# but only where the next URL begins: a slug may itself hold an encoded comma.
_URL_SEPARATOR: Final = re.compile(r"\s*[,;]\s*(?=https?://)", re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def recipient_slugs(text: str) -> tuple[str, ...]:
    """The slugs of a RECIPIENT PROFILE URLS cell, in order, without the URLs that have none."""
    urls = _URL_SEPARATOR.split(text) if ("," in text or ";" in text) else (text,)
    return tuple(slug for url in urls if (slug := slug_of(url)))


@lru_cache(maxsize=1 << 14)
def recipient_names(text: str, count: int) -> tuple[str, ...]:
    """The names in a TO cell, given how many recipient URLs the row has.

    TO joins several names with ', ', but one name can hold ', ' too ("Jane Doe, Ph.D."). With one or no
    URL the cell is one name. With several, single-word pieces are glued back to the name before them
    until the counts agree; if they never do, the cell is kept whole rather than guessed at.
    """
    name = name_of(text)
    if not name:
        return ()
    if count <= 1 or ", " not in name:
        return (name,)
    pieces = [piece.strip() for piece in name.split(", ")]
    index = len(pieces) - 1
    while len(pieces) > count and index > 0:
        if " " not in pieces[index].replace(", ", ","):  # one word, or words already glued on
            pieces[index - 1 : index + 1] = [f"{pieces[index - 1]}, {pieces[index]}"]
        index -= 1
    return tuple(pieces) if len(pieces) == count else (name,)


_YES: Final = frozenset({"Yes", "yes", "YES"})
_PARTIES_CACHE: Final = 1 << 14
_Parties = tuple[str, str | None, tuple[str, ...], tuple[str, ...]]


def parties(sender: str, sender_url: str, to: str, recipient_urls: str) -> _Parties:
    """(from_name, sender_slug, to_names, recipient_slugs) of one message row."""
    slugs = recipient_slugs(recipient_urls) if recipient_urls else ()
    return (
        name_of(sender),
        slug_of(sender_url) if sender_url else None,
        recipient_names(to, len(slugs)),
        slugs,
    )


def read_messages(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """messages.csv from 2021 on, with or without RECIPIENT PROFILE URLS, ATTACHMENTS and draft flags.

    DATE is UTC. A hidden sender ('LinkedIn Member') and a sponsored InMail have no sender URL, so no
    sender slug; sponsored InMail is recognised by its HTML content and flagged.
    """
    columns = table.columns
    width = len(table.header)
    # Optional columns point at index `width`: an empty cell appended to every row (or an empty extra
    # cell already there, since width_problem lets only empty extras through).
    pick = itemgetter(
        columns["conversation id"],
        columns["date"],
        columns["from"],
        columns.get("sender profile url", width),
        columns["to"],
        columns.get("recipient profile urls", width),
        columns.get("subject", width),
        columns["content"],
        columns.get("folder", width),
        columns.get("conversation title", width),
        columns.get("is message draft", width),
        columns.get("is conversation draft", width),
    )
    name = table.name
    parse_date = dates.parse_utc_timestamp
    # Who wrote to whom repeats on every message of a conversation, and a conversation's rows are
    # adjacent: one dict lookup replaces four cached calls. Cleared when full, to stay bounded.
    known: dict[tuple[str, str, str, str], _Parties] = {}
    for line, row in table.rows():
        if len(row) != width and (problem := table.width_problem(row)):
            yield RowError(name, line, problem)
            continue
        row.append("")
        (
            conversation_id,
            when,
            sender,
            sender_url,
            to,
            urls,
            subject,
            text,
            folder,
            title,
            draft,
            draft_too,
        ) = pick(row)
        if not conversation_id:
            yield RowError(name, line, "this message has no CONVERSATION ID")
            continue
        try:
            sent_at = parse_date(when)
        except ValueError:
            yield RowError(name, line, f"cannot read the DATE {when!r}")
            continue
        key = (sender, sender_url, to, urls)
        found = known.get(key)
        if found is None:
            if len(known) >= _PARTIES_CACHE:
                known.clear()
            found = known[key] = parties(*key)
        from_name, sender_slug, to_names, slugs = found
        # Positional, in the order of MessageRecord's fields: keywords cost a million lookups here.
        yield MessageRecord(
            SourceRef(name, line),
            conversation_id,
            sent_at,
            from_name,
            sender_slug,
            to_names,
            slugs,
            subject,
            text,
            folder,
            None,  # direction: worked out by the service, from who the owner is
            title,
            draft in _YES or draft_too in _YES,
            sender_slug is None and text.startswith(SPONSORED_PREFIX),
        )


def read_messages_2018(table: Table, zone: ZoneInfo) -> Iterator[Record | RowError]:
    """2018's Messages.csv: From, To, Date, Subject, Content, Direction, Folder.

    The date has no zone; like Invitations' it is taken as the owner's local time, then given in UTC.
    The file has no conversation ids, so each counterpart's messages form one conversation,
    `linkedin-2018:<name key>`.
    """
    columns = table.columns
    sender, to, when = columns["from"], columns["to"], columns["date"]
    content, direction_at = columns["content"], columns["direction"]
    subject, folder = columns.get("subject"), columns.get("folder")
    width = len(table.header)
    name = table.name
    for line, row in table.rows():
        if len(row) != width and (problem := table.width_problem(row)):
            yield RowError(name, line, problem)
            continue
        direction = DIRECTIONS.get(row[direction_at].strip().upper())
        if direction is None:
            yield RowError(name, line, bad_direction(row[direction_at]))
            continue
        try:
            local = dates.parse_us_datetime(row[when])
        except ValueError:
            yield RowError(name, line, f"cannot read the Date {row[when]!r}")
            continue
        from_name, to_name = name_of(row[sender]), name_of(row[to])
        counterpart = from_name if direction is Direction.INCOMING else to_name
        key = identity.name_key(counterpart) or counterpart.casefold()
        if not key:
            yield RowError(name, line, "this message names no one on the other side")
            continue
        yield MessageRecord(
            source=SourceRef(name, line),
            conversation_id=f"linkedin-2018:{key}",
            sent_at=local.replace(tzinfo=zone).astimezone(UTC),
            from_name=from_name,
            sender_slug=None,
            to_names=(to_name,) if to_name else (),
            recipient_slugs=(),
            subject=cell(row, subject),
            content=row[content],
            folder=cell(row, folder),
            direction=direction,
        )


def is_assistant_thread(filename: str) -> bool:
    """Whether an export file holds talks with LinkedIn's AI assistants rather than with people.

    2026 exports carry header-only siblings of messages.csv (`guide_messages.csv`,
    `learning_coach_messages.csv`, `coach_messages.csv`...) with the same header; should one ever
    hold rows, they are not messages between members.
    """
    stem = filename.casefold().removesuffix(".csv")
    return stem != "messages" and stem.endswith("_messages")
