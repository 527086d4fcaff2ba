"""Identity resolution in the store: profiles for matching, suggestions, rejected pairs, merge and undo.

A merge walks every model with a foreign key to Person (found from the models themselves, so that a
model added later is moved too) and records which rows moved, so that undoing it can move them back.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core import serializers
from django.db import models

from meetfirst.core.identity import name_key
from meetfirst.core.matching import Profile
from meetfirst.core.name_keys import company_key
from meetfirst.store.models import (
    Identity,
    MergeRecord,
    MergeSuggestion,
    Person,
    RejectedPair,
)

# Person fields a merge never fills from the merged person.
_NOT_FILLED = frozenset({"id", "created_at", "updated_at", "name_key", "display_name"})
# Relations handled by hand rather than moved: suggestions name two people and are kept in the record.
_BY_HAND = frozenset({(MergeSuggestion, "first"), (MergeSuggestion, "second")})


def profiles(*, person_ids: Iterable[int] | None = None) -> Iterator[Profile]:
    """People as matching profiles (names, company, location, e-mails, phones, LinkedIn slugs)."""
    people = Person.objects.all()
    identities = Identity.objects.all()
    if person_ids is not None:
        wanted = list(person_ids)
        people = people.filter(pk__in=wanted)
        identities = identities.filter(person_id__in=wanted)
    by_person: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for person_id, kind, value in identities.values_list("person_id", "kind", "value").iterator(2000):
        by_person[person_id][kind].append(value)
    fields = ("id", "display_name", "first_name", "last_name", "company", "location")
    for pk, display, first, last, company, location in people.values_list(*fields).iterator(2000):
        keys = by_person.get(pk, {})
        yield Profile(
            pk,
            display,
            first,
            last,
            company=company,
            location=location,
            emails=tuple(keys.get(Identity.Kind.EMAIL, ())),
            phones=tuple(keys.get(Identity.Kind.PHONE, ())),
            slugs=tuple(keys.get(Identity.Kind.LINKEDIN, ())),
        )


def anyone_without_profile() -> bool:
    """Whether someone in the store has no LinkedIn profile (else no two people can be one human)."""
    return Person.objects.exclude(identities__kind=Identity.Kind.LINKEDIN).exists()


def identity_keys(*, person_id: int) -> list[str]:
    """The keys that name a person whatever their id.

    "linkedin:slug", "email:x", "phone:+x", and "name:folded name|company".
    """
    keys = [
        f"{kind}:{value}"
        for kind, value in Identity.objects.filter(person_id=person_id).values_list("kind", "value")
    ]
    person = Person.objects.filter(pk=person_id).values_list("display_name", "company").first()
    if person is not None:
        key = name_key(person[0])
        if key:
            keys.append(f"name:{key}|{company_key(person[1])}")
    return sorted(keys)


# --- rejected pairs -------------------------------------------------------------------------------


def reject_pair(*, first_id: int, second_id: int, at: datetime) -> int:
    """Remember that two people are two humans, by every pair of their identity keys; returns rows added."""
    rows = []
    for one in identity_keys(person_id=first_id):
        for other in identity_keys(person_id=second_id):
            low, high = sorted((one, other))
            rows.append(RejectedPair(first_key=low[:400], second_key=high[:400], rejected_at=at))
    before = RejectedPair.objects.count()
    RejectedPair.objects.bulk_create(rows, ignore_conflicts=True)
    return RejectedPair.objects.count() - before


def rejected_keys() -> set[tuple[str, str]]:
    """Every rejected pair of keys, in sorted order."""
    return set(RejectedPair.objects.values_list("first_key", "second_key"))


# --- suggestions ----------------------------------------------------------------------------------


def save_suggestion(*, first_id: int, second_id: int, score: float, reasons: list[str], at: datetime) -> bool:
    """Store or refresh a pending suggestion (first_id < second_id); True when it is new.

    A pair the user already decided on is left as it is.
    """
    low, high = sorted((first_id, second_id))
    found = MergeSuggestion.objects.filter(first_id=low, second_id=high).first()
    if found is None:
        MergeSuggestion.objects.create(
            first_id=low, second_id=high, score=score, reasons=reasons, created_at=at
        )
        return True
    if found.status == MergeSuggestion.Status.PENDING and (found.score, found.reasons) != (score, reasons):
        found.score, found.reasons = score, reasons
        found.save(update_fields=["score", "reasons"])
    return False


def pending_suggestions(*, limit: int | None = None) -> list[MergeSuggestion]:
    """Pending suggestions, best first, with both people loaded."""
    rows = (
        MergeSuggestion.objects.filter(status=MergeSuggestion.Status.PENDING)
        .select_related("first", "second")
        .order_by("-score", "id")
    )
    return list(rows[:limit] if limit else rows)


def suggestion_by_id(*, suggestion_id: int) -> MergeSuggestion | None:
    return MergeSuggestion.objects.select_related("first", "second").filter(pk=suggestion_id).first()


def suggestion_for(*, first_id: int, second_id: int) -> MergeSuggestion | None:
    low, high = sorted((first_id, second_id))
    return MergeSuggestion.objects.filter(first_id=low, second_id=high).first()


def decide_suggestion(*, suggestion: MergeSuggestion, status: str, at: datetime) -> None:
    suggestion.status = status
    suggestion.decided_at = at
    suggestion.save(update_fields=["status", "decided_at"])


# --- merge and undo -------------------------------------------------------------------------------


def person_relations() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) with a foreign key or one-to-one field pointing at Person."""
    found = []
    for model in apps.get_app_config("store").get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is Person:
                found.append((model, field.name))
    return found


