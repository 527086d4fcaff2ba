from __future__ import annotations

import string
import unicodedata
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetfirst.core.identity import email_key, name_key, profile_slug, profile_url, tidy_name

# What a slug can hold once decoded: letters of any script, digits, hyphens.
slug_letters = st.characters(categories=["Ll", "Lo", "Nd"]) | st.sampled_from("-")
slugs = st.text(slug_letters, min_size=1, max_size=40).filter(
    lambda s: s.strip() and s.lower() == s and unicodedata.normalize("NFC", s) == s
)


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://www.linkedin.com/in/ama-owusu", "ama-owusu"),
        ("https://www.linkedin.com/in/Ama-Owusu/", "ama-owusu"),
        ("https://www.linkedin.com/in/ama-owusu?trk=public_profile#about", "ama-owusu"),
        ("www.linkedin.com/in/ama-owusu", "ama-owusu"),
        ("linkedin.com/in/ama-owusu", "ama-owusu"),
        ("http://de.linkedin.com/in/ama-owusu/en", "ama-owusu"),
        ("https://www.linkedin.com/in/zo%C3%AB-brandt", "zoë-brandt"),
        ("https://www.linkedin.com/in/ricardo-campaña", "ricardo-campaña"),
        ("https://www.linkedin.com/comm/in/ama-owusu?midToken=AQH", "ama-owusu"),
        ("  https://www.linkedin.com/in/ama-owusu  ", "ama-owusu"),
    ],
)
def test_it_finds_the_slug_in_every_shape_of_profile_url(url: str, slug: str) -> None:
    assert profile_slug(url) == slug


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "   ",
        "https://www.linkedin.com/in",
        "https://www.linkedin.com/in/",
        "https://www.linkedin.com/in/%20",
        "https://www.linkedin.com/company/fjordline",
        "https://www.linkedin.com/company/x/in/y",
        "https://evil.example/in/ama-owusu",
        "https://linkedin.com.evil.example/in/ama-owusu",
        "https://[broken/in/ama-owusu",
        "LinkedIn Member",
    ],
)
def test_it_finds_no_slug_where_there_is_none(url: str | None) -> None:
    assert profile_slug(url) is None


def test_the_raw_and_the_percent_encoded_forms_of_a_slug_agree() -> None:
    raw = profile_slug("https://www.linkedin.com/in/tobias-grünwald")
    encoded = profile_slug("https://www.linkedin.com/in/tobias-gr%C3%BCnwald")
    decomposed = profile_slug("https://www.linkedin.com/in/tobias-gru\u0308nwald")
    assert raw == encoded == decomposed == "tobias-grünwald"


@given(slugs)
def test_a_slug_survives_a_trip_through_its_url(slug: str) -> None:
    assert profile_slug(profile_url(slug)) == slug


@given(slugs)
def test_a_percent_encoded_url_gives_the_same_slug_as_the_raw_one(slug: str) -> None:
    assert profile_slug("https://www.linkedin.com/in/" + quote(slug)) == profile_slug(profile_url(slug))


@given(st.text())
def test_profile_slug_never_crashes_on_any_text(text: str) -> None:
    slug = profile_slug(text)
    assert slug is None or (slug and slug == slug.lower())


def test_the_profile_url_of_no_slug_is_empty() -> None:
    assert profile_url(None) == ""


def test_it_tidies_the_spaces_in_names() -> None:
    assert tidy_name("Anna Daiko ") == "Anna Daiko"
    assert tidy_name("Oleg  Ryzhov") == "Oleg Ryzhov"
    assert tidy_name("Maren\u202fLindqvist") == "Maren Lindqvist"
    assert tidy_name(None) == ""


def test_names_that_differ_by_case_accents_and_spacing_share_a_key() -> None:
    assert name_key("José  Müller") == name_key("jose muller") == "jose muller"
    assert name_key("Matt Graham 👨‍💻") == "matt graham"
    assert name_key("O'Brien-Smith") == "o brien smith"


def test_a_name_without_letters_has_an_empty_key() -> None:
    assert name_key("🇧🇷🇪🇸") == ""
    assert name_key("   ") == ""


@given(st.text())
def test_name_key_is_idempotent(name: str) -> None:
    assert name_key(name_key(name)) == name_key(name)


@given(st.text(alphabet=string.ascii_letters + " ", min_size=1))
def test_name_key_ignores_case_and_spacing(name: str) -> None:
    assert name_key(name.upper()) == name_key("  " + name.lower().replace(" ", "   ") + " ")


def test_it_keys_e_mail_addresses_and_refuses_non_addresses() -> None:
    assert email_key(" <Dana.Whitfield@Example.com> ") == "dana.whitfield@example.com"
    assert email_key("not an address") is None
    assert email_key("a@b") is None
    assert email_key("a@@b.com") is None


@given(st.text(alphabet=string.ascii_letters + string.digits + "-_/?#%.", min_size=1, max_size=30))
def test_the_quick_path_for_plain_urls_agrees_with_the_full_parse(tail: str) -> None:
    url = "https://www.linkedin.com/in/" + tail
    assert profile_slug(url) == profile_slug(" " + url)  # a leading space takes the full parse
