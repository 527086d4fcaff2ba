"""The weekly digest: who is due this week, which relationships are cooling, the follow-ups, a thought.

Printed by `meetfirst digest`, or e-mailed with `--send` through the [smtp] server of the policy; the
password comes from the MEETFIRST_SMTP_PASSWORD environment variable and never from the policy file.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from meetfirst.core.errors import MailProblem
from meetfirst.core.health import Health
from meetfirst.core.policy import Policy, SmtpSettings
from meetfirst.services.health import health_all
from meetfirst.services.nurture import TodayItem, due_follow_ups, due_people, local_day
from meetfirst.services.policy import load_policy, owner_zone
from meetfirst.services.thoughts import DayThought, thought_for

WEEK_DAYS = 7
PASSWORD_VARIABLE = "MEETFIRST_SMTP_PASSWORD"  # noqa: S105 - the name of a variable, not a password
SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True, slots=True)
class Digest:
    day: date
    due: list[TodayItem]  # people due within the week, overdue first
    cooling: list[Health]  # not due this week, but amber or red, or going down
    follow_ups: list[TodayItem]
    thought: DayThought

    @property
    def subject(self) -> str:
        return f"meetfirst: your week from {self.day.isoformat()}"

    def as_dict(self) -> dict[str, object]:
        return {
            "day": self.day,
            "due": [item.as_dict() for item in self.due],
            "cooling": [health.as_dict() for health in self.cooling],
            "follow_ups": [item.as_dict() for item in self.follow_ups],
            "thought": self.thought.as_dict(),
        }

    def text(self) -> str:
        """The digest as plain text, the body of the e-mail."""
        lines = [self.subject, ""]
        lines.append(f"Due this week ({len(self.due)})")
        lines += [f"- {item.name}: {item.reason} ({_when(item)})" for item in self.due] or ["- nobody"]
        lines += ["", f"Cooling ({len(self.cooling)})"]
        lines += [
            f"- {h.name}: {h.score}/100, {h.colour}{_trend(h)}: {'; '.join(h.reasons)}" for h in self.cooling
        ] or ["- none"]
        lines += ["", f"Follow-ups ({len(self.follow_ups)})"]
        lines += [f"- {item.name}: {item.text} ({_when(item)})" for item in self.follow_ups] or ["- none"]
        thought = self.thought.thought
        lines += ["", "Thought for the day", f"  {thought.text}"]
        if thought.credit:
            lines.append(f"  -- {thought.credit}")
        return "\n".join(lines) + "\n"


def _when(item: TodayItem) -> str:
    if item.overdue_days > 0:
        return f"overdue since {item.due_on.isoformat()}"
    if item.overdue_days == 0:
        return "due today"
    return f"due {item.due_on.isoformat()}"


def _trend(health: Health) -> str:
    if health.score_before is None or health.trend == "steady":
        return ""
    return f", {health.trend} from {health.score_before}"


def build_digest(*, now: datetime, policy: Policy | None = None) -> Digest:
    """The digest for the week starting today (in the owner's time zone)."""
    policy = policy or load_policy()
    day = local_day(now, owner_zone(policy))
    due = sorted(due_people(now=now, policy=policy, within_days=WEEK_DAYS - 1), key=TodayItem.sort_key)
    listed = {item.person_id for item in due}
    cooling = [
        h
        for h in health_all(now=now, policy=policy)
        if h.person_id not in listed and (h.colour != "green" or h.trend == "down")
    ]
    follow_ups = sorted(due_follow_ups(today=day, within_days=WEEK_DAYS - 1), key=TodayItem.sort_key)
    return Digest(day, due, cooling, follow_ups, thought_for(day))


def digest_message(digest: Digest, smtp: SmtpSettings, *, now: datetime) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = smtp.sender
    message["To"] = smtp.to
    message["Date"] = formatdate(now.timestamp(), localtime=False)
    message["Message-ID"] = make_msgid(domain="meetfirst.local")
    message.set_content(digest.text())
    return message


def send_digest(digest: Digest, *, now: datetime, policy: Policy | None = None) -> str:
    """E-mail the digest through the policy's [smtp] server; returns where it went."""
    smtp = (policy or load_policy()).smtp
    if not smtp.configured:
        raise MailProblem(
            "no mail server is set: add an [smtp] table (host, from, to) to the policy file "
            "(`meetfirst policy edit`)"
        )
    message = digest_message(digest, smtp, now=now)
    password = os.environ.get(PASSWORD_VARIABLE, "")
    where = f"{smtp.host}:{smtp.port}"
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_SECONDS) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.username:
                if not password:
                    raise MailProblem(f"set {PASSWORD_VARIABLE} to the password of {smtp.username}")
                server.login(smtp.username, password)
            server.send_message(message)
    except smtplib.SMTPException as exc:
        raise MailProblem(f"{where} refused it ({exc})") from None
    except OSError as exc:
        raise MailProblem(f"cannot reach {where} ({exc.strerror or exc})") from None
    return smtp.to
