"""Identity keys: the normalised forms under which one human is found again across files."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

# The slug is the first path segment after /in/ (or /comm/in/ in notification e-mails), at the path's start.
_SLUG_PATH = re.compile(r"/(?:comm/)?in/([^/?#]+)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# The shape of nearly every URL in an export; profile_slug answers it without parsing.
_PLAIN_PREFIX = "https://www.linkedin.com/in/"
_PLAIN_SLUG = re.compile(r"[A-Za-z0-9_-]+")


def profile_slug(url: str | None) -> str | None:
    """The decoded, lower-case `/in/<slug>` of a LinkedIn profile URL, or None when there is none.

    Accepts URLs with or without a scheme (`www.linkedin.com/in/x`), percent-encoded or raw non-ASCII
    slugs, trailing slashes and query strings. A bare `https://www.linkedin.com/in` has no slug.
    """
    if not url:
        return None
    if url.startswith(_PLAIN_PREFIX) and _PLAIN_SLUG.fullmatch(url, len(_PLAIN_PREFIX)):
        return url[len(_PLAIN_PREFIX) :].lower()  # the common case, without parsing the URL
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:  # e.g. an unbalanced '[' that urlsplit takes for an IPv6 host
        return None
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    match = _SLUG_PATH.match(parts.path)
    if not match:
        return None
    slug = unicodedata.normalize("NFC", unquote(match.group(1))).strip().lower()
    return slug or None


def profile_url(slug: str | None) -> str:
    """The canonical profile URL for a slug ('' when there is none)."""
    return f"https://www.linkedin.com/in/{slug}" if slug else ""


def tidy_name(name: str | None) -> str:
    """A display name with stray and doubled spaces removed (and U+202F/U+00A0 taken as spaces)."""
    if not name:
        return ""
    return _SPACES.sub(" ", name.replace("\u202f", " ").replace("\u00a0", " ")).strip()


def name_key(name: str | None) -> str:
    """A folded form of a name for exact matching: case, accents, punctuation and spacing removed.

    "José  Müller" and "jose muller" share a key. Emoji and symbols are dropped. Returns '' for a name
    that has no letters, which must never be used as a key.
    """
    text = unicodedata.normalize("NFKD", tidy_name(name)).casefold()
    kept = []
    for ch in text:
        if unicodedata.combining(ch):
            continue
        if ch.isalnum():
            kept.append(ch)
        elif ch.isspace() or ch in "-'.,":
            kept.append(" ")
    return " ".join("".join(kept).split())


def email_key(email: str | None) -> str | None:
    """A lower-case e-mail address, or None when the text is not one."""
    if not email:
        return None
    text = email.strip().strip("<>").strip().lower()
    if text.count("@") != 1:
        return None
    local, _, domain = text.partition("@")
    if not local or "." not in domain or " " in text:
        return None
    return text
