"""Similar circles: what the owner and a requester visibly share ("we move in similar circles").

From e-mail: the work domains the owner and a requester share.

Two addresses at acme.com say that both people are, or were, at Acme. Two gmail.com addresses say
nothing, so free-mail and consumer-ISP domains never count. Domains are compared whole: eng.acme.com and
acme.com are different domains here, which errs on the side of saying less.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from meetfirst.core.identity import is_free_mail


def email_domain(address: str) -> str:
    """The domain of an address, lower case, without trailing dots ('' when there is none)."""
    local, at, domain = address.strip().strip("<>").rpartition("@")
    if not at or not local:
        return ""
    return domain.strip().rstrip(".").lower()


def shared_domains(owner_emails: Iterable[str], their_emails: Iterable[str]) -> tuple[str, ...]:
    """The work domains both have addresses at, sorted; free mail left out."""
    owner = {email_domain(a) for a in owner_emails}
    theirs = {email_domain(a) for a in their_emails}
    return tuple(sorted(d for d in owner & theirs if d and "." in d and not is_free_mail(d)))


def similar_circles(
    *,
    owner_headline: str,
    owner_industry: str,
    owner_location: str,
    company: str,
    headline: str,
    position: str,
    location: str,
    people_in_common: int = 0,
    shared_domains: Sequence[str] = (),
) -> tuple[str, ...]:
    """Short phrases for what the owner and a requester share, only from what the data shows.

    The owner's company is not a field of its own: it counts when the requester's company appears as
    words in the owner's headline ("Engineer at Acme"). The owner's industry counts when it appears in
    the requester's headline or position. Places are compared by their first part ("Lisbon, Portugal"
    and "Greater Lisbon Area" are both Lisbon). A shared e-mail domain (work domains only, see
    core.circles) reads "both at acme.com", unless the company already said "both at Acme".
    """
    circles: list[str] = []
    same_company = bool(company.strip()) and _contains_words(owner_headline, company)
    if same_company:
        circles.append(f"both at {company.strip()}")
    for domain in shared_domains:
        if not (same_company and _names_company(domain, company)):
            circles.append(f"both at {domain}")
    if owner_industry.strip() and (
        _contains_words(headline, owner_industry) or _contains_words(position, owner_industry)
    ):
        circles.append(f"both in {owner_industry.strip()}")
    place = _place(location)
    if place and place == _place(owner_location):
        circles.append(f"both in {_place_label(location)}")
    if people_in_common == 1:
        circles.append("1 person in common")
    elif people_in_common > 1:
        circles.append(f"{people_in_common} people in common")
    return tuple(circles)


def _names_company(domain: str, company: str) -> bool:
    """Whether a domain is the company's own (acme.com for "Acme" or "Acme Corp")."""
    first = re.sub(r"\W", "", company.casefold().split()[0]) if company.split() else ""
    whole = re.sub(r"\W", "", company.casefold())
    labels = domain.casefold().split(".")[:-1]
    return bool(first) and any(label in (first, whole) for label in labels)


def _contains_words(text: str, words: str) -> bool:
    needle = " ".join(words.casefold().split())
    if not needle or not text:
        return False
    pattern = r"(?<!\w)" + re.escape(needle).replace(r"\ ", r"\s+") + r"(?!\w)"
    return re.search(pattern, text.casefold()) is not None


_PLACE_NOISE = re.compile(r"\b(greater|metropolitan|metro|area|region|city of|bay)\b", re.IGNORECASE)


def _place_label(location: str) -> str:
    first = location.split(",")[0]
    return " ".join(_PLACE_NOISE.sub(" ", first).split())


def _place(location: str) -> str:
    return _place_label(location).casefold()
