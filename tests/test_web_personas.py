"""Every page and action, tried by every persona in team mode (see tests/personas.py for who is who).

The URL patterns are read from meetfirst.web.urls, so a page added later is tried too: it fails
`test_every_page_has_a_row_in_the_table` until someone says below who may open it, which is the moment
to think about it. charlie (team B) must get nothing of team A, whatever id he guesses; dave (a viewer)
changes nothing; private notes stay their author's; a disabled account is out at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetfirst.store.models import (
    ConnectionRequest,
    CustomerNote,
    FollowUp,
    Meeting,
    MergeSuggestion,
    Person,
    Role,
    StaffProfile,
    Ticket,
)
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW
from tests.personas import (
    BRUNO,
    OWNER_NETWORK_WORDS,
    PRIVATE_NOTE_A,
    PRIVATE_NOTE_B,
    TEAM_A_WORDS,
    TEAM_B_WORDS,
    TEAM_NOTE_A,
    World,
    logged_in,
    make_customer,
    make_meeting,
)

pytestmark = pytest.mark.django_db
team_mode = override_settings(MEETFIRST_TEAM=True)

PUBLIC = "public"  # opens without logging in
STAFF = "staff"  # agents and viewers may open it, for their own teams' customers
ADMIN = "admin"  # admins only, in team mode

# Who may open each page in team mode. A URL name missing here fails the first test below.
ACCESS: dict[str, str] = {
    "login": PUBLIC,
    "token-login": PUBLIC,
    "logout": STAFF,
    "board": STAFF,
    "person": STAFF,
    "person-log": STAFF,
    "person-kind": STAFF,
    "meeting-propose": STAFF,
    "meeting-confirm": STAFF,
    "meeting-cancel": STAFF,
    "meeting-done": STAFF,
    "meeting-notes": STAFF,
    "meeting-ics": STAFF,
    "today-person-done": STAFF,
    "today-person-snooze": STAFF,
    "today-follow-up-done": STAFF,
    "today-follow-up-snooze": STAFF,
    "customers": STAFF,
    "customer-tickets": STAFF,
    "customer-note-add": STAFF,
    "customer-note-edit": STAFF,
    "customer-note-delete": STAFF,
    "customer-sentiment": STAFF,
    "team-report": STAFF,
    "team-report-team": STAFF,
    "team-report-chart": STAFF,
    "team-report-chart-team": STAFF,
    "triage": ADMIN,
    "triage-item": ADMIN,
    "decide": ADMIN,
    "reply": ADMIN,
    "reply-sent": ADMIN,
    "merge-suggestions": ADMIN,
    "merge-suggestion-merge": ADMIN,
    "merge-suggestion-reject": ADMIN,
    "person-forget": ADMIN,
    "person-download": ADMIN,
    "data": ADMIN,
    "data-download": ADMIN,
    "today": ADMIN,
    "health": ADMIN,
    "funnel": ADMIN,
    "funnel-chart": ADMIN,
    "policy": ADMIN,
    "policy-preview": ADMIN,
    "import": ADMIN,
    "accounts": ADMIN,
    "account-add": ADMIN,
    "account": ADMIN,
    "account-role": ADMIN,
    "account-disable": ADMIN,
    "account-enable": ADMIN,
    "account-password": ADMIN,
    "teams": ADMIN,
    "team-add": ADMIN,
    "team": ADMIN,
    "audit": ADMIN,
}

# Values for URL keywords that name no stored object.
PLAIN_KWARGS: dict[str, str] = {"kind": "json", "which": "trend", "token": "not-a-real-token"}

# Query strings that some pages need to show anything at all.
QUERIES: dict[str, str] = {"team-report-chart": "?chart=trend", "team-report-chart-team": "?chart=trend"}

# POSTs that change nobody's data, which anyone logged in may send.
HARMLESS_POSTS = {"login", "logout", "token-login"}


@dataclass(frozen=True)
class Page:
    name: str
    kwargs: tuple[str, ...]

    @property
    def objects(self) -> tuple[str, ...]:
        return tuple(k for k in self.kwargs if k not in PLAIN_KWARGS)


def _walk(patterns: list[URLPattern | URLResolver], namespace: str = "") -> Iterator[Page]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else f"<unnamed {entry.pattern}>"
            yield Page(name, tuple(entry.pattern.regex.groupindex))


def all_pages() -> list[Page]:
    return list(_walk(get_resolver().url_patterns))


@dataclass
class Sides:
    """Object ids by URL keyword: team A's, team B's, and the owner's own network's."""

    a: dict[str, int]
    b: dict[str, int]
    owner: dict[str, int]


@pytest.fixture
def sides(world: World) -> Sides:
    """The world's objects by URL keyword, with a request and a merge suggestion on each team's side."""
    bettina = make_customer("Bettina Szabo", teams=[world.team_b], email="bettina@customer-b.example")

    def request_from(who):  # type: ignore[no-untyped-def]
        return make.request(who, sent_at=FIXED_NOW - timedelta(days=2))

    def suggestion(first, second) -> MergeSuggestion:  # type: ignore[no-untyped-def]
        return MergeSuggestion.objects.create(
            first=first, second=second, score=0.6, reasons=["test"], created_at=FIXED_NOW
        )

    owner_meeting = make_meeting(world.ludmila, uid="persona-owner@meetfirst", title="Call with Ludmila")
    owner_follow_up = FollowUp.objects.create(
        person=world.ludmila, meeting=owner_meeting, text="Write to Ludmila", due_on=date(2026, 6, 10)
    )
    return Sides(
        a={
            "person_id": world.annika.pk,
            "request_id": request_from(world.annika).pk,
            "suggestion_id": suggestion(world.annika, world.aurelio).pk,
            "meeting_id": world.meeting_a.pk,
            "follow_up_id": world.follow_up_a.pk,
            "note_id": world.team_note_a.pk,
            "ticket_id": world.ticket_a.pk,
            "team_id": world.team_a.pk,
            "user_id": world.bob.pk,
        },
        b={
            "person_id": world.bruno.pk,
            "request_id": request_from(world.bruno).pk,
            "suggestion_id": suggestion(world.bruno, bettina).pk,
            "meeting_id": world.meeting_b.pk,
            "follow_up_id": world.follow_up_b.pk,
            "note_id": world.team_note_b.pk,
            "ticket_id": world.ticket_b.pk,
            "team_id": world.team_b.pk,
            "user_id": world.charlie.pk,
        },
        owner={
            "person_id": world.ludmila.pk,
            "request_id": world.request.pk,
            "suggestion_id": world.suggestion.pk,
            "meeting_id": owner_meeting.pk,
            "follow_up_id": owner_follow_up.pk,
        },
    )


def url_for(page: Page, ids: dict[str, int]) -> str | None:
    """The page's URL with these ids, or None when the side has no object of a kind the page needs."""
    kwargs: dict[str, object] = {}
    for key in page.kwargs:
        if key in PLAIN_KWARGS:
            kwargs[key] = PLAIN_KWARGS[key]
        elif key in ids:
            kwargs[key] = ids[key]
        else:
            return None
    return reverse(page.name, kwargs=kwargs) + QUERIES.get(page.name, "")