def movable_relations() -> list[tuple[type[models.Model], str]]:
    """The relations a merge moves wholesale: all of them but the ones handled by hand."""
    return [(model, name) for model, name in person_relations() if (model, name) not in _BY_HAND]


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def merge_people(
    *, kept_id: int, merged_id: int, automatic: bool, reasons: list[str], at: datetime
) -> MergeRecord:
    """Move everything of `merged_id` to `kept_id`, fill the kept person's blank fields, delete the merged
    person, and return the record that can undo it all."""
    kept = Person.objects.get(pk=kept_id)
    merged = Person.objects.get(pk=merged_id)
    moved: dict[str, dict[str, list[int]]] = {}
    for model, name in movable_relations():
        ids = list(model._default_manager.filter(**{name: merged_id}).values_list("pk", flat=True))
        if ids:
            model._default_manager.filter(pk__in=ids).update(**{name: kept_id})
            moved.setdefault(_label(model), {})[name] = ids
    suggestions = MergeSuggestion.objects.filter(models.Q(first_id=merged_id) | models.Q(second_id=merged_id))
    saved_suggestions = serializers.serialize("json", suggestions)
    suggestions.delete()
    filled = _fill_blanks(kept, merged)
    person = serializers.serialize("json", [merged])
    merged.delete()
    snapshot = {
        "person": person,
        "moved": moved,
        "filled": filled,
        "suggestions": saved_suggestions,
    }
    return MergeRecord.objects.create(
        kept=kept, merged_snapshot=snapshot, automatic=automatic, reasons=reasons, merged_at=at
    )


def _fill_blanks(kept: Person, merged: Person) -> dict[str, Any]:
    """Copy the merged person's values into the kept person's empty fields; return the old values."""
    before: dict[str, Any] = {}
    for field in Person._meta.concrete_fields:
        if field.name in _NOT_FILLED:
            continue
        mine, theirs = getattr(kept, field.attname), getattr(merged, field.attname)
        empty = mine in ("", None) or (isinstance(field, models.BooleanField) and mine is False)
        if empty and theirs not in ("", None, False):
            before[field.attname] = None if mine is None else field.value_to_string(kept)
            setattr(kept, field.attname, theirs)
    if before:
        kept.save(update_fields=list(before))
    return before


def undo_merge(*, record: MergeRecord, at: datetime) -> Person:
    """Put the merged person back (with the same id), move their rows back, and clear what was filled."""
    snapshot = record.merged_snapshot
    restored = next(iter(serializers.deserialize("json", snapshot["person"])))
    restored.save()
    person: Person = restored.object  # type: ignore[assignment]
    kept_id = record.kept_id
    for label, fields in snapshot["moved"].items():
        model = apps.get_model(label)
        for name, ids in fields.items():
            # Rows deleted since (a forgotten interaction, say) are simply not there to move back.
            model._default_manager.filter(pk__in=ids, **{name: kept_id}).update(**{name: person.pk})
    if snapshot["filled"]:
        kept = Person.objects.get(pk=kept_id)
        for attname, text in snapshot["filled"].items():
            field = next(f for f in Person._meta.concrete_fields if f.attname == attname)
            setattr(kept, attname, field.to_python(text) if text is not None else None)
        kept.save(update_fields=list(snapshot["filled"]))
    for row in serializers.deserialize("json", snapshot["suggestions"]):
        suggestion = row.object
        people = {suggestion.first_id, suggestion.second_id}  # type: ignore[attr-defined]
        if Person.objects.filter(pk__in=people).count() == len(people):
            row.save()
    record.undone_at = at
    record.save(update_fields=["undone_at"])
    return person


def merge_records(*, kept_id: int | None = None, include_undone: bool = False) -> list[MergeRecord]:
    """Merges, newest first (into one person when `kept_id` is given)."""
    rows = MergeRecord.objects.select_related("kept").order_by("-merged_at", "-id")
    if kept_id is not None:
        rows = rows.filter(kept_id=kept_id)
    if not include_undone:
        rows = rows.filter(undone_at__isnull=True)
    return list(rows)


def merge_record_by_id(*, merge_id: int) -> MergeRecord | None:
    return MergeRecord.objects.select_related("kept").filter(pk=merge_id).first()


def merged_name(record: MergeRecord) -> str:
    """The display name of the person a merge folded away."""
    data = json.loads(record.merged_snapshot["person"])
    return str(data[0]["fields"].get("display_name", "")) if data else ""
