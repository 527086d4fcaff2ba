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


# --- identity resolution: safe e-mail canonical forms, phones, folded names ---------------------------

# Providers that deliver `local+tag@domain` to `local@domain`; elsewhere a plus may be part of the address.
_PLUS_TAG_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "fastmail.com",
        "fastmail.fm",
        "protonmail.com",
        "proton.me",
        "pm.me",
    }
)
# Gmail also ignores dots in the local part, and googlemail.com is the same mailbox.
_GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})
# Free mail: anyone can have an address at these domains, so sharing one says nothing about two people.
# The families below add their country variants (yahoo.co.uk, hotmail.fr, gmx.at...).
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
        "gmail.com",
        "gmx.de",
        "gmx.net",
        "googlemail.com",
        "hey.com",
        "hotmail.co.uk",
        "hotmail.com",
        "hotmail.fr",
        "hushmail.com",
        "icloud.com",
        "inbox.com",
        "laposte.net",
        "libero.it",
        "live.co.uk",
        "live.com",
        "mac.com",
        "mail.com",
        "mail.ru",
        "me.com",
        "msn.com",
        "naver.com",
        "orange.fr",
        "outlook.com",
        "outlook.de",
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
        "yahoo.co.uk",
        "yahoo.com",
        "yahoo.fr",
        "yandex.ru",
        "ymail.com",
        "zoho.com",
    }
)
# The first label of free-mail families that exist under many country domains.
FREE_MAIL_FAMILIES: frozenset[str] = frozenset({"gmx", "hotmail", "live", "outlook", "yahoo", "yandex"})


def is_free_mail(domain: str) -> bool:
    """Whether anyone can have an address at this domain, so that sharing it says nothing."""
    domain = domain.lower()
    return domain in FREE_MAIL_DOMAINS or domain.split(".", 1)[0] in FREE_MAIL_FAMILIES


def canonical_email(email: str | None) -> str | None:
    """The mailbox an address delivers to: lower case, `+tags` dropped where the provider ignores them.

    Gmail's dots are dropped too and googlemail.com becomes gmail.com. Elsewhere the address is kept as
    it is (a plus or a dot may be significant there). None when the text is not an e-mail address.
    """
    text = email_key(email)
    if text is None:
        return None
    local, _, domain = text.partition("@")
    if domain not in _PLUS_TAG_DOMAINS:
        return text
    base = local.split("+", 1)[0] or local
    if domain in _GMAIL_DOMAINS:
        return base.replace(".", "") + "@gmail.com"
    return f"{base}@{domain}"


def email_keys(email: str | None) -> list[str]:
    """Every key an address is known by: the address as written (lower case) and its canonical mailbox."""
    text = email_key(email)
    if text is None:
        return []
    canonical = canonical_email(text)
    return [text] if canonical in (None, text) else [text, str(canonical)]


def email_domain(email: str | None) -> str | None:
    """The domain of an address, lower case (googlemail.com read as gmail.com)."""
    text = canonical_email(email)
    return text.partition("@")[2] if text else None


def phone_key(phone: str | None, *, region: str | None = None) -> str | None:
    """A phone number in E.164 (`+4930123456`), or None when it cannot be read as a possible number.

    A number written with a leading `+` (or `00`) carries its country; otherwise `region` (ISO 3166 code
    such as "DE") says where it was written, and without one a national number cannot be placed.
    """
    import phonenumbers  # imported here: loading its metadata costs time that most commands never need

    if not phone:
        return None
    text = phone.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text.startswith("+") and not region:
        return None
    try:
        number = phonenumbers.parse(
            text, None if text.startswith("+") else region.upper() if region else None
        )
    except phonenumbers.NumberParseException:
        return None
    # Too short to name one line (a typo, an extension alone) even where the plan allows short numbers.
    if not phonenumbers.is_possible_number(number) or len(str(number.national_number)) < 6:
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


# Letters that NFKD leaves alone, written the way people type them without the key.
_TRANSLITERATIONS = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "ss",
        "æ": "ae",
        "Æ": "ae",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
    }
)
# German umlauts are also written with an e: Müller, Mueller.
_UMLAUTS_WITH_E = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def fold_name(name: str | None) -> str:
    """A name folded for comparison: NFKD, case-folded, marks stripped, common letters transliterated.

    "José Müller" -> "jose muller", "Łukasz Ødegård" -> "lukasz odegard", "Strauß" -> "strauss".
    Punctuation becomes spaces; the result is '' for a name without letters or digits.
    """
    if not name:
        return ""
    if name.isascii():  # most names: no Unicode work needed, and much faster
        return " ".join(name.translate(_ASCII_FOLD).split())
    text = unicodedata.normalize("NFC", tidy_name(name)).casefold().translate(_TRANSLITERATIONS)
    return name_key(text)


# ASCII letters and digits kept (lower case), the separators name_key keeps become spaces, the rest goes.
_ASCII_FOLD = str.maketrans(
    {
        **{chr(c): None for c in range(128) if not chr(c).isalnum()},
        **{chr(c): " " for c in range(128) if chr(c).isspace() or chr(c) in "-'.,"},
        **{chr(c): chr(c).lower() for c in range(ord("A"), ord("Z") + 1)},
    }
)


def name_forms(name: str | None) -> tuple[str, ...]:
    """The folded forms a name may be written in: plain, and with German umlauts as `ue` when it has any."""
    plain = fold_name(name)
    if not plain:
        return ()
    if name and name.isascii():
        return (plain,)  # no umlauts to write out
    composed = unicodedata.normalize("NFC", tidy_name(name))
    if not any(ch in "äöüÄÖÜ" for ch in composed):
        return (plain,)
    german = fold_name(composed.translate(_UMLAUTS_WITH_E))
    return (plain, german) if german != plain else (plain,)
