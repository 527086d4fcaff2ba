"""Keys for names and workplaces that fuzzy matching compares: nicknames, Soundex, company names without
their legal forms, work domains, places. Each is cached: given names, surnames and companies repeat across
tens of thousands of people, so each distinct one is worked out once."""

from __future__ import annotations

from functools import lru_cache

from meetfirst.core.identity import fold_name, name_forms

# Words that say what kind of company it is, not which one.
_COMPANY_NOISE = frozenset(
    [
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "plc",
        "co",
        "corp",
        "corporation",
        "company",
        "limited",
        "group",
        "the",
        "se",
        "kg",
        "oy",
        "ab",
        "as",
        "spa",
        "srl",
        "pty",
    ]
)


# Shared by every profile without phones, slugs or work domains: one object, not one per person.
EMPTY: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _nicknamer() -> object:
    from nicknames import NickNamer  # ships its data file: no network needed

    return NickNamer()


@lru_cache(maxsize=20000)
def given_name_group(given: str) -> frozenset[str]:
    """A given name and the formal names it is a nickname of ("bob" -> bob, robert, ...)."""
    if len(given) < 2:
        return frozenset({given})
    namer = _nicknamer()
    return frozenset({given}) | frozenset(namer.canonicals_of(given))  # type: ignore[attr-defined]


@lru_cache(maxsize=20000)
def nickname_related(one: str, other: str) -> bool:
    """Whether one given name is a nickname of the other (either way)."""
    return other in given_name_group(one) or one in given_name_group(other)


_SOUNDEX = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


@lru_cache(maxsize=50000)
def soundex(word: str) -> str:
    """A four-character American Soundex of a folded word ('' for no letters)."""
    letters = [ch for ch in word if "a" <= ch <= "z"]
    if not letters:
        return ""
    codes = "".join(letters).translate(_SOUNDEX)
    out = [letters[0]]
    last = codes[0]
    for ch, code in zip(letters[1:], codes[1:], strict=True):
        if code.isdigit() and code != last:
            out.append(code)
        if ch not in "hw":
            last = code
        if len(out) == 4:
            break
    return "".join(out).ljust(4, "0")


@lru_cache(maxsize=50000)
def company_key(company: str) -> str:
    """A company name folded, without legal forms: 'Acme GmbH' and 'ACME' share a key."""
    words = [w for w in fold_name(company).split() if w not in _COMPANY_NOISE]
    return " ".join(words)


def _company_tokens(company: str) -> frozenset[str]:
    """What an e-mail domain of the company may be called: 'pied piper' -> piedpiper, pied."""
    if not company:
        return EMPTY
    return frozenset({company.replace(" ", ""), company.split()[0]})


@lru_cache(maxsize=50000)
def one_set(domains: frozenset[str]) -> frozenset[str]:
    """One object for each set of work domains, shared by colleagues: fewer objects to keep and collect."""
    return domains or EMPTY


@lru_cache(maxsize=50000)
def workplace(company: str, domains: frozenset[str]) -> frozenset[str]:
    """Company tokens and work-domain labels: 'acme' for Acme Inc and acme.com (colleagues share it)."""
    if not domains:
        return _company_tokens(company)
    return _company_tokens(company) | frozenset(d.split(".")[0] for d in domains)


@lru_cache(maxsize=50000)
def cached_name_forms(name: str) -> tuple[str, ...]:
    return name_forms(name)


@lru_cache(maxsize=50000)
def location_key(location: str) -> str:
    # "Berlin, Germany" and "Berlin Area" share their first part.
    first = location.split(",")[0]
    return " ".join(
        w for w in fold_name(first).split() if w not in {"area", "greater", "metropolitan", "region"}
    )


@lru_cache(maxsize=100000)
def fold_part(part: str) -> str:
    return fold_name(part)  # given and family names repeat across people: fold each once
