"""The remembering `{% url %}` gives what Django's gives, for every name, argument and prefix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.template import Engine, engines
from django.urls import NoReverseMatch, reverse, set_script_prefix

from meetfirst.web import url_tag


def render(text: str, **values: object) -> str:
    return str(engines["django"].from_string(text).render(values))


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    url_tag._reversed.cache_clear()
    yield
    set_script_prefix("/")
    url_tag._reversed.cache_clear()


def test_it_is_the_url_tag_every_template_gets() -> None:
    template = Engine.get_default().from_string("{% url 'board' %}")
    assert any(isinstance(node, url_tag.CachedURLNode) for node in template.nodelist)


@pytest.mark.parametrize(
    ("text", "name", "args"),
    [
        ("{% url 'board' %}", "board", []),
        ("{% url 'person' 42 %}", "person", [42]),
        ("{% url 'person' pid %}", "person", [7]),
        ("{% url 'triage-item' request_id=pid %}", "triage-item", [7]),
    ],
)
def test_the_same_paths_as_djangos_reverse_twice_over(text: str, name: str, args: list[int]) -> None:
    assert render(text, pid=7) == reverse(name, args=args)
    assert render(text, pid=7) == reverse(name, args=args)  # from the cache
    assert url_tag._reversed.cache_info().hits >= 1


def test_a_name_that_does_not_reverse_raises_each_time_or_gives_nothing_as_a_variable() -> None:
    for _ in range(2):
        with pytest.raises(NoReverseMatch):
            render("{% url 'no-such-page' %}")
    assert render("{% url 'no-such-page' as there %}[{{ there }}]") == "[]"


def test_a_value_equal_to_another_as_a_key_is_still_reversed_on_its_own() -> None:
    assert render("{% url 'person' pid %}", pid=1) == "/people/1/"
    with pytest.raises(NoReverseMatch):
        render("{% url 'person' pid %}", pid=True)  # True == 1, but Django reverses it to nothing


def test_the_script_prefix_is_part_of_the_answer() -> None:
    assert render("{% url 'person' 3 %}") == "/people/3/"
    set_script_prefix("/meetfirst/")
    assert render("{% url 'person' 3 %}") == "/meetfirst/people/3/"


def test_as_variable_sets_the_path_and_prints_nothing() -> None:
    template = engines["django"].from_string("{% url 'person' 5 as link %}<a href='{{ link }}'>")
    assert template.render({}) == "<a href='/people/5/'>"
