"""The web app in a real browser: Playwright driving Debian's Chromium (never a downloaded one).

Screenshots of each page go to screenshots/ (kept out of git) so that a person can look at them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from meetfirst.services import access, triage
from meetfirst.store.models import ConnectionRequest
from tests.conftest import FIXED_NOW
from tests.factories import make_message, make_person, make_request

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
HOSTILE_NOTE = '<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2">Hi, let us connect'

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and os.environ.get("CI") != "true",
        reason="Debian's chromium is not installed (apt-get install chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and Django then refuses ORM
    # calls from it; the test's own database calls are plain synchronous ones, so allow them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield chromium
        chromium.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server, home, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def _shot(tab, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _log_in(tab, live_server) -> None:  # type: ignore[no-untyped-def]
    token = access.issue_login_token(now=FIXED_NOW)
    tab.goto(f"{live_server.url}/login/token/{token}/")
    tab.wait_for_selector("h1:text('Board')")


@pytest.fixture
def requests_to_triage(transactional_db) -> list[ConnectionRequest]:  # type: ignore[no-untyped-def]
    ama = make_person("Ama Owusu")
    make_message(ama, direction="out", at=FIXED_NOW - timedelta(days=60), text="Great to meet you in Accra!")
    make_message(
        ama, direction="in", at=FIXED_NOW - timedelta(days=59), text="Likewise, let's stay in touch."
    )
    made = [
        make_request(
            name="Bruna Costa",
            note="Hello! I work on payments in Lisbon.",
            sent_at=FIXED_NOW - timedelta(days=1),
        ),
        make_request(name="Eve Mallory", note=HOSTILE_NOTE, sent_at=FIXED_NOW - timedelta(days=2)),
        make_request(ama, note="Good to see you last week", sent_at=FIXED_NOW - timedelta(days=3)),
    ]
    triage.triage_new(now=FIXED_NOW)
    return made


def test_the_login_page_shows_nothing_personal_without_the_link(
    page, live_server, requests_to_triage
) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/triage/")
    assert "Log in to meetfirst" in page.content()
    assert "Bruna" not in page.content()
    _shot(page, "login")


def test_a_stranger_is_triaged_replied_to_and_seen_in_the_timeline_and_funnel(
    page, live_server, requests_to_triage
) -> None:  # type: ignore[no-untyped-def]
    bruna = requests_to_triage[0]
    _log_in(page, live_server)
    _shot(page, "board")

    page.goto(f"{live_server.url}/triage/")
    page.wait_for_selector("#triage-name:has-text('Bruna Costa')")
    _shot(page, "triage")
    page.keyboard.press("j")
    page.wait_for_selector("#triage-name:has-text('Eve Mallory')")
    page.keyboard.press("k")
    page.wait_for_selector("#triage-name:has-text('Bruna Costa')")
    page.keyboard.press("s")  # stranger, by the user's word
    page.wait_for_selector("#triage-name:has-text('Eve Mallory')")
    bruna.refresh_from_db()
    assert (bruna.verdict, bruna.verdict_by_user) == ("stranger", True)

    page.goto(f"{live_server.url}/requests/{bruna.pk}/reply/")
    box = page.get_by_label("Your reply")
    assert "Bruna" in box.input_value()
    box.fill("Hi Bruna, I only connect with people I know. A call on Friday?")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_selector("text=Draft saved.")
    page.get_by_role("button", name="Copy").click()
    page.wait_for_selector("#copy-status:has-text('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "Hi Bruna, I only connect with people I know. A call on Friday?"
    _shot(page, "reply")
    page.get_by_role("button", name="Mark as sent").click()
    page.wait_for_selector("[data-testid=reply-status]:has-text('sent')")

    page.goto(f"{live_server.url}/people/{bruna.person_id}/")
    timeline = page.get_by_test_id("timeline")
    assert "Policy reply sent" in timeline.inner_text()
    assert "A call on Friday?" in timeline.inner_text()
    _shot(page, "person")

    page.goto(f"{live_server.url}/funnel/")
    assert page.get_by_test_id("total-replied").inner_text() == "1"
    _shot(page, "funnel")


def test_a_hostile_note_is_shown_as_text_and_runs_nothing(page, live_server, requests_to_triage) -> None:  # type: ignore[no-untyped-def]
    eve = requests_to_triage[1]
    _log_in(page, live_server)
    for url in (f"/triage/{eve.pk}/", f"/people/{eve.person_id}/", "/"):
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
        assert page.evaluate("window.pwned") is None
    page.goto(f"{live_server.url}/triage/{eve.pk}/")
    assert "<script>window.pwned = 1</script>" in page.get_by_test_id("note").inner_text()
    assert page.dialogs == []
    _shot(page, "hostile-note")


def test_the_other_pages_render_and_fit_a_phone(page, live_server, requests_to_triage) -> None:  # type: ignore[no-untyped-def]
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/policy/")
    page.get_by_label("Reply template").fill("Dear {{ first_name }}, coffee?")
    page.wait_for_selector("[data-testid=preview]:has-text('Dear')")
    _shot(page, "policy")
    page.get_by_label("Reply template").fill("Dear {{ first_name }")
    page.wait_for_selector("[data-testid=preview-error]")
    page.goto(f"{live_server.url}/import/")
    _shot(page, "import")
    page.set_viewport_size({"width": 390, "height": 844})
    for url, name in (("/", "board-phone"), ("/triage/", "triage-phone")):
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width}px wide on a phone"
        _shot(page, name)
