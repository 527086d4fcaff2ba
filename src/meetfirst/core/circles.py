"""Similar circles from e-mail: the work domains the owner and a requester share.

Two addresses at acme.com say that both people are, or were, at Acme. Two gmail.com addresses say
nothing, so free-mail and consumer-ISP domains never count. Domains are compared whole: eng.acme.com and
acme.com are different domains here, which errs on the side of saying less.
"""

from __future__ import annotations

from collections.abc import Iterable

# Domains anyone can have an address at. The families below add their country variants (yahoo.co.uk,
# hotmail.fr, gmx.at...).
FREE_MAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "126.com",
        "163.com",
        "aol.com",
        "att.net",
        "bigpond.com",
        "btinternet.com",
        "comcast.net",
        "duck.com",
        "fastmail.com",
        "fastmail.fm",
        "free.fr",
        "googlemail.com",
        "gmail.com",
        "hey.com",
        "hushmail.com",
        "icloud.com",
        "inbox.com",
        "laposte.net",
        "libero.it",
        "mac.com",
        "mail.com",
        "mail.ru",
        "me.com",
        "msn.com",
        "naver.com",
        "orange.fr",
        "pm.me",
        "proton.me",
        "protonmail.ch",
        "protonmail.com",
        "qq.com",
        "rediffmail.com",
        "sbcglobal.net",
        "seznam.cz",
        "t-online.de",
        "tuta.io",
        "tutanota.com",
        "verizon.net",
        "wanadoo.fr",
        "web.de",
        "wp.pl",
        "ymail.com",
        "zoho.com",
    }
)
# The first label of free-mail families that exist under many country domains.
FREE_MAIL_FAMILIES: frozenset[str] = frozenset({"gmx", "hotmail", "live", "outlook", "yahoo", "yandex"})


def email_domain(address: str) -> str:
    """The domain of an address, lower case, without trailing dots ('' when there is none)."""
    local, at, domain = address.strip().strip("<>").rpartition("@")
    if not at or not local:
        return ""
    return domain.strip().rstrip(".").lower()


def is_free_mail(domain: str) -> bool:
    """Whether anyone can have an address at this domain, so that sharing it says nothing."""
    domain = domain.lower()
    return domain in FREE_MAIL_DOMAINS or domain.split(".", 1)[0] in FREE_MAIL_FAMILIES


def shared_domains(owner_emails: Iterable[str], their_emails: Iterable[str]) -> tuple[str, ...]:
    """The work domains both have addresses at, sorted; free mail left out."""
    owner = {email_domain(a) for a in owner_emails}
    theirs = {email_domain(a) for a in their_emails}
    return tuple(sorted(d for d in owner & theirs if d and "." in d and not is_free_mail(d)))
