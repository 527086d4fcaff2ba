"""Notes on a customer's human needs: family, interests, what matters to them now, and IT needs.

In team mode a private note is its author's alone: nobody else reads it, not even an admin. Notes written
from the command line have no author: their private ones belong to the command line (the local admin). In
single-user mode one human owns the whole store, so every note is theirs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from meetfirst.core.errors import BadInput, NotFound
from meetfirst.services import team_access
from meetfirst.services.customers import AnyUser, require_customer_access
from meetfirst.store import customer_note_queries as queries
from meetfirst.store.models import CustomerNote

MAX_NOTE_LENGTH: Final = 5000
TOPICS: Final = tuple(CustomerNote.Topic.values)
VISIBILITIES: Final = tuple(CustomerNote.Visibility.values)


@dataclass(frozen=True, slots=True)
class NoteView:
    note_id: int
    person_id: int
    topic: str
    topic_label: str
    visibility: str
    text: str
    author: str
    created_at: datetime
    updated_at: datetime
    mine: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.note_id,
            "person_id": self.person_id,
            "topic": self.topic,
            "visibility": self.visibility,
            "text": self.text,
            "author": self.author,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


def _user_id(user: AnyUser) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def _authorless_mine(user: AnyUser) -> bool:
    """Whether author-less notes are this account's own: the command line, or the single-user owner."""
    return user is None or not team_access.team_mode()


def _is_mine(note: CustomerNote, user: AnyUser) -> bool:
    if not team_access.team_mode():
        return True  # one human owns the whole store
    if note.author_id is None:
        return _authorless_mine(user)
    return note.author_id == _user_id(user)


def _author_name(note: CustomerNote) -> str:
    if note.author is None:
        return "command line"
    staff = getattr(note.author, "staff", None)
    return (staff.display_name if staff else "") or note.author.get_full_name() or note.author.username


def _view(note: CustomerNote, user: AnyUser) -> NoteView:
    return NoteView(
        note.pk,
        note.person_id,
        note.topic,
        CustomerNote.Topic(note.topic).label,
        note.visibility,
        note.text,
        _author_name(note),
        note.created_at,
        note.updated_at,
        _is_mine(note, user),
    )


def notes(user: AnyUser, person_id: int) -> list[NoteView]:
    """The notes this account may read on a person: the team's, and its own private ones."""
    require_customer_access(user, person_id)
    found = queries.notes_for(
        person_id=person_id,
        user_id=_user_id(user),
        authorless_private=_authorless_mine(user),
        everything=not team_access.team_mode(),
    )
    return [_view(n, user) for n in found]


def _checked(topic: str, visibility: str, text: str) -> str:
    if topic not in TOPICS:
        raise BadInput(f"a note's topic is one of {', '.join(TOPICS)}, not {topic!r}")
    if visibility not in VISIBILITIES:
        raise BadInput(f"a note is visible to {' or '.join(VISIBILITIES)}, not {visibility!r}")
    cleaned = text.strip()
    if not cleaned:
        raise BadInput("a note needs some text")
    if len(cleaned) > MAX_NOTE_LENGTH:
        raise BadInput(f"a note has at most {MAX_NOTE_LENGTH} characters")
    return cleaned


def add_note(
    user: AnyUser, person_id: int, *, text: str, topic: str, visibility: str, now: datetime
) -> NoteView:
    cleaned = _checked(topic, visibility, text)
    require_customer_access(user, person_id)
    note = queries.add_note(
        person_id=person_id,
        author_id=_user_id(user),
        topic=topic,
        visibility=visibility,
        text=cleaned,
        at=now,
    )
    return _view(note, user)


def _own_note(user: AnyUser, note_id: int) -> CustomerNote:
    """The note, if this account wrote it and may still see its person; else NotFound, as if none."""
    note = queries.note(note_id=note_id)
    if note is None or not _is_mine(note, user):
        raise NotFound(f"no note {note_id} of yours")
    require_customer_access(user, note.person_id)
    return note


def edit_note(
    user: AnyUser, note_id: int, *, text: str, topic: str, visibility: str, now: datetime
) -> NoteView:
    cleaned = _checked(topic, visibility, text)
    note = _own_note(user, note_id)
    queries.update_note(note=note, topic=topic, visibility=visibility, text=cleaned, at=now)
    return _view(note, user)


def delete_note(user: AnyUser, note_id: int) -> int:
    """Delete one of this account's notes; returns the person it was about."""
    note = _own_note(user, note_id)
    queries.delete_note(note_id=note.pk)
    return note.person_id


def own_note_person(user: AnyUser, note_id: int) -> int:
    """The person one of this account's notes is about (NotFound for anyone else's note)."""
    return _own_note(user, note_id).person_id
