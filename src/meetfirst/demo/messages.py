"""messages.csv (or 2018's Messages.csv), streamed one conversation at a time.

First the story's threads (known people, replies, answers, silence), then a few oddities LinkedIn
writes (sponsored InMail, a hidden "LinkedIn Member", a message in SPAM), then ordinary chatter with
connections until the requested row count is reached.
"""

from __future__ import annotations

import base64
import csv
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO

from meetfirst.demo.eras import Era, us_datetime
from meetfirst.demo.people import OWNER, Member, profile_url
from meetfirst.demo.pools import ANSWERS, BIZARRE_NOTES, CHAT_LINES, INMAIL_BODY, INMAIL_TITLES, OWNER_REPLY
from meetfirst.demo.story import KNOWN_THREADS, PITCH_MESSAGE, Requester

DAY = 86_400.0
HIDDEN_MEMBER = "LinkedIn Member"
_EXTRA_COLUMNS = ("ATTACHMENTS", "IS MESSAGE DRAFT", "IS CONVERSATION DRAFT")


@dataclass(frozen=True, slots=True)
class Thread:
    """A conversation between the owner and one other person (name and URL as the file shows them)."""

    name: str
    url: str
    title: str = ""
    subject: str = ""
    folder: str = "INBOX"


# One message: (unix time, sent by the owner, content, attachment URL, is a draft).
Message = tuple[float, bool, str, str, bool]


def _utc_stamp(ts: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(ts))


def _us_stamp(ts: float) -> str:
    return us_datetime(datetime.fromtimestamp(ts, UTC))


