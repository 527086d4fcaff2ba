"""LinkedIn invitation notification e-mails: a request that arrives the day it is sent, before any export.

Only mail really from LinkedIn counts: the From address must be an invitation sender at linkedin.com
itself (not `linkedin.com.evil.example`, not `linkedln.com`), and LinkedIn's own X-LinkedIn-Template or
X-LinkedIn-Class headers, when present, must name an invitation. A message that looks like an invitation
but fails these checks is left out, and counted as skipped. The inviter is found by the profile slug in the
mail's links (`/comm/in/<slug>` or `/in/<slug>`); the invitationId in the accept link keys the request, so
that the same invitation seen twice (and a reminder) stays one request.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from meetfirst.core import identity
from meetfirst.core.records import Direction, InvitationRecord, SkippedItem, SourceRef

TRUSTED_DOMAIN: Final = "linkedin.com"
TRUSTED_SENDERS: Final = frozenset({"invitations", "invitations-noreply", "messages-noreply"})
# Classes that are other kinds of LinkedIn mail (messages, InMail, saved searches).
OTHER_CLASSES: Final = frozenset({"INMAIL", "MBR-TO-MBR", "SAVEDSEARCH"})
_LOOKALIKE: Final = re.compile(r"link[e3]d[\W_]*[il1]n", re.IGNORECASE)
_PROFILE_LINK: Final = re.compile(r"linkedin\.com/(?:comm/)?in/([^/?#\s\"'<>]+)", re.IGNORECASE)
_INVITATION_ID: Final = re.compile(r"invitationId(?:=|%3D|/)([A-Za-z0-9_-]+)", re.IGNORECASE)
_INVITATION_WORDS: Final = re.compile(
    r"invite-accept|invitationId|please add me to your LinkedIn network|I want to connect|"
    r"join your LinkedIn network|invitation is waiting",
    re.IGNORECASE,
)
_ACCEPTED: Final = re.compile(
    r"has accepted your invitation|start a conversation with your new connection", re.I
)
_VIA: Final = re.compile(r"\s+via LinkedIn\s*$", re.IGNORECASE)


def claims_linkedin(headers: dict[str, list[str]], from_addr: str) -> bool:
    """Whether a message says it comes from LinkedIn: its headers, or a sender domain that reads like it."""
    if "x-linkedin-template" in headers or "x-linkedin-class" in headers or "x-linkedin-id" in headers:
        return True
    return bool(_LOOKALIKE.search(from_addr.partition("@")[2]))


def invitation(
    headers: dict[str, list[str]],
    *,
    source: SourceRef,
    from_addr: str,
    from_name: str,
    to_name: str,
    subject: str,
    sent_at: datetime,
    text: str,
) -> InvitationRecord | SkippedItem | None:
    """The invitation a notification e-mail announces, a SkippedItem for a look-alike, or None when the
    message is not an invitation (another LinkedIn mail, or no LinkedIn mail at all)."""
    template = _first(headers, "x-linkedin-template").lower()
    kind = _first(headers, "x-linkedin-class").upper()
    if template and "invite" not in template:
        return None
    if kind in OTHER_CLASSES:
        return None
    looks = bool(_INVITATION_WORDS.search(subject) or _INVITATION_WORDS.search(text) or template)
    if not looks or _ACCEPTED.search(subject) or _ACCEPTED.search(text):
        return None
    local, _, domain = from_addr.partition("@")
    if domain != TRUSTED_DOMAIN or local not in TRUSTED_SENDERS:
        return SkippedItem(
            source, f"looks like a LinkedIn invitation but was sent by {from_addr or 'nobody'}"
        )
    slug = _inviter_slug(text)
    found = _INVITATION_ID.search(text)
    name = identity.tidy_name(_VIA.sub("", from_name))
    if name.casefold() == "linkedin":
        name = ""
    if not (slug or name):
        return SkippedItem(source, "a LinkedIn invitation that names nobody")
    return InvitationRecord(
        source=source,
        direction=Direction.INCOMING,
        from_name=name,
        to_name=identity.tidy_name(to_name),
        sent_at=sent_at,
        note="",
        inviter_slug=slug,
        invitee_slug=None,
        channel="linkedin",
        external_id=found.group(1) if found else None,
    )


def _inviter_slug(text: str) -> str | None:
    for match in _PROFILE_LINK.finditer(text):
        slug = identity.profile_slug("https://www.linkedin.com/in/" + match.group(1))
        if slug:
            return slug
    return None


def _first(headers: dict[str, list[str]], name: str) -> str:
    values = headers.get(name)
    return values[0].strip() if values else ""
