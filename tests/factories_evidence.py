"""Rows that the mailbox, calendar and address-book importers would write, made directly in the store.

Each returns the saved row. Keys are unique, so tests can call the factories freely.
"""

from __future__ import annotations

import itertools
from datetime import datetime

from meetfirst.store.models import Identity, Interaction, Meeting, Person

_numbers = itertools.count(1)


def make_email(
    person: Person,
    *,
    direction: str,
    at: datetime,
    subject: str = "Hello",
    bulk: bool = False,
    thread: str = "",
    source: str = "mbox:mail.mbox",
) -> Interaction:
    """One e-mail with the person, from them ("in") or from the owner ("out")."""
    number = next(_numbers)
    return Interaction.objects.create(
        person=person,
        kind=Interaction.Kind.EMAIL,
        channel="email",
        direction=direction,
        occurred_at=at,
        subject=subject,
        text="Dear friend,",
        conversation_id=thread,
        source=source,
        bulk=bulk,
        key=f"test-email:{number}",
    )


def make_calendar_meeting(
    person: Person, *, at: datetime, title: str, event: str = "", source: str = "ics:calendar.ics"
) -> Interaction:
    """A meeting from an imported calendar, as an interaction with its title as the subject."""
    number = next(_numbers)
    return Interaction.objects.create(
        person=person,
        kind=Interaction.Kind.MEETING,
        channel="calendar",
        occurred_at=at,
        subject=title,
        conversation_id=event,
        source=source,
        key=f"test-meeting:{number}",
    )


def make_held_meeting(person: Person, *, at: datetime, title: str = "") -> Meeting:
    """A meeting marked held in meetfirst (without the interaction that marking it held also logs)."""
    return Meeting.objects.create(
        person=person,
        uid=f"test-{next(_numbers)}@meetfirst.local",
        status=Meeting.Status.DONE,
        title=title,
        starts_at=at,
    )


def make_identity(person: Person, *, kind: str, value: str, source: str) -> Identity:
    """An identity of the person; `source` says which file it came from ("google-csv:contacts.csv")."""
    return Identity.objects.create(person=person, kind=kind, value=value, source=source)


def make_phone(person: Person, *, source: str = "google-csv:contacts.csv") -> Identity:
    """A phone number for the person, from an address book unless told."""
    return make_identity(
        person, kind=Identity.Kind.PHONE, value=f"+4477009{next(_numbers):05d}", source=source
    )


def make_linkedin_message(person: Person, *, at: datetime, thread: str, direction: str = "in") -> Interaction:
    """A LinkedIn message in a conversation (a group conversation when several people share `thread`)."""
    return Interaction.objects.create(
        person=person,
        kind=Interaction.Kind.MESSAGE,
        channel="linkedin",
        direction=direction,
        occurred_at=at,
        text="Hi all",
        conversation_id=thread,
        key=f"test-message:{next(_numbers)}",
    )
