"""Evidence of knowing someone personally, from the mailbox, the calendar and the address book.

What counts (see docs/formats.md, "Evidence"):

- e-mail both ways: at least one personal e-mail from them and one from the owner. Newsletters and other
  bulk mail never count, and neither does mail that went one way only (a cold e-mail, or the owner's
  unanswered one); both are named in the reasons so that the user sees they were looked at.
- a meeting held together: a meeting marked held, or a meeting from an imported calendar.
- an entry in the owner's address book with a phone number. An entry with only an e-mail address does
  not count: mail programs add everyone one writes to.

E-mails and meetings count only when they happened before the request arrived, as LinkedIn messages do:
the policy reply and its answer, or the meeting that the policy asks for, are the policy at work and must
not turn a stranger into someone known. An address-book entry carries no date, so it counts whenever it
was imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

__all__ = [
    "ADDRESS_BOOKS",
    "AddressBookEntry",
    "EmailTally",
    "Evidence",
    "HeldMeeting",
    "address_book_evidence",
    "address_book_name",
    "email_evidence",
    "meeting_evidence",
]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Something that bears on whether the owner knows the requester personally."""

    source: str  # where it was seen: "LinkedIn", "e-mail", "calendar", "address book"
    reason: str  # in plain words, shown to the user
    personal: bool  # True when it shows a personal exchange, which makes the requester known


@dataclass(frozen=True, slots=True)
class EmailTally:
    """E-mails with the requester before the request arrived."""

    got: int = 0  # personal e-mails from them
    sent: int = 0  # personal e-mails from the owner to them
    last_in: datetime | None = None
    last_out: datetime | None = None
    bulk: int = 0  # newsletters, notifications and other bulk mail, either way


@dataclass(frozen=True, slots=True)
class HeldMeeting:
    """A meeting held together before the request arrived."""

    title: str
    at: datetime


@dataclass(frozen=True, slots=True)
class AddressBookEntry:
    """The requester in one of the owner's address books."""

    book: str  # as `address_book_name` names it: "Google Contacts", "vCard file contacts.vcf"...
    has_phone: bool


# Identity.source prefixes of the address-book importers, and what to call each book.
ADDRESS_BOOKS: dict[str, str] = {
    "vcard:": "vCard file",
    "google-csv:": "Google Contacts",
    "outlook-csv:": "Outlook contacts",
    "linkedin-contacts:": "the contacts you uploaded to LinkedIn",
}
MAX_TITLE = 80


def address_book_name(source: str) -> str | None:
    """What to call the address book an identity came from, or None when it came from elsewhere."""
    for prefix, label in ADDRESS_BOOKS.items():
        if source.startswith(prefix):
            if prefix == "vcard:":
                # vCards come from every tool (Apple, Google, Outlook): the file's name says which.
                name = source[len(prefix) :].strip().replace("\\", "/").rsplit("/", 1)[-1]
                return f"{label} {name}" if name else label
            return label
    return None


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _day(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else "an unknown date"


def email_evidence(tally: EmailTally) -> list[Evidence]:
    """Personal e-mail both ways makes the requester known; one-way or bulk mail is named, not counted."""
    found: list[Evidence] = []
    got, sent = tally.got, tally.sent
    if got and sent:
        last = max((d for d in (tally.last_in, tally.last_out) if d), default=None)
        found.append(
            Evidence(
                "e-mail",
                f"{got + sent} e-mails both ways ({got} from them, {sent} from you), last on {_day(last)}",
                personal=True,
            )
        )
    elif got:
        found.append(
            Evidence("e-mail", f"{_plural(got, 'e-mail')} from them, none from you: not evidence", False)
        )
    elif sent:
        found.append(
            Evidence("e-mail", f"{_plural(sent, 'e-mail')} from you, none from them: not evidence", False)
        )
    if tally.bulk:
        what = "newsletter or other bulk e-mail" if tally.bulk == 1 else "newsletters or other bulk e-mails"
        found.append(Evidence("e-mail", f"{tally.bulk} {what} from them: not evidence", personal=False))
    return found


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= MAX_TITLE else line[: MAX_TITLE - 3].rstrip() + "..."


def meeting_evidence(meetings: Sequence[HeldMeeting]) -> list[Evidence]:
    """A meeting held together makes the requester known; the reason names the last one."""
    if not meetings:
        return []
    last = max(meetings, key=lambda m: m.at)
    title = _title(last.title)
    what = f"meeting '{title}' on {_day(last.at)}" if title else f"a meeting on {_day(last.at)}"
    if len(meetings) > 1:
        what = f"{len(meetings)} meetings together, the last {what.removeprefix('a ')}"
    return [Evidence("calendar", what, personal=True)]


def address_book_evidence(entries: Sequence[AddressBookEntry]) -> list[Evidence]:
    """An address-book entry with a phone number makes the requester known; one without is named only."""
    if not entries:
        return []
    with_phone = list(dict.fromkeys(e.book for e in entries if e.has_phone))
    if with_phone:
        books = ", ".join(with_phone)
        return [Evidence("address book", f"in your address book ({books}) with a phone number", True)]
    books = ", ".join(dict.fromkeys(e.book for e in entries))
    return [
        Evidence(
            "address book", f"in your address book ({books}) without a phone number: not evidence", False
        )
    ]
