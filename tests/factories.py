"""Small factories that create store rows directly, for tests that need a populated store.

Each returns the saved row. Names and keys are made unique with a counter, so tests can call them freely.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from meetfirst.core.identity import name_key
from meetfirst.store.models import ConnectionRequest, Decision, Identity, Interaction, Person
from tests.conftest import FIXED_NOW

_numbers = itertools.count(1)
# Pass as `slug` to let the factory derive one from the name.
DERIVED = "<derived>"


def make_person(
    name: str = "Ama Owusu", *, slug: str | None = DERIVED, is_connection: bool = False, company: str = ""
) -> Person:
    """A person, with a LinkedIn identity unless `slug` is None."""
    number = next(_numbers)
    first, _, last = name.partition(" ")
    person = Person.objects.create(
        display_name=name,
        first_name=first,
        last_name=last,
        name_key=name_key(name),
        company=company,
        is_connection=is_connection,
    )
    if slug == DERIVED:
        slug = f"{name_key(name).replace(' ', '-') or 'someone'}-{number}"
    if slug:
        Identity.objects.create(person=person, kind=Identity.Kind.LINKEDIN, value=slug)
    return person


def make_request(
    person: Person | None = None,
    *,
    name: str = "Ama Owusu",
    slug: str | None = DERIVED,
    note: str = "",
    sent_at: datetime | None = None,
    direction: str = ConnectionRequest.DirectionChoice.INCOMING,
    state: str = ConnectionRequest.State.PENDING,
    stage: str = "new",
    verdict: str = "",
    verdict_by_user: bool = False,
    replied_at: datetime | None = None,
    answered_at: datetime | None = None,
) -> ConnectionRequest:
    """A connection request (incoming and pending unless told), with a new person unless one is given."""
    person = person or make_person(name, slug=slug)
    return ConnectionRequest.objects.create(
        person=person,
        key=f"test:{direction}:{next(_numbers)}",
        direction=direction,
        sent_at=sent_at or FIXED_NOW - timedelta(days=10),
        note=note,
        state=state,
        stage=stage,
        verdict=verdict,
        verdict_by_user=verdict_by_user,
        replied_at=replied_at,
        answered_at=answered_at,
    )


def make_message(
    person: Person,
    *,
    direction: str,
    at: datetime,
    text: str = "Hello!",
    channel: str = "linkedin",
    kind: str = Interaction.Kind.MESSAGE,
) -> Interaction:
    """One interaction with the person; a LinkedIn message unless told."""
    return Interaction.objects.create(
        person=person, kind=kind, direction=direction, channel=channel, occurred_at=at, text=text
    )


def make_decision(
    request: ConnectionRequest,
    *,
    verdict: str,
    reasons: list[str],
    by: str = "rule",
    at: datetime = FIXED_NOW,
) -> Decision:
    return Decision.objects.create(request=request, verdict=verdict, reasons=reasons, by=by, decided_at=at)
