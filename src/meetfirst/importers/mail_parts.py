"""The parts of one e-mail that meetfirst keeps: a few headers, decoded, and the plain text of the body.

Built from the standard library's pieces (email.utils for addresses and dates, email.header for encoded
words, binascii for quoted-printable and base64) rather than a full `email` parse: parsing a 10 KB message
with `email.policy.default` costs about 3 ms, a mailbox of 200,000 messages would take ten minutes, and
almost all of that work goes into parts (attachments) that are never kept. Attachments are skipped
without being decoded; only text/plain, or text/html stripped of its tags when there is no plain part,
is read.
"""

from __future__ import annotations

import binascii
import codecs
import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache
from typing import Final

TEXT_LIMIT: Final = 20_000  # characters of body text kept per message
HTML_LIMIT: Final = 400_000  # bytes of HTML looked at when a message has no plain part
MAX_DEPTH: Final = 8  # nested multiparts followed; deeper ones are not mail anyone wrote
_SIMPLE_ADDRESS: Final = re.compile(r'\s*(?:"?([^"<>,;()=\\]*?)"?\s*<)?([^\s<>,;()"@]+@[^\s<>,;()"@]+)>?\s*')
_RFC_DATE: Final = re.compile(
    r"(?:[A-Za-z]{3},\s*)?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})"
    r"(?:\s*\(\w+\))?\s*"
)
_MONTH_NAMES: Final = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS: Final = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
_PARAM: Final = re.compile(r';\s*([A-Za-z0-9._*-]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))')
_DROP_BLOCKS: Final = re.compile(r"<(script|style|head)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG: Final = re.compile(r"<[^>]{0,2000}>")
_BREAKS: Final = re.compile(r"<(?:br|/p|/div|/tr|/li|/h\d)\b[^>]{0,200}>", re.IGNORECASE)
_SPACES: Final = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES: Final = re.compile(r"\n\s*\n\s*\n+")
_NO_REPLY: Final = re.compile(
    r"^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?|newsletters?|notifications?|"
    r"news|info-?noreply)(?:[+._-].*)?$|noreply|no-reply|donotreply"
)


def split_message(data: bytes) -> tuple[dict[str, list[str]], bytes]:
    """The headers (lower-case names, unfolded values in order) and the raw body of one message."""
    # Two finds bounded by the first, rather than one regex: the header block is short, the body is not.
    end = data.find(b"\n\n")
    crlf = data.find(b"\n\r\n", 0, end if end >= 0 else len(data))
    if crlf >= 0:
        head, body = data[:crlf], data[crlf + 3 :]
    elif end >= 0:
        head, body = data[:end], data[end + 2 :]
    else:
        head, body = data, b""
    return parse_headers(head), body


def parse_headers(head: bytes) -> dict[str, list[str]]:
    headers: dict[str, list[str]] = {}
    name = ""
    for line in head.decode("utf-8", "replace").split("\n"):
        if line[:1] in (" ", "\t"):
            if name and line.strip():
                values = headers[name]
                values[-1] = f"{values[-1]} {line.strip()}"
            continue
        colon = line.find(":")
        key = line[:colon]
        if colon <= 0 or " " in key or "\t" in key:
            name = ""  # the mbox "From " line, a blank line, or junk: not a header
            continue
        name = key.lower()
        headers.setdefault(name, []).append(line[colon + 1 :].strip())
    return headers


def first(headers: dict[str, list[str]], name: str) -> str:
    values = headers.get(name)
    return values[0] if values else ""


@lru_cache(maxsize=1 << 14)
def decode_words(value: str) -> str:
    """A header value with its RFC 2047 encoded words (=?utf-8?q?...?=) decoded."""
    if "=?" not in value:
        return " ".join(value.split())
    try:
        return " ".join(str(make_header(decode_header(value))).split())
    except (ValueError, LookupError, UnicodeError, binascii.Error):
        return " ".join(value.split())


@lru_cache(maxsize=1 << 14)
def addresses(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(lower-case address, decoded display name) pairs of address headers; entries without '@' dropped."""
    if len(values) == 1:  # the usual `Name <address>` or a bare address, without the full parser
        simple = _SIMPLE_ADDRESS.fullmatch(values[0])
        if simple and (simple.group(1) is None) == (not values[0].rstrip().endswith(">")):
            return ((simple.group(2).lower(), (simple.group(1) or "").strip()),)
    found: list[tuple[str, str]] = []
    for name, address in getaddresses(list(values)):
        address = address.strip().lower()
        if "@" in address:
            found.append((address, decode_words(name).strip().strip('"').strip()))
    return tuple(found)


def parse_date(value: str) -> datetime | None:
    """An aware datetime from a Date header (a zone-less one read as UTC), or None."""
    if not value:
        return None
    quick = _RFC_DATE.fullmatch(value)
    if quick:  # "Mon, 02 Mar 2026 09:15:00 +0100", as nearly every mailer writes it
        day, month, year, hour, minute, second, zone = quick.groups()
        number = _MONTHS.get(month.lower())
        if number is not None:
            try:
                moment = datetime(
                    int(year), number, int(day), int(hour), int(minute), int(second), tzinfo=_offset(zone)
                )
            except ValueError:
                pass  # an impossible date: let the full parser have its say
            else:
                return moment if _plausible(moment) else None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment if _plausible(moment) else None


def _plausible(moment: datetime) -> bool:
    """E-mail did not exist before 1970; a year 1 or 9999 cannot even be moved to UTC everywhere."""
    return 1970 <= moment.year <= 9998


@lru_cache(maxsize=256)
def _offset(zone: str) -> timezone:
    minutes = int(zone[1:3]) * 60 + int(zone[3:5])
    return timezone(timedelta(minutes=-minutes if zone[0] == "-" else minutes))


def is_bulk(headers: dict[str, list[str]], from_addr: str) -> bool:
    """Whether a message was sent to many: a list, a newsletter, an automatic notice, a no-reply sender."""
    if "list-unsubscribe" in headers or "list-id" in headers:
        return True
    if first(headers, "precedence").strip().lower() in {"bulk", "list", "junk"}:
        return True
    auto = first(headers, "auto-submitted").strip().lower()
    if auto and auto != "no":
        return True
    local = from_addr.partition("@")[0]
    return bool(_NO_REPLY.search(local))


def message_id(value: str) -> str:
    return value.strip().strip("<>").strip()[:500]


def thread_id(headers: dict[str, list[str]], own_id: str) -> str:
    """The first message of the thread as the headers name it (References, In-Reply-To), else this one."""
    for name in ("references", "in-reply-to"):
        ids = first(headers, name).split()
        if ids:
            return message_id(ids[0])
    return own_id


def body_text(headers: dict[str, list[str]], body: bytes) -> str:
    """The plain text of a message: its text/plain part, else its HTML without tags; at most TEXT_LIMIT."""
    plain, markup = body_parts(headers, body)
    text = plain if plain.strip() else html_to_text(markup) if markup else ""
    return text[:TEXT_LIMIT].strip()


def body_parts(headers: dict[str, list[str]], body: bytes, *, both: bool = False) -> tuple[str, str]:
    """(plain text, raw html) of a message's first readable parts, each '' when there is none.

    The HTML of a message that has a plain part is skipped unless `both` asks for it.
    """
    return _walk(headers, body, 0, both)


def _walk(headers: dict[str, list[str]], body: bytes, depth: int, both: bool = False) -> tuple[str, str]:
    """(plain text, html) of the first readable parts; attachments are not decoded."""
    kind, params = content_type(first(headers, "content-type"))
    if first(headers, "content-disposition").strip().lower().startswith("attachment"):
        return "", ""
    encoding = first(headers, "content-transfer-encoding").strip().lower()
    if kind.startswith("multipart/"):
        boundary = params.get("boundary", "")
        if not boundary or depth >= MAX_DEPTH:
            return "", ""
        plain, markup = "", ""
        for part in _parts(body, boundary.encode("utf-8", "replace")):
            part_headers, part_body = split_message(part)
            if not part_headers:  # a part with no headers at all is text/plain by default
                part_headers = {}
            got_plain, got_html = _walk(part_headers, part_body, depth + 1, both)
            plain = plain or got_plain
            markup = markup or got_html
            if plain and (markup or not both):
                break
        return plain, markup
    if kind == "text/plain":
        return _decode(body, encoding, params.get("charset", "")), ""
    if kind == "text/html":
        return "", _decode(body[:HTML_LIMIT], encoding, params.get("charset", ""))
    return "", ""


@lru_cache(maxsize=1 << 12)
def content_type(value: str) -> tuple[str, dict[str, str]]:
    """The lower-case type and the parameters of a Content-Type header (text/plain when absent)."""
    kind, _, rest = value.partition(";")
    kind = kind.strip().lower()
    if "/" not in kind:
        kind = "text/plain"  # RFC 2045: an unreadable type is read as plain text
    params: dict[str, str] = {}
    for match in _PARAM.finditer(";" + rest):
        params.setdefault(
            match.group(1).lower(), match.group(2) if match.group(2) is not None else match.group(3)
        )
    return kind, params


def _parts(body: bytes, boundary: bytes) -> Iterator[bytes]:
    """The parts between `--boundary` lines, without the preamble and the epilogue."""
    marker = b"--" + boundary
    start: int | None = None
    at = body.find(marker)
    while at >= 0:
        after = at + len(marker)
        if at == 0 or body[at - 1 : at] == b"\n":  # a delimiter starts a line
            if start is not None:
                end = at - 1
                if end > start and body[end - 1 : end] == b"\r":
                    end -= 1
                yield body[start:end]
            if body[after : after + 2] == b"--":  # the closing delimiter
                return
            newline = body.find(b"\n", after)
            if newline < 0:
                return
            start = newline + 1
        at = body.find(marker, after)
    if start is not None:
        yield body[start:]  # no closing delimiter: the file was cut short; keep what is there


def _decode(data: bytes, encoding: str, charset: str) -> str:
    try:
        if encoding == "base64":
            data = binascii.a2b_base64(data)
        elif encoding == "quoted-printable":
            data = binascii.a2b_qp(data)
    except (binascii.Error, ValueError):
        pass  # keep the raw bytes: some text is better than none
    text = data.decode(_codec(charset), "replace")
    return text.replace("\r\n", "\n") if "\r" in text else text


@lru_cache(maxsize=256)
def _codec(charset: str) -> str:
    name = charset.strip().strip('"').lower() or "utf-8"
    try:
        codec = codecs.lookup(name).name
        b"a".decode(codec, "replace")  # base64, rot13 and the like are codecs too, but not for text
    except (LookupError, ValueError):
        return "utf-8"
    return codec


def html_to_text(markup: str) -> str:
    """Readable text from HTML: scripts and styles dropped, tags removed, entities decoded. Never runs
    markup; patterns are bounded so that hostile HTML cannot make them slow."""
    text = _DROP_BLOCKS.sub(" ", markup[:HTML_LIMIT])
    text = _BREAKS.sub("\n", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.splitlines())
    return _BLANK_LINES.sub("\n\n", text).strip()
