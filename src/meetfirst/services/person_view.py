"""One person as the person page shows them: who they are, their requests and their timeline."""

from __future__ import annotations

from dataclasses import dataclass

from meetfirst.core.errors import NotFound
from meetfirst.core.identity import profile_url
from meetfirst.store import person_queries, timeline_queries
from meetfirst.store.models import Person
from meetfirst.store.person_queries import RequestSummary
from meetfirst.store.timeline_queries import TimelineItem

PER_PAGE = 25


@dataclass(frozen=True, slots=True)
class IdentityView:
    kind: str
    value: str
    link: str

    @property
    def label(self) -> str:
        return {"linkedin": "LinkedIn", "email": "E-mail", "phone": "Phone"}.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class PersonView:
    person: Person
    identities: list[IdentityView]
    requests: list[RequestSummary]
    timeline: list[TimelineItem]
    page: int
    has_older: bool

    @property
    def profile_url(self) -> str:
        return next((i.link for i in self.identities if i.kind == "linkedin"), "")


def _link(kind: str, value: str) -> str:
    if kind == "linkedin":
        return profile_url(value)
    if kind == "email":
        return f"mailto:{value}"
    if kind == "phone":
        return f"tel:{value}"
    return ""


def person_view(person_id: int, *, page: int = 1) -> PersonView:
    """The person page's data; page 1 is the newest PER_PAGE timeline items."""
    person = person_queries.person(person_id=person_id)
    if person is None:
        raise NotFound(f"no person has the id {person_id}")
    page = max(1, page)
    items, has_older = timeline_queries.person_timeline(
        person_id=person_id, offset=(page - 1) * PER_PAGE, limit=PER_PAGE
    )
    return PersonView(
        person=person,
        identities=[
            IdentityView(k, v, _link(k, v)) for k, v in person_queries.identities(person_id=person_id)
        ],
        requests=person_queries.requests(person_id=person_id),
        timeline=items,
        page=page,
        has_older=has_older,
    )


def recent_exchanges(person_id: int, *, limit: int = 5) -> list[TimelineItem]:
    """The newest messages, e-mails, calls and meetings with a person: the evidence beside a request."""
    return timeline_queries.recent_interactions(person_id, limit)
