"""Forms: every bit of user input the pages accept is checked here before a service sees it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from django import forms
from django.utils.safestring import SafeString

from meetfirst.services.policy import owner_zone


def owner_time(moment: datetime | None) -> datetime | None:
    """A browser's wall-clock time (from a form's datetime field) is the owner's: as an aware UTC time."""
    if moment is None:
        return None
    return moment.replace(tzinfo=None).replace(tzinfo=owner_zone()).astimezone(UTC)


class SameWhenBlank(forms.BoundField):
    """A field of a blank form whose fields are fixed renders the same HTML on every page: rendered once.

    For the forms that every person page shows empty (Django's widget templates took 2.5 ms of the page).
    A form with the user's input or errors, or with initial values of its own, renders as usual.
    """

    _kept: ClassVar[dict[tuple[object, ...], SafeString]] = {}

    def as_widget(self, widget: Any = None, attrs: Any = None, only_initial: bool = False) -> SafeString:
        form = self.form
        if form.is_bound or form.initial or widget or attrs or only_initial or callable(self.field.initial):
            return super().as_widget(widget, attrs, only_initial)
        key = (type(form), form.prefix, form.auto_id, self.name)
        html = self._kept.get(key)
        if html is None:
            html = self._kept[key] = super().as_widget()
        return html


VERDICTS = [("known", "Known personally"), ("stranger", "Stranger"), ("bizarre", "Bizarre")]
DIRECTIONS = [("in", "From them"), ("out", "From me")]
KINDS = [
    ("note", "Note"),
    ("message", "Message"),
    ("call", "Call"),
    ("meeting", "Meeting"),
    ("email", "E-mail"),
]
CHANNELS = [
    ("linkedin", "LinkedIn"),
    ("email", "E-mail"),
    ("phone", "Phone"),
    ("in-person", "In person"),
    ("video", "Video call"),
    ("other", "Other"),
]


class DecideForm(forms.Form):
    verdict = forms.ChoiceField(choices=VERDICTS)


class ReplyForm(forms.Form):
    text = forms.CharField(max_length=20_000, strip=False, widget=forms.Textarea(attrs={"rows": 12}))


class SentForm(forms.Form):
    at = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class LogForm(forms.Form):
    bound_field_class = SameWhenBlank
    kind = forms.ChoiceField(choices=KINDS, initial="note")
    direction = forms.ChoiceField(choices=DIRECTIONS, initial="out")
    channel = forms.ChoiceField(choices=CHANNELS, initial="other")
    text = forms.CharField(max_length=20_000, widget=forms.Textarea(attrs={"rows": 4}))
    at = forms.DateTimeField(required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class PolicyForm(forms.Form):
    template = forms.CharField(max_length=20_000, strip=False, widget=forms.Textarea(attrs={"rows": 16}))
    patience_days = forms.IntegerField(min_value=1, max_value=365)
    timezone = forms.CharField(max_length=64, required=False)
    duplicate_note_threshold = forms.IntegerField(min_value=2, max_value=1000)
    known_min_messages_each_way = forms.IntegerField(min_value=1, max_value=100)
    bizarre_phrases = forms.CharField(
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One phrase a line; a note containing one counts as a sign of a bizarre request.",
    )

    def clean_timezone(self) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        name = str(self.cleaned_data.get("timezone") or "").strip()
        if name:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                raise forms.ValidationError(
                    f"{name!r} is not a time zone name such as Europe/Lisbon"
                ) from None
        return name


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A LinkedIn export (.zip) or one of its .csv files.")
