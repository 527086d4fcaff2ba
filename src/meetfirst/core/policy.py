"""The user's policy: the reply template, the patience window and the triage rule settings.

The file itself (TOML in MEETFIRST_HOME) is read and written by the services; this module only
holds the values and their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_TEMPLATE = """\
Hi {{ first_name }},

Thank you for the invitation. I keep my LinkedIn network to people I know personally, \
so I don't accept requests from people I haven't met yet.
{%- if circles %}
We do seem to move in similar circles ({{ circles | join(", ") }}), though, and I'd like to change that.
{%- else %}
We do seem to move in similar circles, though, and I'd like to change that.
{%- endif %}
Would you be up for a phone call or a coffee? Let me know what suits you.

Best,
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


@dataclass(frozen=True, slots=True)
class Policy:
    template: str = DEFAULT_TEMPLATE
    patience_days: int = 30
    timezone: str = ""  # IANA name for the export's local times; empty means this machine's zone
    rules: RuleSettings = field(default_factory=RuleSettings)
