"""Fuzzy matching: what links automatically, what is only suggested, and the reasons in words."""

from __future__ import annotations

import gc

import pytest

from meetfirst.core.matching import BLOCK_LIMIT, Decision, MatchIndex, Profile
from meetfirst.core.name_keys import company_key, given_name_group, soundex


def best(known: list[Profile], asked: Profile) -> tuple[str, str] | None:
    found = MatchIndex(known).matches(asked)
    return (found[0].decision.value, found[0].explanation) if found else None


@pytest.mark.parametrize(
    ("known", "asked", "decision", "words"),
    [
        (
            Profile(1, "Robert Smith", company="Acme Inc"),
            Profile(2, "Bob Smith", company="ACME"),
            "link",
            "names match as Bob/Robert (nickname); same company Acme Inc",
        ),
        (
            Profile(1, "José Müller", emails=("jm@uni.example",)),
            Profile(2, "Jose Mueller", emails=("j.mueller@uni.example",)),
            "link",
            "names match as Jose Mueller/José Müller (transliteration); same e-mail domain uni.example",
        ),
        (
            Profile(1, "Wei Li", company="Globex"),
            Profile(2, "Li Wei", company="Globex GmbH"),
            "link",
            "names match as Li Wei/Wei Li (given and family names swapped); same company Globex",
        ),
        (
            Profile(1, "Robert Smith", company="Acme"),
            Profile(2, "R. Smith", emails=("r.smith@acme.com",)),
            "suggest",
            "names match as R./Robert (initial); same workplace Acme (e-mail at acme.com)",
        ),
        (
            Profile(1, "Anna Schmidt", company="Globex"),
            Profile(2, "Anna Weber", company="Globex"),
            "suggest",
            "same given name Anna, another surname (Weber/Schmidt); same company Globex",
        ),
        (
            Profile(1, "Ana Silva", company="Acme"),
            Profile(2, "Ana Silva", company="Globex"),
            "suggest",
            "names match (Ana Silva)",
        ),
        (
            Profile(1, "Nora Lang", company="Acme"),
            Profile(2, "Nora Lange", company="Acme"),
            "suggest",
            "names match as Nora Lange/Nora Lang (spelling); same company Acme",
        ),
        (
            Profile(1, "Ana Silva", phones=("+351 912 345 678",)),
            Profile(2, "Ana M. Silva", phones=("00351912345678",)),
            "link",
            "names match as Ana M. Silva/Ana Silva (middle names differ); same phone +351912345678",
        ),
        (
            Profile(1, "Ana Silva", emails=("ana.silva@gmail.com",)),
            Profile(2, "Ana Silva", emails=("anasilva+jobs@googlemail.com",)),
            "link",
            "names match (Ana Silva); same e-mail anasilva@gmail.com",
        ),
    ],
)
def test_it_decides_and_says_why(known, asked, decision, words):
    assert best([known], asked) == (decision, words)


def test_a_shared_city_alone_never_links():
    found = best(
        [Profile(1, "Ana Silva", location="Lisbon")], Profile(2, "Ana Silva", location="Lisbon, Portugal")
    )
    assert found == ("suggest", "names match (Ana Silva); same location Lisbon")


def test_a_shared_free_mail_domain_backs_nothing():
    found = best(
        [Profile(1, "Ana Silva", emails=("ana1@gmail.com",))],
        Profile(2, "Ana Silva", emails=("ana2@gmail.com",)),
    )
    assert found == ("suggest", "names match (Ana Silva)")


def test_two_different_linkedin_profiles_are_two_people():
    found = best(
        [Profile(1, "Ana Silva", company="Acme", slugs=("ana-silva",))],
        Profile(2, "Ana Silva", company="Acme", slugs=("ana-silva-2",)),
    )
    assert found is None


def test_different_names_are_not_matched():
    assert best([Profile(1, "Ana Silva", company="Acme")], Profile(2, "Ben Okafor", company="Acme")) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [("Person 1234", "Person 1243"), ("Person 12", "Person 120"), ("Desk 7 Helpline", "Desk 8 Helpline")],
)
def test_names_told_apart_by_their_numbers_are_not_matched(one, other):
    assert best([Profile(1, one, company="Acme")], Profile(2, other, company="Acme")) is None


def test_a_numbered_name_still_matches_itself_and_its_shared_e_mail():
    assert best([Profile(1, "Desk 12", company="Acme")], Profile(2, "desk 12", company="ACME")) == (
        "link",
        "names match (desk 12); same company Acme",
    )
    found = best(
        [Profile(1, "Person 12", emails=("p@x.example",))], Profile(2, "Person 21", emails=("p@x.example",))
    )
    assert found is not None and found[0] == "suggest" and "same e-mail p@x.example" in found[1]


def test_many_numbered_names_make_no_suggestions_among_themselves():
    people = [Profile(n, f"Person {n}", emails=(f"person{n}@corp.example",)) for n in range(1, 2001)]
    index = MatchIndex(people)
    assert sum(len(index.matches(p)) for p in people[:300]) == 0


def test_the_same_e_mail_under_another_name_is_only_suggested():
    found = best(
        [Profile(1, "Ana Silva", emails=("info@acme.com",))],
        Profile(2, "Ben Okafor", emails=("INFO@acme.com",)),
    )
    assert found == ("suggest", "same e-mail info@acme.com; names differ (Ben Okafor/Ana Silva)")


def test_a_profile_is_never_matched_with_itself():
    ana = Profile(1, "Ana Silva", company="Acme")
    assert MatchIndex([ana]).matches(ana) == []


def test_links_come_before_suggestions():
    known = [Profile(1, "Ana Silva", company="Globex"), Profile(2, "Ana Silva", company="Acme")]
    found = MatchIndex(known).matches(Profile(3, "Ana Silva", company="Acme"))
    assert [(m.second_id, m.decision) for m in found] == [(2, Decision.LINK), (1, Decision.SUGGEST)]


def test_a_name_too_common_to_block_on_is_still_found_by_its_e_mail():
    namesakes = [Profile(n, "Wei Zhang", company=f"Firm {n}") for n in range(1, BLOCK_LIMIT + 2)]
    same = Profile(1000, "Wei Zhang", emails=("wei@lab.example",))
    found = MatchIndex([*namesakes, same]).matches(
        Profile(2000, "Wei Zhang", company="Elsewhere", emails=("wei@lab.example",))
    )
    assert [(m.second_id, m.decision) for m in found] == [(1000, Decision.LINK)]


@pytest.mark.parametrize("collecting", [True, False])
def test_building_an_index_leaves_the_garbage_collector_as_it_found_it(collecting):
    def failing():
        yield Profile(1, "Ana Silva")
        raise ValueError("a bad row")

    was = gc.isenabled()
    try:
        if collecting:
            gc.enable()
        else:
            gc.disable()
        assert len(MatchIndex([Profile(1, "Ana Silva"), Profile(2, "Bo Lind")])) == 2
        assert gc.isenabled() is collecting
        with pytest.raises(ValueError, match="a bad row"):
            MatchIndex(failing())
        assert gc.isenabled() is collecting
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def test_helpers_fold_companies_soundex_and_nickname_groups():
    assert company_key("ACME GmbH") == company_key("Acme") == "acme"
    assert soundex("robert") == soundex("rupert") == "r163"
    assert soundex("mueller") == soundex("muller")
    assert "robert" in given_name_group("bob")
