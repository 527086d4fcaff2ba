"""The audit log: every change over HTTP is recorded with who, what, when, and field names, never values."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from meetfirst.services import audit
from meetfirst.store.models import AuditEntry, Meeting, Person
from tests.conftest import FIXED_NOW
from tests.personas import World, logged_in

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Annika confided her divorce papers are due"


@pytest.fixture(autouse=True)
def team(team_mode: None) -> None:
    """Team mode on for every test here."""


def only_entry() -> AuditEntry:
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1, [e.action for e in entries]
    return entries[0]


def test_a_post_that_changes_a_person_writes_who_what_when_and_field_names(
    world: World, as_bob: Client
) -> None:
    response = as_bob.post(f"/people/{world.annika.pk}/kind/", {"kind": "mentor"})
    assert response.status_code == 302
    entry = only_entry()
    assert entry.username == "bob"
    assert entry.user_id == world.bob.pk
    assert entry.action == "person-kind"
    assert entry.person_id == world.annika.pk
    assert entry.method == "POST"
    assert entry.path == f"/people/{world.annika.pk}/kind/"
    assert entry.detail == {"fields": ["kind"]}
    assert "mentor" not in json.dumps(entry.detail)


def test_the_person_is_found_through_the_object_the_url_names(world: World, as_bob: Client) -> None:
    assert as_bob.post(f"/meetings/{world.meeting_a.pk}/done/", {}).status_code == 302
    assert Meeting.objects.get(pk=world.meeting_a.pk).status == Meeting.Status.DONE
    as_bob.post(f"/meetings/{world.meeting_a.pk}/notes/", {"text": SECRET_TEXT, "history": SECRET_TEXT})
    as_bob.post(f"/today/follow-ups/{world.follow_up_a.pk}/done/", {})
    rows = list(AuditEntry.objects.order_by("id").values_list("action", "person_id"))
    assert rows == [
        ("meeting-done", world.annika.pk),
        ("meeting-notes", world.annika.pk),
        ("today-follow-up-done", world.annika.pk),
    ]
    notes = AuditEntry.objects.get(action="meeting-notes")
    assert notes.detail == {"fields": ["history", "text"]}
    assert SECRET_TEXT not in json.dumps(list(AuditEntry.objects.values()), default=str)


def test_reading_pages_writes_nothing(world: World, as_bob: Client, as_alice: Client) -> None:
    assert as_bob.get(f"/people/{world.annika.pk}/").status_code == 200
    assert as_bob.get("/").status_code == 200
    assert as_alice.get("/team/audit/").status_code == 200
    assert as_alice.get("/team/users/").status_code == 200
    assert not AuditEntry.objects.exists()


def test_refused_and_failed_posts_write_nothing(world: World, as_charlie: Client, as_dave: Client) -> None:
    # Another team's customer: 404 before the view runs.
    assert as_charlie.post(f"/people/{world.annika.pk}/kind/", {"kind": "friend"}).status_code == 404
    # A viewer changes nothing.
    assert as_dave.post(f"/people/{world.annika.pk}/kind/", {"kind": "friend"}).status_code == 403
    # The CSRF check refuses a forged form.
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(world.bob, backend="meetfirst.store.accounts_backend.AccountBackend")
    assert forged.post(f"/people/{world.annika.pk}/kind/", {"kind": "friend"}).status_code == 403
    # Anonymous visitors are sent to log in.
    assert Client().post(f"/people/{world.annika.pk}/kind/", {"kind": "friend"}).status_code == 302
    assert not AuditEntry.objects.exists()


def test_a_form_the_view_refuses_writes_nothing(world: World, as_alice: Client) -> None:
    response = as_alice.post(f"/people/{world.annika.pk}/forget/", {})
    assert response.status_code == 400
    assert Person.objects.filter(pk=world.annika.pk).exists()
    assert not AuditEntry.objects.exists()


def test_a_forgotten_person_stays_forgotten_in_the_log(world: World, as_alice: Client) -> None:
    pid = world.annika.pk
    assert as_alice.post(f"/people/{pid}/forget/", {"confirm": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=pid).exists()
    entry = only_entry()
    assert (entry.action, entry.person_id, entry.detail) == ("person-forget", pid, {"fields": ["confirm"]})
    stored = json.dumps(list(AuditEntry.objects.values()), default=str)
    for word in ("Annika", "Lindqvist", "annika@customer-a.example"):
        assert word not in stored


def test_logging_in_and_out_are_recorded_under_the_account(world: World) -> None:
    from django.contrib.auth.models import User

    User.objects.filter(pk=world.bob.pk).update(password="")
    world.bob.set_password("a long enough passphrase")
    world.bob.save()
    client = Client()
    assert (
        client.post("/login/", {"username": "bob", "password": "a long enough passphrase"}).status_code == 302
    )
    assert client.post("/logout/").status_code == 302
    rows = list(AuditEntry.objects.order_by("id").values_list("username", "action", "detail"))
    assert rows == [("bob", "login", {"fields": ["password", "username"]}), ("bob", "logout", {})]


def test_account_changes_on_the_admin_pages_are_recorded(world: World, as_alice: Client) -> None:
    as_alice.post(f"/team/users/{world.bob.pk}/password/", {"password": "another long passphrase"})
    entry = only_entry()
    assert (entry.username, entry.action, entry.person_id) == ("alice", "account-password", None)
    assert entry.detail == {"fields": ["password"]}
    assert "another long passphrase" not in json.dumps(entry.detail)


def test_the_audit_page_filters_by_person_and_account_and_pages(world: World, as_alice: Client) -> None:
    for _ in range(55):
        audit.record(
            action="person-kind", username="bob", person_id=world.annika.pk, at=FIXED_NOW, fields=["k"]
        )
    audit.record(action="person-kind", username="charlie", person_id=world.bruno.pk, at=FIXED_NOW)
    first = as_alice.get("/team/audit/").content.decode()
    assert first.count("<tr>") == 1 + 50
    assert "Older" in first
    second = as_alice.get("/team/audit/?page=2").content.decode()
    assert second.count("<tr>") == 1 + 6
    assert "Newer" in second
    by_person = as_alice.get(f"/team/audit/?person={world.bruno.pk}").content.decode()
    assert by_person.count("<tr>") == 2
    assert "charlie" in by_person
    by_user = as_alice.get("/team/audit/?user=charlie").content.decode()
    assert by_user.count("<tr>") == 2
    assert as_alice.get("/team/audit/?person=not-a-number").status_code == 200


def test_only_admins_read_the_audit_log(world: World, as_bob: Client, as_dave: Client) -> None:
    assert as_bob.get("/team/audit/").status_code == 403
    assert as_dave.get("/team/audit/").status_code == 403


def test_the_audit_view_checks_the_role_itself(world: World, rf) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import PermissionDenied

    from meetfirst.web.views import accounts as views

    request = rf.get("/team/audit/")
    request.user = world.bob
    with pytest.raises(PermissionDenied):
        views.audit_page(request)


def test_the_service_writes_entries_for_the_command_line(world: World) -> None:
    audit.record(action="user-disable", detail={"account": "erin"}, at=FIXED_NOW)
    (entry,) = audit.entries()
    assert (entry.username, entry.action, entry.detail, entry.at) == (
        "cli",
        "user-disable",
        {"account": "erin"},
        FIXED_NOW,
    )
    assert audit.entries(username="bob") == []


def test_in_single_user_mode_the_owners_changes_are_recorded_too(settings, world: World) -> None:  # type: ignore[no-untyped-def]
    settings.MEETFIRST_TEAM = False
    owner = logged_in(world.alice)
    owner.post(f"/people/{world.ludmila.pk}/kind/", {"kind": "friend"})
    assert only_entry().person_id == world.ludmila.pk


def test_an_entry_that_cannot_be_written_keeps_the_change(
    world: World, as_bob: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**entry: object) -> None:
        AuditEntry.objects.create(action=None)  # type: ignore[misc]  # NOT NULL: the database refuses it

    monkeypatch.setattr(audit, "record", broken)
    response = as_bob.post(f"/people/{world.annika.pk}/kind/", {"kind": "mentor"})
    assert response.status_code == 302
    assert Person.objects.get(pk=world.annika.pk).relationship_kind == "mentor"
    assert not AuditEntry.objects.exists()


def test_every_kind_of_object_a_url_names_leads_to_its_column_s_person(world: World) -> None:
    from meetfirst.store import audit_queries

    for keyword in sorted(audit_queries.keywords_owned_by_person()):
        model, column = audit_queries._OWNED_BY_PERSON[keyword]
        assert column in {f.column for f in model._meta.concrete_fields}, keyword
        assert audit_queries.person_id_behind(keyword=keyword, object_id=10**9) is None
    assert (
        audit_queries.person_id_behind(keyword="meeting_id", object_id=world.meeting_a.pk) == world.annika.pk
    )
    assert audit_queries.person_id_behind(keyword="unknown_id", object_id=world.meeting_a.pk) is None
