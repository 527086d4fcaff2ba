"""A person with something in every table, for the export, forget and backup tests.

Personas: ana (a stranger who became a mentor: requests, decisions, a reply, stage changes, messages,
a meeting, shared notes, a follow-up) and bob (someone else, who must be left alone). The owner is sam.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from meetfirst.store import resolution_queries
from meetfirst.store.models import (
    ConnectionRequest,
    Decision,
    FollowUp,
    Identity,
    Meeting,
    MergeRecord,
    MergeSuggestion,
    Person,
    RejectedPair,
    Reply,
    SharedNote,
    StageChange,
)
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW

ANA_NAME = "Ana Silva"
ANA_SLUG = "ana-silva-lisbon"
ANA_EMAIL = "ana.silva@example.org"
ANA_PHONE = "+351912345678"


@dataclass
class Story:
    ana: Person
    bob: Person
    request: ConnectionRequest


def full_story() -> Story:
    make.owner()
    ana = make.person(
        ANA_NAME,
        slug=ANA_SLUG,
        email=ANA_EMAIL,
        company="Acme; Payments, Lisbon",
        position="Head of Risk",
        relationship_kind="mentor",
        relationship_since=date(2026, 4, 1),
    )
    Identity.objects.create(person=ana, kind=Identity.Kind.PHONE, value=ANA_PHONE)
    sent = FIXED_NOW - timedelta(days=60)
    request = make.replied(ana, sent_at=sent, replied_at=sent + timedelta(days=1))
    Reply.objects.filter(request=request).update(text=f"Hi {ANA_NAME}, thanks for reaching out.")
    StageChange.objects.create(
        request=request, from_stage="replied", to_stage="answered", at=sent, reason=f"{ANA_NAME} wrote back"
    )
    Decision.objects.create(
        request=request,
        verdict="stranger",
        reasons=[f"{ANA_NAME} shares no conversation with you", f"profile {ANA_SLUG}"],
        by="rule",
        decided_at=sent,
    )
    make.interaction(ana, at=sent + timedelta(days=2), text="Happy to talk, Ana here.")
    make.interaction(ana, at=sent + timedelta(days=3), direction="out", text=f"Great, {ANA_NAME}!")
    meeting = Meeting.objects.create(
        person=ana, request=request, uid="m-1@meetfirst", title=f"Call with {ANA_NAME}", minutes=30
    )
    SharedNote.objects.create(
        person=ana,
        meeting=meeting,
        history="Grew up in Porto",
        industry_view="Fraud moves to real-time payments",
        aspirations="Wants to mentor",
        free_text=f"Write to {ANA_EMAIL}",
        written_at=FIXED_NOW - timedelta(days=20),
    )
    FollowUp.objects.create(person=ana, meeting=meeting, text="Send the paper", due_on=date(2026, 6, 20))
    bob = make.person("Bob Stone", slug="bob-stone", email="bob@example.org", company="Initech")
    bob_request = make.request(bob, sent_at=FIXED_NOW - timedelta(days=5), note="Hello from Bob")
    make.interaction(bob, at=FIXED_NOW - timedelta(days=4), text="Bob's message")
    Decision.objects.create(
        request=bob_request,
        verdict="stranger",
        reasons=["no shared history"],
        by="rule",
        decided_at=FIXED_NOW,
    )
    MergeSuggestion.objects.create(
        first=ana, second=bob, score=0.4, reasons=["similar names"], created_at=FIXED_NOW
    )
    # Kept by identity keys (her slug, e-mail, phone and folded name), not by a foreign key.
    resolution_queries.reject_pair(first_id=ana.pk, second_id=bob.pk, at=FIXED_NOW)
    MergeRecord.objects.create(
        kept=ana, merged_snapshot={"display_name": "A. Silva", "rows": {}}, merged_at=FIXED_NOW
    )
    # Pairs of other people stay.
    RejectedPair.objects.create(
        first_key="linkedin:bob-stone", second_key="linkedin:carl", rejected_at=FIXED_NOW
    )
    return Story(ana=ana, bob=bob, request=request)
