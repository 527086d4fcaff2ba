"""vCard address books (.vcf): Apple Contacts, Google Contacts and Outlook, versions 2.1, 3.0 and 4.0.

Found by content: a file whose first non-blank line is BEGIN:VCARD. The file is cut into cards line by
line (so that a bad card names its line and a big file is never held whole), and each card is read by
`vobject`, which unfolds long lines and decodes 2.1's QUOTED-PRINTABLE values.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import IO, Any, Final

import vobject  # type: ignore[import-untyped]

from meetfirst.core import identity
from meetfirst.core.records import ContactRecord, RowError, SourceRef

log = logging.getLogger(__name__)

KIND: Final = "vcard"
MAX_CARD: Final = 1 << 20  # a card with a photo stays far below 1 MiB of text
_MAGIC: Final = b"BEGIN:VCARD"
_BOM: Final = b"\xef\xbb\xbf"


def looks_like_vcard(head: bytes) -> bool:
    """Whether a file's first bytes open a vCard file (a BOM and blank lines allowed before)."""
    return head.removeprefix(_BOM).lstrip().upper().startswith(_MAGIC)


def read_vcards(name: str, stream: IO[bytes]) -> Iterator[ContactRecord | RowError]:
    """The contacts of one .vcf file, one record per card; a card that cannot be read is a RowError."""
    for line, text in _cards(name, stream):
        if isinstance(text, RowError):
            yield text
            continue
        yield _card(name, line, text)


def _cards(name: str, stream: IO[bytes]) -> Iterator[tuple[int, str | RowError]]:
    """(first line, text) of each BEGIN:VCARD ... END:VCARD block, streamed."""
    start = 0
    lines: list[str] = []
    size = 0
    number = 0
    for number, raw in enumerate(stream, start=1):
        text = raw.decode("utf-8", "replace")
        if number == 1:
            text = text.removeprefix("\ufeff")
        upper = text.strip().upper()
        if not lines:
            if upper == "BEGIN:VCARD":
                start, lines, size = number, [text], len(text)
            elif upper:
                yield number, RowError(name, number, "text outside a BEGIN:VCARD ... END:VCARD card")
            continue
        if upper == "BEGIN:VCARD":  # a card without its END: report it, start the next one
            yield start, RowError(name, start, "this card has no END:VCARD")
            start, lines, size = number, [text], len(text)
            continue
        if _soft_break(lines[-1]):
            # vCard 2.1 QUOTED-PRINTABLE: a line ending in "=" goes on in the next one (not a folded line)
            lines[-1] = lines[-1].rstrip("\r\n")[:-1] + text
            size += len(text)
            continue
        size += len(text)
        if size > MAX_CARD:
            yield start, RowError(name, start, f"this card is longer than {MAX_CARD >> 20} MiB")
            lines = []
            continue
        lines.append(text)
        if upper == "END:VCARD":
            yield start, "".join(lines)
            lines = []
    if lines:
        yield start, RowError(name, start, "this card has no END:VCARD (the file ends inside it)")
    elif number == 0:
        yield 0, RowError(name, 0, "the file is empty")


def _soft_break(line: str) -> bool:
    """Whether a physical line is a QUOTED-PRINTABLE value cut by a soft line break."""
    head, _, value = line.partition(":")
    return value.rstrip("\r\n").endswith("=") and "QUOTED-PRINTABLE" in head.upper()


def _card(name: str, line: int, text: str) -> ContactRecord | RowError:
    try:
        card = vobject.readOne(text, ignoreUnreadable=True)
    except Exception as exc:  # vobject raises many kinds of errors for bad input
        return RowError(name, line, f"cannot read this card ({_short(exc)})")
    contents: dict[str, list[Any]] = card.contents
    first, last = _structured_name(contents)
    display = identity.tidy_name(_text(contents, "fn")) or identity.tidy_name(f"{first} {last}")
    company, title = _organisation(contents)
    emails = tuple(e for e in (_text_of(v) for v in contents.get("email", [])) if e)
    phones = tuple(p for p in (_text_of(v) for v in contents.get("tel", [])) if p)
    if not (display or emails or phones):
        return RowError(name, line, "this card has no name, no e-mail and no phone")
    return ContactRecord(
        source=SourceRef(name, line),
        kind=KIND,
        display_name=display,
        first_name=first,
        last_name=last,
        emails=emails,
        phones=phones,
        company=company,
        title=title,
        profile_slug=_linkedin_slug(contents),
    )


def _text_of(line: Any) -> str:
    value = line.value
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    text = str(value).strip()
    return text.removeprefix("tel:").removeprefix("mailto:").strip()


def _text(contents: dict[str, list[Any]], key: str) -> str:
    values = contents.get(key)
    return _text_of(values[0]) if values else ""


def _structured_name(contents: dict[str, list[Any]]) -> tuple[str, str]:
    """Given and family name from N (a vobject Name), '' when the card has none."""
    values = contents.get("n")
    if not values:
        return "", ""
    value = values[0].value
    given = getattr(value, "given", "")
    family = getattr(value, "family", "")
    if isinstance(given, list):
        given = " ".join(given)
    if isinstance(family, list):
        family = " ".join(family)
    return identity.tidy_name(str(given)), identity.tidy_name(str(family))


def _organisation(contents: dict[str, list[Any]]) -> tuple[str, str]:
    org = contents.get("org")
    company = ""
    if org:
        value = org[0].value
        parts = value if isinstance(value, list) else [value]
        company = identity.tidy_name(str(parts[0])) if parts else ""
    return company, identity.tidy_name(_text(contents, "title"))


def _linkedin_slug(contents: dict[str, list[Any]]) -> str | None:
    """The slug of a LinkedIn URL among URL and X-SOCIALPROFILE (Apple) lines."""
    for key in ("x-socialprofile", "url"):
        for line in contents.get(key, []):
            slug = identity.profile_slug(_text_of(line))
            if slug:
                return slug
    return None


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
