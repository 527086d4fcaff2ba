"""Notes on a customer's human needs. Who may read which note is decided here, in the query itself."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from meetfirst.store.models import CustomerNote


def readable_filter(*, user_id: int | None, authorless_private: bool) -> Q:
    """Team notes, and private notes of this author; never another account's private notes.

    `authorless_private`: private notes written with no author (from the command line, the local admin)
    are readable too; they are the single user's own in single-user mode.
    """
    mine = Q(author_id=user_id) if user_id is not None else Q(author__isnull=True)
    if authorless_private:
        mine |= Q(author__isnull=True)
    return Q(visibility=CustomerNote.Visibility.TEAM) | (Q(visibility=CustomerNote.Visibility.PRIVATE) & mine)


def notes_for(
    *, person_id: int, user_id: int | None, authorless_private: bool, everything: bool = False
) -> list[CustomerNote]:
    """A person's notes this reader may see, newest first; `everything` for the single user's own store."""
    readable = Q() if everything else readable_filter(user_id=user_id, authorless_private=authorless_private)
    return list(
        CustomerNote.objects.filter(readable, person_id=person_id)
        .select_related("author", "author__staff")
        .order_by("-created_at", "-pk")
    )


def note(*, note_id: int) -> CustomerNote | None:
    return CustomerNote.objects.filter(pk=note_id).first()


def add_note(
    *, person_id: int, author_id: int | None, topic: str, visibility: str, text: str, at: datetime
) -> CustomerNote:
    return CustomerNote.objects.create(
        person_id=person_id,
        author_id=author_id,
        topic=topic,
        visibility=visibility,
        text=text,
        created_at=at,
        updated_at=at,
    )


def update_note(*, note: CustomerNote, topic: str, visibility: str, text: str, at: datetime) -> None:
    note.topic, note.visibility, note.text, note.updated_at = topic, visibility, text, at
    note.save(update_fields=["topic", "visibility", "text", "updated_at"])


def delete_note(*, note_id: int) -> None:
    CustomerNote.objects.filter(pk=note_id).delete()
