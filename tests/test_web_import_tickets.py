"""The import page takes a service-desk export too, and counts its tickets."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.test import Client

from meetfirst.services import access
from meetfirst.store.models import Ticket
from tests.conftest import DATA, FIXED_NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(home: Path, monkeypatch: pytest.MonkeyPatch) -> Client:
    """The owner, logged in with a one-time link; CSRF checks on, as in a real browser."""
    monkeypatch.setenv("MEETFIRST_NOW", FIXED_NOW.isoformat())
    client = Client(enforce_csrf_checks=True)
    token = access.issue_login_token(now=FIXED_NOW)
    assert client.get(f"/login/token/{token}/").status_code == 302
    return client


def test_the_import_page_imports_a_zendesk_export_and_shows_the_tickets(
    alice: Client, tmp_path: Path
) -> None:
    page = alice.get("/import/")
    token = str(page.context["csrf_token"])
    upload = tmp_path / "tickets.csv"
    shutil.copy(DATA / "tickets_b" / "zendesk-good.csv", upload)

    with upload.open("rb") as handle:
        response = alice.post("/import/", {"file": handle, "csrfmiddlewaretoken": token})

    assert response.status_code == 200, response.content.decode().split("import-result")[-1][:1500]
    count = Ticket.objects.count()
    assert count > 0
    html = response.content.decode()
    assert "Tickets" in html and f'data-testid="tickets-created">{count}<' in html
