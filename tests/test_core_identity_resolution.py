"""Normalisation for identity resolution: e-mail mailboxes, phones in E.164, folded names."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetfirst.core.identity import (
    canonical_email,
    email_domain,
    email_keys,
    fold_name,
    name_forms,
    name_key,
    phone_key,
)

locals_ = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789._-"), min_size=1, max_size=20).filter(
    lambda s: s.strip(".")
)
domains = st.sampled_from(["gmail.com", "googlemail.com", "outlook.com", "acme.example", "uni.edu", "pm.me"])
names = st.text(
    st.characters(categories=["Lu", "Ll", "Lo", "Zs", "Mn"]) | st.sampled_from("-'. "), max_size=30
)


@pytest.mark.parametrize(
    ("address", "mailbox"),
    [
        ("J.Doe+news@GoogleMail.com", "jdoe@gmail.com"),
        ("jdoe@gmail.com", "jdoe@gmail.com"),
        ("ana+linkedin@outlook.com", "ana@outlook.com"),
        ("ana+x@hotmail.com", "ana@hotmail.com"),
        ("ana+x@fastmail.com", "ana@fastmail.com"),
        ("ana+x@protonmail.com", "ana@protonmail.com"),
        # Elsewhere a plus or a dot may be part of the address: kept.
        ("ana+x@acme.example", "ana+x@acme.example"),
        ("a.b@acme.example", "a.b@acme.example"),
        ("a.b@outlook.com", "a.b@outlook.com"),
    ],
)
def test_it_reads_the_mailbox_an_address_delivers_to(address, mailbox):
    assert canonical_email(address) == mailbox


def test_both_the_written_address_and_its_mailbox_are_keys():
    assert email_keys("Ana+Jobs@Outlook.com") == ["ana+jobs@outlook.com", "ana@outlook.com"]
    assert email_keys("ana@acme.example") == ["ana@acme.example"]
    assert email_keys("not an address") == []
    assert email_domain("x@GoogleMail.com") == "gmail.com"


@given(locals_, domains)
def test_the_canonical_mailbox_is_idempotent_and_ignores_case(local, domain):
    address = f"{local}@{domain}"
    once = canonical_email(address)
    assert once is not None
    assert canonical_email(once) == once
    assert canonical_email(address.upper()) == once


@pytest.mark.parametrize(
    ("text", "region", "e164"),
    [
        ("+49 30 1234567", None, "+49301234567"),
        ("0049 (30) 123-4567", None, "+49301234567"),
        ("030 1234567", "DE", "+49301234567"),
        ("(415) 555-0100", "us", "+14155550100"),
        ("030 1234567", None, None),  # no country: cannot be placed
        ("12", "DE", None),
        ("call me", "DE", None),
        ("", None, None),
    ],
)
def test_it_writes_phone_numbers_in_e164(text, region, e164):
    assert phone_key(text, region=region) == e164


@given(st.sampled_from(["DE", "US", "GB", "FR", "PT", "JP"]), st.integers(min_value=0, max_value=10**6))
def test_an_e164_number_reads_back_as_itself(region, seed):
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = str(example.national_number)
    digits = national[:-3] + f"{seed % 1000:03d}"
    e164 = phone_key(f"+{example.country_code}{digits}")
    assert e164 is not None
    assert phone_key(e164) == e164
    assert (
        phone_key(
            phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        )
        == e164
    )


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("José  Müller", "jose muller"),
        ("Łukasz Ødegård", "lukasz odegard"),
        ("Johann Strauß", "johann strauss"),
        ("Æsa Đorđević", "aesa dordevic"),
        ("O'Brien-Smith", "o brien smith"),
        ("🎉", ""),
    ],
)
def test_it_folds_names_to_plain_letters(name, folded):
    assert fold_name(name) == folded


def test_german_umlauts_are_also_matched_written_with_an_e():
    assert name_forms("Jürgen Müller") == ("jurgen muller", "juergen mueller")
    assert "juergen mueller" in name_forms("Juergen Mueller")
    assert name_forms("Ana Silva") == ("ana silva",)
    assert name_forms("") == ()


@given(names)
def test_folding_is_idempotent_and_ignores_case(name):
    once = fold_name(name)
    assert fold_name(once) == once
    assert fold_name(name.upper()) == fold_name(name.lower()) or "ß" in name.lower() or "ı" in name.lower()


@given(st.text(st.characters(max_codepoint=127), max_size=30))
def test_the_fast_path_for_plain_ascii_folds_like_the_general_one(text):
    assert fold_name(text) == name_key(text)
