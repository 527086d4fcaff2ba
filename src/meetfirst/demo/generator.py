"""Write a realistic LinkedIn export for the demo and the benchmarks: one era's files, row by row.

The same seed and `now` always give the same bytes. Messages are streamed, so a million of them take
no more memory than a thousand; only the connections and invitations are held (they are small).
Invitation times are written as wall-clock times of `now`'s UTC day, as LinkedIn writes the owner's
local time without a zone; every gap the story relies on is a day or more, so any zone reads the same.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import IO

from meetfirst.core.errors import BadInput
from meetfirst.demo.eras import (
    CONNECTIONS_PREAMBLE,
    EMAIL_ADDRESSES_HEADER,
    ERAS,
    Era,
    day_month_year,
    us_datetime,
)
from meetfirst.demo.messages import MessageWriter
from meetfirst.demo.people import OWNER, Crowd, Member, old_connection_date, profile_url
from meetfirst.demo.pools import (
    BIZARRE_NOTES,
    NOTE_CLOSERS,
    NOTE_INTROS,
    NOTE_OPENERS,
    NOTE_REASONS,
    PROFESSIONAL_NOTES,
)
from meetfirst.demo.story import CAST, Requester

# How much of the export is what, when the caller does not say.
STORY_PENDING = len(CAST)
WINDOW_DAYS = 180  # LinkedIn keeps about six months of invitations


@dataclass(slots=True)
class Invitation:
    """One row of Invitations.csv, from the owner's side."""

    incoming: bool
    name: str  # the other person's display name
    url: str  # the other person's profile URL ('' in eras without URLs is handled by the writer)
    sent: datetime  # naive: the owner's wall clock
    note: str = ""


@dataclass(slots=True)
class Plan:
    """Everything but the messages: who is connected, who invited whom, and the story's requesters."""

    members: list[Member]  # connected people, newest connection first
    hidden_dates: list[date]  # connections of hidden or closed members: only a date survives
    invitations: list[Invitation]
    cast: list[tuple[Requester, datetime]]  # each story requester with their invitation's time


def write_export(
    target: Path,
    *,
    era: str = "2026",
    seed: int = 7,
    connections: int = 300,
    invitations: int = 40,
    messages: int = 2000,
    now: datetime,
    as_zip: bool = False,
    pending: int | None = None,
) -> Path:
    """Write a LinkedIn export of the given era into the folder `target`; return the folder or the zip.

    `connections`, `invitations` and `messages` are row counts (messages is exact once it exceeds the
    few dozen the story needs). `pending` is how many incoming invitations are still pending (default:
    the story's 25, fewer if there are fewer invitations); the first 25 are the story's cast, the rest
    generated strangers. With `as_zip` the files go into `Basic_LinkedInDataExport_MM-DD-YYYY.zip`.
    """
    shape = ERAS.get(era)
    if shape is None:
        raise BadInput(f"unknown era {era!r}; choose one of {', '.join(ERAS)}")
    if min(connections, invitations, messages) < 0 or (pending is not None and pending < 0):
        raise BadInput("counts cannot be negative")
    moment = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
    rng = random.Random(seed)
    crowd = Crowd(rng)
    plan = _plan(rng, crowd, moment, connections, invitations, pending)
    target.mkdir(parents=True, exist_ok=True)
    stamp = moment.strftime("%m-%d-%Y")
    result = target / f"Basic_LinkedInDataExport_{stamp}.zip" if as_zip else target
    with _sink(result, as_zip=as_zip, moment=moment) as open_text:
        with open_text("Profile.csv") as out:
            _write_profile(out, shape)
        with open_text("Email Addresses.csv") as out:
            _write_email_addresses(out)
        with open_text("Connections.csv") as out:
            _write_connections(out, shape, plan)
        with open_text("Invitations.csv") as out:
            _write_invitations(out, shape, plan)
        with open_text(shape.messages_file) as out:
            MessageWriter(out, shape, rng, moment).write(plan.members, plan.cast, total=messages)
        for sibling in shape.siblings:
            with open_text(sibling) as out:
                csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(shape.messages_header)
        if shape.siblings:
            with open_text("LearningCoachMessages.csv") as out:
                out.write("No conversations found\n")
    return result


