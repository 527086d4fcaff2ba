"""The store's tables for team mode: staff, tickets, notes on human needs, kept health and reports, audit.

Split from models.py, which imports every one of them (Django finds an app's models there); they name the
people and teams of models.py by "store.<Model>", so this module imports nothing of it.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "admin"
    AGENT = "agent", "agent"
    VIEWER = "viewer", "viewer"


class StaffProfile(models.Model):
    """What team mode knows of an account: its role and teams, and how imported tickets name it.

    Agents named in imported tickets become accounts with no usable password: an admin gives them one.
    """

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    teams = models.ManyToManyField("store.Team", blank=True, related_name="staff")
    display_name = models.CharField(max_length=300, blank=True)
    email = models.CharField(max_length=320, blank=True, db_index=True)
    # The folded name that ticket exports use for this agent (see core.identity.name_key).
    name_key = models.CharField(max_length=300, blank=True, db_index=True)
    imported = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.display_name or self.user_id} ({self.role})"


# The ticket columns the team report reads beside the team or agent and the opening moment.
_REPORT_COLUMNS = ["updated_at", "person", "satisfaction_positive", "rated_at", "resolved_at"]


class Ticket(models.Model):
    """A service-desk ticket, with the numbers that tell friction and satisfaction.

    Its moments on the timeline are Interaction rows with the keys `ticket:<key>` and `rating:<key>`.
    """

    key = models.CharField(max_length=400, unique=True)  # "<system>:<external id>"
    system = models.CharField(max_length=64)
    external_id = models.CharField(max_length=200)
    person = models.ForeignKey(
        "store.Person", on_delete=models.CASCADE, related_name="tickets", db_index=False
    )
    # Indexed on their own as well as first in the report indexes below: a narrow index reads a tenth of
    # the pages when a customer's page counts a team's ratings (see migration 0013).
    team = models.ForeignKey(
        "store.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    agent = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="tickets"
    )
    subject = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=64, blank=True)
    priority = models.CharField(max_length=64, blank=True)
    channel = models.CharField(max_length=64, blank=True)
    opened_at = models.DateTimeField()
    updated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopens = models.PositiveIntegerField(default=0)
    first_reply_minutes = models.FloatField(null=True, blank=True)
    requester_wait_minutes = models.FloatField(null=True, blank=True)
    satisfaction_raw = models.CharField(max_length=200, blank=True)
    satisfaction_value = models.FloatField(null=True, blank=True)
    satisfaction_min = models.FloatField(null=True, blank=True)
    satisfaction_max = models.FloatField(null=True, blank=True)
    satisfaction_positive = models.BooleanField(null=True, blank=True)
    satisfaction_comment = models.TextField(blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # The event-log order of the row that won (see core.records.TicketRecord.revision).
    revision = models.CharField(max_length=64, blank=True)
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["person", "opened_at"]),
            # The team's mirror reads a team's or an agent's tickets from these alone, without the table's
            # rows (PostgreSQL; SQLite ignores `include` and keeps the plain index).
            models.Index(
                fields=["team", "opened_at"],
                include=[*_REPORT_COLUMNS, "agent"],
                name="ticket_team_report_idx",
            ),
            models.Index(
                fields=["agent", "opened_at"],
                include=[*_REPORT_COLUMNS, "team"],
                name="ticket_agent_report_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"ticket {self.key}"


class CustomerNote(models.Model):
    """A note on a person's human needs (family, interests, what matters now) or IT needs.

    Private notes are seen by their author only; team notes by everyone who may see the person.
    """

    class Topic(models.TextChoices):
        FAMILY = "family", "family"
        INTERESTS = "interests", "interests"
        NOW = "now", "what matters to them now"
        IT = "it", "IT needs"
        OTHER = "other", "other"

    class Visibility(models.TextChoices):
        PRIVATE = "private", "only me"
        TEAM = "team", "my team"

    person = models.ForeignKey("store.Person", on_delete=models.CASCADE, related_name="customer_notes")
    author = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    topic = models.CharField(max_length=16, choices=Topic.choices, default=Topic.OTHER)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.TEAM)
    text = models.TextField()
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["person", "created_at"])]

    def __str__(self) -> str:
        return f"{self.topic} note on {self.person_id} ({self.visibility})"


class AuditEntry(models.Model):
    """Who changed what, when. Kept when the person is forgotten: it names them by id only, never by data."""

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey("auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=200)
    person_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"{self.username or '-'} {self.action} at {self.at:%Y-%m-%d %H:%M}"


class LoginAttempt(models.Model):
    """One password login attempt, for rate limiting by account and by address."""

    at = models.DateTimeField()
    username = models.CharField(max_length=150)
    address = models.CharField(max_length=64, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["username", "at"]), models.Index(fields=["address", "at"])]

    def __str__(self) -> str:
        return f"{self.username} from {self.address} ({'ok' if self.succeeded else 'failed'})"


class CustomerHealth(models.Model):
    """A customer's health as last computed (see core.customer_health), so lists sort and page in SQL.

    Refreshed for a person whenever their page is shown, and for stale rows in small batches by the lists
    and `meetfirst customers`; `computed_on` says how fresh it is.
    """

    # A plain foreign key, not one-to-one: a merge moves the row like any other (a refresh then keeps one).
    person = models.ForeignKey("store.Person", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    band = models.CharField(max_length=8)
    score_before = models.PositiveSmallIntegerField(null=True, blank=True)
    trend = models.CharField(max_length=8, blank=True)
    last_human_touch = models.DateTimeField(null=True, blank=True)
    open_tickets = models.PositiveIntegerField(default=0)
    recent_tickets = models.PositiveIntegerField(default=0)
    nudge_count = models.PositiveSmallIntegerField(default=0)
    nudge = models.CharField(max_length=500, blank=True)  # the most pressing one, in words
    factors = models.JSONField(default=list)
    nudges = models.JSONField(default=list)
    computed_on = models.DateField()
    computed_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["score"]), models.Index(fields=["computed_on"])]

    def __str__(self) -> str:
        return f"health of {self.person_id}: {self.score} ({self.band})"


class SavedTeamReport(models.Model):
    """A team report as computed (see core.team_report.to_record), for every worker process to read.

    Found again by the same key as the per-process cache: scope, trend months, day and the data marker
    (the newest ticket and interaction ids). Rows older than the cache's lifetime are pruned as new ones come.
    """

    scope = models.CharField(max_length=40)  # "all", "team:<id>", "agent:<id>"
    months = models.PositiveSmallIntegerField()
    day = models.DateField()
    marker = models.CharField(max_length=64)
    payload = models.JSONField()
    made_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "months", "day", "marker"], name="saved_team_report_key")
        ]

    def __str__(self) -> str:
        return f"team report {self.scope} of {self.day} ({self.marker})"
