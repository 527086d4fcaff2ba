"""Who may be whom: fuzzy matching of people across files, with blocking and reasons in words.

A name alone is weak evidence (people share names), so an automatic link needs a strong name match AND
another identity that backs it: the same e-mail or phone, the same company, or the same e-mail domain
(free mail such as gmail.com backs nothing). Anything weaker but plausible becomes a suggestion for the
user. Candidates come from blocking keys, so a request is compared with a handful of people, not all.
"""

from __future__ import annotations

import enum
import gc
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.fuzz import token_sort_ratio

from meetfirst.core.identity import canonical_email, is_free_mail, phone_key
from meetfirst.core.name_keys import (
    EMPTY,
    cached_name_forms,
    company_key,
    fold_part,
    given_name_group,
    location_key,
    nickname_related,
    one_set,
    soundex,
    workplace,
)

# A name score at or above this, backed by another identity, links automatically.
AUTO_THRESHOLD = 0.9
# Below this nothing is suggested.
SUGGEST_THRESHOLD = 0.85
# A block this large says little (a very common name); it is skipped for fuzzy keys.
BLOCK_LIMIT = 400


class Decision(enum.StrEnum):
    LINK = "link"  # the same human: merge without asking
    SUGGEST = "suggest"  # maybe: ask the user


@dataclass(frozen=True, slots=True)
class Profile:
    """What is known of one person for matching. `id` is the caller's (a Person id, a row number)."""

    id: int
    name: str
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    location: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    slugs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """A possible pair, the decision, and why, in words."""

    first_id: int
    second_id: int
    score: float
    decision: Decision
    reasons: tuple[str, ...]

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


@dataclass(slots=True)
class _Prepared:
    """A profile with its folded forms computed once."""

    profile: Profile
    full: tuple[str, ...]  # folded full-name forms
    given: str
    family: str
    family_forms: tuple[str, ...]
    company: str
    location: str
    emails: frozenset[str]
    domains: frozenset[str]  # work domains only: free mail backs nothing
    workplace: frozenset[str]  # company tokens and work-domain labels: 'acme' for Acme Inc and acme.com
    phones: frozenset[str]
    slugs: frozenset[str]
    numbers: tuple[str, ...] = ()  # the digit runs of the name, in order ("Desk 12" -> ("12",))


def _split(profile: Profile, full: str) -> tuple[str, str]:
    first = fold_part(profile.first_name)
    last = fold_part(profile.last_name)
    if first and last:
        return first.split()[0], last.split()[-1]
    words = full.split()
    if len(words) >= 2:
        return words[0], words[-1]
    return (words[0], "") if words else ("", "")


def prepare(profile: Profile) -> _Prepared:
    """Fold a profile's name, company, e-mails and phones once."""
    forms = cached_name_forms(profile.name or f"{profile.first_name} {profile.last_name}")
    given, family = _split(profile, forms[0] if forms else "")
    if len(forms) == 1:  # nearly every name: its last word, without building a dict
        family_forms: tuple[str, ...] = (forms[0].rpartition(" ")[2],)
    else:
        family_forms = tuple(dict.fromkeys(f.rpartition(" ")[2] for f in forms)) or (family,)
    if profile.emails:
        emails = frozenset(filter(None, map(canonical_email, profile.emails)))
        domains = one_set(frozenset(d for d in (e.partition("@")[2] for e in emails) if not is_free_mail(d)))
    else:
        emails = domains = EMPTY
    company = company_key(profile.company)
    return _Prepared(
        profile=profile,
        full=forms,
        given=given,
        family=family,
        family_forms=family_forms,
        company=company,
        workplace=workplace(company, domains),
        location=location_key(profile.location),
        emails=emails,
        domains=domains,
        phones=frozenset(p for p in (phone_key(x) for x in profile.phones) if p) if profile.phones else EMPTY,
        slugs=frozenset(s.lower() for s in profile.slugs if s) if profile.slugs else EMPTY,
        numbers=_numbers(forms[0]) if forms else (),
    )


