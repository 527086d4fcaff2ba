"""Reading the store for an export: people in batches, with everything that belongs to each.

Every row comes out as a plain dict of its columns, so a column added to a model later is exported too.
Interactions, the big table, come as a stream ordered by person, never as one list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import models

from meetfirst.store.models import (
    ConnectionRequest,
    Decision,
    FollowUp,
    Identity,
    Interaction,
    Meeting,
    Owner,
    Person,
    Reply,
    SharedNote,
    StageChange,
)

Row = dict[str, Any]
# Models that belong to a person and have their own place in an export. Any other model with a
# foreign key to Person is exported too, under "other", so that nothing is left out silently.
KNOWN_PERSON_MODELS: tuple[type[models.Model], ...] = (
    Identity,
    ConnectionRequest,
    Interaction,
    Meeting,
    SharedNote,
    FollowUp,
)


def columns(model: type[models.Model], *, skip: tuple[str, ...] = ()) -> list[str]:
    """The model's columns by attribute name (`person_id`, not `person`), in declaration order."""
    return [f.attname for f in model._meta.concrete_fields if f.attname not in skip]


def owner() -> Row | None:
    found: Row | None = Owner.objects.order_by("id").values(*columns(Owner)).first()
    return found


def person_ids(*, person_id: int | None = None) -> list[int]:
    """Every person's id in order (30,000 ints are small), or just the one asked for."""
    found = Person.objects.order_by("id")
    if person_id is not None:
        found = found.filter(pk=person_id)
    return list(found.values_list("id", flat=True))


def people(*, first_id: int, last_id: int) -> list[Row]:
    """The people with ids from first_id to last_id. Batches are id ranges: a range is a cheap filter."""
    found = Person.objects.filter(pk__gte=first_id, pk__lte=last_id).order_by("id")
    return list(found.values(*columns(Person)))


def person_relations() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) whose foreign key points at Person, as the models stand today."""
    found = []
    # Hidden relations too (related_name="+"): they point at a person all the same.
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        model = relation.related_model
        field = getattr(relation, "field", None)
        if field is not None and isinstance(model, type) and issubclass(model, models.Model):
            found.append((model, field.name))
    return sorted(set(found), key=lambda pair: (pair[0]._meta.label, pair[1]))


def belongings(*, first_id: int, last_id: int) -> dict[int, dict[str, list[Row]]]:
    """For each person with an id from first_id to last_id: identities, requests (with decisions, reply
    and stage changes), meetings, shared notes, follow-ups, and rows of any other model that points at
    Person. Not interactions."""
    owned: dict[int, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    span = {"person_id__gte": first_id, "person_id__lte": last_id}
    simple: tuple[tuple[str, type[models.Model]], ...] = (
        ("identities", Identity),
        ("meetings", Meeting),
        ("shared_notes", SharedNote),
        ("follow_ups", FollowUp),
    )
    for key, model in simple:
        for row in model._default_manager.filter(**span).order_by("id").values(*columns(model)):
            owned[row.pop("person_id")][key].append(row)
    for person_id, request in _requests(span):
        owned[person_id]["requests"].append(request)
    for other, field in person_relations():
        if other in KNOWN_PERSON_MODELS:
            continue
        attname = f"{field}_id"
        where = {f"{attname}__gte": first_id, f"{attname}__lte": last_id}
        for row in other._default_manager.filter(**where).order_by("pk").values(*columns(other)):
            owned[row[attname]][f"other:{other._meta.label}"].append(row)
    return owned


def _requests(span: dict[str, int]) -> Iterator[tuple[int, Row]]:
    requests = list(
        ConnectionRequest.objects.filter(**span).order_by("sent_at", "id").values(*columns(ConnectionRequest))
    )
    through = {f"request__{key}": value for key, value in span.items()}
    decisions = _by_request(Decision, through, "decided_at")
    changes = _by_request(StageChange, through, "at")
    replies = {
        row.pop("request_id"): row
        for row in Reply.objects.filter(**through).values(*columns(Reply, skip=("id",)))
    }
    for request in requests:
        request["decisions"] = decisions.get(request["id"], [])
        request["reply"] = replies.get(request["id"])
        request["stage_changes"] = changes.get(request["id"], [])
        yield request.pop("person_id"), request


def _by_request(model: type[models.Model], through: dict[str, int], when: str) -> dict[int, list[Row]]:
    grouped: dict[int, list[Row]] = defaultdict(list)
    rows = model._default_manager.filter(**through).order_by(when, "id").values(*columns(model))
    for row in rows:
        grouped[row.pop("request_id")].append(row)
    return grouped


def interactions(*, first_id: int, last_id: int, chunk_size: int = 5_000) -> Iterator[Row]:
    """Interactions of the people with ids in [first_id, last_id], by person then time, as a stream."""
    found = Interaction.objects.filter(person_id__gte=first_id, person_id__lte=last_id).order_by(
        "person_id", "occurred_at", "id"
    )
    yield from found.values(*columns(Interaction)).iterator(chunk_size=chunk_size)


def interaction_rows(*, person_id: int | None = None, chunk_size: int = 5_000) -> Iterator[Row]:
    """Every interaction (or one person's) with the person's name, oldest first per person, as a stream."""
    found = Interaction.objects.order_by("person_id", "occurred_at", "id")
    if person_id is not None:
        found = found.filter(person_id=person_id)
    fields = [*columns(Interaction, skip=("key",)), "person__display_name"]
    yield from found.values(*fields).iterator(chunk_size=chunk_size)


def contact_rows(*, person_id: int | None = None, batch_size: int = 1_000) -> Iterator[tuple[Row, list[Row]]]:
    """Each person with their identities, in batches: what a contact card or a people CSV needs."""
    ids = person_ids(person_id=person_id)
    for start in range(0, len(ids), batch_size):
        first_id, last_id = ids[start], ids[min(start + batch_size, len(ids)) - 1]
        identities: dict[int, list[Row]] = defaultdict(list)
        rows = (
            Identity.objects.filter(person_id__gte=first_id, person_id__lte=last_id)
            .order_by("kind", "id")
            .values("person_id", "kind", "value")
        )
        for row in rows:
            identities[row["person_id"]].append(dict(row))
        for person in people(first_id=first_id, last_id=last_id):
            yield person, identities.get(person["id"], [])


def people_count() -> int:
    return Person.objects.count()
