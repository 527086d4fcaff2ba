"""web.forms: a blank form's fields rendered once, the same HTML as Django's own rendering."""

from __future__ import annotations

from django import forms

from meetfirst.web.customer_forms import NoteForm
from meetfirst.web.forms import LogForm, SameWhenBlank
from meetfirst.web.meeting_forms import ProposeForm


def django_html(form: forms.Form, name: str) -> str:
    return str(forms.BoundField(form, form.fields[name], name))


def test_blank_forms_render_as_django_does_on_every_page() -> None:
    for form_class in (LogForm, ProposeForm, NoteForm):
        for _ in range(2):  # the second time from what the first kept
            form = form_class()
            assert form.bound_field_class is SameWhenBlank
            for name in form.fields:
                assert str(form[name]) == django_html(form, name), (form_class.__name__, name)


def test_a_form_with_input_or_errors_shows_them_not_the_blank_one() -> None:
    str(LogForm()["text"])
    form = LogForm({"kind": "call", "direction": "in", "channel": "phone", "text": "Talked about <b>it</b>"})
    assert "Talked about &lt;b&gt;it&lt;/b&gt;" in str(form["text"])
    assert '<option value="call" selected>' in str(form["kind"])
    refused = LogForm({"kind": "telepathy", "direction": "in", "channel": "phone", "text": ""})
    assert not refused.is_valid()
    assert 'aria-invalid="true"' in str(refused["text"])
    assert str(refused["text"]) == django_html(refused, "text")


def test_initial_values_given_to_one_form_are_not_kept_for_the_next() -> None:
    given = NoteForm(initial={"text": "Their daughter starts school"})
    assert "Their daughter starts school" in str(given["text"])
    assert "Their daughter starts school" not in str(NoteForm()["text"])
    assert 'value="45"' in str(ProposeForm(initial={"minutes": 45})["minutes"])
    assert 'value="30"' in str(ProposeForm()["minutes"])
