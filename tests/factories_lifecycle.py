"""Rows for the reply and lifecycle tests, made directly in the store.

Personas: ana (a stranger with a note), ben (a stranger who writes back), cleo (a colleague known
personally), dan (a bizarre requester). The owner is sam.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from meetfirst.core.identity import name_key
from meetfirst.store.models import (
    ConnectionRequest,
    Identity,
    Interaction,
    Owner,
    Person,
    Reply,
    Stage,
    StageChange,
    Verdict,
)

_counter = itertools.count(1)


def owner(**fields: object) -> Owner:
    values: dict[str, object] = {
        "first_name": "Sam",
        "last_name": "Reyes",
        "headline": "Payments engineer at Acme",
        "industry": "Financial Services",
        "location": "Lisbon, Portugal",
    }
    values.update(fields)
    return Owner.objects.create(**values)


def person(
    name: str = "Ana Silva", *, slug: str | None = "", email: str | None = None, **fields: object
) -> Person:
    first, _, last = name.partition(" ")
    values: dict[str, object] = {
        "display_name": name,
        "first_name": first,
        "last_name": last,
        "name_key": name_key(name),
    }
    values.update(fields)
    who = Person.objects.create(**values)
    if slug == "":
        slug = name_key(name).replace(" ", "-") + f"-{next(_counter)}"
    if slug:
        Identity.objects.create(person=who, kind=Identity.Kind.LINKEDIN, value=slug)
    if email:
        Identity.objects.create(person=who, kind=Identity.Kind.EMAIL, value=email)
    return who


def request(
    who: Person | None = None,
    *,
    sent_at: datetime,
    verdict: str = Verdict.STRANGER,
    stage: str | None = None,
    note: str = "",
    direction: str = ConnectionRequest.DirectionChoice.INCOMING,
    state: str = ConnectionRequest.State.PENDING,
) -> ConnectionRequest:
    """A request already triaged: the stage follows the verdict unless given."""
    who = who or person()
    stage = stage or {
        Verdict.STRANGER: Stage.STRANGER,
        Verdict.KNOWN: Stage.KNOWN,
        Verdict.BIZARRE: Stage.BIZARRE,
    }.get(verdict, Stage.NEW)
    made = ConnectionRequest.objects.create(
        person=who,
        key=f"linkedin:{direction}:{who.pk}:{next(_counter)}",
        direction=direction,
        sent_at=sent_at,
        note=note,
        state=state,
        stage=stage,
        verdict=verdict,
    )
    if stage != Stage.NEW:
        StageChange.objects.create(
            request=made, from_stage=Stage.NEW, to_stage=stage, at=sent_at, reason="test"
        )
    return made


def replied(who: Person | None = None, *, sent_at: datetime, replied_at: datetime) -> ConnectionRequest:
    """A stranger's request with the reply recorded as sent."""
    made = request(who, sent_at=sent_at, stage=Stage.REPLIED)
    made.replied_at = replied_at
    made.save()
    Reply.objects.create(
        request=made,
        template="t",
        text="Hi",
        status=Reply.Status.SENT,
        drafted_at=replied_at,
        sent_at=replied_at,
        sent_how="user",
    )
    return made


def interaction(
    who: Person,
    *,
    at: datetime,
    direction: str = "in",
    kind: str = "message",
    channel: str = "linkedin",
    text: str = "",
    imported: bool = True,
) -> Interaction:
    return Interaction.objects.create(
        person=who,
        kind=kind,
        direction=direction,
        channel=channel,
        occurred_at=at,
        text=text,
        key=f"test:{next(_counter)}" if imported else None,
    )


def days(n: float) -> timedelta:
    return timedelta(days=n)
