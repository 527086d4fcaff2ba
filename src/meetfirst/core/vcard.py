"""vCard 4.0 text (RFC 6350), written by hand: escaping, line folding, one card per person."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

CRLF = "\r\n"
# RFC 6350 3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break.
FOLD_OCTETS = 75


@dataclass(frozen=True, slots=True)
class Card:
    """What a contact card says about one person. Empty fields are left out of the card."""

    full_name: str
    family_name: str = ""
    given_name: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    organization: str = ""
    title: str = ""
    note: str = ""
    uid: str = ""
    categories: tuple[str, ...] = field(default=())


def escape_text(value: str) -> str:
    """Escape a TEXT value: backslash, comma, semicolon, and line breaks as \\n (RFC 6350 3.4)."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets; each continuation starts with one space.

    A piece never ends inside a multi-byte UTF-8 character.
    """
    if len(line.encode("utf-8")) <= FOLD_OCTETS:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = FOLD_OCTETS - 1  # the leading space of a continuation counts
        current.append(char)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def _line(name: str, value: str) -> str:
    return fold(f"{name}:{value}") + CRLF


def render(card: Card) -> str:
    """One VCARD block, CRLF line ends, ready to concatenate with others into a .vcf file."""
    full_name = card.full_name.strip() or "(no name)"
    parts = ["BEGIN:VCARD" + CRLF, "VERSION:4.0" + CRLF, _line("FN", escape_text(full_name))]
    # N: family; given; additional; prefixes; suffixes. Components are TEXT, so each is escaped alone.
    parts.append(_line("N", f"{escape_text(card.family_name)};{escape_text(card.given_name)};;;"))
    if card.uid:
        parts.append(_line("UID", escape_text(card.uid)))
    parts += [_line("EMAIL", escape_text(email)) for email in card.emails if email]
    parts += [_line("TEL;VALUE=uri", "tel:" + _tel(phone)) for phone in card.phones if _tel(phone)]
    # URL is a URI value, not TEXT: it is not escaped, but must not carry a line break.
    parts += [_line("URL", _single_line(url)) for url in card.urls if url]
    if card.organization:
        parts.append(_line("ORG", escape_text(card.organization)))
    if card.title:
        parts.append(_line("TITLE", escape_text(card.title)))
    if card.categories:
        parts.append(_line("CATEGORIES", ",".join(escape_text(c) for c in card.categories if c)))
    if card.note:
        parts.append(_line("NOTE", escape_text(card.note)))
    parts.append("END:VCARD" + CRLF)
    return "".join(parts)


def render_all(cards: Iterable[Card]) -> Iterable[str]:
    """The cards one after another, as text pieces to write out as they come."""
    for card in cards:
        yield render(card)


def _tel(phone: str) -> str:
    return "".join(c for c in phone if c.isdigit() or c == "+")


def _single_line(value: str) -> str:
    return "".join(c for c in value if c not in "\r\n")
