"""The user's policy: the reply template, the patience window, the triage rule settings, how often to keep
in touch with each kind of relationship, and the mail server for the weekly digest.

The file itself (TOML in MEETFIRST_HOME) is read and written by the services; this module only
holds the values and their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_TEMPLATE = """\
Hi {{ first_name or "there" }},

Thank you for the invitation, and for thinking of me. I connect only with people I know personally, \
so I would love to get to know you first.
{% if circles %}
We seem to move in similar circles ({{ circles | join(", ") }}), \
so I am sure we would find plenty to talk about.
{% else %}
We seem to move in similar circles, so I am sure we would find plenty to talk about.
{% endif %}

I would be glad to talk by phone or meet for a coffee, whichever is easier for you. Let me know!

Warm regards,
{{ owner.first_name }}
"""


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Knobs for the triage rules."""

    # The same note from this many different requesters is a mass-mailing signal.
    duplicate_note_threshold: int = 3
    # Extra phrases that mark a note as bizarre, on top of the built-in ones.
    bizarre_phrases: tuple[str, ...] = ()
    # A two-way message history with at least this many messages each way counts as known.
    known_min_messages_each_way: int = 1


# Days between touches for each kind of relationship, unless a person has a cadence of their own.
# A kind missing here (a kind of the user's own) is not tracked until it gets a cadence.
DEFAULT_CADENCE: dict[str, int] = {
    "friend": 30,
    "mentor": 60,
    "compatriot": 90,
    "mentee": 30,
    "peer": 90,
    "colleague": 60,
    "customer": 45,
    "acquaintance": 180,
}


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """Where `meetfirst digest --send` sends mail. The password comes from MEETFIRST_SMTP_PASSWORD."""

    host: str = ""
    port: int = 587
    sender: str = ""  # `from` in the file
    to: str = ""
    starttls: bool = True
    username: str = ""

    @property
    def configured(self) -> bool:
        return bool(self.host and self.sender and self.to)


@dataclass(frozen=True, slots=True)
class Policy:
    template: str = DEFAULT_TEMPLATE
    patience_days: int = 30
    timezone: str = ""  # IANA name for the export's local times; empty means this machine's zone
    rules: RuleSettings = field(default_factory=RuleSettings)
    cadence: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE))
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    # The owner's own e-mail addresses, for mailboxes imported before (or without) a LinkedIn export.
    my_emails: tuple[str, ...] = ()
    # ISO 3166 country code national phone numbers are read in ("GB"); empty: the time zone's country.
    phone_region: str = ""

    def cadence_for(self, kind: str, own_days: int | None) -> int | None:
        """Days between touches: the person's own cadence, else their kind's; None means not tracked."""
        if own_days:
            return own_days
        days = self.cadence.get(" ".join(kind.split()).casefold()) if kind else None
        return days or None
