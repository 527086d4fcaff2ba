"""Policy replies: drafted from the user's template for every stranger, edited, then marked sent.

Marking a reply sent is refused for a request judged known or bizarre unless forced: the policy reply
is for strangers, and a slip of the request id should not put a friend on the road to "collector".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction

from meetfirst.core import lifecycle as rules
from meetfirst.core.circles import shared_domains, similar_circles
from meetfirst.core.errors import BadInput, NotFound, TemplateProblem
from meetfirst.core.identity import profile_url
from meetfirst.core.policy import Policy
from meetfirst.core.templates import (
    CompiledTemplate,
    OwnerContext,
    ReplyContext,
    compile_template,
    render,
)
from meetfirst.services import clock, lifecycle, thoughts
from meetfirst.services.policy import load_policy
from meetfirst.store import reply_queries, stages
from meetfirst.store.models import ConnectionRequest, Owner, Person, Reply, Stage, Verdict


@dataclass(frozen=True, slots=True)
class Draft:
    """A reply as the faces show it."""

    request_id: int
    name: str
    profile_url: str
    status: str
    edited: bool
    # True when an existing reply was left as it was (edited by the user, or already sent).
    kept: bool
    text: str
    circles: tuple[str, ...]
    drafted_at: datetime
    sent_at: datetime | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.request_id,
            "name": self.name,
            "profile_url": self.profile_url,
            "status": self.status,
            "edited": self.edited,
            "kept": self.kept,
            "circles": list(self.circles),
            "text": self.text,
            "drafted_at": self.drafted_at,
            "sent_at": self.sent_at,
        }


def circles_for(
    owner: Owner | None,
    person: Person,
    *,
    people_in_common: int = 0,
    their_emails: Sequence[str] = (),
) -> tuple[str, ...]:
    """What the owner and this person visibly share: company, e-mail domain, industry, place, people."""
    return similar_circles(
        owner_headline=owner.headline if owner else "",
        owner_industry=owner.industry if owner else "",
        owner_location=owner.location if owner else "",
        company=person.company,
        headline=person.headline,
        position=person.position,
        location=person.location,
        people_in_common=people_in_common,
        shared_domains=shared_domains(owner.emails if owner else (), their_emails),
    )


def circles_by_person(owner: Owner | None, people: Sequence[Person]) -> dict[int, tuple[str, ...]]:
    """`circles_for` each of these people; addresses and people in common are looked up at once."""
    ids = [p.pk for p in people]
    in_common = reply_queries.people_in_common(person_ids=ids)
    emails = reply_queries.email_addresses(person_ids=ids)
    return {
        p.pk: circles_for(
            owner, p, people_in_common=in_common.get(p.pk, 0), their_emails=emails.get(p.pk, ())
        )
        for p in people
    }


def reply_context(
    request: ConnectionRequest, *, owner: Owner | None, circles: tuple[str, ...] = (), thought: str = ""
) -> ReplyContext:
    """The template's view of one request."""
    person = request.person
    first, last = person.first_name, person.last_name
    if not first and not last:
        first, _, last = person.display_name.partition(" ")
    return ReplyContext(
        first_name=first,
        last_name=last,
        full_name_override=person.display_name,
        note=request.note,
        company=person.company,
        position=person.position,
        headline=person.headline,
        location=person.location,
        owner=OwnerContext(
            first_name=owner.first_name if owner else "",
            last_name=owner.last_name if owner else "",
            headline=owner.headline if owner else "",
        ),
        circles=circles,
        thought=thought,
    )


def thought_line(template: str, *, now: datetime) -> str:
    """The thought for the day as one line ("text -- author"), when the template shows it; else empty."""
    if "thought" not in template:
        return ""
    day = thoughts.thought_today(now=now).thought
    return f"{day.text} -- {day.author}" if day.author else day.text


