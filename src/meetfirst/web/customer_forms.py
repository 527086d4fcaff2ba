"""Forms of the customer pages: search, notes on human needs, staff sentiment."""

from __future__ import annotations

from typing import Any

from django import forms

from meetfirst.services.customer_notes import MAX_NOTE_LENGTH
from meetfirst.store.models import CustomerNote
from meetfirst.web.forms import SameWhenBlank

SENTIMENTS = [("", "not set"), ("healthy", "healthy"), ("neutral", "neutral"), ("at-risk", "at risk")]


class CustomerSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Name, e-mail or organization")
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)


class NoteForm(forms.Form):
    """A note on a customer; its own ids, beside the person page's log form."""

    bound_field_class = SameWhenBlank

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "customer-note-%s")
        super().__init__(*args, **kwargs)

    topic = forms.ChoiceField(choices=CustomerNote.Topic.choices, initial=CustomerNote.Topic.INTERESTS)
    visibility = forms.ChoiceField(
        choices=CustomerNote.Visibility.choices, initial=CustomerNote.Visibility.TEAM, label="Who sees it"
    )
    text = forms.CharField(max_length=MAX_NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))


class SentimentForm(forms.Form):
    sentiment = forms.ChoiceField(choices=SENTIMENTS, required=False, label="How the staff feel it is going")
