"""Forget: the person and every row about them go, in every table; only the fact of a deletion stays."""

from collections import defaultdict

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q

from meetfirst.core.errors import NotFound
from meetfirst.services import forget
from meetfirst.store.models import ConnectionRequest, Decision, Deletion, Interaction, Person, RejectedPair
from tests.conftest import FIXED_NOW
from tests.factories_rights import ANA_EMAIL, ANA_NAME, ANA_PHONE, ANA_SLUG, full_story

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def rows_belonging_to(person: Person) -> dict[type[models.Model], set[object]]:
    """Every row that points at the person, directly or through rows that do, in any installed model."""
    owned: dict[type[models.Model], set[object]] = defaultdict(set)
    owned[Person].add(person.pk)
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            for field in model._meta.concrete_fields:
                target = getattr(field, "related_model", None)
                if not field.is_relation or target not in owned or not owned[target]:
                    continue
                found = set(
                    model._default_manager.filter(**{f"{field.name}__in": owned[target]}).values_list(
                        "pk", flat=True
                    )
                )
                if not found <= owned[model]:
                    owned[model] |= found
                    grew = True
    return owned


def rows_mentioning(needles: list[str]) -> list[str]:
    """'model.field' for every text column of every installed model that still holds one of the needles."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, TEXT_FIELDS):
                continue
            query = Q()
            for needle in needles:
                query |= Q(**{f"{field.name}__icontains": needle})
            if model._default_manager.filter(query).exists():
                found.append(f"{model._meta.label}.{field.name}")
    return found


NEEDLES = [ANA_NAME, ANA_SLUG, ANA_EMAIL, ANA_PHONE, "Silva"]


def test_the_story_really_mentions_ana_everywhere_before_forgetting():
    story = full_story()
    owned = rows_belonging_to(story.ana)
    assert len(owned) >= 10  # person, identities, request, decision, reply, changes, messages, meeting, ...
    mentions = rows_mentioning(NEEDLES)
    assert {"store.Person.display_name", "store.Reply.text", "store.StageChange.reason"} <= set(mentions)
    assert "store.Decision.reasons" in mentions


def test_forgetting_leaves_no_row_of_hers_in_any_table():
    story = full_story()
    owned = rows_belonging_to(story.ana)
    pairs = RejectedPair.objects.count()
    done = forget.forget(ANA_EMAIL, now=FIXED_NOW)
    assert done.name == ANA_NAME
    # Her rejected pairs are kept by identity keys, not by a foreign key: they go, and count, too.
    assert pairs - RejectedPair.objects.count() == 4 * 3  # her 4 keys (slug, e-mail, phone, name) x bob's 3
    assert done.rows == sum(len(ids) for ids in owned.values()) + 4 * 3
    for model, ids in owned.items():
        assert not model._default_manager.filter(pk__in=ids).exists(), model._meta.label


def test_forgetting_leaves_her_name_slug_email_and_phone_in_no_text_column():
    full_story()
    forget.forget(ANA_SLUG, now=FIXED_NOW)
    assert rows_mentioning(NEEDLES) == []


def test_what_remains_says_only_that_a_deletion_happened_and_when():
    full_story()
    forget.forget(ANA_NAME, now=FIXED_NOW)
    (deletion,) = Deletion.objects.all()
    assert deletion.at == FIXED_NOW
    assert deletion.what == "a person and all their data"


def test_forgetting_ana_leaves_bob_and_his_data_alone():
    story = full_story()
    before = (
        Interaction.objects.filter(person=story.bob).count(),
        ConnectionRequest.objects.filter(person=story.bob).count(),
        Decision.objects.filter(request__person=story.bob).count(),
    )
    forget.forget(str(story.ana.pk), now=FIXED_NOW)
    assert Person.objects.get().pk == story.bob.pk
    after = (
        Interaction.objects.filter(person=story.bob).count(),
        ConnectionRequest.objects.filter(person=story.bob).count(),
        Decision.objects.filter(request__person=story.bob).count(),
    )
    assert after == before == (1, 1, 1)
    assert list(RejectedPair.objects.values_list("first_key", flat=True)) == ["linkedin:bob-stone"]


def test_forgetting_nobody_changes_nothing():
    full_story()
    with pytest.raises(NotFound):
        forget.forget("nobody@example.org", now=FIXED_NOW)
    assert Person.objects.count() == 2
    assert not Deletion.objects.exists()


def test_sqlite_only_the_deletes_overwrite_freed_space_even_where_sqlite_would_not(monkeypatch):
    """SQLite only: builds differ in whether deleted content is zeroed; forget turns it on, then back."""
    from django.db import connection

    from meetfirst.store import forget_queries

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    full_story()
    seen = []
    real_delete = forget_queries.delete_person

    def spying(*, person_id):
        with connection.cursor() as cursor:
            seen.append(cursor.execute("PRAGMA secure_delete").fetchone()[0])
        return real_delete(person_id=person_id)

    monkeypatch.setattr(forget_queries, "delete_person", spying)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete = OFF")
        forget.forget(ANA_NAME, now=FIXED_NOW)
        assert seen == [1]
        assert cursor.execute("PRAGMA secure_delete").fetchone()[0] == 0