def _plan(
    rng: random.Random,
    crowd: Crowd,
    moment: datetime,
    connections: int,
    invitations: int,
    pending: int | None,
) -> Plan:
    wall_now = moment.replace(tzinfo=None)
    today = wall_now.date()
    hidden = connections // 60 if connections >= 60 else 0
    n_members = connections - hidden
    n_out = invitations // 4
    n_in = invitations - n_out
    n_pending = min(STORY_PENDING if pending is None else pending, n_in)
    pending_out = (n_out + 4) // 5
    accepted_in = min(n_in - n_pending, n_members)
    accepted_out = min(n_out - pending_out, n_members - accepted_in)
    # When there are too few connections to accept them all, the rest stay pending.
    n_pending = n_in - accepted_in
    pending_out = n_out - accepted_out

    def recent() -> datetime:
        return wall_now - timedelta(days=1 + rng.random() * (WINDOW_DAYS - 1))

    rows: list[Invitation] = []
    members: list[Member] = []
    for index in range(n_members):
        person = crowd.member()
        if index < accepted_in + accepted_out:
            sent = recent()
            person.connected_on = min(today, sent.date() + timedelta(days=rng.randrange(4)))
            # Accepted invitations rarely carried a note.
            note = ""
            if rng.random() < 0.03:
                note = rng.choice(PROFESSIONAL_NOTES).replace("{first}", OWNER.first)
            rows.append(Invitation(index < accepted_in, person.display, person.url, sent, note))
        else:
            person.connected_on = old_connection_date(rng, today)
        members.append(person)
    for _ in range(pending_out):
        stranger = crowd.member(middle_initial=True)
        rows.append(Invitation(False, stranger.display, stranger.url, recent()))
    cast: list[tuple[Requester, datetime]] = []
    for requester in CAST[: min(n_pending, STORY_PENDING)]:
        sent = wall_now - timedelta(
            days=requester.days_ago, hours=rng.randrange(1, 10), minutes=rng.randrange(60)
        )
        # A member without a slug shows up as a bare `/in` URL.
        url = "https://www.linkedin.com/in"
        if requester.slug:
            url = profile_url(requester.slug, encode=requester.encode_slug_in_invitations)
        note = requester.note.replace("{first}", OWNER.first)
        rows.append(Invitation(True, requester.display, url, sent, note))
        cast.append((requester, sent))
    for _ in range(n_pending - len(cast)):
        rows.append(_extra_pending(rng, crowd, recent()))
    members.sort(key=lambda m: m.connected_on or today, reverse=True)
    hidden_dates = sorted((old_connection_date(rng, today) for _ in range(hidden)), reverse=True)
    return Plan(members, hidden_dates, _in_linkedin_order(rng, rows), cast)


def _extra_pending(rng: random.Random, crowd: Crowd, sent: datetime) -> Invitation:
    """A generated pending requester beyond the story: mostly ordinary, some silent, some sales and crypto."""
    person = crowd.member(middle_initial=True)
    roll = rng.random()
    if roll < 0.10:
        note = BIZARRE_NOTES["sales"]
    elif roll < 0.13:
        note = BIZARRE_NOTES["crypto"]
    elif roll < 0.45:
        note = ""
    else:
        intro = rng.choice(NOTE_INTROS).format(
            position=person.position or "engineer", company=person.company or "a startup"
        )
        opener = rng.choice(NOTE_OPENERS).format(first=OWNER.first)
        note = f"{opener} {intro} {rng.choice(NOTE_REASONS)}{rng.choice(NOTE_CLOSERS)}"
    return Invitation(True, person.display, person.url, sent, note)


