from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetfirst.core.circles import email_domain, shared_domains, similar_circles
from meetfirst.core.identity import is_free_mail


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("Ana@Globex.IO", "globex.io"),
        ("<ana@globex.io>", "globex.io"),
        ("ana@globex.io.", "globex.io"),
        ("not an address", ""),
        ("@globex.io", ""),
    ],
)
def test_it_reads_the_domain_of_an_address(address: str, domain: str) -> None:
    assert email_domain(address) == domain


@pytest.mark.parametrize(
    "domain",
    ["gmail.com", "GoogleMail.com", "yahoo.fr", "hotmail.co.uk", "outlook.de", "gmx.at", "proton.me"],
)
def test_free_mail_domains_and_their_country_variants_are_free_mail(domain: str) -> None:
    assert is_free_mail(domain)


def test_a_work_domain_is_not_free_mail() -> None:
    assert not is_free_mail("globex.io")
    assert not is_free_mail("mail.acme.com")


def test_shared_domains_are_the_work_domains_both_use_sorted() -> None:
    owner = ["sam@gmail.com", "sam@globex.io", "s.reyes@uni.example.edu"]
    theirs = ["ana@uni.example.edu", "ana@gmail.com", "ANA@GLOBEX.IO", "ana@initech.com"]

    assert shared_domains(owner, theirs) == ("globex.io", "uni.example.edu")


addresses = st.lists(
    st.builds(
        "{}@{}".format,
        st.sampled_from(["a", "b.c"]),
        st.sampled_from(["gmail.com", "globex.io", "acme.com", "yahoo.com", "x"]),
    ),
    max_size=4,
)


@given(addresses, addresses)
def test_sharing_a_domain_works_both_ways_and_never_names_free_mail(one: list[str], two: list[str]) -> None:
    found = shared_domains(one, two)

    assert found == shared_domains(two, one)
    assert not any(is_free_mail(d) for d in found)
    assert all("." in d for d in found)


def circles(*, owner_headline: str, company: str, domains: tuple[str, ...]) -> tuple[str, ...]:
    return similar_circles(
        owner_headline=owner_headline,
        owner_industry="",
        owner_location="",
        company=company,
        headline="",
        position="",
        location="",
        shared_domains=domains,
    )


def test_similar_circles_name_a_shared_domain_unless_the_company_said_it() -> None:
    assert circles(owner_headline="Engineer at Acme Corp", company="Acme Corp", domains=("acme.com",)) == (
        "both at Acme Corp",
    )
    assert circles(owner_headline="Engineer", company="Acme", domains=("acme.com", "globex.io")) == (
        "both at acme.com",
        "both at globex.io",
    )
