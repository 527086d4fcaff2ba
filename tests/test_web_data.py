"""The data pages: downloads need a login, forgetting asks first and needs a CSRF token."""

import csv
import io
import json

import pytest
from django.test import Client

from meetfirst.services import access
from meetfirst.store.models import Deletion, Person
from tests.conftest import FIXED_NOW
from tests.factories_rights import ANA_NAME, full_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(home, monkeypatch) -> Client:  # type: ignore[no-untyped-def]
    """The owner, logged in; CSRF checks on, as in a real browser."""
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


@pytest.fixture
def story():  # type: ignore[no-untyped-def]
    return full_story()


def body(response) -> str:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content).decode("utf-8")


def test_every_data_page_sends_an_anonymous_visitor_to_the_login_page(client: Client, story) -> None:  # type: ignore[no-untyped-def]
    pid = story.ana.pk
    for page in ("/data/", "/data/meetfirst.json", f"/people/{pid}/data.json", f"/people/{pid}/forget/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.headers["Location"].startswith("/login/")
    assert client.post(f"/people/{pid}/forget/", {"confirm": "yes"}).status_code in (302, 403)
    assert Person.objects.filter(pk=pid).exists()


def test_the_person_page_offers_a_download_and_a_forget_button(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    html = alice.get(f"/people/{story.ana.pk}/").content.decode()
    assert "Download my data about this person" in html
    assert f'href="/people/{story.ana.pk}/data.json"' in html
    assert f'href="/people/{story.ana.pk}/data.vcf"' in html
    assert "Forget this person" in html


def test_a_persons_json_download_is_an_attachment_with_only_them(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    response = alice.get(f"/people/{story.ana.pk}/data.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    document = json.loads(body(response))
    assert [p["display_name"] for p in document["people"]] == [ANA_NAME]


def test_a_persons_vcard_download_is_a_vcard(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    response = alice.get(f"/people/{story.ana.pk}/data.vcf")
    assert response.headers["Content-Type"].startswith("text/vcard")
    assert body(response).startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Silva\r\n")


def test_the_data_page_downloads_everyone_as_safe_csv(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    assert "Everything as JSON" in alice.get("/data/").content.decode()
    Person.objects.filter(pk=story.bob.pk).update(company="=cmd()")
    rows = list(csv.DictReader(io.StringIO(body(alice.get("/data/meetfirst.csv")))))
    assert {r["company"] for r in rows} == {"'=cmd()", "Acme; Payments, Lisbon"}
    assert len(list(csv.reader(io.StringIO(body(alice.get("/data/meetfirst.interactions.csv")))))) == 4


def test_an_unknown_download_or_person_is_a_404(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    assert alice.get("/data/meetfirst.exe").status_code == 404
    assert alice.get("/people/999999/data.json").status_code == 404
    assert alice.get("/people/999999/forget/").status_code == 404


def test_forgetting_asks_first_and_a_get_deletes_nothing(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    html = alice.get(f"/people/{story.ana.pk}/forget/").content.decode()
    assert f"Forget {ANA_NAME}?" in html
    assert 'name="confirm"' in html
    assert Person.objects.filter(pk=story.ana.pk).exists()


def test_forgetting_needs_a_csrf_token(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    response = alice.post(f"/people/{story.ana.pk}/forget/", {"confirm": "yes"})
    assert response.status_code == 403
    assert Person.objects.filter(pk=story.ana.pk).exists()


def test_forgetting_without_the_box_ticked_is_refused_with_a_message(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    page = f"/people/{story.ana.pk}/forget/"
    token = str(alice.get(page).context["csrf_token"])
    response = alice.post(page, {"csrfmiddlewaretoken": token})
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    assert Person.objects.filter(pk=story.ana.pk).exists()


def test_a_confirmed_forget_deletes_and_names_nobody_afterwards(alice: Client, story) -> None:  # type: ignore[no-untyped-def]
    page = f"/people/{story.ana.pk}/forget/"
    token = str(alice.get(page).context["csrf_token"])
    response = alice.post(page, {"csrfmiddlewaretoken": token, "confirm": "yes"})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert not Person.objects.filter(pk=story.ana.pk).exists()
    assert Deletion.objects.count() == 1
    board = alice.get("/").content.decode()
    assert "The person and all their data were deleted." in board
    assert ANA_NAME not in board
