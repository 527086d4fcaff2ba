"""The store's tables. Queries live in the store's query modules, never in views or commands."""

from __future__ import annotations

from django.db import models

from meetfirst.core.team_report import HUMAN_KINDS


class Owner(models.Model):
    """The person whose network this is. One row for a personal store."""

    first_name = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=200, blank=True)
    headline = models.CharField(max_length=500, blank=True)
    industry = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    profile_slug = models.CharField(max_length=200, blank=True)
    emails = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or "owner"


class Team(models.Model):
    """A group of staff that serves a set of customers (a service-desk group, an assignment group)."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """One human, however many files mention them."""

    display_name = models.CharField(max_length=300)
    first_name = models.CharField(max_length=200, blank=True)
    last_name = models.CharField(max_length=200, blank=True)
    name_key = models.CharField(max_length=300, blank=True, db_index=True)
    company = models.CharField(max_length=300, blank=True)
    position = models.CharField(max_length=300, blank=True)
    headline = models.CharField(max_length=500, blank=True)
    location = models.CharField(max_length=200, blank=True)
    is_connection = models.BooleanField(default=False)
    connected_on = models.DateField(null=True, blank=True)
    # The relationship (friend, compatriot, mentor, mentee, peer, colleague, customer, acquaintance, or
    # a kind of the user's own); empty until the user names it.
    relationship_kind = models.CharField(max_length=40, blank=True)
    relationship_since = models.DateField(null=True, blank=True)
    # Keep-in-touch: days between touches (None: the default for the kind, from the policy).
    cadence_days = models.PositiveIntegerField(null=True, blank=True)
    snoozed_until = models.DateField(null=True, blank=True)
    # Team mode: the teams that serve this customer (an agent sees only their teams' customers).
    teams = models.ManyToManyField(Team, blank=True, related_name="customers")
    # How the staff feel the relationship is going: "", "healthy", "neutral" or "at-risk".
    staff_sentiment = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["is_connection"]),
            models.Index(fields=["relationship_kind"]),
            # With the kind's index, lets "a cadence of their own or a tracked kind" avoid scanning everyone.
            models.Index(fields=["cadence_days"]),
        ]

    def __str__(self) -> str:
        return self.display_name


class Identity(models.Model):
    """A normalised key that names a person: a LinkedIn slug, an e-mail, a phone number."""

    class Kind(models.TextChoices):
        LINKEDIN = "linkedin", "LinkedIn profile"
        EMAIL = "email", "e-mail"
        PHONE = "phone", "phone"
        # A ticket system's own id for a customer: "zendesk:12345", "jira:5b10ac8d82e05b22cc7d4ef5".
        EXTERNAL = "external", "ticket-system id"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identities")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    value = models.CharField(max_length=320)
    source = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "value"], name="identity_unique_kind_value")]
        verbose_name_plural = "identities"

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


class Verdict(models.TextChoices):
    KNOWN = "known", "known personally"
    STRANGER = "stranger", "stranger"
    BIZARRE = "bizarre", "bizarre"


class Stage(models.TextChoices):
    """Where a request is on the policy's road. Every move is logged in StageChange."""

    NEW = "new", "not triaged"
    KNOWN = "known", "known personally"
    BIZARRE = "bizarre", "bizarre"
    STRANGER = "stranger", "stranger, to reply"
    REPLIED = "replied", "replied, waiting"
    ANSWERED = "answered", "answered"
    COLLECTOR = "collector", "silent (collector)"


class ConnectionRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "pending"
        ACCEPTED = "accepted", "accepted"

    class DirectionChoice(models.TextChoices):
        INCOMING = "in", "incoming"
        OUTGOING = "out", "outgoing"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="requests")
    key = models.CharField(max_length=400, unique=True)
    channel = models.CharField(max_length=32, default="linkedin")
    direction = models.CharField(max_length=3, choices=DirectionChoice.choices)
    sent_at = models.DateTimeField()
    note = models.TextField(blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.NEW)
    verdict = models.CharField(max_length=16, choices=Verdict.choices, blank=True)
    verdict_by_user = models.BooleanField(default=False)
    replied_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["direction", "state", "stage"]),
            models.Index(fields=["sent_at"]),
            # The triage queue in its order: a card's place and the queue's length counted from it alone.
            models.Index(fields=["direction", "state", "sent_at"], name="request_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"request {self.pk} from {self.person_id} ({self.stage})"


class Decision(models.Model):
    """A triage verdict with its reasons, by a rule or by the user. The newest one is in force."""

    class By(models.TextChoices):
        RULE = "rule", "rule"
        USER = "user", "user"

    request = models.ForeignKey(ConnectionRequest, on_delete=models.CASCADE, related_name="decisions")
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    reasons = models.JSONField(default=list)
    by = models.CharField(max_length=8, choices=By.choices)
    decided_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["request", "decided_at"])]

    def __str__(self) -> str:
        return f"{self.verdict} by {self.by}"


