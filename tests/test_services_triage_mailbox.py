"""End to end: a real mailbox imported, then the requests triaged with what it shows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from meetfirst.core.policy import Policy
from meetfirst.services import triage
from meetfirst.services.importing import import_paths, ingest_records
from meetfirst.store.models import ConnectionRequest, Identity
from tests.conftest import DATA, FIXED_NOW
from tests.factories import make_person, make_request
from tests.factories_records import owner_email

pytestmark = pytest.mark.usefixtures("db", "home")

SENT = datetime(2026, 6, 5, 9, 0, tzinfo=UTC)


def request_from(address: str) -> ConnectionRequest:
    return make_request(Identity.objects.get(kind="email", value=address).person, sent_at=SENT)


def reasons(request: ConnectionRequest) -> tuple[str, list[str]]:
    request.refresh_from_db()
    newest = request.decisions.order_by("-decided_at", "-id").first()
    return request.verdict, newest.reasons if newest else []


def test_a_mailbox_makes_correspondents_known_and_leaves_cold_senders_strangers() -> None:
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)
    import_paths([DATA / "mail" / "inbox.mbox"], now=FIXED_NOW)
    alice, bob, carol = (
        request_from(a) for a in ("alice@northwind.example", "bob@stone.example", "carol@far.example")
    )

    triage.triage_new(now=FIXED_NOW, policy=Policy(timezone="UTC"))

    assert reasons(alice) == ("known", ["2 e-mails both ways (1 from them, 1 from you), last on 2026-03-02"])
    assert reasons(bob) == ("known", ["2 e-mails both ways (1 from them, 1 from you), last on 2026-03-03"])
    # Carol wrote once (an introduction); nobody answered her.
    assert reasons(carol) == (
        "stranger",
        ["no sign that you have met: 1 e-mail from them, none from you: not evidence"],
    )


def test_importing_a_mailbox_later_moves_a_stranger_to_known_but_not_a_users_decision() -> None:
    ingest_records(iter([owner_email("sam@owner.example")]), now=FIXED_NOW)
    alice, bob = make_person("Alice Martin"), make_person("Bob Stone")
    Identity.objects.create(person=alice, kind="email", value="alice@northwind.example")
    Identity.objects.create(person=bob, kind="email", value="bob@stone.example")
    first, second = make_request(alice, sent_at=SENT), make_request(bob, sent_at=SENT)
    triage.triage_new(now=FIXED_NOW, policy=Policy(timezone="UTC"))
    triage.decide(second.id, "stranger", now=FIXED_NOW)
    assert reasons(first)[0] == "stranger"

    import_paths([DATA / "mail" / "inbox.mbox"], now=FIXED_NOW)

    assert reasons(first)[0] == "known"
    first.refresh_from_db()
    assert first.stage == "known"
    second.refresh_from_db()
    assert (second.verdict, second.verdict_by_user, second.stage) == ("stranger", True, "stranger")
