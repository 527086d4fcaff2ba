"""Signs in an invitation note that the request is bizarre, and the key that finds mass-mailed notes.

Pure text rules. Each family of phrases explains itself: the reason quotes what matched. Weights are
kept low on purpose: one weak sign (a company link, one sales phrase) never dismisses a real
professional; the triage rules add signs up and need a strong one or two weak ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# A signal of this weight is enough on its own; weaker ones must add up to it.
STRONG = 2
WEAK = 1


@dataclass(frozen=True, slots=True)
class Signal:
    """One sign that a request is bizarre, with its weight and its reason."""

    kind: str
    weight: int
    reason: str


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    weight: int
    # Cheap pre-check: the regex runs only when the lower-cased note contains one of these. Running
    # every regex on every note would cost more than the rest of a 10,000-request triage.
    needs: tuple[str, ...]
    label: str  # how the reason names what matched; "" quotes the matched text

    def search(self, text: str) -> re.Match[str] | None:
        for word in self.needs:
            if word in text:
                return self.regex.search(text)
        return None


def _p(pattern: str, weight: int = WEAK, *, needs: tuple[str, ...], label: str = "") -> _Pattern:
    """A pattern over lower-cased text."""
    return _Pattern(re.compile(pattern), weight, needs, label)


@dataclass(frozen=True, slots=True)
class _Family:
    """Phrases of one kind. Each distinct phrase adds its weight; the family's total is capped at STRONG."""

    kind: str
    reason: str  # "{found}" is replaced by the quoted phrases that matched
    patterns: tuple[_Pattern, ...]


_MONEY = r"(?:us\$|\$|€|£|usd|eur|gbp)"