def draft(
    request_ids: Sequence[int] | None = None,
    *,
    now: datetime,
    policy: Policy | None = None,
    force: bool = False,
) -> list[Draft]:
    """Render the policy reply for these requests (default: every pending stranger not yet replied to).

    A draft the user edited is kept unless `force`; a reply already sent is never touched.
    """
    policy = policy or load_policy()
    compiled = compile_template(policy.template)
    thought = thought_line(policy.template, now=now)
    with transaction.atomic():
        requests = _requests(request_ids)
        owner = reply_queries.owner()
        person_ids = [r.person_id for r in requests]
        slugs = reply_queries.profile_slugs(person_ids=person_ids)
        circles_of = circles_by_person(owner, [r.person for r in requests])
        drafts = []
        for request in requests:
            circles = circles_of[request.person_id]
            reply = _draft_one(
                request, compiled, owner=owner, circles=circles, thought=thought, now=now, force=force
            )
            drafts.append(_as_draft(request, reply, slug=slugs.get(request.person_id, ""), circles=circles))
    return drafts


def _requests(request_ids: Sequence[int] | None) -> list[ConnectionRequest]:
    if request_ids is None:
        return reply_queries.requests_to_draft()
    found = reply_queries.requests_by_id(ids=request_ids)
    missing = [str(i) for i in request_ids if i not in found]
    if missing:
        raise NotFound(f"no request with id {', '.join(missing)}")
    requests = [found[i] for i in dict.fromkeys(request_ids)]
    for request in requests:
        _check_incoming(request)
    return requests


def _check_incoming(request: ConnectionRequest) -> None:
    if request.direction != ConnectionRequest.DirectionChoice.INCOMING:
        raise BadInput(f"request {request.id} is one you sent; policy replies are for requests you received")


def _existing_reply(request: ConnectionRequest) -> Reply | None:
    try:
        return request.reply
    except Reply.DoesNotExist:
        return None


def _draft_one(
    request: ConnectionRequest,
    compiled: CompiledTemplate,
    *,
    owner: Owner | None,
    circles: tuple[str, ...],
    thought: str,
    now: datetime,
    force: bool,
) -> tuple[Reply, bool]:
    """The request's reply after drafting, and whether an existing one was kept as it was."""
    reply = _existing_reply(request)
    if reply is not None and (reply.status == Reply.Status.SENT or (reply.edited and not force)):
        return reply, True
    try:
        text = render(compiled, reply_context(request, owner=owner, circles=circles, thought=thought))
    except TemplateProblem as exc:
        raise TemplateProblem(
            f"{exc.detail} (while drafting for request {request.id})", line=exc.line
        ) from None
    if reply is None:
        reply = Reply.objects.create(request=request, template=compiled.source, text=text, drafted_at=now)
        request.reply = reply
    elif reply.text != text or reply.template != compiled.source or reply.edited:
        reply.template, reply.text, reply.drafted_at, reply.edited = compiled.source, text, now, False
        reply.save(update_fields=["template", "text", "drafted_at", "edited"])
    return reply, False


def _as_draft(
    request: ConnectionRequest, outcome: tuple[Reply, bool] | Reply, *, slug: str, circles: tuple[str, ...]
) -> Draft:
    reply, kept = outcome if isinstance(outcome, tuple) else (outcome, False)
    return Draft(
        request_id=request.id,
        name=request.person.display_name,
        profile_url=profile_url(slug),
        status=reply.status,
        edited=reply.edited,
        kept=kept,
        text=reply.text,
        circles=circles,
        drafted_at=reply.drafted_at,
        sent_at=reply.sent_at,
    )


def edit(request_id: int, text: str, *, now: datetime, policy: Policy | None = None) -> Draft:
    """Replace a draft's text with the user's own; later re-drafts keep it unless forced."""
    body = text.strip()
    if not body:
        raise BadInput("the reply text is empty")
    with transaction.atomic():
        request = _locked(request_id)
        reply = reply_queries.reply_for(request=request)
        if reply is not None and reply.status == Reply.Status.SENT:
            raise BadInput(f"the reply to request {request_id} was already sent; it cannot be edited")
        if reply is None:
            template = (policy or load_policy()).template
            reply = Reply.objects.create(
                request=request, template=template, text=body, drafted_at=now, edited=True
            )
        else:
            reply.text, reply.edited, reply.drafted_at = body, True, now
            reply.save(update_fields=["text", "edited", "drafted_at"])
        slug = reply_queries.profile_slugs(person_ids=[request.person_id]).get(request.person_id, "")
        owner = reply_queries.owner()
        circles = circles_by_person(owner, [request.person])[request.person_id]
        return _as_draft(request, reply, slug=slug, circles=circles)