def _in_linkedin_order(rng: random.Random, rows: list[Invitation]) -> list[Invitation]:
    """All OUTGOING rows, then all INCOMING ones, each newest first with a few neighbours swapped."""
    ordered: list[Invitation] = []
    for incoming in (False, True):
        block = sorted((r for r in rows if r.incoming is incoming), key=lambda r: r.sent, reverse=True)
        for _ in range(min(20, len(block) // 10)):
            i = rng.randrange(len(block) - 1)
            block[i], block[i + 1] = block[i + 1], block[i]
        ordered.extend(block)
    return ordered


def _write_profile(out: IO[str], shape: Era) -> None:
    values = {
        "First Name": OWNER.first,
        "Last Name": OWNER.last,
        "Birth Date": "Aug 17",
        "Headline": "Engineering manager at Quillfield Software | calm on-call, kind code review",
        "Summary": "I lead teams that build calm, reliable software.\nOff hours: sea kayaking and sourdough.",
        "Industry": "Software Development",
        "Geo Location": "Rotterdam, South Holland, Netherlands",
        "Twitter Handles": "[marenbuilds]",
        "Websites": "[PERSONAL:https://maren.example.com,COMPANY:https://quillfield.example.com]",
        "Country": "Netherlands",
    }
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(shape.profile_header)
    writer.writerow([values.get(column, "") for column in shape.profile_header])


def _write_email_addresses(out: IO[str]) -> None:
    rows = [
        (OWNER.email, "Yes", "Yes", us_datetime(datetime(2019, 3, 14, 9, 2))),
        ("m.lindqvist@quillfield.example", "Yes", "No", us_datetime(datetime(2022, 11, 3, 16, 45))),
        ("maren.l@example.org", "No", "No", us_datetime(datetime(2024, 1, 8, 20, 7))),
    ]
    _write_without_final_newline(out, [EMAIL_ADDRESSES_HEADER, *rows])


def _write_connections(out: IO[str], shape: Era, plan: Plan) -> None:
    if shape.connections_preamble:
        out.write(CONNECTIONS_PREAMBLE)

    def when(day: date) -> str:
        return (
            us_datetime(datetime(day.year, day.month, day.day, 12, 0))
            if shape.connected_on_us
            else day_month_year(day)
        )

    rows: list[tuple[date, list[str]]] = []
    width = len(shape.connections_header)
    for person in plan.members:
        day = person.connected_on or date.min
        row = [
            person.first,
            person.last,
            person.url,
            person.email,
            person.company,
            person.position,
            when(day),
        ]
        if not shape.has_urls:
            del row[2]
        rows.append((day, row))
    rows.extend((day, [""] * (width - 1) + [when(day)]) for day in plan.hidden_dates)
    rows.sort(key=lambda item: item[0], reverse=True)
    _write_without_final_newline(out, [shape.connections_header, *(row for _, row in rows)])


def _write_invitations(out: IO[str], shape: Era, plan: Plan) -> None:
    owner = OWNER.display
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(shape.invitations_header)
    with_urls = len(shape.invitations_header) > 5
    for inv in plan.invitations:
        direction = "INCOMING" if inv.incoming else "OUTGOING"
        sender, receiver = (inv.name, owner) if inv.incoming else (owner, inv.name)
        row = [sender, receiver, us_datetime(inv.sent), inv.note, direction]
        if with_urls:
            row += [inv.url, OWNER.url] if inv.incoming else [OWNER.url, inv.url]
        writer.writerow(row)


def _write_without_final_newline(out: IO[str], rows: Iterable[Sequence[str]]) -> None:
    # LinkedIn ends Connections and Email Addresses without a newline after the last row.
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    out.write(buffer.getvalue().removesuffix("\n"))


@contextmanager
def _sink(result: Path, *, as_zip: bool, moment: datetime) -> Iterator[Callable[[str], IO[str]]]:
    """Yield `open_text(name)`: a writable text file in the folder, or a member of the zip."""
    if not as_zip:

        def open_file(name: str) -> IO[str]:
            return (result / name).open("w", encoding="utf-8", newline="")

        yield open_file
        return
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    with zipfile.ZipFile(result, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def open_member(name: str) -> IO[str]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            raw = archive.open(info, "w", force_zip64=True)
            return io.TextIOWrapper(raw, encoding="utf-8", newline="")

        yield open_member