_FAMILIES: tuple[_Family, ...] = (
    _Family(
        "scam",
        "the note reads like an advance-fee scam ({found})",
        (
            _p(r"\bnext of kin\b", STRONG, needs=("next of kin",)),
            _p(
                r"\b(?:my )?(?:late|deceased) (?:client|customer|husband|father|mother|wife)\b",
                STRONG,
                needs=("late ", "deceased"),
            ),
            _p(r"\bunclaimed (?:funds?|assets?|deposits?|sums?|inheritance)\b", STRONG, needs=("unclaimed",)),
            _p(r"\btransfer (?:of )?(?:the|this|these) (?:funds?|sum|money)\b", STRONG, needs=("transfer",)),
            _p(
                rf"\b(?:sum|fund|funds|deposit|amount) of\s+{_MONEY}?\s?\d[\d,.]*\s?(?:m\b|million)",
                STRONG,
                needs=(" of",),
            ),
            _p(
                r"\byou (?:have )?won (?:a |the )?(?:cash )?(?:sum|prize|grant|lottery|jackpot)\b|"
                r"\bclaim your (?:prize|reward|funds?|winnings)\b",
                STRONG,
                needs=("won ", "claim"),
            ),
            _p(r"\binheritance\b", needs=("inheritance",)),
            _p(r"\bbeneficiary\b", needs=("beneficiary",)),
            _p(r"\blottery\b", needs=("lottery",)),
            _p(r"\b(?:funds?|money) transfer\b", needs=("transfer",)),
            _p(
                r"\blucrative (?:business|deal|offer|proposal|transaction|opportunity)\b",
                needs=("lucrative",),
            ),
            _p(
                r"\bconfidential (?:business|transaction|deal|proposal)\b|\bstrictly confidential\b",
                needs=("confidential",),
            ),
            _p(r"\bbusiness proposal\b", needs=("proposal",)),
            _p(r"\bmutual benefit\b", needs=("mutual",)),
            _p(r"\bwestern union\b|\bmoneygram\b", needs=("western union", "moneygram")),
        ),
    ),
    _Family(
        "crypto",
        "the note talks about crypto or investment returns ({found})",
        (
            _p(
                r"\b(?:crypto(?:currency|currencies)?|bitcoin|btc|ethereum|usdt|binance|forex|nfts?)\b",
                needs=("crypto", "bitcoin", "btc", "ethereum", "usdt", "binance", "forex", "nft"),
            ),
            _p(
                r"\b(?:guaranteed|daily|weekly|steady|consistent|huge) (?:returns?|profits?|roi|payouts?)\b",
                STRONG,
                needs=("return", "profit", "roi", "payout"),
            ),
            _p(r"\bpassive income\b", STRONG, needs=("passive",)),
            _p(
                r"\b(?:\d+x|double|triple) (?:your |my )?(?:income|returns?|profits?|money|earnings)\b",
                STRONG,
                needs=("income", "return", "profit", "money", "earnings"),
            ),
            _p(
                r"\bbinary options?\b|\btrading signals?\b|\bforex trading\b",
                STRONG,
                needs=("binary", "signal", "forex"),
            ),
            _p(
                rf"\b(?:earn|make|making|earning|earned|made)\s+{_MONEY}?\s?\d[\d,.]*k?\s*"
                r"(?:\$|usd|dollars|euros?)?\s*(?:per|a|every|each|in a)\s*(?:day|week|month)\b",
                STRONG,
                needs=("day", "week", "month"),
            ),
            _p(
                r"\b\d+\s?% (?:returns?|profits?|roi|interest) "
                r"(?:daily|weekly|monthly|(?:per|every|each|a) (?:day|week|month))\b|"
                r"\b(?:roi|returns?|profits?) of \d+\s?% (?:daily|weekly|monthly|(?:per|every|each|a|in) )",
                STRONG,
                needs=("%",),
            ),
            _p(r"\binvestment opportunit(?:y|ies)\b", needs=("opportunit",)),
            _p(r"\bfinancial freedom\b", needs=("freedom",)),
        ),
    ),
    _Family(
        "romance",
        "the note sounds like a romance approach ({found})",
        (
            _p(
                r"\b(?:beautiful|lovely|sweet|charming|gorgeous|pretty|cute|nice) "
                r"(?:smile|face|eyes|profile picture|profile photo)\b",
                STRONG,
                needs=("smile", "face", "eyes", "profile pic", "profile photo"),
            ),
            _p(
                r"\byour (?:smile|eyes)\b|"
                r"\byour beauty\b(?! (?:brand|business|products?|company|salon|line|startup))",
                STRONG,
                needs=("your smile", "your eyes", "your beauty"),
            ),
            _p(
                r"\blonely\b(?! planet)|\bsoul ?mate\b|\btrue love\b|\blife partner\b",
                STRONG,
                needs=("lonely", "soul", "true love", "life partner"),
            ),
            _p(
                r"\b(?:hi|hello|hey|my|good (?:morning|evening|day)) dear\b|^dear\s*[,!]|\bdear\s*[!.]?$",
                STRONG,
                needs=("dear",),
            ),
            _p(r"\bdear (?:one|heart|beautiful)\b", STRONG, needs=("dear",)),
            _p(
                r"\b(?:beautiful|pretty|lovely) (?:lady|woman|girl)\b|\bhandsome\b|\bgorgeous\b",
                STRONG,
                needs=("lady", "woman", "girl", "handsome", "gorgeous"),
            ),
            _p(
                r"\b(?:seeking|looking for|want|interested in|like to have|hoping for) (?:a |your |true )?"
                r"(?:friendship|serious relationship|long[- ]term relationship|good friend)\b",
                STRONG,
                needs=("friend", "relationship"),
            ),
            _p(r"\bdear friend\b", needs=("dear",)),
            _p(r"\b(?:widow|widower|single (?:mom|mother|dad|father))\b", needs=("widow", "single")),
            _p(
                r"\bgod[- ]fearing\b|\bkind[- ]hearted\b|\bhonest (?:man|woman)\b",
                needs=("fearing", "hearted", "honest"),
            ),
        ),
    ),
    _Family(
        "sales",
        "the note reads like a sales pitch ({found})",
        (
            _p(
                r"\bbook (?:a|an|your) (?:quick |free |short )?(?:call|meeting|demo|slot|session)\b",
                needs=("book",),
            ),
            _p(r"\b(?:hop|jump) on a (?:quick |short )?(?:call|demo|zoom)\b", needs=("hop on", "jump on")),
            _p(r"\b\d{1,2}[- ]?min(?:ute)?s? (?:call|chat|demo|meeting)\b", needs=("min",)),
            _p(
                r"\bboost (?:your|their) (?:sales|revenue|leads|growth|business|profits?)\b", needs=("boost",)
            ),
            _p(
                r"\b(?:increase|grow|scale|double|triple|10x) your "
                r"(?:sales|revenue|business|pipeline|profits?)\b",
                needs=("your",),
            ),
            _p(
                r"\b(?:more|qualified|b2b) (?:leads|appointments|sales meetings)\b",
                needs=("leads", "appointments", "sales meetings"),
            ),
            _p(
                r"\blead gen(?:eration)?\b|\bappointment setting\b", needs=("lead gen", "appointment setting")
            ),
            _p(
                r"\b(?:companies|businesses|brands|firms|agencies|startups|founders|teams|leaders) "
                r"like (?:yours|you)\b",
                needs=("like you",),
            ),
            _p(
                r"\bfree (?:trial|audit|consultation|demo|strategy (?:session|call)|masterclass|webinar|"
                r"e-?book)\b",
                needs=("free",),
            ),
            _p(
                r"\b(?:limited|special|exclusive)[- ](?:time )?(?:offer|discount|deal)\b",
                needs=("offer", "discount", "deal"),
            ),
            _p(
                r"\bguarantee(?:d)? (?:results|leads|meetings|ranking|growth)\b|\bfirst page of google\b",
                needs=("guarantee", "first page"),
            ),
            _p(r"\bno (?:obligation|strings attached)\b", needs=("no obligation", "no strings")),
            _p(r"\$\d+\s?/\s?h(?:ou)?r\b|\bper hour developers\b", needs=("$", "per hour")),
            _p(
                r"\b(?:calendly\.com|cal\.com|hubspot\.com/meetings|savvycal\.com)\S*",
                needs=("calendly", "cal.com", "hubspot", "savvycal"),
                label="a booking link",
            ),
        ),
    ),
)