def mark_sent(
    request_id: int,
    *,
    at: datetime | None = None,
    now: datetime,
    force: bool = False,
    policy: Policy | None = None,
) -> Reply:
    """Record that the reply went out (at `at`, default now): the request waits for an answer.

    A request with no draft gets one first, so the store keeps the text. Refused when the reply was
    already recorded, when `at` is in the future or before the request arrived, and, unless `force`,
    when the request was judged known or bizarre.
    """
    policy = policy or load_policy()
    sent_at = at or now
    with transaction.atomic():
        request = _locked(request_id)
        reply = reply_queries.reply_for(request=request)
        if request.replied_at is not None or (reply is not None and reply.status == Reply.Status.SENT):
            raise BadInput(f"the reply to request {request_id} was already recorded as sent")
        judged = request.verdict if request.verdict in (Verdict.KNOWN, Verdict.BIZARRE) else ""
        if request.stage in (Stage.KNOWN, Stage.BIZARRE):
            judged = request.stage
        if judged and not force:
            raise BadInput(
                f"request {request_id} ({request.person.display_name}) is marked {judged}; "
                "policy replies are for strangers (use --force to record it anyway)"
            )
        if sent_at > now:
            raise BadInput(f"{sent_at:%Y-%m-%d %H:%M} is in the future")
        if sent_at < request.sent_at:
            raise BadInput(
                f"{sent_at:%Y-%m-%d %H:%M} is before the request arrived ({request.sent_at:%Y-%m-%d %H:%M})"
            )
        if reply is None:
            owner = reply_queries.owner()
            circles = circles_by_person(owner, [request.person])[request.person_id]
            compiled = compile_template(policy.template)
            thought = thought_line(policy.template, now=now)
            reply, _ = _draft_one(
                request, compiled, owner=owner, circles=circles, thought=thought, now=sent_at, force=False
            )
        reply.status, reply.sent_at, reply.sent_how = Reply.Status.SENT, sent_at, "user"
        reply.save(update_fields=["status", "sent_at", "sent_how"])
        request.replied_at = sent_at
        request.save(update_fields=["replied_at", "updated_at"])
        stages.move(request, to=Stage.REPLIED, at=sent_at, reason=rules.reply_recorded_reason())
        lifecycle.advance(now=now, policy=policy)
    reply.refresh_from_db()
    return reply


def _locked(request_id: int) -> ConnectionRequest:
    request = reply_queries.request_for_update(request_id=request_id)
    if request is None:
        raise NotFound(f"no request with id {request_id}")
    _check_incoming(request)
    return request


def preview(template: str, *, request_id: int | None = None, now: datetime | None = None) -> tuple[str, str]:
    """Render a template (not saved) for one request, or the newest pending stranger; (text, whose)."""
    compiled = compile_template(template)
    thought = thought_line(template, now=now or clock.now())
    if request_id is not None:
        found = list(reply_queries.requests_by_id(ids=[request_id]).values())
    else:
        found = reply_queries.requests_to_draft()[:1]
    owner = reply_queries.owner()
    if not found:
        sample = ReplyContext(
            first_name="Ama",
            last_name="Owusu",
            full_name_override="Ama Owusu",
            note="",
            company="",
            position="",
            headline="",
            location="",
            owner=OwnerContext(
                first_name=owner.first_name if owner else "",
                last_name=owner.last_name if owner else "",
                headline=owner.headline if owner else "",
            ),
            circles=(),
            thought=thought,
        )
        return render(compiled, sample), "a sample requester (no pending stranger yet)"
    request = found[0]
    circles = circles_by_person(owner, [request.person])[request.person_id]
    context = reply_context(request, owner=owner, circles=circles, thought=thought)
    return render(compiled, context), request.person.display_name
