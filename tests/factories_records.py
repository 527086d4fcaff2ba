"""Records as importers yield them, built by hand for the import service's tests.

Personas: Olivia Owner owns the store (slug olivia-owner); Ama Owusu is a connection who writes to her;
Bram Stoker sends a pending invitation; Chen Li is met in messages only.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from meetfirst.core.records import (
    ConnectionRecord,
    Direction,
    InvitationRecord,
    MessageRecord,
    OwnerEmailRecord,
    OwnerRecord,
    SourceRef,
)

ZONE = ZoneInfo("Europe/Berlin")
OWNER_SLUG = "olivia-owner"
OWNER_NAME = "Olivia Owner"
THREAD = "2-" + "A" * 56


def owner(*, slug: str | None = None, line: int = 2) -> OwnerRecord:
    return OwnerRecord(
        source=SourceRef("Profile.csv", line),
        first_name="Olivia",
        last_name="Owner",
        headline="Engineer",
        profile_slug=slug,
    )


def owner_email(email: str = "olivia@example.org") -> OwnerEmailRecord:
    return OwnerEmailRecord(source=SourceRef("Email Addresses.csv", 2), email=email, primary=True)


def connection(
    first: str,
    last: str,
    *,
    slug: str | None = None,
    email: str | None = None,
    company: str = "",
    position: str = "",
    on: date | None = date(2024, 1, 5),
    line: int = 5,
) -> ConnectionRecord:
    return ConnectionRecord(
        source=SourceRef("Connections.csv", line),
        first_name=first,
        last_name=last,
        profile_slug=slug,
        email=email,
        company=company,
        position=position,
        connected_on=on,
    )


def invitation(
    name: str,
    *,
    slug: str | None = None,
    direction: Direction = Direction.INCOMING,
    at: datetime = datetime(2026, 5, 1, 10, 5, tzinfo=ZONE),
    note: str = "",
    owner_slug: str | None = OWNER_SLUG,
    line: int = 2,
) -> InvitationRecord:
    incoming = direction is Direction.INCOMING
    return InvitationRecord(
        source=SourceRef("Invitations.csv", line),
        direction=direction,
        from_name=name if incoming else OWNER_NAME,
        to_name=OWNER_NAME if incoming else name,
        sent_at=at,
        note=note,
        inviter_slug=slug if incoming else owner_slug,
        invitee_slug=owner_slug if incoming else slug,
    )


def message(
    *,
    sender: tuple[str, str | None],
    to: list[tuple[str, str | None]],
    at: datetime = datetime(2026, 5, 2, 9, 30, 15, tzinfo=UTC),
    content: str = "Hello!",
    thread: str = THREAD,
    line: int = 2,
    direction: Direction | None = None,
    draft: bool = False,
    sponsored: bool = False,
    with_recipient_slugs: bool = True,
) -> MessageRecord:
    return MessageRecord(
        source=SourceRef("messages.csv", line),
        conversation_id=thread,
        sent_at=at,
        from_name=sender[0],
        sender_slug=sender[1],
        to_names=tuple(name for name, _ in to),
        recipient_slugs=tuple(slug for _, slug in to if slug) if with_recipient_slugs else (),
        subject="",
        content=content,
        folder="INBOX",
        direction=direction,
        is_draft=draft,
        is_sponsored=sponsored,
    )


OLIVIA = (OWNER_NAME, OWNER_SLUG)
AMA = ("Ama Owusu", "ama-owusu")
CHEN = ("Chen Li", "chen-li")
