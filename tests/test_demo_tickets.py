"""The demo's ticket export: the same bytes for the same arguments, and customers who are demo people too."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetfirst.demo import write_export
from meetfirst.demo.tickets import Known, known_people, write_tickets
from meetfirst.services import customers, importing
from meetfirst.store.models import CustomerHealth, Person, Team, Ticket
from tests import factories_lifecycle as make
from tests.conftest import FIXED_NOW


@pytest.fixture(autouse=True)
def _fresh_means() -> None:
    """Each test reads its own tickets: no means or checks kept from the one before."""
    customers.forget_kept_means()


def test_the_same_arguments_write_the_same_bytes(tmp_path: Path) -> None:
    first = write_tickets(tmp_path / "a.csv", now=FIXED_NOW)
    second = write_tickets(tmp_path / "b.csv", now=FIXED_NOW)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8").startswith("Id,Requester,Requester id,Requester email")


def test_known_people_come_from_the_exports_connections(tmp_path: Path) -> None:
    write_export(tmp_path, seed=7, connections=300, invitations=40, messages=100, now=FIXED_NOW)
    found = known_people(tmp_path)
    assert any(k.email for k in found)
    assert any(not k.email and k.company for k in found)
    assert known_people(tmp_path / "nowhere") == []


@pytest.mark.django_db
def test_the_tickets_import_into_customers_some_of_them_known(home: Path) -> None:
    dana = make.person("Dana Whitfield", email="dana@whitfield.example", company="Whitfield & Sons")
    ola = make.person("Ola Berg", company="Acme")
    known = [
        Known("Dana Whitfield", "dana@whitfield.example", "Whitfield & Sons"),
        Known("Ola Berg", "", "Acme"),
    ]
    path = write_tickets(home / "tickets.csv", now=FIXED_NOW, known=known, customers=12)
    summary = importing.import_paths([path], now=FIXED_NOW)
    assert not summary.errors
    assert Ticket.objects.filter(person=dana).exists()
    assert Ticket.objects.filter(person=ola).exists()
    assert Person.objects.filter(tickets__isnull=False).distinct().count() == 12
    assert Team.objects.count() == 3
    customers.refresh_stale(None, now=FIXED_NOW, limit=None)
    kinds = {n["kind"] for row in CustomerHealth.objects.all() for n in row.nudges}
    assert {"busy", "bad-rating", "resolved"} <= kinds
