"""The demo's crowd: the owner and the connections, made from the word pools with a seeded random source."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from meetfirst.demo.pools import COMPANIES, FIRST_NAMES, LAST_NAMES, POSITIONS

PROFILE_BASE = "https://www.linkedin.com/in/"


@dataclass(slots=True)
class Member:
    """Someone in the demo world, as the export would show them."""

    first: str
    last: str
    url: str  # as written in the files: raw or percent-encoded slug, or '' for a hidden member
    email: str = ""
    company: str = ""
    position: str = ""
    connected_on: date | None = None

    @property
    def display(self) -> str:
        # LinkedIn joins the two fields with one space, whatever spaces the fields themselves carry.
        return f"{self.first} {self.last}"


OWNER = Member(
    first="Maren",
    last="Lindqvist",
    url=PROFILE_BASE + "maren-lindqvist",
    email="maren.lindqvist@example.com",
    company="Quillfield Software",
    position="Engineering Manager",
)


def fold(text: str) -> str:
    """ASCII letters and digits of a name part, lower-case, words joined by '-'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return "-".join(words)


def _slug_part(display: str, slug: str | None) -> str:
    if slug is not None:
        return slug
    return fold(display)


def profile_url(slug: str, *, encode: bool) -> str:
    """The URL LinkedIn writes for a slug: raw non-ASCII, or percent-encoded when asked."""
    return PROFILE_BASE + (quote(slug, safe="-") if encode else slug)


class Crowd:
    """Makes members with unique slugs; the same seed gives the same people."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = {"maren-lindqvist"}

    def unique_slug(self, base: str) -> str:
        rng = self._rng
        slug = base or "member"
        # Many real slugs carry a random hex tail; collisions always get one.
        if rng.random() < 0.45 or slug in self._used:
            slug = f"{base}-{rng.getrandbits(28):07x}"
            while slug in self._used:
                slug = f"{base}-{rng.getrandbits(32):08x}"
        self._used.add(slug)
        return slug

    def member(self, *, middle_initial: bool = False) -> Member:
        """A new person from the pools, with the quirks real names carry now and then."""
        rng = self._rng
        first, first_slug = rng.choice(FIRST_NAMES)
        last, last_slug = rng.choice(LAST_NAMES)
        if middle_initial:
            first = f"{first} {chr(65 + rng.randrange(26))}."
        elif rng.random() < 0.01:
            first += " "  # a stray trailing space, which doubles the space in the display name
        base = f"{_slug_part(first, first_slug)}-{_slug_part(last, last_slug)}".strip("-")
        slug = self.unique_slug(base)
        encode = not slug.isascii() and rng.random() < 0.5
        email = ""
        if rng.random() < 0.02:
            email = (
                f"{fold(first) or 'member'}.{fold(last) or 'x'}@example.{rng.choice(('com', 'net', 'org'))}"
            )
        return Member(
            first=first,
            last=last,
            url=profile_url(slug, encode=encode),
            email=email,
            company=rng.choice(COMPANIES),
            position=rng.choice(POSITIONS),
        )


def old_connection_date(rng: random.Random, today: date) -> date:
    """A date some time in the last twelve years, but not in the last six months."""
    return today - timedelta(days=190 + int(rng.random() ** 1.6 * 4200))