class Interaction(models.Model):
    class Kind(models.TextChoices):
        MESSAGE = "message", "message"
        EMAIL = "email", "e-mail"
        CALL = "call", "call"
        MEETING = "meeting", "meeting"
        NOTE = "note", "note"
        TICKET = "ticket", "ticket"
        RATING = "rating", "satisfaction rating"

    class DirectionChoice(models.TextChoices):
        INCOMING = "in", "from them"
        OUTGOING = "out", "from me"
        NONE = "", "none"

    # No index of its own: the (person, occurred_at) index below serves every lookup by person, and one
    # index fewer makes importing a million messages noticeably faster.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interactions", db_index=False)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    direction = models.CharField(max_length=3, choices=DirectionChoice.choices, blank=True)
    channel = models.CharField(max_length=32, blank=True)
    occurred_at = models.DateTimeField()
    subject = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    conversation_id = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=500, blank=True)
    # Newsletters, notifications and other bulk mail: on the timeline, never evidence of knowing someone.
    bulk = models.BooleanField(default=False, db_default=False)
    # Imported interactions carry a key so that importing the same file twice changes nothing;
    # interactions typed by hand have none.
    key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["person", "occurred_at"]),
            # Human touches alone (a few percent of the rows), as the team's mirror counts them.
            models.Index(
                fields=["person", "occurred_at"],
                condition=models.Q(bulk=False, kind__in=HUMAN_KINDS),
                name="interaction_human_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.direction or '-'} {self.occurred_at:%Y-%m-%d}"


class Reply(models.Model):
    """The policy reply to one request: drafted from the template, then sent."""

    class Status(models.TextChoices):
        DRAFTED = "drafted", "drafted"
        SENT = "sent", "sent"

    request = models.OneToOneField(ConnectionRequest, on_delete=models.CASCADE, related_name="reply")
    template = models.TextField()
    text = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFTED)
    drafted_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # "user" when the user said it was sent, "detected" when the owner's message showed up in an export.
    sent_how = models.CharField(max_length=16, blank=True)
    edited = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"reply to request {self.request_id} ({self.status})"


class StageChange(models.Model):
    """The log from which every funnel timing is computed."""

    request = models.ForeignKey(ConnectionRequest, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=16, blank=True)
    to_stage = models.CharField(max_length=16)
    at = models.DateTimeField(help_text="when it happened in the world")
    recorded_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["request", "at"])]

    def __str__(self) -> str:
        return f"{self.from_stage or '-'} -> {self.to_stage}"


class LoginToken(models.Model):
    """A one-time login link for single-user mode. Only a hash of the token is kept."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"login token for {self.user_id}"


class Meeting(models.Model):
    """A call or a meeting: proposed with slots, confirmed, cancelled or held. One UID for its whole life."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "proposed"
        CONFIRMED = "confirmed", "confirmed"
        CANCELLED = "cancelled", "cancelled"
        DONE = "done", "held"

    class Mode(models.TextChoices):
        IN_PERSON = "in-person", "in person"
        PHONE = "phone", "phone call"
        VIDEO = "video", "video call"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="meetings")
    request = models.ForeignKey(
        ConnectionRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    uid = models.CharField(max_length=200, unique=True)
    sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PROPOSED)
    mode = models.CharField(max_length=16, choices=Mode.choices, default=Mode.IN_PERSON)
    title = models.CharField(max_length=300, blank=True)
    place = models.CharField(max_length=500, blank=True)
    minutes = models.PositiveIntegerField(default=30)
    slots = models.JSONField(default=list, blank=True)  # proposed start times, ISO 8601 with offset
    starts_at = models.DateTimeField(null=True, blank=True)  # the agreed (or held) start
    source = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["person", "status"])]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} with {self.person_id} ({self.status})"


