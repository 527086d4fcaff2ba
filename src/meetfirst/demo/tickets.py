"""A small Zendesk-style ticket export for the demo: about forty customers of a three-group service desk.

Some customers are people of the demo's LinkedIn export (found by e-mail, or by name and company), so that
the demo shows one human across a connection, messages and tickets. Ratings are good and bad, a few tickets
are reopened, left open or kept waiting, and the first customers carry the stories that make nudges: many
tickets and no conversation, a bad rating this week, a ticket resolved last week.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

GROUPS = ("Service Desk", "Field Support", "Applications")
AGENTS = (
    ("Sam Ortega", "Service Desk"),
    ("Priya Natarajan", "Service Desk"),
    ("Tomasz Wójcik", "Field Support"),
    ("Leila Haddad", "Applications"),
)
HEADER = (
    "Id", "Requester", "Requester id", "Requester email", "Organization", "Assignee", "Group", "Subject",
    "Status", "Priority", "Via", "Created at", "Updated at", "Solved at", "Satisfaction Score",
    "Satisfaction Comment", "Reopens", "First reply time in minutes", "Requester wait time in minutes",
)  # fmt: skip
GOOD, BAD = "Good, I'm satisfied", "Bad, I'm unsatisfied"
SUBJECTS = (
    "Printer on floor 3 jams", "VPN drops every hour", "Laptop battery swells", "Cannot open shared drive",
    "New starter needs an account", "Password expired while abroad", "Teams calls have no sound",
    "Second monitor flickers", "Expense app crashes on upload", "Wi-Fi slow in meeting room B",
    "Phone not syncing mail", "Licence for the design tool", "Calendar invites arrive twice",
)  # fmt: skip
BAD_COMMENTS = ("Took a week and nobody called me back.", "Closed without asking me.", "")
FIRST = ("Dana", "Marcus", "Aiko", "Olu", "Sofia", "Henrik", "Yara", "Mateo", "Ines", "Kwame", "Lena", "Ravi",
         "Chloé", "Jonas", "Amara", "Felix", "Noor", "Pavel", "Greta", "Tariq")  # fmt: skip
LAST = ("Whitfield", "Okafor", "Tanaka", "Brandt", "Moreau", "Silva", "Nakamura", "Petrov", "Lindgren",
        "Mensah", "Quinn", "Duarte", "Kaur", "Berg", "Rossi")  # fmt: skip
COMPANIES = ("Northwind Legal", "Harbor Clinics", "Bluefin Logistics", "Maple Street School")


@dataclass(frozen=True, slots=True)
class Known:
    """A person of the LinkedIn export, as a customer: their name, e-mail (maybe empty) and company."""

    name: str
    email: str
    company: str


def known_people(export: Path, *, by_email: int = 4, by_name: int = 6) -> list[Known]:
    """Connections from the demo export's Connections.csv: some with an e-mail, some by name and company."""
    path = export / "Connections.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    start = next((i for i, row in enumerate(rows) if row[:2] == ["First Name", "Last Name"]), None)
    if start is None:
        return []
    people = [
        Known(f"{row[0]} {row[1]}".strip(), row[3].strip(), row[4].strip())
        for row in rows[start + 1 :]
        if len(row) >= 5 and row[0]
    ]
    with_email = [p for p in people if p.email][:by_email]
    by_company = [Known(p.name, "", p.company) for p in people if not p.email and p.company][:by_name]
    return with_email + by_company


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_tickets(
    target: Path, *, now: datetime, known: Sequence[Known] = (), customers: int = 40, seed: int = 7
) -> Path:
    """Write the ticket CSV to `target` (a file path); the same arguments always give the same bytes."""
    rng = random.Random(seed)
    people = list(known)
    names = {p.name for p in people}
    while len(people) < customers:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.add(name)
            email = name.lower().replace(" ", ".").replace("é", "e") + "@customer.example"
            people.append(Known(name, email, rng.choice(COMPANIES)))
    rows: list[tuple[object, ...]] = []
    number = 1000
    for index, person in enumerate(people):
        group = GROUPS[index % len(GROUPS)]  # a customer is served by one group, mostly by its agents
        agents = [name for name, home in AGENTS if home == group]
        for ticket in _tickets_of(index, rng, now):
            number += 1
            agent = rng.choice(agents) if rng.random() < 0.9 else rng.choice(AGENTS)[0]
            opened, solved, rating, reopens, wait = ticket
            status = "Solved" if solved is not None and solved <= now else rng.choice(("Open", "Pending"))
            comment = rng.choice(BAD_COMMENTS) if rating == BAD else ""
            rows.append(
                (number, person.name, 360_000 + index, person.email, person.company, agent, group,
                 rng.choice(SUBJECTS), status, rng.choice(("Low", "Normal", "Normal", "High")),
                 rng.choice(("Email", "Web form", "Phone", "Chat")), _stamp(opened),
                 _stamp(solved or opened + timedelta(hours=2)), _stamp(solved) if solved else "", rating,
                 comment, reopens, rng.randint(5, 240), wait)
            )  # fmt: skip
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return target


Ticket = tuple[datetime, datetime | None, str, int, int]


def _tickets_of(index: int, rng: random.Random, now: datetime) -> list[Ticket]:
    """A customer's tickets; the first three customers carry a nudge's story."""
    if index == 0:  # four tickets this quarter, every one solved, rated good
        return [(now - timedelta(days=d), now - timedelta(days=d - 1), GOOD, 0, 60) for d in (12, 30, 55, 80)]
    if index == 1:  # a bad rating two days ago, after a reopen and a long wait
        return [(now - timedelta(days=9), now - timedelta(days=2), BAD, 2, 2400)]
    if index == 2:  # resolved nine days ago: time to ask how it is going
        return [(now - timedelta(days=12), now - timedelta(days=9), GOOD, 0, 90)]
    found: list[Ticket] = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 5))):
        opened = now - timedelta(days=rng.uniform(1, 200))
        stale = rng.random() < 0.12
        solved = None if stale else min(now, opened + timedelta(hours=rng.uniform(1, 120)))
        roll = rng.random()
        rating = "" if solved is None else GOOD if roll < 0.5 else BAD if roll < 0.62 else "Offered"
        reopens = rng.choice((0, 0, 0, 0, 0, 0, 1, 2))
        wait = rng.randint(1500, 4000) if rng.random() < 0.1 else rng.randint(10, 600)
        found.append((opened, solved, rating, reopens, wait))
    return found
