"""The Customers page, the customer panel of the person page, notes on human needs and the agent's board."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from meetfirst.services import customers
from meetfirst.store.models import CustomerNote, Interaction, Person, Ticket
from tests.conftest import FIXED_NOW
from tests.personas import (
    ANNIKA,
    BRUNO,
    PRIVATE_NOTE_A,
    TEAM_NOTE_A,
    TICKET_A_SUBJECT,
    TICKET_B_SUBJECT,
    World,
    logged_in,
    make_account,
    make_customer,
    make_note,
    make_ticket,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_means() -> None:
    """Each test reads its own tickets: no means or checks kept from the one before."""
    customers.forget_kept_means()


@pytest.fixture
def team(world: World, settings) -> World:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = True
    return world


def csrf_client(user: User) -> Client:
    """A logged-in client that, like a browser, must send the CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="meetfirst.store.accounts_backend.AccountBackend")
    return client


def token_of(client: Client, page: str) -> str:
    client.get(page)
    return str(client.cookies["meetfirst_csrftoken"].value)


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_customer_pages_need_a_login(client: Client, team: World) -> None:
    pid = team.annika.pk
    for page in ("/customers/", f"/people/{pid}/tickets/"):
        response = client.get(page)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login/")
    note = {"topic": "it", "visibility": "team", "text": "x"}
    response = client.post(f"/people/{pid}/customer-notes/", note)
    assert response.status_code in (302, 403)
    assert not CustomerNote.objects.filter(text="x").exists()


def test_the_customers_page_lists_health_worst_first(team: World) -> None:
    page = html(logged_in(team.alice).get("/customers/"))
    assert ANNIKA in page and BRUNO in page
    assert "3 customers" in page
    assert 'aria-current="page">Customers' in page


def test_an_agent_lists_only_their_teams_customers(team: World) -> None:
    page = html(logged_in(team.charlie).get("/customers/"))
    assert BRUNO in page
    assert ANNIKA not in page


def test_search_finds_by_email(team: World) -> None:
    page = html(logged_in(team.alice).get("/customers/?q=%40customer-b.example"))
    assert BRUNO in page and ANNIKA not in page


def test_a_bad_search_is_rejected_with_a_message(team: World) -> None:
    response = logged_in(team.alice).get("/customers/?page=abc")
    assert response.status_code == 400
    assert "Search not understood" in html(response)


def test_the_person_page_shows_the_customer_panel(team: World) -> None:
    page = html(logged_in(team.bob).get(f"/people/{team.annika.pk}/"))
    assert 'data-testid="customer-panel"' in page
    assert "Touch recency (35)" in page
    assert "no conversation yet, cadence 45 days" in page
    assert TICKET_A_SUBJECT in page
    assert "good" in page  # the raw rating
    assert "Bob" in page  # the agent
    assert TEAM_NOTE_A in page and PRIVATE_NOTE_A in page


def test_someone_who_is_no_customer_has_no_panel(team: World) -> None:
    page = html(logged_in(team.alice).get(f"/people/{team.ludmila.pk}/"))
    assert 'data-testid="customer-panel"' not in page


def test_private_notes_of_others_are_hidden_even_from_an_admin(team: World) -> None:
    for user in (team.alice, team.dave):
        page = html(logged_in(user).get(f"/people/{team.annika.pk}/"))
        assert TEAM_NOTE_A in page
        assert PRIVATE_NOTE_A not in page


def test_adding_a_note_needs_the_csrf_token(team: World) -> None:
    client = csrf_client(team.bob)
    url = f"/people/{team.annika.pk}/customer-notes/"
    data = {"topic": "family", "visibility": "team", "text": "Two kids"}
    assert client.post(url, data).status_code == 403
    data["csrfmiddlewaretoken"] = token_of(client, f"/people/{team.annika.pk}/")
    assert client.post(url, data).status_code == 302
    note = CustomerNote.objects.get(text="Two kids")
    assert (note.author, note.topic, note.person_id) == (team.bob, "family", team.annika.pk)


def test_a_bad_note_is_rejected_with_a_message(team: World) -> None:
    client = logged_in(team.bob)
    url = f"/people/{team.annika.pk}/customer-notes/"
    response = client.post(url, {"topic": "gossip", "visibility": "team", "text": "x"}, follow=True)
    assert "Not saved: topic" in html(response)
    response = client.post(url, {"topic": "it", "visibility": "team", "text": "   "}, follow=True)
    assert "Not saved" in html(response)
    assert CustomerNote.objects.filter(person=team.annika).count() == 2


