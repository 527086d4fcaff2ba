"""What a LinkedIn export looked like in each era: file names, headers and date formats.

The facts come from docs of real exports (shared/formats/linkedin-export.md); the eras are named after
a year in which that shape was seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

CONNECTIONS_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or "
    "download their email address using this setting https://www.linkedin.com/psettings/privacy/email. "
    'You can learn more here https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)

PROFILE_HEADER = (
    "First Name", "Last Name", "Maiden Name", "Address", "Birth Date", "Headline", "Summary", "Industry",
    "Zip Code", "Geo Location", "Twitter Handles", "Websites", "Instant Messengers",
)  # fmt: skip
# The 2018 profile also had these two; where they sat is not recorded, so they go last.
PROFILE_HEADER_2018 = (*PROFILE_HEADER, "Contact Instructions", "Country")

EMAIL_ADDRESSES_HEADER = ("Email Address", "Confirmed", "Primary", "Updated On")

_MESSAGES_2021 = (
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "DATE", "SUBJECT", "CONTENT",
    "FOLDER",
)  # fmt: skip
_MESSAGES_WITH_RECIPIENTS = (
    "CONVERSATION ID", "CONVERSATION TITLE", "FROM", "SENDER PROFILE URL", "TO", "RECIPIENT PROFILE URLS",
    "DATE", "SUBJECT", "CONTENT", "FOLDER",
)  # fmt: skip

# The 2026 archives add these empty siblings of messages.csv (header only).
SIBLINGS_2026 = ("guide_messages.csv", "learning_coach_messages.csv", "learning_role_play_messages.csv",
                 "coach_messages.csv")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Era:
    """The shape of one era's export."""

    name: str
    connections_header: tuple[str, ...]
    connections_preamble: bool
    connected_on_us: bool  # 2018 wrote `M/D/YY, h:mm AM`; later `DD Mon YYYY`
    invitations_header: tuple[str, ...]
    messages_file: str
    messages_header: tuple[str, ...]
    messages_quote_all: bool = False
    messages_keep_newlines: bool = False
    profile_header: tuple[str, ...] = PROFILE_HEADER
    siblings: tuple[str, ...] = ()

    @property
    def has_urls(self) -> bool:
        return "URL" in self.connections_header

    @property
    def is_2018(self) -> bool:
        return self.messages_file == "Messages.csv"


_CONN_6 = ("First Name", "Last Name", "Email Address", "Company", "Position", "Connected On")
_CONN_7 = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
_INV_5 = ("From", "To", "Sent At", "Message", "Direction")
_INV_7 = (*_INV_5, "inviterProfileUrl", "inviteeProfileUrl")

ERAS: dict[str, Era] = {
    "2018": Era(
        name="2018",
        connections_header=_CONN_6,
        connections_preamble=False,
        connected_on_us=True,
        invitations_header=_INV_5,
        messages_file="Messages.csv",
        messages_header=("From", "To", "Date", "Subject", "Content", "Direction", "Folder"),
        profile_header=PROFILE_HEADER_2018,
    ),
    "2021": Era("2021", _CONN_6, False, False, _INV_5, "messages.csv", _MESSAGES_2021),
    "2022": Era("2022", _CONN_6, True, False, _INV_5, "messages.csv", _MESSAGES_2021),
    "2023": Era(
        "2023", _CONN_7, True, False, _INV_7, "messages.csv", (*_MESSAGES_WITH_RECIPIENTS, "ATTACHMENTS"),
    ),
    "2024": Era(
        "2024", _CONN_7, True, False, _INV_7, "messages.csv",
        (*_MESSAGES_WITH_RECIPIENTS, "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT"),
    ),
    "2025": Era(
        "2025", _CONN_7, True, False, _INV_7, "messages.csv",
        (*_MESSAGES_WITH_RECIPIENTS, "ATTACHMENTS", "IS MESSAGE DRAFT"),
    ),
    "2026": Era(
        "2026", _CONN_7, True, False, _INV_7, "messages.csv", (*_MESSAGES_WITH_RECIPIENTS, "ATTACHMENTS"),
        messages_quote_all=True, messages_keep_newlines=True, siblings=SIBLINGS_2026,
    ),
}  # fmt: skip


def us_datetime(moment: datetime) -> str:
    """`M/D/YY, h:mm AM`: LinkedIn's US style, no zero padding, no time zone."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year % 100:02d}, {hour}:{moment.minute:02d} {half}"


def day_month_year(day: date) -> str:
    """`05 Jan 2024`: two-digit day, English month whatever the machine's locale."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def utc_stamp(moment: datetime) -> str:
    """`2024-01-05 14:03:09 UTC`, the messages file's format (the moment must already be in UTC)."""
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} UTC"
    )
