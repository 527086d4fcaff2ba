"""Finding the person a user means: `meetfirst log PERSON`, `meetfirst show PERSON` and the like."""

from __future__ import annotations

import re

from meetfirst.core.errors import AmbiguousPerson, NotFound
from meetfirst.core.identity import email_key, name_key, profile_slug, profile_url
from meetfirst.store import people_queries
from meetfirst.store.models import Identity, Person

# What a bare profile slug can look like: one word of letters, digits and dashes (any script).
_BARE_SLUG = re.compile(r"[^\s/@?#]+")
CANDIDATES_SHOWN = 10


def find_person(query: str) -> Person:
    """The one person a query names: an id (`12` or `#12`), a profile URL or slug, an e-mail, or a name.

    Names match exactly once folded (case, accents and spacing aside). Several matches raise
    AmbiguousPerson listing them with their ids; none raises NotFound.
    """
    text = query.strip()
    if not text:
        raise NotFound("no person given")
    number = text.removeprefix("#")
    if number.isdigit():
        person = people_queries.person_by_id(person_id=int(number))
        if person is None:
            raise NotFound(f"no person has the id {number}")
        return person
    slug = profile_slug(text)
    if slug is not None or "linkedin.com" in text.lower():
        person = people_queries.person_by_identity(kind=Identity.Kind.LINKEDIN, value=slug) if slug else None
        if person is None:
            raise NotFound(f"nobody has the profile {text}")
        return person
    email = email_key(text)
    if email is not None:
        person = people_queries.person_by_identity(kind=Identity.Kind.EMAIL, value=email)
        if person is None:
            raise NotFound(f"nobody has the e-mail {email}")
        return person
    if _BARE_SLUG.fullmatch(text):
        person = people_queries.person_by_identity(kind=Identity.Kind.LINKEDIN, value=text.lower())
        if person is not None:
            return person
    return _by_name(text)


def _by_name(text: str) -> Person:
    found = people_queries.people_named(name_key=name_key(text), limit=CANDIDATES_SHOWN + 1)
    if not found:
        raise NotFound(f"nobody is called {text!r}")
    if len(found) == 1:
        return found[0]
    shown = found[:CANDIDATES_SHOWN]
    slugs = people_queries.linkedin_slugs(person_ids=[p.pk for p in shown])
    listed = "; ".join(_describe(person, slugs.get(person.pk)) for person in shown)
    count = f"more than {CANDIDATES_SHOWN}" if len(found) > CANDIDATES_SHOWN else str(len(found))
    raise AmbiguousPerson(f"{count} people are called {text!r}: {listed}")


def _describe(person: Person, slug: str | None) -> str:
    details = [d for d in (person.company, profile_url(slug)) if d]
    return f"#{person.pk} {person.display_name}" + (f" ({', '.join(details)})" if details else "")