_MESSENGER_NEEDS = ("whats", "telegram", "wechat", "viber", "signal", "kik", "wa.me", "t.me")
_MESSENGER = re.compile(r"\b(whats\s?app|telegram|wechat|viber|signal app|kik)\b|\bwa\.me/|\bt\.me/")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"\bhttps?://[^\s<>\"')]+|\bwww\.[^\s<>\"')]+|"
    r"\b[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|io|net|org|co|ai|app|xyz|info|biz|me|ly|gl|gg|to|site|online|shop)"
    r"\b(?:/[^\s<>\"')]*)?"
)
# A dot right before a letter: the only notes worth searching for links.
_DOT_WORD = re.compile(r"\.[a-z]")
_SHORTENERS = ("bit.ly", "tinyurl.com", "t.co", "goo.gl", "rb.gy", "cutt.ly", "shorturl.at", "ow.ly", "is.gd")
# Booking links count as a sales sign and messenger links as a messenger sign, not twice as links;
# the .NET names only look like domains.
_NOT_LINKS = frozenset(
    {
        "calendly.com",
        "cal.com",
        "savvycal.com",
        "hubspot.com",
        "wa.me",
        "t.me",
        "asp.net",
        "vb.net",
        "ado.net",
    }
)
_DIGIT = re.compile(r"\d")
_PHONE = re.compile(r"\+?\d[\d\s().-]{7,}\d")


def _normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _quote(found: Sequence[str]) -> str:
    return ", ".join(f'"{item}"' for item in found)


def _family_signal(family: _Family, text: str) -> Signal | None:
    found: list[str] = []
    weight = 0
    for pattern in family.patterns:
        match = pattern.search(text)
        if match:
            label = pattern.label or match.group(0).strip(" .,;:!?")
            if label not in found:
                found.append(label)
                weight += pattern.weight
    if not found:
        return None
    return Signal(family.kind, min(weight, STRONG), family.reason.format(found=_quote(found)))


def _host(url: str) -> str:
    text = re.sub(r"^https?://", "", url, flags=re.IGNORECASE)
    return text.split("/", 1)[0].lower().removeprefix("www.").rstrip(".,;:!?")


