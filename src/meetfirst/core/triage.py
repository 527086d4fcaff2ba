"""Triage rules: known, stranger or bizarre, each verdict with its reasons in plain words.

Pure functions over `TriageFacts`; the services gather the facts from the store. Two parts:

- *Evidence* that the owner knows the requester personally. Each evidence provider looks at the facts and
  says what it found; evidence marked `personal` makes the request KNOWN. LinkedIn's own files give the
  invitation and the messages; e-mail, calendars and address books give the rest (core.evidence says
  what counts from each).
- *Signals* that a note is bizarre (scam, crypto, romance, sales pitch, off-platform contact, mass-mailed).
  They are scored so that one weak sign never dismisses a real professional: a request is BIZARRE only with
  a strong signal or two weaker ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from meetfirst.core.evidence import (
    AddressBookEntry,
    EmailTally,
    Evidence,
    HeldMeeting,
    address_book_evidence,
    email_evidence,
    meeting_evidence,
)
from meetfirst.core.note_signals import STRONG, WEAK, Signal, note_key, note_signals
from meetfirst.core.policy import RuleSettings

__all__ = [
    "EVIDENCE_PROVIDERS",
    "AddressBookEntry",
    "EmailTally",
    "Evidence",
    "EvidenceProvider",
    "HeldMeeting",
    "Judgement",
    "Signal",
    "TriageFacts",
    "Verdict",
    "bizarre_signals",
    "gather_evidence",
    "judge",
    "note_key",
]


class Verdict(StrEnum):
    KNOWN = "known"
    STRANGER = "stranger"
    BIZARRE = "bizarre"


# A request is bizarre when its signals weigh this much: one strong signal or two weak ones.
BIZARRE_SCORE = STRONG


@dataclass(frozen=True, slots=True)
class TriageFacts:
    """What the store knows about one incoming request and the person who sent it.

    Message and e-mail counts, dates and meetings cover what happened *before* the invitation: a
    conversation that starts with the owner's policy reply is the policy at work, not a sign of having met.
    """

    name: str
    profile_slug: str | None
    note: str
    messages_in: int = 0
    messages_out: int = 0
    last_in: datetime | None = None
    last_out: datetime | None = None
    # How many OTHER requesters sent the same normalised note (see `note_key`).
    same_note_requesters: int = 0
    is_connection: bool = False
    # The owner accepted this invitation on LinkedIn.
    accepted: bool = False
    # False when the data source carries no profile links at all (exports before late 2023), so that a
    # missing slug says nothing about the requester.
    slug_expected: bool = True
    # E-mails and meetings before the invitation, and address-book entries (see core.evidence).
    emails: EmailTally = field(default_factory=EmailTally)
    meetings: tuple[HeldMeeting, ...] = ()
    address_book: tuple[AddressBookEntry, ...] = ()
    # Evidence gathered elsewhere by a service.
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Judgement:
    verdict: Verdict
    reasons: list[str] = field(default_factory=list)


EvidenceProvider = Callable[[TriageFacts, RuleSettings], Sequence[Evidence]]


# --- evidence ---------------------------------------------------------------------------------------


def accepted_invitation(facts: TriageFacts, settings: RuleSettings) -> list[Evidence]:
    """The owner already accepted the invitation: their own word that they know the person."""
    if facts.accepted:
        return [Evidence("LinkedIn", "you accepted this invitation on LinkedIn", personal=True)]
    return []


def existing_connection(facts: TriageFacts, settings: RuleSettings) -> list[Evidence]:
    """The requester is already one of the owner's connections."""
    if facts.is_connection and not facts.accepted:
        return [Evidence("LinkedIn", "you are already connected on LinkedIn", personal=True)]
    return []


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _day(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else "an unknown date"


def message_history(facts: TriageFacts, settings: RuleSettings) -> list[Evidence]:
    """A two-way LinkedIn message history is a personal exchange; a one-way one is not, and says so."""
    got, sent = facts.messages_in, facts.messages_out
    needed = max(1, settings.known_min_messages_each_way)
    if got == 0 and sent == 0:
        return []
    if got >= needed and sent >= needed:
        last = (
            max(d for d in (facts.last_in, facts.last_out) if d) if facts.last_in or facts.last_out else None
        )
        total = got + sent
        return [
            Evidence(
                "LinkedIn",
                f"{total} LinkedIn messages both ways ({got} from them, {sent} from you), "
                f"last on {_day(last)}",
                personal=True,
            )
        ]
    if sent == 0:
        text = f"only they wrote ({_plural(got, 'LinkedIn message')} from them, none from you)"
    elif got == 0:
        text = f"only you wrote ({_plural(sent, 'LinkedIn message')} from you, none from them)"
    else:
        text = (
            f"{got} LinkedIn messages from them and {sent} from you, "
            f"fewer than the {needed} each way that count as having met"
        )
    return [Evidence("LinkedIn", text, personal=False)]


def two_way_email(facts: TriageFacts, settings: RuleSettings) -> list[Evidence]:
    """Personal e-mail both ways before the invitation; one-way and bulk mail are named as not counting."""
    return email_evidence(facts.emails)


def meeting_held(facts: TriageFacts, settings: RuleSettings) -> list[Evidence]:
    """A meeting held together before the invitation, named by its title and date."""
    return meeting_evidence(facts.meetings)


def address_book_entry(facts: TriageFacts, settings: RuleSettings) -> list[Evidence]:
    """The requester in one of the owner's address books with a phone number."""
    return address_book_evidence(facts.address_book)


def supplied_evidence(facts: TriageFacts, settings: RuleSettings) -> list[Evidence]:
    """Evidence a service gathered from other sources."""
    return list(facts.evidence)


EVIDENCE_PROVIDERS: tuple[EvidenceProvider, ...] = (
    accepted_invitation,
    existing_connection,
    message_history,
    two_way_email,
    meeting_held,
    address_book_entry,
    supplied_evidence,
)


def gather_evidence(
    facts: TriageFacts, settings: RuleSettings, providers: Sequence[EvidenceProvider] = EVIDENCE_PROVIDERS
) -> list[Evidence]:
    return [item for provider in providers for item in provider(facts, settings)]


def bizarre_signals(facts: TriageFacts, settings: RuleSettings) -> list[Signal]:
    """Every sign that the request is bizarre: the note's own, a mass-mailed note, a missing profile."""
    signals = list(note_signals(facts.note, tuple(settings.bizarre_phrases)))
    senders = facts.same_note_requesters + 1
    if (
        facts.note.strip()
        and facts.same_note_requesters > 0
        and senders >= max(2, settings.duplicate_note_threshold)
    ):
        signals.append(
            Signal(
                "mass note",
                STRONG,
                f"the same note came from {_plural(facts.same_note_requesters, 'other requester')}",
            )
        )
    if not facts.profile_slug and facts.slug_expected:
        signals.append(Signal("no profile", WEAK, "no LinkedIn profile link came with the request"))
    return signals


# --- the verdict ------------------------------------------------------------------------------------


def judge(
    facts: TriageFacts, settings: RuleSettings, providers: Sequence[EvidenceProvider] = EVIDENCE_PROVIDERS
) -> Judgement:
    """Known on evidence of a personal exchange; bizarre on a strong sign or two weak ones; else stranger."""
    evidence = gather_evidence(facts, settings, providers)
    personal = [e.reason for e in evidence if e.personal]
    if personal:
        return Judgement(Verdict.KNOWN, personal)
    signals = bizarre_signals(facts, settings)
    if sum(s.weight for s in signals) >= BIZARRE_SCORE:
        return Judgement(Verdict.BIZARRE, [s.reason for s in signals])
    other = [e.reason for e in evidence]
    reasons = (
        [f"no sign that you have met: {other[0]}"]
        if other
        else ["no sign that you have met: no messages both ways"]
    )
    reasons.extend(other[1:])
    reasons.extend(f"one weak sign, not enough to call it bizarre: {s.reason}" for s in signals)
    return Judgement(Verdict.STRANGER, reasons)
