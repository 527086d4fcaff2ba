"""Meeting invitations as RFC 5545 calendar files (.ics), built with the icalendar library.

One file holds one VEVENT: the agreed time, or the first proposed slot while nothing is agreed. An
invitation must describe a single event (a REQUEST with several VEVENTs of one UID would be read as
recurrence exceptions), so the other proposed slots are listed in the DESCRIPTION for the person to
choose from. The UID stays the same for the meeting's whole life; SEQUENCE rises with every change, so
calendar programs replace the earlier version instead of adding a second event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Final
from zoneinfo import ZoneInfo

import icalendar

PRODID: Final = "-//meetfirst//meetfirst//EN"
# RFC 2606 keeps .invalid for names that must never resolve: a clear placeholder, never a real mailbox.
UNKNOWN_ORGANIZER: Final = "mailto:owner@meetfirst.invalid"
UNKNOWN_ORGANIZER_NOTE: Final = (
    "Your e-mail address is unknown (import Email Addresses.csv): the organizer is a placeholder."
)


@dataclass(frozen=True, slots=True)
class Party:
    """Someone on the invitation: a name and a calendar address (mailto:, or another URI)."""

    name: str
    address: str


@dataclass(frozen=True, slots=True)
class Invitation:
    """Everything one .ics file says about a meeting."""

    uid: str
    sequence: int
    method: str  # REQUEST or CANCEL
    status: str  # TENTATIVE, CONFIRMED or CANCELLED
    organizer: Party
    attendee: Party
    starts_at: datetime  # aware
    minutes: int
    zone: tzinfo
    summary: str
    location: str
    stamp: datetime  # aware, the moment the file was made
    other_slots: tuple[datetime, ...] = field(default=())
    note: str = ""


def slot_label(moment: datetime, zone: tzinfo) -> str:
    """A slot as a person reads it, in the owner's zone: `2026-12-03 15:00 (Europe/Lisbon)`."""
    name = getattr(zone, "key", None) or str(zone)
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M} ({name})"


def description(invitation: Invitation) -> str:
    """The event's description: the other slots offered, and any note."""
    lines: list[str] = []
    if invitation.other_slots:
        lines.append("Other times that suit me (answer with the one you prefer):")
        lines.extend(f"- {slot_label(slot, invitation.zone)}" for slot in invitation.other_slots)
    if invitation.note:
        lines.append(invitation.note)
    return "\n".join(lines)


def build_ics(invitation: Invitation) -> bytes:
    """The invitation as an .ics file, with a VTIMEZONE for the owner's zone (or times in UTC)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", invitation.method)
    event = icalendar.Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", invitation.stamp)
    start = invitation.starts_at.astimezone(invitation.zone)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=invitation.minutes))
    event.add("summary", invitation.summary)
    if invitation.location:
        event.add("location", invitation.location)
    event.add("status", invitation.status)
    text = description(invitation)
    if text:
        event.add("description", text)
    event.add("organizer", _address(invitation.organizer, role=None))
    event.add("attendee", _address(invitation.attendee, role="REQ-PARTICIPANT"))
    calendar.add_component(event)
    if isinstance(invitation.zone, ZoneInfo) and invitation.zone.key != "UTC":
        # Only the years around the meeting: a VTIMEZONE from 1970 on is long and helps nobody.
        year = start.year
        calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    data: bytes = calendar.to_ical()
    return data


def _address(party: Party, *, role: str | None) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(party.address)
    if party.name:
        address.params["cn"] = party.name
    if role:
        address.params["role"] = role
        address.params["partstat"] = "NEEDS-ACTION"
        address.params["rsvp"] = "TRUE"
    return address
