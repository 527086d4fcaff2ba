"""Service-desk tickets into people, staff, teams, tickets and timeline moments.

Requesters are resolved in the order the exports make reliable: an e-mail, then the ticket system's own
id for them, then their name together with their organization; anyone else is a new person. Agents
become staff accounts and groups become teams. An event log holds many rows per ticket: the row with the
highest revision wins (the later one on a tie), within a file and across imports.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache

from meetfirst.core.identity import email_key, tidy_name
from meetfirst.core.name_keys import company_key
from meetfirst.core.records import Satisfaction, TicketRecord
from meetfirst.services.import_owner import folded_name, split_name
from meetfirst.store import bulk, ingest, ticket_ingest
from meetfirst.store.models import Identity
from meetfirst.store.staff_index import StaffIndex

log = logging.getLogger(__name__)

# Tickets per batch: each batch looks its own keys up, so memory does not grow with the file.
TICKET_BATCH = 5000
# A ticket's description on the timeline: enough to recall what it was about.
DESCRIPTION_CHARS = 2000
# Requesters remembered by the fields that named them (the same fields find the same person again).
ASKED_KEPT = 200_000
# (person, team) pairs written by this import, not written again while remembered.
SERVED_KEPT = 200_000


def revision_text(revision: tuple[int, str]) -> str:
    """A ticket revision as text that sorts as the revision does (stored in Ticket.revision)."""
    number, rest = revision
    text = f"{number if number > 0 else 0:012d}|{rest}"
    return text if len(text) <= 64 else text[:64]


# Most exports have no revisions: their rows all share this one, made once.
_NO_REVISION = (0, "")
_NO_REVISION_TEXT = revision_text(_NO_REVISION)

_UNRATED = ("", None, None, None, None, "", None)


def _rating(rating: Satisfaction) -> tuple[object, ...]:
    """The satisfaction columns of a ticket (see ticket_ingest.TICKET_COLUMNS)."""
    return (
        rating.raw[:200],
        rating.value,
        rating.scale_min,
        rating.scale_max,
        rating.positive,
        rating.comment,
        rating.rated_at,
    )


def ticket_key(record: TicketRecord) -> str:
    return f"{record.system}:{record.external_id}"[:400]


@lru_cache(maxsize=1 << 16)
def _organization(text: str) -> tuple[str, str]:
    """A requester's organization as stored, and folded for matching (a few thousand, on many rows)."""
    organization = tidy_name(text)[:300]
    return organization, company_key(organization) if organization else ""