def _links(text: str) -> list[str]:
    """Hosts of the links in the text, leaving out LinkedIn's own and booking links (a sales sign)."""
    without_emails = _EMAIL.sub(" ", text)
    hosts: list[str] = []
    for match in _URL.finditer(without_emails):
        host = _host(match.group(0))
        if not host or host == "linkedin.com" or host.endswith(".linkedin.com") or host == "lnkd.in":
            continue
        if host in _NOT_LINKS:
            continue
        if host not in hosts:
            hosts.append(host)
    return hosts


def _phones(text: str) -> list[str]:
    return [m.group(0).strip() for m in _PHONE.finditer(text) if sum(c.isdigit() for c in m.group(0)) >= 9]


def _contact_signals(text: str) -> list[Signal]:
    signals: list[Signal] = []
    messenger = _MESSENGER.search(text) if any(word in text for word in _MESSENGER_NEEDS) else None
    if messenger:
        raw = messenger.group(0)
        app = {"wa.me/": "WhatsApp", "t.me/": "Telegram"}.get(raw) or raw.replace(" ", "").title()
        app = {"Whatsapp": "WhatsApp", "Wechat": "WeChat", "Signalapp": "Signal"}.get(app, app)
        signals.append(Signal("messenger", WEAK, f"the note asks you to move to {app}"))
    parts: list[str] = []
    hosts = _links(text) if _DOT_WORD.search(text) else []
    if hosts:
        short = [h for h in hosts if h in _SHORTENERS]
        if short:
            parts.append(f"a shortened link that hides where it goes ({short[0]})")
        else:
            parts.append(f"a link to {hosts[0]}")
    emails = _EMAIL.findall(text) if "@" in text else []
    if emails:
        parts.append(f"an e-mail address ({emails[0]})")
    if _DIGIT.search(text) and _phones(text):
        parts.append("a phone number")
    if parts:
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        signals.append(Signal("contact", WEAK, f"the note gives {listed}"))
    return signals


def _user_phrase_signal(text: str, phrases: Sequence[str]) -> Signal | None:
    folded = text.casefold()
    found = [p.strip() for p in phrases if p.strip() and _normalise(p).casefold() in folded]
    if not found:
        return None
    which = "a phrase" if len(found) == 1 else "phrases"
    return Signal("your phrases", STRONG, f"the note contains {_quote(found)}, {which} on your bizarre list")


@lru_cache(maxsize=4096)
def note_signals(note: str, bizarre_phrases: tuple[str, ...] = ()) -> tuple[Signal, ...]:
    """Every sign of a bizarre request that the note's text shows, with the user's own phrases.

    Cached: mass-mailed and empty notes come many times in one triage.
    """
    text = _normalise(note).lower()
    if not text:
        return ()
    signals = [s for s in (_family_signal(f, text) for f in _FAMILIES) if s]
    signals.extend(_contact_signals(text))
    user = _user_phrase_signal(text, bizarre_phrases)
    if user:
        signals.append(user)
    return tuple(signals)


# --- duplicate notes --------------------------------------------------------------------------------

# Texts LinkedIn itself offered as the default note: many real people send them unchanged.
_DEFAULT_NOTES = (
    "I'd like to add you to my professional network on LinkedIn.",
    "I'd like to join your LinkedIn network.",
    "I'd like to connect with you on LinkedIn.",
)
# Shorter notes ("Hi, let's connect!") are too common to mean a mass mailing.
DUPLICATE_MIN_WORDS = 6


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


_DEFAULT_KEYS = frozenset(" ".join(_words(n)) for n in _DEFAULT_NOTES)


def note_key(note: str, name: str = "") -> str:
    """The form under which the same note from different requesters is found again ('' for none).

    Case, punctuation, spacing and the requester's own name (a signature) are ignored. Short notes and
    LinkedIn's default texts have no key: sharing them says nothing.
    """
    words = _words(note)
    if len(words) < DUPLICATE_MIN_WORDS or " ".join(words) in _DEFAULT_KEYS:
        return ""
    own = {w for w in _words(name) if len(w) > 1}
    return " ".join(w for w in words if w not in own)
