"""The triage queue over the web: each card's place in the queue; a decision answers with the next card."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from meetfirst.services import access, triage
from meetfirst.store.models import ConnectionRequest, Decision, StageChange
from tests.conftest import FIXED_NOW
from tests.factories import make_request

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def alice(home, monkeypatch) -> Client:  # type: ignore[no-untyped-def]
    """The owner, logged in with a one-time link."""
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client()
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


@pytest.fixture
def queue() -> list[ConnectionRequest]:
    """Five pending requests, two of them sent at the same moment; and two that are not in the queue."""
    same = FIXED_NOW - timedelta(days=4)
    made = [
        make_request(name="Ann Lee", sent_at=FIXED_NOW - timedelta(days=9)),
        make_request(name="Bo Lin", sent_at=same),
        make_request(name="Cy Ray", sent_at=same),
        make_request(name="Di Fox", sent_at=FIXED_NOW - timedelta(days=2)),
        make_request(name="Ed Kim", sent_at=FIXED_NOW - timedelta(days=6)),
    ]
    make_request(name="Flo Park", state="accepted", sent_at=FIXED_NOW - timedelta(days=3))
    make_request(name="Gus Hale", direction="out", sent_at=FIXED_NOW - timedelta(days=5))
    triage.triage_new(now=FIXED_NOW)
    return made


def _post_decision(client: Client, request_id: int, verdict: str) -> str:
    response = client.post(f"/triage/{request_id}/decide/", {"verdict": verdict}, headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_each_card_shows_its_place_and_its_neighbours_in_the_queues_order(
    alice: Client, queue: list[ConnectionRequest]
) -> None:
    ids = triage.pending_ids()  # newest first; the same moment: the higher id first
    assert len(ids) == 5 and ids[0] == queue[3].pk and ids[-1] == queue[0].pk
    assert ids.index(queue[2].pk) + 1 == ids.index(queue[1].pk)

    for index, request_id in enumerate(ids):
        response = alice.get(f"/triage/{request_id}/", headers=HTMX)
        context = response.context
        assert (context["position"], context["total"]) == (index + 1, 5)
        assert context["prev_id"] == (ids[index - 1] if index > 0 else None)
        assert context["next_id"] == (ids[index + 1] if index + 1 < len(ids) else None)
        html = response.content.decode()
        assert f"Request {index + 1} of 5" in html
        assert ('data-key="k" rel="prev"' in html) == (index > 0)
        assert ('data-key="j" rel="next"' in html) == (index + 1 < len(ids))


def test_the_queue_starts_with_the_newest_request(alice: Client, queue: list[ConnectionRequest]) -> None:
    response = alice.get("/triage/")

    assert response.context["item"].id == queue[3].pk
    assert "Request 1 of 5" in response.content.decode()


def test_a_request_that_is_not_pending_has_no_card(alice: Client, queue: list[ConnectionRequest]) -> None:
    accepted = ConnectionRequest.objects.get(state="accepted")

    assert alice.get(f"/triage/{accepted.pk}/").status_code == 404
    assert alice.get("/triage/999999/").status_code == 404


def test_an_empty_queue_says_there_is_nothing_to_triage(alice: Client) -> None:
    make_request(name="Flo Park", state="accepted")

    for page in ("/triage/", "/triage/999999/"):
        response = alice.get(page)
        assert response.status_code == 200
        assert "Nothing to triage" in response.content.decode()


def test_a_decision_answers_with_the_next_card_and_says_what_was_saved(
    alice: Client, queue: list[ConnectionRequest]
) -> None:
    ids = triage.pending_ids()
    decided = ConnectionRequest.objects.get(pk=ids[1])

    html = _post_decision(alice, decided.pk, "bizarre")

    following = ConnectionRequest.objects.get(pk=ids[2])
    assert f"Saved: {decided.person.display_name} is bizarre." in html
    assert f">{following.person.display_name}</a>" in html
    assert "Request 3 of 5" in html
    assert f'action="/triage/{following.pk}/decide/"' in html
    assert f'href="/triage/{decided.pk}/" hx-get="/triage/{decided.pk}/"' in html  # back with k
    decided.refresh_from_db()
    assert (decided.verdict, decided.verdict_by_user, decided.stage) == ("bizarre", True, "bizarre")


def test_a_decision_on_the_last_card_shows_it_again_with_the_users_word(
    alice: Client, queue: list[ConnectionRequest]
) -> None:
    last = triage.pending_ids()[-1]

    html = _post_decision(alice, last, "known")

    assert "Request 5 of 5" in html
    assert "Saved: Ann Lee is known." in html
    assert '<span class="muted">(your decision)</span>' in html
    assert "you said you know them personally" in html
    assert 'rel="next"' not in html


def test_a_decision_logs_one_verdict_and_one_stage_change(
    alice: Client, queue: list[ConnectionRequest]
) -> None:
    request = queue[4]
    stage_before = ConnectionRequest.objects.get(pk=request.pk).stage

    _post_decision(alice, request.pk, "known")
    _post_decision(alice, request.pk, "known")  # the same word again changes nothing

    user_decisions = Decision.objects.filter(request=request, by=Decision.By.USER)
    assert list(user_decisions.values_list("verdict", "reasons", "decided_at")) == [
        ("known", ["you said you know them personally"], FIXED_NOW)
    ]
    moves = StageChange.objects.filter(request=request, reason__startswith="your decision")
    assert list(moves.values_list("from_stage", "to_stage", "at", "reason")) == [
        (stage_before, "known", FIXED_NOW, "your decision: known")
    ]


def test_a_decision_makes_the_same_few_queries_however_long_the_queue(
    alice: Client,
    queue: list[ConnectionRequest],
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    # Session, user, the audited person; the decision (a read and at most three writes, in a transaction
    # that a test counts as a savepoint and its release); the next card's id, the card with its place, its
    # evidence and its address books; the audit entry, in the decision's transaction (which, with the
    # entry's own savepoint, a test counts as two statements each). The queue is never read whole: more
    # pending requests add no query.
    first, second = triage.pending_ids()[:2]
    with django_assert_max_num_queries(18):
        _post_decision(alice, first, "stranger")
    for day in range(30):
        make_request(name=f"New Person {day}", sent_at=FIXED_NOW - timedelta(days=20, hours=day))
    with django_assert_max_num_queries(18):
        _post_decision(alice, second, "known")


def test_a_decision_and_its_audit_entry_are_one_transaction(
    alice: Client, queue: list[ConnectionRequest], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import connection

    from meetfirst.services import audit
    from meetfirst.store.models import AuditEntry, Decision

    outside = len(connection.atomic_blocks)  # the test's own transaction
    seen: list[tuple[int, bool]] = []
    write = audit.record

    def watched(**entry: object) -> None:
        # Inside the view's transaction (and the entry's savepoint), with the decision already written.
        seen.append((len(connection.atomic_blocks) - outside, Decision.objects.filter(by="user").exists()))
        write(**entry)  # type: ignore[arg-type]

    monkeypatch.setattr(audit, "record", watched)
    _post_decision(alice, triage.pending_ids()[0], "bizarre")
    assert seen == [(2, True)]  # one entry, written once: the middleware writes no second one
    (entry,) = AuditEntry.objects.all()
    assert entry.action == "decide" and entry.method == "POST"


def test_a_refused_decision_writes_no_entry(alice: Client, queue: list[ConnectionRequest]) -> None:
    from meetfirst.store.models import AuditEntry

    response = alice.post("/triage/999999/decide/", {"verdict": "known"}, headers=HTMX)
    assert response.status_code == 404
    assert not AuditEntry.objects.exists()
