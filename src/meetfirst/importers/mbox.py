"""Mailboxes: mbox files (Thunderbird, Apple Mail, Gmail Takeout) and .eml files (one message each).

An mbox is read in chunks and cut at each line that starts with "From "; only one message is held at a
time, and a message over MAX_MESSAGE bytes (a huge attachment) keeps its first HEAD_KEPT bytes only,
which is where its headers and text are. Each message becomes an EmailRecord, or an InvitationRecord when
it is a genuine LinkedIn invitation notification. Errors name the message as `file#number`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Final

from meetfirst.core.records import EmailRecord, InvitationRecord, RowError, SkippedItem, SourceRef
from meetfirst.importers import linkedin_mail
from meetfirst.importers.mail_parts import (
    addresses,
    body_parts,
    body_text,
    decode_words,
    first,
    is_bulk,
    message_id,
    parse_date,
    split_message,
    thread_id,
)

CHUNK: Final = 4 << 20
MAX_MESSAGE: Final = 32 << 20
HEAD_KEPT: Final = 1 << 20
_SEPARATOR: Final = b"\nFrom "
_HEADER_START: Final = re.compile(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]")
_KNOWN_HEADERS: Final = (b"from:", b"date:", b"message-id:", b"received:", b"return-path:", b"subject:")
_ESCAPED_FROM: Final = re.compile(rb"\n>(>*From )")

MailItem = EmailRecord | InvitationRecord | SkippedItem | RowError


def looks_like_mbox(head: bytes) -> bool:
    """An mbox starts with its first message's "From " line."""
    return head.startswith(b"From ")


def looks_like_eml(head: bytes) -> bool:
    """A single message: header lines from the first byte, and some header every mail has among them."""
    if not _HEADER_START.match(head):
        return False
    lowered = head[:8192].lower()
    return any(lowered.startswith(h) or b"\n" + h in lowered for h in _KNOWN_HEADERS)


def read_mbox(name: str, stream: IO[bytes]) -> Iterator[MailItem]:
    """Every message of an mbox, streamed."""
    for number, data in _messages(stream):
        yield mail_item(f"{name}#{number}", data)


def read_eml(name: str, stream: IO[bytes]) -> Iterator[MailItem]:
    """The one message of an .eml file."""
    data = stream.read(MAX_MESSAGE + 1)
    if len(data) > MAX_MESSAGE:
        data = data[:HEAD_KEPT]
    yield mail_item(name, data)


def _messages(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(number, bytes) of each message, numbered from 1, without reading more than a chunk ahead."""
    buffer = b""
    start = 0  # where the current message begins in `buffer`
    search = 1  # where to look for the next separator (never at the current message's own "From ")
    number = 0
    eof = False
    while True:
        found = buffer.find(_SEPARATOR, search)
        if found >= 0:
            number += 1
            yield number, buffer[start : found + 1]
            start = search = found + 1
            search += 1
            continue
        if eof:
            if start < len(buffer) and buffer[start:].strip():
                number += 1
                yield number, buffer[start:]
            return
        if len(buffer) - start > MAX_MESSAGE:
            number += 1
            head = buffer[start : start + HEAD_KEPT]
            buffer, eof = _skip_to_next(stream, buffer[-len(_SEPARATOR) :])
            yield number, head
            start, search = 0, 0
            continue
        chunk = stream.read(CHUNK)
        eof = not chunk
        kept = buffer[start:]
        search = max(1, len(kept) - len(_SEPARATOR))
        buffer, start = kept + chunk, 0


def _skip_to_next(stream: IO[bytes], tail: bytes) -> tuple[bytes, bool]:
    """Read past the rest of an oversized message; return the buffer from the next separator's newline."""
    buffer = tail
    while True:
        found = buffer.find(_SEPARATOR)
        if found >= 0:
            return buffer[found + 1 :], False
        chunk = stream.read(CHUNK)
        if not chunk:
            return b"", True
        buffer = buffer[-len(_SEPARATOR) :] + chunk


def mail_item(where: str, data: bytes) -> MailItem:
    """One message as a record: an e-mail, a LinkedIn invitation, something skipped, or a RowError."""
    headers, body = split_message(data)
    if not headers:
        return RowError(where, 0, "this message has no mail headers")
    source = SourceRef(where)
    senders = addresses(tuple(headers.get("from", ())))
    if not senders:
        return SkippedItem(source, "a message without a sender address (a draft?)")
    from_addr, from_name = senders[0]
    sent_at = parse_date(first(headers, "date")) or _from_line_date(data)
    if sent_at is None:
        return RowError(where, 0, f"cannot read the Date {first(headers, 'date')!r}")
    subject = decode_words(first(headers, "subject"))
    to = addresses(tuple(headers.get("to", ())))
    from_linkedin = linkedin_mail.claims_linkedin(headers, from_addr)
    if from_linkedin:
        plain, markup = body_parts(headers, body, both=True)
        found = linkedin_mail.invitation(
            headers,
            source=source,
            from_addr=from_addr,
            from_name=from_name,
            to_name=to[0][1] if to else "",
            subject=subject,
            sent_at=sent_at,
            text=f"{plain}\n{markup}",
        )
        if found is not None:
            return found
    if b">From " in body:  # mboxrd quoting of body lines that start with "From "
        body = _ESCAPED_FROM.sub(rb"\n\1", body)
    own_id = message_id(first(headers, "message-id"))
    return EmailRecord(
        source=source,
        message_id=own_id,
        sent_at=sent_at,
        from_addr=from_addr,
        from_name=from_name,
        to=to,
        cc=addresses(tuple(headers.get("cc", ()))),
        subject=subject,
        text=body_text(headers, body),
        bulk=from_linkedin or is_bulk(headers, from_addr),  # LinkedIn's mail is all notifications
        thread_id=thread_id(headers, own_id),
    )


def _from_line_date(data: bytes) -> datetime | None:
    """The date on an mbox "From sender Mon May  2 19:34:46 2016" line (UTC by convention)."""
    if not data.startswith(b"From "):
        return None
    line = data.split(b"\n", 1)[0].decode("ascii", "replace").strip()
    words = line.split()
    if len(words) < 7:
        return None
    try:
        moment = datetime.strptime(" ".join(words[-5:]), "%a %b %d %H:%M:%S %Y").replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment if 1970 <= moment.year <= 9998 else None
