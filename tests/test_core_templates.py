import time

import pytest

from meetfirst.core.circles import similar_circles
from meetfirst.core.errors import TemplateProblem
from meetfirst.core.policy import DEFAULT_TEMPLATE
from meetfirst.core.templates import (
    MAX_OUTPUT,
    OwnerContext,
    ReplyContext,
    compile_template,
    render,
)

ANA = ReplyContext(
    first_name="Ana",
    last_name="Silva",
    note="Loved your talk",
    company="Acme",
    owner=OwnerContext(first_name="Sam", last_name="Reyes", headline="Engineer at Acme"),
    circles=("both at Acme", "both in Lisbon"),
)


def rendered(text: str, context: ReplyContext = ANA) -> str:
    return render(compile_template(text), context)


def test_the_default_template_says_what_the_policy_says():
    text = rendered(DEFAULT_TEMPLATE)
    assert text.startswith("Hi Ana,")
    assert "I connect only with people I know personally" in text
    assert "We seem to move in similar circles (both at Acme, both in Lisbon)" in text
    assert "talk by phone or meet" in text
    assert "Let me know" in text
    assert text.endswith("Sam")


def test_the_default_template_reads_well_without_circles_or_names():
    text = rendered(DEFAULT_TEMPLATE, ReplyContext())
    assert text.startswith("Hi there,")
    assert "We seem to move in similar circles, so" in text
    assert "()" not in text


def test_it_renders_every_field():
    template = "{{ full_name }}|{{ note }}|{{ company }}|{{ owner.full_name }}|"
    template += "{{ circles|join('; ') }}|{{ thought }}"
    assert rendered(template) == "Ana Silva|Loved your talk|Acme|Sam Reyes|both at Acme; both in Lisbon|"


def test_it_renders_plain_text_without_escaping_html():
    context = ReplyContext(first_name="O'Brien <Tom> & co")
    assert rendered("Hi {{ first_name }}", context) == "Hi O'Brien <Tom> & co"


def test_block_tags_on_their_own_lines_leave_no_blank_lines():
    template = "Hi\n{% if circles %}\nshared\n{% endif %}\nbye\n"
    assert rendered(template) == "Hi\nshared\nbye"


def test_a_typo_in_a_field_is_an_error_naming_the_field_and_line():
    with pytest.raises(TemplateProblem) as caught:
        compile_template("Hi {{ first_name }},\n\nRegards,\n{{ frist_name }}\n")
    assert caught.value.line == 4
    assert "frist_name" in caught.value.message
    assert "line 4" in caught.value.message


def test_a_typo_in_an_owner_field_is_an_error_naming_the_line():
    with pytest.raises(TemplateProblem) as caught:
        compile_template("Hi\n{{ owner.frist_name }}")
    assert caught.value.line == 2
    assert "owner.frist_name" in caught.value.message


def test_a_typo_in_a_branch_the_full_sample_does_not_take_is_still_caught():
    with pytest.raises(TemplateProblem) as caught:
        compile_template("{% if circles %}\nok\n{% else %}\n{{ circles[0].upper() }}\n{% endif %}")
    assert caught.value.line == 4


def test_a_syntax_error_names_the_line():
    with pytest.raises(TemplateProblem) as caught:
        compile_template("Hi\n\n{% if circles %}\nno end")
    assert caught.value.line is not None
    assert "line" in caught.value.message


def test_an_unknown_filter_names_the_line():
    with pytest.raises(TemplateProblem) as caught:
        compile_template("a\n{{ first_name|center(9) }}")
    assert caught.value.line == 2


def test_names_the_template_sets_itself_are_allowed():
    text = rendered(
        "{% set greeting = 'Hello' %}"
        "{% for c in circles %}{{ greeting }} {{ c }}{{ loop.index }} {% endfor %}"
    )
    assert text == "Hello both at Acme1 Hello both in Lisbon2"


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ joiner.__init__.__globals__.os }}",
        "{{ lipsum.__globals__ }}",
        "{{ namespace }}",
        "{% import os %}",
        "{% import 'os' as os %}",
        "{% from 'x' import y %}",
        "{{ self }}",
        "{{ self.__dict__ }}",
        "{% include '/etc/passwd' %}",
        "{% extends '/etc/passwd' %}",
        "{{ settings }}",
        "{{ settings.SECRET_KEY }}",
        "{{ config }}",
        "{{ request }}",
        "{{ owner.__class__ }}",
        "{{ circles.__class__.__base__ }}",
        "{{ range.__globals__ }}",
        "{{ first_name.format }}{{ '{0.__class__}'.format(first_name) }}",
        "{{ '%s' % first_name.__class__ }}",
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "{{ note.ljust(1000000000) }}",
    ],
)
def test_a_template_cannot_escape_the_sandbox(template):
    with pytest.raises(TemplateProblem):
        compile_template(template)


def test_harmless_string_methods_still_work():
    assert rendered("{{ first_name.upper() }} {{ company.lower().startswith('ac') }}") == "ANA True"


@pytest.mark.parametrize(
    "template",
    [
        "{% for i in range(100000000) %}x{% endfor %}",
        "{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}"
        "x{% endfor %}{% endfor %}{% endfor %}",
        "{{ 'x' * 1000000000 }}",
        "{{ [1] * 1000000000 }}",
        "{{ 9 ** 999999999 }}",
        "{{ '%999999999s' % 'x' }}",
        "{% set a = note %}" + "{% set a = a ~ a %}" * 40 + "{{ a }}",
        "{% set a = note %}" + "{% set a = a + a %}" * 40 + "{{ a }}",
        "{{ range(999)|join(note * 60) }}",
        "{{ note|replace('', note * 60) }}",
    ],
)
def test_a_template_cannot_run_for_ever_or_eat_the_memory(template):
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as caught:
        compile_template(template)
    assert time.monotonic() - started < 2
    assert "not allowed" in caught.value.message


def test_a_modest_loop_is_fine():
    assert rendered("{% for i in range(3) %}{{ i }}{% endfor %}") == "012"


def test_a_reply_longer_than_the_limit_is_refused():
    with pytest.raises(TemplateProblem):
        rendered("{% for i in range(900) %}{{ 'x' * 100 }}{% endfor %}")
    assert MAX_OUTPUT < 900 * 100


def test_a_render_error_names_the_line_and_is_a_template_problem():
    compiled = compile_template("Hi\n{{ first_name[0] }}")
    with pytest.raises(TemplateProblem) as caught:
        render(compiled, ReplyContext())
    assert caught.value.line == 2


def test_circles_name_a_shared_company_industry_and_city():
    circles = similar_circles(
        owner_headline="Payments engineer at Acme Corp",
        owner_industry="Fintech",
        owner_location="Lisbon, Portugal",
        company="Acme Corp",
        headline="Product lead | fintech",
        position="",
        location="Greater Lisbon Area",
        people_in_common=3,
    )
    assert circles == ("both at Acme Corp", "both in Fintech", "both in Lisbon", "3 people in common")


def test_circles_stay_empty_when_nothing_is_shared():
    circles = similar_circles(
        owner_headline="Engineer at Acme",
        owner_industry="Fintech",
        owner_location="Lisbon, Portugal",
        company="Acm",
        headline="Chef",
        position="Chef",
        location="Porto, Portugal",
    )
    assert circles == ()


def test_one_person_in_common_reads_as_singular():
    circles = similar_circles(
        owner_headline="",
        owner_industry="",
        owner_location="",
        company="",
        headline="",
        position="",
        location="",
        people_in_common=1,
    )
    assert circles == ("1 person in common",)