def text_of(response: HttpResponse) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")  # type: ignore[attr-defined]
    return response.content.decode("utf-8", "replace")


def leaked(response: HttpResponse, words: tuple[str, ...]) -> list[str]:
    body = text_of(response)
    return [word for word in words if word in body]


def team_b_owns(world: World) -> dict[str, set[int]]:
    """The ids team B may open, by URL keyword, read straight from the tables."""
    customers = set(Person.objects.filter(teams=world.team_b).values_list("pk", flat=True))

    def of(model: type[Any]) -> set[int]:
        return set(model.objects.filter(person_id__in=customers).values_list("pk", flat=True))

    suggestions = MergeSuggestion.objects.filter(first_id__in=customers, second_id__in=customers)
    return {
        "person_id": customers,
        "request_id": of(ConnectionRequest),
        "meeting_id": of(Meeting),
        "follow_up_id": of(FollowUp),
        "ticket_id": of(Ticket),
        "note_id": set(
            CustomerNote.objects.filter(person_id__in=customers)
            .exclude(visibility=CustomerNote.Visibility.PRIVATE, author__in=[world.bob, world.alice])
            .values_list("pk", flat=True)
        ),
        "suggestion_id": set(suggestions.values_list("pk", flat=True)),
        "team_id": {world.team_b.pk},
        "user_id": {world.charlie.pk},
    }


def row_counts() -> dict[str, int]:
    models = [*apps.get_app_config("store").get_models(), User]
    return {model.__name__: model.objects.count() for model in models}


def test_every_page_has_a_row_in_the_table() -> None:
    names = {page.name for page in all_pages()}
    assert sorted(names - ACCESS.keys()) == [], "say in ACCESS who may open these new pages"
    assert sorted(ACCESS.keys() - names) == [], "these pages are gone: drop them from ACCESS"


def test_every_url_keyword_is_an_object_the_tests_know_or_a_plain_value(sides: Sides) -> None:
    known = set(sides.a) | set(PLAIN_KWARGS)
    unknown = {(page.name, key) for page in all_pages() for key in page.kwargs if key not in known}
    assert unknown == set(), "add a sample id for these URL keywords to `sides`"