class SharedNote(models.Model):
    """What was shared in a call or meeting: their history, their view of the industry, their aspirations."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="shared_notes")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="notes"
    )
    history = models.TextField(blank=True)
    industry_view = models.TextField(blank=True)
    aspirations = models.TextField(blank=True)
    free_text = models.TextField(blank=True)
    written_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"shared note on {self.person_id} ({self.written_at:%Y-%m-%d})"


class FollowUp(models.Model):
    """A to-do with a date, usually born in a meeting's notes."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="follow_ups")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_ups"
    )
    text = models.CharField(max_length=1000)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["done_at", "due_on"])]

    def __str__(self) -> str:
        return f"follow-up for {self.person_id} on {self.due_on}"


class Thought(models.Model):
    """A thought for the day added by the user (the shipped ones live in the package)."""

    text = models.TextField()
    author = models.CharField(max_length=200, blank=True)
    work = models.CharField(max_length=300, blank=True)
    year = models.IntegerField(null=True, blank=True)
    key = models.CharField(max_length=64, unique=True)  # a hash of the text: importing twice adds nothing
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.text[:60]


class ThoughtShown(models.Model):
    """Which thought was the thought of which day, so that a day keeps its thought and none repeats soon."""

    day = models.DateField(unique=True)
    thought_key = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.day}: {self.thought_key}"


class Deletion(models.Model):
    """What remains after `forget`: that a deletion happened, and when. Nothing about the person."""

    at = models.DateTimeField()
    what = models.CharField(max_length=200)

    def __str__(self) -> str:
        return f"{self.what} at {self.at:%Y-%m-%d %H:%M}"


class ImportedFile(models.Model):
    """A file that an import read to the end and stored: importing the same bytes again can skip it."""

    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    format = models.CharField(max_length=64)
    name = models.CharField(max_length=500)  # where it was read from, the last time
    imported_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["sha256", "format"], name="imported_file_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.format}) at {self.imported_at:%Y-%m-%d %H:%M}"


class MergeSuggestion(models.Model):
    """Two people who may be one human: a fuzzy match below the automatic threshold, for the user."""

    class Status(models.TextChoices):
        PENDING = "pending", "waiting for you"
        ACCEPTED = "accepted", "merged"
        REJECTED = "rejected", "not the same person"

    # Stored with first_id < second_id so that a pair is one row whichever way it was found.
    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="merge_suggestion_unique_pair")
        ]
        indexes = [models.Index(fields=["status", "score"])]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.status})"


class RejectedPair(models.Model):
    """A pair the user said are two people, kept by identity keys: it survives merges and re-imports."""

    first_key = models.CharField(max_length=400)
    second_key = models.CharField(max_length=400)
    rejected_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first_key", "second_key"], name="rejected_pair_unique")
        ]

    def __str__(self) -> str:
        return f"{self.first_key} != {self.second_key}"


class MergeRecord(models.Model):
    """One merge, with what is needed to undo it: the merged person's own fields and which rows moved."""

    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges")
    merged_snapshot = (
        models.JSONField()
    )  # the merged person's fields, and the ids of every row moved, by table
    automatic = models.BooleanField(default=False)
    reasons = models.JSONField(default=list)
    merged_at = models.DateTimeField()
    undone_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"merge into {self.kept_id} at {self.merged_at:%Y-%m-%d}"


# Team mode's tables, kept in their own module; imported here so that Django and every caller find them.
from meetfirst.store.team_models import (  # noqa: E402
    AuditEntry,
    CustomerHealth,
    CustomerNote,
    LoginAttempt,
    Role,
    SavedTeamReport,
    StaffProfile,
    Ticket,
)

__all__ = [
    "AuditEntry",
    "ConnectionRequest",
    "CustomerHealth",
    "CustomerNote",
    "Decision",
    "Deletion",
    "FollowUp",
    "Identity",
    "ImportedFile",
    "Interaction",
    "LoginAttempt",
    "LoginToken",
    "Meeting",
    "MergeRecord",
    "MergeSuggestion",
    "Owner",
    "Person",
    "RejectedPair",
    "Reply",
    "Role",
    "SavedTeamReport",
    "SharedNote",
    "StaffProfile",
    "Stage",
    "StageChange",
    "Team",
    "Thought",
    "ThoughtShown",
    "Ticket",
    "Verdict",
]
