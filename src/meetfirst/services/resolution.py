"""One human, one person: fuzzy matching after imports, suggestions, merges the user asks for, and undo.

After each import the people it created or changed are matched against everyone: automatic links are
merged (and recorded, so they can be undone), weaker matches become suggestions, and a pair the user
rejected is never suggested again (it is remembered by identity keys, so re-imports and merges keep it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.core.matching import Decision, Match, MatchIndex, Profile
from meetfirst.services.people import find_person
from meetfirst.store import resolution_queries as queries
from meetfirst.store.models import MergeRecord, MergeSuggestion, Person

log = logging.getLogger(__name__)


@dataclass
class Resolution:
    """What one pass of matching did."""

    merged: list[MergeRecord] = field(default_factory=list)
    suggested: int = 0
    skipped_rejected: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "merged": [m.pk for m in self.merged],
            "suggested": self.suggested,
            "skipped_rejected": self.skipped_rejected,
        }


def resolve(*, person_ids: Iterable[int] | None = None, now: datetime) -> Resolution:
    """Match these people (everyone when None) against everyone; merge links, store suggestions."""
    wanted = None if person_ids is None else set(person_ids)
    result = Resolution()
    if (wanted is not None and not wanted) or not queries.anyone_without_profile():
        return result
    with transaction.atomic():
        everyone = list(queries.profiles())
        if len(everyone) < 2:
            return result
        # Two LinkedIn profiles never match, so a person with one is matched only against people without
        # one: a LinkedIn export alone needs no fuzzy matching at all, however big.
        full = _LazyIndex(everyone)
        without_profile = _LazyIndex([p for p in everyone if not p.slugs])
        rejected = queries.rejected_keys()
        keys_of: dict[int, list[str]] = {}
        gone: dict[int, int] = {}  # merged-away id -> the id it was merged into
        seen: set[tuple[int, int]] = set()
        asked = [p for p in everyone if wanted is None or p.id in wanted]
        for profile in asked:
            if profile.id in gone:
                continue
            index = without_profile if profile.slugs else full
            for match in index.get().matches(profile):
                first, second = _alive(match.first_id, gone), _alive(match.second_id, gone)
                if first == second or (min(first, second), max(first, second)) in seen:
                    continue
                seen.add((min(first, second), max(first, second)))
                if _is_rejected(first, second, rejected, keys_of):
                    result.skipped_rejected += 1
                    continue
                if match.decision is Decision.LINK:
                    kept, merged = sorted((first, second))  # the older person stays
                    record = queries.merge_people(
                        kept_id=kept, merged_id=merged, automatic=True, reasons=list(match.reasons), at=now
                    )
                    gone[merged] = kept
                    keys_of.pop(kept, None)
                    result.merged.append(record)
                else:
                    result.suggested += queries.save_suggestion(
                        first_id=first,
                        second_id=second,
                        score=match.score,
                        reasons=list(match.reasons),
                        at=now,
                    )
    if result.merged or result.suggested:
        log.info("resolution: %s", result.as_dict())
    return result


class _LazyIndex:
    """An index built the first time it is needed."""

    def __init__(self, profiles: list[Profile]) -> None:
        self.profiles = profiles
        self.index: MatchIndex | None = None

    def get(self) -> MatchIndex:
        if self.index is None:
            self.index = MatchIndex(self.profiles)
        return self.index


def _alive(person_id: int, gone: dict[int, int]) -> int:
    while person_id in gone:
        person_id = gone[person_id]
    return person_id


def _is_rejected(
    first: int, second: int, rejected: set[tuple[str, str]], keys_of: dict[int, list[str]]
) -> bool:
    if not rejected:
        return False
    for person_id in (first, second):
        if person_id not in keys_of:
            keys_of[person_id] = queries.identity_keys(person_id=person_id)
    return any(tuple(sorted((a, b))) in rejected for a in keys_of[first] for b in keys_of[second])


def is_rejected(*, first_id: int, second_id: int) -> bool:
    """Whether the user said these two people are two humans."""
    return _is_rejected(first_id, second_id, queries.rejected_keys(), {})


# --- what the user does ---------------------------------------------------------------------------


def suggestions(*, limit: int | None = None) -> list[MergeSuggestion]:
    """Pending merge suggestions, best first."""
    return queries.pending_suggestions(limit=limit)


def merge(first: str, second: str, *, now: datetime) -> MergeRecord:
    """Merge the person `second` names into the one `first` names (ids, slugs, e-mails or names)."""
    kept, merged = find_person(first), find_person(second)
    return merge_ids(kept.pk, merged.pk, now=now)


def merge_ids(
    kept_id: int, merged_id: int, *, now: datetime, reasons: list[str] | None = None
) -> MergeRecord:
    """Merge one person into another by id; a pending suggestion for the pair is marked merged."""
    if kept_id == merged_id:
        raise BadInput(f"#{kept_id} and #{merged_id} are the same person")
    with transaction.atomic():
        suggestion = queries.suggestion_for(first_id=kept_id, second_id=merged_id)
        why = reasons or (list(suggestion.reasons) if suggestion else ["merged by you"])
        if suggestion is not None:
            queries.decide_suggestion(suggestion=suggestion, status=MergeSuggestion.Status.ACCEPTED, at=now)
        return queries.merge_people(
            kept_id=kept_id, merged_id=merged_id, automatic=False, reasons=why, at=now
        )


def reject(first: str, second: str, *, now: datetime) -> tuple[Person, Person]:
    """Say two people are two humans: their pair is never suggested again."""
    one, other = find_person(first), find_person(second)
    reject_ids(one.pk, other.pk, now=now)
    return one, other


def reject_ids(first_id: int, second_id: int, *, now: datetime) -> None:
    if first_id == second_id:
        raise BadInput(f"#{first_id} and #{second_id} are the same person")
    with transaction.atomic():
        queries.reject_pair(first_id=first_id, second_id=second_id, at=now)
        suggestion = queries.suggestion_for(first_id=first_id, second_id=second_id)
        if suggestion is not None:
            queries.decide_suggestion(suggestion=suggestion, status=MergeSuggestion.Status.REJECTED, at=now)


def accept_suggestion(suggestion_id: int, *, now: datetime) -> MergeRecord:
    """Merge the pair of a suggestion (the older person stays)."""
    suggestion = _pending(suggestion_id)
    return merge_ids(suggestion.first_id, suggestion.second_id, now=now)


def reject_suggestion(suggestion_id: int, *, now: datetime) -> MergeSuggestion:
    """Reject the pair of a suggestion."""
    suggestion = _pending(suggestion_id)
    reject_ids(suggestion.first_id, suggestion.second_id, now=now)
    suggestion.refresh_from_db()
    return suggestion


def _pending(suggestion_id: int) -> MergeSuggestion:
    suggestion = queries.suggestion_by_id(suggestion_id=suggestion_id)
    if suggestion is None:
        raise NotFound(f"no suggestion has the id {suggestion_id}")
    if suggestion.status != MergeSuggestion.Status.PENDING:
        raise BadInput(f"suggestion {suggestion_id} was already decided ({suggestion.get_status_display()})")
    return suggestion


def merges(*, include_undone: bool = False) -> list[MergeRecord]:
    """Every merge, newest first."""
    return queries.merge_records(include_undone=include_undone)


def split(person: str, *, now: datetime) -> tuple[MergeRecord, Person]:
    """Undo the newest merge into a person; returns the merge and the person put back."""
    kept = find_person(person)
    found = queries.merge_records(kept_id=kept.pk)
    if not found:
        raise NotFound(f"nothing was merged into #{kept.pk} {kept.display_name}")
    return found[0], undo(found[0].pk, now=now)


def undo(merge_id: int, *, now: datetime) -> Person:
    """Undo one merge: the merged person back with the same id, their rows moved back."""
    record = queries.merge_record_by_id(merge_id=merge_id)
    if record is None:
        raise NotFound(f"no merge has the id {merge_id}")
    if record.undone_at is not None:
        raise BadInput(f"merge {merge_id} was already undone on {record.undone_at:%Y-%m-%d}")
    with transaction.atomic():
        return queries.undo_merge(record=record, at=now)


def merged_name(record: MergeRecord) -> str:
    """Who a merge folded away, by name."""
    return queries.merged_name(record)


def describe(match: Match) -> str:
    """A match in one line: who, how sure, and why."""
    return f"#{match.first_id} ~ #{match.second_id} ({match.score:.2f}): {match.explanation}"