@team_mode
def test_charlie_gets_nothing_of_team_a_by_any_method(world: World, sides: Sides) -> None:
    charlie = logged_in(world.charlie)
    tried = 0
    for page in all_pages():
        url = url_for(page, sides.a)
        if not page.objects or url is None:
            continue
        for method in (charlie.get, charlie.post):
            response = method(url)
            tried += 1
            assert response.status_code in (403, 404), (method.__name__, url, response.status_code)
            assert leaked(response, TEAM_A_WORDS) == [], url
    assert tried >= 40
    assert world.annika.interactions.count() == 2  # his POSTs logged nothing on her timeline


@pytest.mark.parametrize(
    ("name", "own_side", "other_words"),
    [
        ("charlie", "b", TEAM_A_WORDS + OWNER_NETWORK_WORDS),
        ("bob", "a", TEAM_B_WORDS + OWNER_NETWORK_WORDS),
        ("dave", "a", TEAM_B_WORDS + OWNER_NETWORK_WORDS + (PRIVATE_NOTE_A,)),
    ],
)
@team_mode
def test_no_page_a_staff_member_can_open_shows_another_teams_customers(
    world: World, sides: Sides, name: str, own_side: str, other_words: tuple[str, ...]
) -> None:
    client = logged_in(world.users[name])
    ids = sides.a if own_side == "a" else sides.b
    opened = []
    for page in all_pages():
        url = url_for(page, ids)
        if url is None or page.name == "logout":
            continue
        response = client.get(url)
        if response.status_code == 200:
            opened.append(page.name)
            assert leaked(response, other_words) == [], url
    assert {"board", "person", "customers", "team-report"} <= set(opened)


@team_mode
def test_searching_the_customers_finds_nobody_of_another_team(world: World) -> None:
    charlie = logged_in(world.charlie)
    for query in ("Annika", "Lindqvist", "annika@customer-a.example", "Ludmila"):
        response = charlie.get(reverse("customers"), {"q": query})
        assert leaked(response, TEAM_A_WORDS + OWNER_NETWORK_WORDS) == [], query
    assert BRUNO in text_of(charlie.get(reverse("customers"), {"q": "Bruno"}))


@team_mode
def test_charlie_cannot_open_another_teams_report_or_agent_by_query(world: World) -> None:
    charlie = logged_in(world.charlie)
    report = reverse("team-report")
    assert charlie.get(report, {"agent": world.bob.pk}).status_code == 404
    scoped = charlie.get(report, {"scope": f"team:{world.team_a.pk}"})
    assert scoped.status_code == 404
    assert charlie.get(reverse("team-report-team", kwargs={"team_id": world.team_a.pk})).status_code == 404
    assert charlie.get(report, {"agent": world.charlie.pk}).status_code == 200


@team_mode
def test_guessing_ids_gets_charlie_only_what_team_b_owns(world: World, sides: Sides) -> None:
    charlie = logged_in(world.charlie)
    owned = team_b_owns(world)
    guessed = 0
    for page in all_pages():
        if len(page.objects) != 1:
            continue
        key = page.objects[0]
        for guess in range(1, 25):
            url = url_for(page, {key: guess})
            assert url is not None
            response = charlie.get(url)
            guessed += 1
            assert leaked(response, TEAM_A_WORDS + OWNER_NETWORK_WORDS) == [], url
            if response.status_code == 200:
                assert guess in owned[key], url
    assert guessed > 200


@team_mode
def test_bob_works_on_team_a_and_is_turned_away_from_team_b(world: World, sides: Sides) -> None:
    bob = logged_in(world.bob)
    page = bob.get(reverse("person", kwargs={"person_id": world.annika.pk}))
    assert page.status_code == 200
    assert TEAM_NOTE_A in text_of(page) or world.annika.display_name in text_of(page)
    logged = bob.post(
        reverse("person-log", kwargs={"person_id": world.annika.pk}),
        {"kind": "call", "direction": "out", "channel": "phone", "text": "Asked how the move went"},
    )
    assert logged.status_code == 302
    assert world.annika.interactions.filter(kind="call").count() == 1
    assert bob.get(reverse("person", kwargs={"person_id": world.bruno.pk})).status_code == 404
    assert bob.get(reverse("meeting-ics", kwargs={"meeting_id": world.meeting_b.pk})).status_code == 404
    assert bob.get(reverse("triage")).status_code == 403


@team_mode
def test_dave_the_viewer_reads_his_team_but_every_change_is_refused(world: World, sides: Sides) -> None:
    dave = logged_in(world.dave)
    assert dave.get(reverse("person", kwargs={"person_id": world.annika.pk})).status_code == 200
    before = row_counts()
    tried = 0
    for page in all_pages():
        if page.name in HARMLESS_POSTS or ACCESS[page.name] == PUBLIC:
            continue
        for ids in (sides.a, sides.b, sides.owner):
            url = url_for(page, ids)
            if url is None:
                continue
            response = dave.post(url, {"kind": "call", "direction": "out", "text": "x", "confirm": "yes"})
            tried += 1
            assert response.status_code == 403, (url, response.status_code)
    assert tried >= 40
    assert row_counts() == before