class MessageWriter:
    """Writes the messages file of one era; `written` counts the rows so far."""

    def __init__(self, out: IO[str], shape: Era, rng: random.Random, moment: datetime) -> None:
        if shape.messages_quote_all:
            self._writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
        else:
            self._writer = csv.writer(out, lineterminator="\n")
        self._shape = shape
        self._rng = rng
        self._now = moment.timestamp()
        self._recipients = "RECIPIENT PROFILE URLS" in shape.messages_header
        self._extras = tuple(c for c in shape.messages_header if c in _EXTRA_COLUMNS)
        keep = shape.messages_keep_newlines
        # Before 2026, line breaks in a message reached the file as runs of spaces.
        self._lines = CHAT_LINES if keep else tuple(line.replace("\n", " ") for line in CHAT_LINES)
        self._flat = not keep
        self.written = 0

    def write(self, members: list[Member], cast: list[tuple[Requester, datetime]], *, total: int) -> None:
        """The header, the story, the oddities, then chatter until `total` rows (or the story's own count)."""
        self._writer.writerow(self._shape.messages_header)
        for requester, sent in cast:
            self._story_thread(requester, sent.replace(tzinfo=UTC).timestamp())
        self._oddities()
        self._chatter(members, total - self.written)

    # -- the story --------------------------------------------------------------------------------

    def _story_thread(self, requester: Requester, invited: float) -> None:
        if not requester.thread or not requester.slug:
            return
        thread = Thread(requester.display, profile_url(requester.slug, encode=False))
        rng = self._rng
        latest = self._now - DAY
        reply = OWNER_REPLY.replace("{first}", requester.first.strip())
        messages: list[Message] = []
        if requester.thread == "known":
            lines = KNOWN_THREADS[requester.slug]
            start = invited - (len(lines) + 6) * DAY
            for i, text in enumerate(lines):
                messages.append((start + i * DAY + rng.randrange(3600, 30_000), i % 2 == 1, text, "", False))
        elif requester.thread == "pitch":
            messages.append((invited - 5 * DAY, False, PITCH_MESSAGE, "", False))
        elif requester.thread in ("replied", "collector"):
            messages.append((min(invited + 2 * DAY, latest), True, reply, "", False))
        elif requester.thread == "answered":
            answer = ANSWERS[sum(map(ord, requester.slug)) % len(ANSWERS)]
            messages.append((min(invited + 1 * DAY, latest), True, reply, "", False))
            messages.append((min(invited + 3 * DAY, latest), False, answer, "", False))
        self._emit(thread, messages)

    def _oddities(self) -> None:
        now = self._now
        body = INMAIL_BODY.replace("{first}", OWNER.first)
        for i, (sender, title) in enumerate(
            zip(("Carla Nyström", "Ruben Achebe"), INMAIL_TITLES, strict=True)
        ):
            # Sponsored InMail: no sender URL, a conversation title, HTML content.
            self._emit(
                Thread(sender, "", title=title, subject=title),
                [(now - (20 + 45 * i) * DAY, False, body, "", False)],
            )
        self._emit(
            Thread(HIDDEN_MEMBER, ""),
            [
                (
                    now - 400 * DAY,
                    True,
                    "Hi! Are you still at Tidewater? We might need your advice.",
                    "",
                    False,
                ),
                (now - 399 * DAY, False, "Yes, still here. Happy to help, send me the details.", "", False),
                (now - 398 * DAY, True, "Will do 🙂", "", False),
            ],
        )
        spam = Thread("Vince Morrow", profile_url("vince-morrow-fx", encode=False), folder="SPAM")
        self._emit(spam, [(now - 33 * DAY, False, BIZARRE_NOTES["noslug"], "", False)])

    # -- ordinary chatter -------------------------------------------------------------------------

    def _chatter(self, members: list[Member], remaining: int) -> None:
        rng = self._rng
        count = len(members)
        if count == 0:
            return
        now = self._now
        ten_years_ago = now - 3650 * DAY
        lines = self._lines
        while remaining > 0:
            # Most conversations are with a few people: skew towards the newest connections.
            person = members[int(count * rng.random() ** 2)]
            since = person.connected_on
            start_floor = ten_years_ago
            if since is not None:
                start_floor = max(
                    start_floor, datetime(since.year, since.month, since.day, tzinfo=UTC).timestamp()
                )
            length = min(remaining, 1 + int(rng.expovariate(0.15)), 300)
            # Half a minute or more between messages, so that no two of a conversation share a second,
            # and the whole conversation over by yesterday.
            offsets = [0.0]
            for _ in range(length - 1):
                offsets.append(offsets[-1] + 30 + rng.expovariate(1 / 20_000))
            latest_start = now - DAY - offsets[-1]
            start = min(start_floor + rng.random() * max(0.0, latest_start - start_floor), latest_start)
            outgoing = rng.random() < 0.5
            messages: list[Message] = []
            for offset in offsets:
                attachment = ""
                if rng.random() < 0.01:
                    attachment = f"https://www.linkedin.com/dms/prv/image/C4E{rng.getrandbits(60):015x}/"
                draft = outgoing and rng.random() < 0.0005
                line = lines[int(rng.random() * len(lines))]
                messages.append((start + offset, outgoing, line, attachment, draft))
                if rng.random() < 0.65:
                    outgoing = not outgoing
            folder = "ARCHIVE" if rng.random() < 0.08 else "INBOX"
            self._emit(Thread(person.display, person.url, folder=folder), messages)
            remaining -= length

    # -- rows -------------------------------------------------------------------------------------

    def _conversation_id(self) -> str:
        # `2-` and 56 base64url characters, as LinkedIn writes them (42 random bytes, no padding).
        return "2-" + base64.urlsafe_b64encode(self._rng.getrandbits(336).to_bytes(42, "big")).decode("ascii")

    def _emit(self, thread: Thread, messages: list[Message]) -> None:
        """Write one conversation, newest message first."""
        messages.sort(key=lambda m: m[0], reverse=True)
        if self._shape.is_2018:
            self._writer.writerows(self._rows_2018(thread, messages))
        else:
            self._writer.writerows(self._rows(thread, messages))
        self.written += len(messages)

    def _rows(self, thread: Thread, messages: list[Message]) -> list[list[str]]:
        conversation = self._conversation_id()
        owner_name, owner_url = OWNER.display, OWNER.url
        rows = []
        for at, outgoing, content, attachment, draft in messages:
            if outgoing:
                sender, sender_url, to, to_url = owner_name, owner_url, thread.name, thread.url
            else:
                sender, sender_url, to, to_url = thread.name, thread.url, owner_name, owner_url
            if self._flat:
                content = content.replace("\n", " ")
            row = [conversation, thread.title, sender, sender_url, to]
            if self._recipients:
                row.append(to_url)
            row += [_utc_stamp(at), thread.subject, content, thread.folder]
            for column in self._extras:
                if column == "ATTACHMENTS":
                    row.append(attachment)
                elif column == "IS MESSAGE DRAFT":
                    row.append("Yes" if draft else "No")
                else:
                    row.append("No")
            rows.append(row)
        return rows

    def _rows_2018(self, thread: Thread, messages: list[Message]) -> list[list[str]]:
        rows = []
        for at, outgoing, content, _attachment, _draft in messages:
            if outgoing:
                row = [OWNER.display, thread.name, _us_stamp(at), thread.subject, content, "OUTGOING", "SENT"]
            else:
                folder = "ARCHIVED" if thread.folder == "ARCHIVE" else "INBOX"
                row = [thread.name, OWNER.display, _us_stamp(at), thread.subject, content, "INCOMING", folder]
            row[4] = row[4].replace("\n", " ")
            rows.append(row)
        return rows
