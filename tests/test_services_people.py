"""Finding the person a user means, by id, profile, e-mail or name."""

from __future__ import annotations

import pytest

from meetfirst.core.errors import AmbiguousPerson, NotFound
from meetfirst.services.people import find_person
from meetfirst.store.models import Identity, Person

pytestmark = pytest.mark.usefixtures("db")


def make(name: str, *, slug: str | None = None, email: str | None = None, company: str = "") -> Person:
    from meetfirst.core.identity import name_key

    person = Person.objects.create(display_name=name, name_key=name_key(name), company=company)
    if slug:
        Identity.objects.create(person=person, kind="linkedin", value=slug)
    if email:
        Identity.objects.create(person=person, kind="email", value=email)
    return person


def test_it_finds_a_person_by_id():
    ama = make("Ama Owusu")

    assert find_person(str(ama.pk)) == ama
    assert find_person(f"#{ama.pk}") == ama


def test_an_unknown_id_is_not_found():
    with pytest.raises(NotFound, match="no person has the id 999"):
        find_person("999")


def test_it_finds_a_person_by_profile_url_or_bare_slug():
    ama = make("Ama Owusu", slug="ama-owusu")

    assert find_person("https://www.linkedin.com/in/Ama-Owusu/?trk=x") == ama
    assert find_person("linkedin.com/in/ama-owusu") == ama
    assert find_person("ama-owusu") == ama


def test_an_unknown_profile_url_is_not_found_even_when_the_name_matches():
    make("Ama Owusu", slug="ama-owusu")

    with pytest.raises(NotFound):
        find_person("https://www.linkedin.com/in/someone-else")


def test_it_finds_a_person_by_e_mail_in_any_case():
    ama = make("Ama Owusu", email="ama@example.org")

    assert find_person(" Ama@Example.ORG ") == ama


def test_it_finds_a_person_by_folded_name():
    jose = make("José Müller")

    assert find_person("jose  muller") == jose


def test_a_single_word_name_is_found_when_no_slug_matches():
    cher = make("Cher")

    assert find_person("cher") == cher


def test_namesakes_are_listed_with_their_ids():
    first = make("Ama Owusu", slug="ama-owusu", company="Acme")
    second = make("Ama Owusu")

    with pytest.raises(AmbiguousPerson) as failure:
        find_person("Ama Owusu")

    message = failure.value.message
    assert f"#{first.pk} Ama Owusu (Acme, https://www.linkedin.com/in/ama-owusu)" in message
    assert f"#{second.pk} Ama Owusu" in message
    assert failure.value.exit_code == 2


def test_nobody_of_that_name_is_not_found():
    make("Ama Owusu")

    with pytest.raises(NotFound, match="nobody is called 'Bram'"):
        find_person("Bram")


def test_an_empty_query_is_not_found():
    with pytest.raises(NotFound):
        find_person("   ")


def test_many_namesakes_are_counted_without_listing_them_all():
    for _ in range(12):
        make("Ama Owusu")

    with pytest.raises(AmbiguousPerson, match="more than 10 people are called"):
        find_person("ama owusu")