@team_mode
def test_agents_and_viewers_are_kept_out_of_the_admins_pages(world: World, sides: Sides) -> None:
    for name in ("bob", "charlie", "dave"):
        client = logged_in(world.users[name])
        for page in all_pages():
            if ACCESS[page.name] != ADMIN:
                continue
            url = url_for(page, sides.owner) or url_for(page, sides.a)
            assert url is not None, page.name
            assert client.get(url).status_code == 403, (name, url)


@team_mode
def test_alice_the_admin_opens_every_page_of_every_team(world: World, sides: Sides) -> None:
    alice = logged_in(world.alice)
    for page in all_pages():
        if page.name in HARMLESS_POSTS or ACCESS[page.name] == PUBLIC:
            continue
        for ids in (sides.a, sides.b, sides.owner):
            url = url_for(page, ids)
            if url is None:
                continue
            status = alice.get(url).status_code
            # 405: the page takes only POST; what matters is that no rule turned her away.
            assert status in (200, 302, 405), (url, status)


@team_mode
def test_a_private_note_is_read_by_its_author_alone_even_against_an_admin(world: World) -> None:
    annika = reverse("person", kwargs={"person_id": world.annika.pk})
    bob_sees = text_of(logged_in(world.bob).get(annika))
    alice_sees = text_of(logged_in(world.alice).get(annika))
    dave_sees = text_of(logged_in(world.dave).get(annika))
    assert PRIVATE_NOTE_A not in alice_sees
    assert PRIVATE_NOTE_A not in dave_sees
    bruno = reverse("person", kwargs={"person_id": world.bruno.pk})
    assert PRIVATE_NOTE_B not in text_of(logged_in(world.alice).get(bruno))
    note_pages = [page for page in all_pages() if page.objects == ("note_id",)]
    for page in note_pages:
        url = url_for(page, {"note_id": world.private_note_a.pk})
        assert url is not None
        for name in ("alice", "charlie", "dave"):
            assert logged_in(world.users[name]).get(url).status_code == 404, (name, url)
    if note_pages:  # once notes are on the person page, their author reads them there
        assert PRIVATE_NOTE_A in bob_sees


@team_mode
def test_a_disabled_account_is_out_at_its_next_request(world: World) -> None:
    bob = logged_in(world.bob)
    person = reverse("person", kwargs={"person_id": world.annika.pk})
    assert bob.get(person).status_code == 200
    User.objects.filter(pk=world.bob.pk).update(is_active=False)
    response = bob.get(person)
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("login"))
    assert bob.post(reverse("person-log", kwargs={"person_id": world.annika.pk})).status_code == 302
    erin = logged_in(world.erin)
    assert erin.get(reverse("board")).status_code == 302


@team_mode
def test_a_stranger_gets_the_login_page_for_everything(world: World, sides: Sides) -> None:
    anonymous = Client()
    for page in all_pages():
        if ACCESS[page.name] == PUBLIC:
            continue
        for ids in (sides.a, sides.b, sides.owner):
            url = url_for(page, ids)
            if url is None:
                continue
            for method in (anonymous.get, anonymous.post):
                response = method(url)
                assert response.status_code == 302, (method.__name__, url)
                assert response.headers["Location"].startswith(reverse("login")), url
                assert leaked(response, TEAM_A_WORDS + TEAM_B_WORDS) == []


def test_single_user_mode_is_untouched_the_one_account_opens_everyone(world: World) -> None:
    owner = logged_in(world.bob)  # without team mode, roles and teams mean nothing
    for person in (world.annika, world.bruno, world.ludmila):
        assert owner.get(reverse("person", kwargs={"person_id": person.pk})).status_code == 200
    assert owner.get(reverse("triage")).status_code == 200
    assert ConnectionRequest.objects.filter(pk=world.request.pk).exists()
    assert Meeting.objects.count() == 2


@team_mode
def test_a_new_role_or_team_takes_effect_at_the_next_request(world: World) -> None:
    bob = logged_in(world.bob)
    annika = reverse("person", kwargs={"person_id": world.annika.pk})
    log = reverse("person-log", kwargs={"person_id": world.annika.pk})
    StaffProfile.objects.filter(user=world.bob).update(role=Role.VIEWER)
    assert bob.post(log, {"kind": "call", "direction": "out", "text": "x"}).status_code == 403
    world.bob.staff.teams.set([world.team_b])
    assert bob.get(annika).status_code == 404
    assert bob.get(reverse("person", kwargs={"person_id": world.bruno.pk})).status_code == 200