class TicketSorter:
    """Turns TicketRecords into rows for the store during one import."""

    def __init__(self, *, people: ingest.PeopleIndex) -> None:
        self.people = people
        self.staff = StaffIndex.load()
        # Folded company of every person who has one (people without are absent): for name + organization
        # matches, and to fill an empty company. Keyed by temporary id for people not created yet.
        self.companies = {pk: company_key(c) for pk, c in ticket_ingest.person_companies().items()}
        self._unsaved_companies: list[int] = []
        self.stale_timeline = ticket_ingest.timeline_exists()
        self.waiting: dict[str, ticket_ingest.PendingTicket] = {}
        # Each customer is named on many rows: the answer by the requester's fields as the file has them.
        self._asked: dict[tuple[str | None, str | None, str, str], int] = {}
        # Answers that are still temporary ids, made real at the next write (then no row needs real()).
        self._asked_unsaved: list[tuple[tuple[str | None, str | None, str, str], int]] = []
        # (group, agent name, agent e-mail) -> (team id, agent's user id): a few hundred at most.
        self._served: dict[tuple[str, str, str | None], tuple[int | None, int | None]] = {}
        self._pairs: set[tuple[int, int]] = set()
        self.keys = None
        self.behind = None
        if ticket_ingest.CopyBehind.possible() and not self.stale_timeline:  # see write_tickets
            self.keys = ticket_ingest.keys_for_later()
            self.behind = ticket_ingest.CopyBehind(self.keys)
        self.later = ticket_ingest.indexes_for_later()
        self.written = ticket_ingest.KeysWritten() if ticket_ingest.tickets_all_ours() else None
        self.created = self.updated = 0
        self.moments_created = self.moments_updated = 0

    def __len__(self) -> int:
        return len(self.waiting)

    def take(self, record: TicketRecord) -> int:
        """Queue one ticket row; returns 1 when it was skipped (nobody to file it under), else 0."""
        key = ticket_key(record)
        revision = _NO_REVISION_TEXT if record.revision == _NO_REVISION else revision_text(record.revision)
        earlier = self.waiting.get(key)
        if earlier is not None and revision < earlier.revision:
            return 0  # an older state of a ticket already read
        asked = (
            record.requester_email,
            record.requester_external_id,
            record.requester_name,
            record.organization,
        )
        person = self._asked.get(asked)
        if person is None:
            person = self._requester(record)
            if person is not None:
                if len(self._asked) >= ASKED_KEPT:
                    self._asked.clear()
                self._asked[asked] = person
                if person < 0:
                    self._asked_unsaved.append((asked, person))
        if person is None:
            log.info("import: %s: ticket %s names no requester; left out", record.source, key)
            return 1
        served = (record.group, record.agent_name, record.agent_email)
        found = self._served.get(served)
        if found is None:
            found = self._served[served] = self._team_and_agent(record)
        team, agent = found
        rating = record.satisfaction
        source = record.source
        values = [
            key,
            record.system[:64],
            record.external_id[:200],
            person,
            team,
            agent,
            record.subject[:500],
            record.status[:64],
            record.priority[:64],
            record.channel[:64],
            record.opened_at,
            record.updated_at,
            record.resolved_at,
            record.closed_at,
            record.reopens if record.reopens > 0 else 0,
            record.first_reply_minutes,
            record.requester_wait_minutes,
            *(_UNRATED if rating is None else _rating(rating)),
            revision,
            f"{source.file}:{source.line}"[:500],
        ]
        description = record.description
        if len(description) > DESCRIPTION_CHARS:
            description = description[: DESCRIPTION_CHARS - 1] + "…"
        self.waiting[key] = ticket_ingest.PendingTicket(values, description)
        return 0

    def _team_and_agent(self, record: TicketRecord) -> tuple[int | None, int | None]:
        """The team of the ticket's group and the account of its agent, who joins that team."""
        team = self.staff.team(record.group) if record.group else None
        agent = None
        if record.agent_name or record.agent_email:
            agent = self.staff.agent(name=record.agent_name, email=record.agent_email)
            if agent is not None and team is not None:
                self.staff.join(agent, team)
        return team, agent

    def _requester(self, record: TicketRecord) -> int | None:
        """The person behind the ticket: e-mail, external id, then name with organization, else a new one."""
        people = self.people
        email = email_key(record.requester_email) if record.requester_email else None
        external = None
        if record.requester_external_id:
            external = f"{record.system}:{record.requester_external_id}"[:320]
        name = tidy_name(record.requester_name)
        key = folded_name(name)
        organization, company = _organization(record.organization)
        person = people.by_email.get(email) if email else None
        if person is None and external:
            person = people.by_external.get(external)
        if person is None and key:
            person = self._by_name(key, company)
        if person is None:
            display = name or email or external
            if not display:
                return None
            first, last = split_name(name) if name else ("", "")
            person = people.create(
                {
                    "display_name": ingest.fit(display, 300),
                    "first_name": ingest.fit(first, 200),
                    "last_name": ingest.fit(last, 200),
                    "name_key": ingest.fit(key, 300),
                    "company": organization,
                }
            )
            if company:
                self.companies[person] = company
                self._unsaved_companies.append(person)
        elif organization and person not in self.companies:
            people.change(person, {"company": organization})
            self.companies[person] = company
            if person < 0:
                self._unsaved_companies.append(person)
        where = record.source.file
        if email:
            people.attach(person, kind=Identity.Kind.EMAIL, value=email, source=where)
        if external:
            people.attach(person, kind=Identity.Kind.EXTERNAL, value=external, source=where)
        return person

    def _by_name(self, key: str, company: str) -> int | None:
        """The person of this folded name whose company is the same (both blank counts as the same)."""
        companies = self.companies
        for person in self.people.by_name.get(key, ()):
            if companies.get(person, "") == company:
                return person
        return None

    @property
    def copies_behind(self) -> bool:
        """Whether batches are written in the background (new people may then be copied with them)."""
        return self.behind is not None

    def write(self, *, first: Sequence[bulk.CopyJob] = ()) -> None:
        """Store the waiting tickets (call after the people are flushed: their ids are then real).

        `first` are rows to copy before the tickets (new people, from PeopleIndex.flush(copy_later=True)).
        """
        if self._unsaved_companies:
            for temp in self._unsaved_companies:
                if temp in self.companies:
                    self.companies[self.people.real(temp)] = self.companies.pop(temp)
            self._unsaved_companies = []
        if self._asked_unsaved:
            asked, real = self._asked, self.people.real
            for fields, temp in self._asked_unsaved:
                if asked.get(fields) == temp:
                    asked[fields] = real(temp)
            self._asked_unsaved = []
        if not self.waiting:
            for model, columns, rows in first:
                bulk.copy_rows(model, columns, rows)
            return
        batch, self.waiting = list(self.waiting.values()), {}
        if len(self._pairs) >= SERVED_KEPT:
            self._pairs.clear()
        done = ticket_ingest.write_tickets(
            batch,
            real=self.people.real,
            stale_timeline=self.stale_timeline,
            behind=self.behind,
            served=self._pairs,
            written=self.written,
            first=first,
        )
        self.created += done.created
        self.updated += done.updated
        self.moments_created += done.moments_created
        self.moments_updated += done.moments_updated

    def settle(self) -> None:
        """Wait for the batch being written in the background (before the database is used again)."""
        if self.behind is not None:
            self.behind.wait()

    def finish(self) -> None:
        """After the last write: wait for it, check the keys and build the indexes left for the end."""
        self.settle()
        if self.keys is not None:
            self.keys.check()
        self.later.rebuild()
