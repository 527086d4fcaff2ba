"""Forms for meetings, shared notes and relationship kinds on the person page."""

from __future__ import annotations

from typing import Any

from django import forms

from meetfirst.core.relationships import MAX_KIND_LENGTH
from meetfirst.web.forms import SameWhenBlank

_WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"})


class ProposeForm(forms.Form):
    bound_field_class = SameWhenBlank
    slot1 = forms.DateTimeField(label="First time", widget=_WHEN)
    slot2 = forms.DateTimeField(label="Second time", required=False, widget=_WHEN)
    slot3 = forms.DateTimeField(label="Third time", required=False, widget=_WHEN)
    minutes = forms.IntegerField(min_value=5, max_value=1440, initial=30)
    place = forms.CharField(max_length=500, required=False)
    phone = forms.BooleanField(required=False, label="Phone call")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("phone") and (data.get("place") or "").strip():
            raise forms.ValidationError("Give a place or tick phone call, not both.")
        return data


class ConfirmForm(forms.Form):
    slot = forms.IntegerField(min_value=1, max_value=10, required=False)
    at = forms.DateTimeField(required=False, widget=_WHEN, label="Or another time")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("slot") and data.get("at"):
            raise forms.ValidationError("Choose a slot or another time, not both.")
        return data


class DoneForm(forms.Form):
    at = forms.DateTimeField(required=False, widget=_WHEN, label="When it was held (empty: as planned)")


class NotesForm(forms.Form):
    history = forms.CharField(max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    industry = forms.CharField(
        max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Industry view"
    )
    aspirations = forms.CharField(max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    text = forms.CharField(
        max_length=20_000, required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Other notes"
    )
    follow_ups = forms.CharField(
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "2026-12-10: send the paper"}),
        label="Follow-ups, one a line",
    )


class KindForm(forms.Form):
    kind = forms.CharField(max_length=MAX_KIND_LENGTH)
