"""The board: Seek, Build, Nurture and Protect, with the day's to-dos on top."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from meetfirst.core.policy import Policy
from meetfirst.services.nurture import TodayItem
from meetfirst.services.nurture import today as keep_in_touch_today
from meetfirst.services.relationships import meet_reminders
from meetfirst.services.thoughts import DayThought, thought_today
from meetfirst.store import board_queries
from meetfirst.store.board_queries import RequestCard
from meetfirst.store.changes import Memo
from meetfirst.store.models import Stage

CARDS_PER_COLUMN = 8
KEEP_IN_TOUCH_SHOWN = 8
REMINDERS_SHOWN = 5  # strangers met whose request still waits

_boards = Memo()


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    blurb: str
    count: int
    cards: list[RequestCard]


@dataclass(frozen=True, slots=True)
class Todo:
    text: str
    link: str  # a route name the web face resolves
    person_id: int | None = None  # set for a to-do about one person: the link is their page


@dataclass(frozen=True, slots=True)
class Board:
    columns: list[Column]
    todos: list[Todo]
    # Keep in touch today: the first few of `meetfirst today`, and how many there are in all.
    keep_in_touch: list[TodayItem] = field(default_factory=list)
    keep_in_touch_count: int = 0
    thought: DayThought | None = None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def build_board(*, now: datetime, patience_days: int = 30) -> Board:
    counts = board_queries.stage_counts()
    seek = [Stage.NEW, Stage.STRANGER]
    build = [Stage.REPLIED, Stage.ANSWERED]
    nurture = [Stage.KNOWN]
    protect = [Stage.COLLECTOR, Stage.BIZARRE]
    columns = [
        Column(
            "seek",
            "Seek",
            "New requests to triage, and strangers to reply to.",
            sum(counts[s] for s in seek),
            board_queries.cards(stages=seek, limit=CARDS_PER_COLUMN, pending_only=True),
        ),
        Column(
            "build",
            "Build",
            "Replied and waiting; answered and ready for a call.",
            sum(counts[s] for s in build),
            board_queries.cards(stages=build, limit=CARDS_PER_COLUMN),
        ),
        Column(
            "nurture",
            "Nurture",
            "People you know personally who asked to connect.",
            sum(counts[s] for s in nurture),
            board_queries.cards(stages=nurture, limit=CARDS_PER_COLUMN, pending_only=True),
        ),
        Column(
            "protect",
            "Protect",
            "Collectors who went silent, and bizarre requests set aside.",
            sum(counts[s] for s in protect),
            board_queries.cards(stages=protect, limit=CARDS_PER_COLUMN),
        ),
    ]
    todos: list[Todo] = []
    if counts[Stage.NEW]:
        todos.append(Todo(f"Triage {_plural(counts[Stage.NEW], 'new request', 'new requests')}", "triage"))
    unsent = board_queries.drafted_unsent_count()
    to_draft = counts[Stage.STRANGER] - unsent
    if to_draft > 0:
        todos.append(Todo(f"Draft replies to {_plural(to_draft, 'stranger', 'strangers')}", "triage"))
    if unsent:
        todos.append(
            Todo(f"Send {_plural(unsent, 'drafted reply', 'drafted replies')} and mark them sent", "triage")
        )
    if counts[Stage.ANSWERED]:
        todos.append(
            Todo(
                f"Arrange a call with {_plural(counts[Stage.ANSWERED], 'person who', 'people who')} answered",
                "board",
            )
        )
    closing = board_queries.replied_before_count(
        before=now - timedelta(days=patience_days) + timedelta(days=7)
    )
    if closing:
        todos.append(Todo(f"{_plural(closing, 'reply', 'replies')} will turn silent within a week", "board"))
    todos.extend(
        Todo(reminder.text, "person", person_id=reminder.person_id)
        for reminder in meet_reminders(limit=REMINDERS_SHOWN)
    )
    due = keep_in_touch_today(now=now).items
    return Board(columns, todos, due[:KEEP_IN_TOUCH_SHOWN], len(due), thought_today(now=now))


def board_for(*, now: datetime, policy: Policy) -> Board:
    """The board, computed again only when the store or the policy changed, or a minute went by.

    The board is the page a user returns to most, and it takes some fifteen queries; a change of any kind
    (a decision, an import, an interaction logged, in this process or another) shows on the next view.
    """
    minute = now.replace(second=0, microsecond=0)
    return _boards.get((minute, policy), lambda: build_board(now=now, patience_days=policy.patience_days))
