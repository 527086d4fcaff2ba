"""Forms for team mode: the password login and the admin's account pages."""

from __future__ import annotations

from django import forms

from meetfirst.store.models import Role


class LoginForm(forms.Form):
    username = forms.CharField(max_length=150, strip=True)
    # Long enough for any passphrase, short enough that hashing it cannot be used to tire the server.
    password = forms.CharField(max_length=1024, strip=False, widget=forms.PasswordInput)


class AddAccountForm(forms.Form):
    username = forms.CharField(max_length=150)
    display_name = forms.CharField(max_length=300, required=False)
    email = forms.EmailField(max_length=320, required=False)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.AGENT)
    teams = forms.MultipleChoiceField(choices=[], required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: object, team_names: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["teams"].choices = [(n, n) for n in team_names]  # type: ignore[attr-defined]


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    teams = forms.MultipleChoiceField(choices=[], required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: object, team_names: list[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["teams"].choices = [(n, n) for n in team_names]  # type: ignore[attr-defined]


class PasswordForm(forms.Form):
    """Empty: generate a temporary password; filled: set this one (checked by the validators)."""

    password = forms.CharField(max_length=1024, strip=False, required=False, widget=forms.PasswordInput)


class TeamForm(forms.Form):
    name = forms.CharField(max_length=200)


class AuditFilterForm(forms.Form):
    person = forms.IntegerField(min_value=1, required=False)
    user = forms.CharField(max_length=150, required=False)
    page = forms.IntegerField(min_value=1, max_value=100_000, required=False)