def _numbers(folded: str) -> tuple[str, ...]:
    """The runs of digits in a folded name; () for nearly every name, which has none."""
    found = _DIGITS.findall(folded)
    return tuple(found) if found else ()


_DIGITS = re.compile(r"\d+")


def _blocking_keys(p: _Prepared, *, filed: bool) -> list[str]:
    """The keys a profile is filed under (`filed`), or the keys to look up when matching it; no repeats.

    Both hold its e-mails, phones, profiles, the Soundex codes of its given and family names (either
    order: given and family names get swapped), nickname groups with the family name's Soundex, and its
    given name at its workplace (married names). A name given as an initial is filed under the initial and
    looks up everyone with that initial and family name; a full name looks up only such initials.
    """
    # Each kind of key has its own prefix, so the parts below never repeat one another.
    keys = [f"e:{e}" for e in p.emails]
    if p.phones:
        keys += [f"p:{x}" for x in p.phones]
    if p.slugs:
        keys += [f"l:{s}" for s in p.slugs]
    if not p.given:
        return keys
    keys += _name_keys(p.given, p.family_forms)[0 if filed else 1]
    # Married names: the same given name at the same workplace, whatever the surname.
    keys += [f"c:{p.given}|{token}" for token in p.workplace]
    return keys


@lru_cache(maxsize=100000)
def _name_keys(given: str, family_forms: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The name keys a (given name, family names) pair is filed under, and those it looks up.

    Cached: the same given and family names come back again and again among 100,000 people.
    """
    keys: dict[str, None] = {}
    lookups: dict[str, None] = {}
    initial = len(given) == 1
    for family in family_forms:
        if not family:
            continue
        sound = soundex(family)
        if initial:
            keys[f"I:{given}|{sound}"] = None
            lookups[f"i:{given}|{sound}"] = None
            continue
        keys[f"i:{given[0]}|{sound}"] = None
        lookups[f"I:{given[0]}|{sound}"] = None
        # Given and family names swapped: the pair of codes in sorted order finds both ways round.
        both = "s:" + "|".join(sorted((soundex(given), sound)))
        # Typos: a slip in the given name keeps the family name, and the other way round.
        shared = [both, f"f:{given[:2]}|{family}", f"g:{given}|{family[:2]}"]
        shared += [f"n:{name}|{sound}" for name in given_name_group(given)]
        for key in shared:
            keys[key] = None
            lookups[key] = None
    return tuple(keys), tuple(lookups)


# --- scoring --------------------------------------------------------------------------------------


def _shown(profile: Profile) -> str:
    return profile.name or f"{profile.first_name} {profile.last_name}".strip()


def _given_shown(profile: Profile) -> str:
    return (profile.first_name or _shown(profile)).split()[0] if _shown(profile) else ""


def _family_shown(profile: Profile) -> str:
    words = (profile.last_name or _shown(profile)).split()
    return words[-1] if words else ""


def _share(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether two short tuples of forms have one in common (most hold a single form)."""
    if len(one) == 1:
        return one[0] in other
    return not set(one).isdisjoint(other)


def _closest(one: tuple[str, ...], other: tuple[str, ...]) -> int:
    """The fewest edits between a form of one and a form of the other."""
    if len(one) == 1 and len(other) == 1:
        return int(OSA.distance(one[0], other[0]))
    return min(int(OSA.distance(x, y)) for x in one for y in other)


def name_relation(a: _Prepared, b: _Prepared) -> tuple[float, str] | None:
    """How well two names match, and the words that say how; None when they do not."""
    if not a.full or not b.full:
        return None
    if a.full[0] == b.full[0]:
        if _shown(a.profile).casefold() == _shown(b.profile).casefold():
            return 1.0, f"names match ({_shown(a.profile)})"
        return (
            0.99,
            f"names match as {_shown(a.profile)}/{_shown(b.profile)} (accents or spelling of letters)",
        )
    if a.numbers != b.numbers:
        # Numbers in a name label different things (Desk 12 and Desk 21, Person 1234 and Person 1243):
        # a slip of one digit is no spelling variant, and such names share everything else.
        return None
    if _share(a.full, b.full):
        return 0.97, f"names match as {_shown(a.profile)}/{_shown(b.profile)} (transliteration)"
    same_family = bool(a.family) and _share(a.family_forms, b.family_forms)
    if same_family and a.given and b.given:
        if a.given == b.given:
            return 0.95, f"names match as {_shown(a.profile)}/{_shown(b.profile)} (middle names differ)"
        if nickname_related(a.given, b.given):
            return 0.94, f"names match as {_given_shown(a.profile)}/{_given_shown(b.profile)} (nickname)"
        if (len(a.given) == 1 or len(b.given) == 1) and a.given[0] == b.given[0]:
            return 0.88, f"names match as {_given_shown(a.profile)}/{_given_shown(b.profile)} (initial)"
    if (
        a.given
        and b.given
        and a.family
        and b.family
        and a.given in b.family_forms
        and b.given in a.family_forms
    ):
        return (
            0.95,
            f"names match as {_shown(a.profile)}/{_shown(b.profile)} (given and family names swapped)",
        )
    if a.given and b.given and a.family and b.family:
        # A typo: one letter added, dropped, changed or two swapped, in a word long enough to carry it.
        given_typo = (
            same_family and min(len(a.given), len(b.given)) >= 4 and OSA.distance(a.given, b.given) <= 1
        )
        family_typo = (
            a.given == b.given
            and min(len(a.family), len(b.family)) >= 4
            and _closest(a.family_forms, b.family_forms) <= 1
        )
        if given_typo or family_typo:
            # Below the automatic threshold: Lang and Lange, Lukas and Łukasz are different people too.
            return 0.88, f"names match as {_shown(a.profile)}/{_shown(b.profile)} (spelling)"
        if a.given == b.given or nickname_related(a.given, b.given):
            return (
                0.6,
                f"same given name {_given_shown(a.profile)}, another surname "
                f"({_family_shown(a.profile)}/{_family_shown(b.profile)})",
            )
    ratio = token_sort_ratio(a.full[0], b.full[0]) / 100
    if ratio >= 0.92:
        return 0.86, f"names match as {_shown(a.profile)}/{_shown(b.profile)} (similar spelling)"
    return None


def _backing(a: _Prepared, b: _Prepared) -> tuple[list[str], list[str], list[str]]:
    """(strong, medium, weak) reasons: shared identities; company or work domain; location."""
    # Most pairs share no identity: isdisjoint says so without building a set.
    strong = []
    if not a.emails.isdisjoint(b.emails):
        strong += [f"same e-mail {e}" for e in sorted(a.emails & b.emails)]
    if not a.phones.isdisjoint(b.phones):
        strong += [f"same phone {p}" for p in sorted(a.phones & b.phones)]
    if not a.slugs.isdisjoint(b.slugs):
        strong += [f"same LinkedIn profile {s}" for s in sorted(a.slugs & b.slugs)]
    medium = []
    if a.company and a.company == b.company:
        medium.append(f"same company {b.profile.company or a.profile.company}")
    if not a.domains.isdisjoint(b.domains):
        medium += [f"same e-mail domain {d}" for d in sorted(a.domains & b.domains)]
    if not medium and not a.workplace.isdisjoint(b.workplace):
        at = sorted(a.domains | b.domains)
        company = a.profile.company or b.profile.company
        medium.append(
            f"same workplace {company} (e-mail at {', '.join(at)})" if at else f"same workplace {company}"
        )
    weak = [f"same location {b.profile.location}"] if a.location and a.location == b.location else []
    return strong, medium, weak


def compare(a: _Prepared, b: _Prepared) -> Match | None:
    """The decision for one pair with its reasons, or None when they are not worth asking about."""
    if a.slugs and b.slugs and not a.slugs & b.slugs:
        # Two LinkedIn profiles are two members: one human with two accounts is rare enough to leave to the
        # user (`people merge`), and namesakes among connections are common.
        return None
    relation = name_relation(a, b)
    if relation is None and not (a.emails & b.emails or a.phones & b.phones or a.slugs & b.slugs):
        return None  # the common case among candidates: cheap to say no
    strong, medium, weak = _backing(a, b)
    conflicts = []
    if a.phones and b.phones and not a.phones & b.phones and not strong:
        conflicts.append("different phone numbers")
    pair = (a.profile.id, b.profile.id)
    if relation is None:
        if strong and not conflicts:
            reasons = (*strong, f"names differ ({_shown(a.profile)}/{_shown(b.profile)})")
            return Match(*pair, 0.7, Decision.SUGGEST, reasons)
        return None
    score, words = relation
    reasons = (words, *strong, *medium, *weak, *conflicts)
    if score < 0.85:  # a married-name candidate: only worth asking when a workplace backs it
        if not (medium or strong) or conflicts:
            return None
        return Match(*pair, round(score + 0.1 * len(medium), 3), Decision.SUGGEST, reasons)
    bonus = 0.03 * len(strong) + 0.02 * len(medium) + 0.01 * len(weak)
    total = round(min(1.0, score + bonus), 3)
    if not conflicts and ((strong and score >= SUGGEST_THRESHOLD) or (medium and score >= AUTO_THRESHOLD)):
        return Match(*pair, total, Decision.LINK, reasons)
    if conflicts and not strong and score < 0.97 and not medium:
        return None
    return Match(*pair, total, Decision.SUGGEST, reasons)


# --- the index ------------------------------------------------------------------------------------


class MatchIndex:
    """Known people, blocked for fast candidate lookup."""

    def __init__(self, profiles: Iterable[Profile] = ()) -> None:
        self._people: dict[int, _Prepared] = {}
        # A block of one person holds the id itself: most blocks are that small, and a list per block
        # would be one more object for the collector to walk.
        self._blocks: dict[str, int | list[int]] = {}
        # Each person brings a few small containers and none of them forms a cycle, yet the cyclic
        # collector would walk all of them again and again while the index grows: about half the time
        # of building a large index. It is paused while building and restored as it was.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for profile in profiles:
                self.add(profile)
        finally:
            if collecting:
                gc.enable()

    def __len__(self) -> int:
        return len(self._people)

    def add(self, profile: Profile) -> None:
        prepared = prepare(profile)
        self._people[profile.id] = prepared
        blocks = self._blocks
        person = profile.id
        for key in _blocking_keys(prepared, filed=True):
            block = blocks.get(key)
            if block is None:
                blocks[key] = person
            elif isinstance(block, int):
                blocks[key] = [block, person]
            else:
                block.append(person)

    def candidates(self, prepared: _Prepared) -> set[int]:
        """Ids that share a blocking key with a prepared profile (itself excluded)."""
        found: set[int] = set()
        for key in _blocking_keys(prepared, filed=False):
            block = self._blocks.get(key)
            if block is None:
                continue
            if isinstance(block, int):
                found.add(block)
                continue
            if len(block) > BLOCK_LIMIT and key[0] not in "epl":
                continue  # too common to tell anyone apart; exact identities always count
            found.update(block)
        found.discard(prepared.profile.id)
        return found

    def matches(self, profile: Profile) -> list[Match]:
        """Every link or suggestion for a profile among the known people, best first."""
        prepared = prepare(profile)
        found = []
        for other in self.candidates(prepared):
            match = compare(prepared, self._people[other])
            if match is not None:
                found.append(match)
        found.sort(key=lambda m: (m.decision != Decision.LINK, -m.score, m.second_id))
        return found