def test_html_in_a_note_is_shown_as_text(team: World) -> None:
    client = logged_in(team.bob)
    evil = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    note = {"topic": "now", "visibility": "team", "text": evil}
    client.post(f"/people/{team.annika.pk}/customer-notes/", note)
    page = html(client.get(f"/people/{team.annika.pk}/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page


def test_htmx_note_answers_with_the_notes_partial(team: World) -> None:
    client = logged_in(team.bob)
    response = client.post(
        f"/people/{team.annika.pk}/customer-notes/",
        {"topic": "interests", "visibility": "private", "text": "Loves sailing"},
        HTTP_HX_REQUEST="true",
    )
    body = html(response)
    assert response.status_code == 200
    assert body.startswith('<div id="customer-notes"')
    assert "Loves sailing" in body and "Note saved." in body


def test_an_author_edits_and_deletes_their_note_and_nobody_else_can(team: World) -> None:
    note = team.team_note_a
    data = {"topic": "now", "visibility": "team", "text": "Moved to Malmö"}
    assert logged_in(team.alice).post(f"/customer-notes/{note.pk}/edit/", data).status_code == 404
    assert logged_in(team.charlie).post(f"/customer-notes/{note.pk}/delete/").status_code == 404
    bob = logged_in(team.bob)
    assert bob.post(f"/customer-notes/{note.pk}/edit/", data).status_code == 302
    assert CustomerNote.objects.get(pk=note.pk).text == "Moved to Malmö"
    assert bob.post(f"/customer-notes/{note.pk}/delete/").status_code == 302
    assert not CustomerNote.objects.filter(pk=note.pk).exists()


def test_another_teams_customer_is_not_found(team: World) -> None:
    charlie = logged_in(team.charlie)
    assert charlie.get(f"/people/{team.annika.pk}/tickets/", HTTP_HX_REQUEST="true").status_code == 404
    response = charlie.post(f"/people/{team.annika.pk}/sentiment/", {"sentiment": "healthy"})
    assert response.status_code == 404
    assert Person.objects.get(pk=team.annika.pk).staff_sentiment == ""


def test_sentiment_is_saved_and_checked(team: World) -> None:
    bob = logged_in(team.bob)
    url = f"/people/{team.annika.pk}/sentiment/"
    response = bob.post(url, {"sentiment": "at-risk"}, HTTP_HX_REQUEST="true")
    assert "Staff sentiment (15)" in html(response) and "at-risk" in html(response)
    assert Person.objects.get(pk=team.annika.pk).staff_sentiment == "at-risk"
    response = bob.post(url, {"sentiment": "ecstatic"}, follow=True)
    assert "Not saved" in html(response)
    assert Person.objects.get(pk=team.annika.pk).staff_sentiment == "at-risk"


def test_tickets_are_paged_newest_first(team: World) -> None:
    for n in range(12):
        Ticket.objects.create(
            key=f"test:{n}",
            system="test",
            external_id=str(n),
            person=team.annika,
            subject=f"Paged ticket {n:02}",
            opened_at=FIXED_NOW - timedelta(hours=n),
        )
    bob = logged_in(team.bob)
    first = html(bob.get(f"/people/{team.annika.pk}/"))
    assert "Paged ticket 00" in first and "Paged ticket 10" not in first
    second = html(bob.get(f"/people/{team.annika.pk}/tickets/?page=2", HTTP_HX_REQUEST="true"))
    assert "Paged ticket 10" in second and TICKET_A_SUBJECT in second


def _page_queries(client: Client, page: str) -> tuple[str, int]:
    client.get(page)  # keeps the customer's health
    with CaptureQueriesContext(connection) as queries:
        text = html(client.get(page))
    return text, len(queries.captured_queries)


def test_the_customer_page_takes_as_few_queries_with_many_tickets_and_notes_as_with_one(team: World) -> None:
    bob = logged_in(team.bob)
    _, few = _page_queries(bob, f"/people/{team.aurelio.pk}/")  # one ticket, no note
    dora = make_account("dora", role="agent", teams=[team.team_a, team.team_b])
    for n in range(12):
        agent = (team.bob, dora)[n % 2]
        make_ticket(team.aurelio, number=8000 + n, team=(team.team_a, team.team_b)[n % 2], agent=agent,
                    subject=f"Issue {n:02}", rating="good" if n % 3 else "")  # fmt: skip
        make_note(team.aurelio, author=agent, text=f"Note {n:02}", private=n % 3 == 0)
    page, many = _page_queries(bob, f"/people/{team.aurelio.pk}/")
    assert "Note 01" in page and "Note 02" in page and "Note 00" in page  # Note 00: Bob's private one
    assert "Note 03" not in page and "Note 09" not in page  # Dora's private notes
    assert "Dora" in page and "Team B" in page
    assert many == few <= 23


def test_the_timeline_labels_tickets(team: World) -> None:
    page = html(logged_in(team.bob).get(f"/people/{team.annika.pk}/"))
    assert "a ticket opened: service, not yet a conversation" in page
    assert "how they rated a ticket" in page


# --- the board ------------------------------------------------------------------------------------------


def test_an_agent_board_shows_their_nudges_risks_and_thought(team: World) -> None:
    # Annika: a bad rating two days ago, and no conversation since.
    Ticket.objects.filter(pk=team.ticket_a.pk).update(
        satisfaction_positive=False, rated_at=FIXED_NOW - timedelta(days=2)
    )
    page = html(logged_in(team.bob).get("/"))
    assert 'data-testid="agent-nudges"' in page
    assert "Check in with Annika by" in page
    assert 'data-testid="agent-at-risk"' in page
    assert BRUNO not in page and TICKET_B_SUBJECT not in page
    assert 'class="thought"' in page


def _troubled_customers(team: World, names: range) -> None:
    """Team A customers who each rated a ticket badly two days ago: on the board's nudges."""
    for n in names:
        person = make_customer(f"Troubled {n:02}", teams=[team.team_a], email=f"t{n}@customer-a.example")
        ticket = make_ticket(
            person, number=7000 + n, team=team.team_a, agent=team.bob, subject=f"Trouble {n}", rating="bad"
        )
        Ticket.objects.filter(pk=ticket.pk).update(
            satisfaction_positive=False, rated_at=FIXED_NOW - timedelta(days=2)
        )


def _board_queries(client: Client) -> tuple[str, int]:
    client.get("/")  # keeps the health of customers new since the last view
    with CaptureQueriesContext(connection) as queries:
        page = html(client.get("/"))
    return page, len(queries.captured_queries)


def test_the_agent_board_takes_as_few_queries_for_many_customers_as_for_two(team: World) -> None:
    bob = logged_in(team.bob)
    _troubled_customers(team, range(2))
    few_page, few = _board_queries(bob)
    _troubled_customers(team, range(2, 14))
    many_page, many = _board_queries(bob)
    assert "Troubled 01" in few_page and "Troubled 12" not in few_page
    assert "Troubled 12" in many_page and BRUNO not in many_page
    # session, account, role and teams, stale health, customers marker, nudges, risks, the thought (3)
    assert many == few <= 10


def test_an_admin_in_team_mode_keeps_the_owners_board(team: World) -> None:
    page = html(logged_in(team.alice).get("/"))
    assert 'data-testid="agent-nudges"' not in page
    assert "Keep in touch today" in page


def test_a_human_touch_clears_the_coffee_nudge(team: World) -> None:
    for n in range(3):
        Ticket.objects.create(key=f"busy:{n}", system="test", external_id=str(n), person=team.aurelio,
                              opened_at=FIXED_NOW - timedelta(days=n + 1))  # fmt: skip
    bob = logged_in(team.bob)
    assert "Invite Aurelio for a coffee" in html(bob.get("/"))
    Interaction.objects.create(person=team.aurelio, kind="call", direction="out", occurred_at=FIXED_NOW)
    bob.get(f"/people/{team.aurelio.pk}/")  # the page recomputes the kept health
    assert "Invite Aurelio for a coffee" not in html(bob.get("/"))


# --- single-user mode -----------------------------------------------------------------------------------


def test_the_single_user_sees_every_customer_and_keeps_the_board(home, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from meetfirst.services import access
    from tests import factories_lifecycle as make

    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    make.person("Dana Reyes", slug=None, relationship_kind="customer")
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    assert "Dana Reyes" in html(client.get("/customers/"))
    board = html(client.get("/"))
    assert "Keep in touch today" in board and ">Customers</a>" in board


def test_a_viewer_reads_customers_but_changes_nothing(team: World) -> None:
    dave = logged_in(team.dave)
    assert ANNIKA in html(dave.get("/customers/"))
    data = {"topic": "it", "visibility": "team", "text": "viewer was here"}
    assert dave.post(f"/people/{team.annika.pk}/customer-notes/", data).status_code == 403
    assert not CustomerNote.objects.filter(text="viewer was here").exists()
