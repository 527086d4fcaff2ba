"""Interactions typed by hand: a message, call, meeting, e-mail or note that no export will bring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from meetfirst.core import lifecycle as rules
from meetfirst.core.errors import BadInput
from meetfirst.core.policy import Policy
from meetfirst.services import lifecycle
from meetfirst.services.people import find_person
from meetfirst.store import lifecycle_queries
from meetfirst.store.models import Interaction

DIRECTIONS = ("in", "out")


@dataclass(frozen=True, slots=True)
class Logged:
    """What `log_interaction` stored, and where the person's requests stand afterwards."""

    interaction_id: int
    person_id: int
    person_name: str
    kind: str
    direction: str
    channel: str
    occurred_at: datetime
    moved: int
    # (request id, stage) of each of the person's incoming requests, newest first.
    requests: tuple[tuple[int, str], ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.interaction_id,
            "person": {"id": self.person_id, "name": self.person_name},
            "kind": self.kind,
            "direction": self.direction,
            "channel": self.channel,
            "occurred_at": self.occurred_at,
            "moved": self.moved,
            "requests": [{"id": rid, "stage": stage} for rid, stage in self.requests],
        }


def log_interaction(
    person: str,
    *,
    direction: str,
    channel: str,
    kind: str | None = None,
    text: str = "",
    at: datetime | None = None,
    now: datetime,
    policy: Policy | None = None,
) -> Logged:
    """Store one interaction with a person (found by id, profile, e-mail or name), then move requests on."""
    if direction not in DIRECTIONS:
        raise BadInput(f"direction must be 'in' (from them) or 'out' (from you), not '{direction}'")
    channel = rules.normalize_channel(channel)
    kind = kind or rules.default_kind(channel)
    if kind not in rules.KINDS:
        raise BadInput(f"'{kind}' is not a kind of interaction ({', '.join(rules.KINDS)})")
    occurred_at = at or now
    if occurred_at > now:
        raise BadInput(f"{occurred_at:%Y-%m-%d %H:%M} is in the future")
    with transaction.atomic():
        who = find_person(person)
        interaction = Interaction.objects.create(
            person=who,
            kind=kind,
            direction=direction,
            channel=channel,
            occurred_at=occurred_at,
            text=text.strip(),
            source="typed by hand",
        )
        moved = lifecycle.advance(now=now, policy=policy)
        requests = tuple((r.id, r.stage) for r in lifecycle_queries.person_requests(person_id=who.id))
    return Logged(
        interaction_id=interaction.id,
        person_id=who.id,
        person_name=who.display_name,
        kind=kind,
        direction=direction,
        channel=channel,
        occurred_at=occurred_at,
        moved=moved,
        requests=requests,
    )
