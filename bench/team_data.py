"""Seed data for the team web benchmark (issue 6): customers, teams, agents, tickets, ratings and touches.

Fills an already migrated PostgreSQL store with plain INSERT ... SELECT over generate_series, so that two
million tickets take minutes rather than hours; PostgreSQL only. The data is deterministic (fixed seed)
and dated from BENCH_NOW:

- `teams` teams; `agents_per_team` agents in each (auth users with AGENT_PASSWORD, StaffProfile role
  agent) and one admin (ADMIN_USERNAME, superuser, role admin);
- `customers` people, each with an e-mail and a ticket-system identity, served by one team (every
  seventh customer by a second team too);
- `tickets` tickets spread over two years, skewed so that a few customers have hundreds of tickets and
  most have a handful, each handled by an agent of the customer's first team, with its `ticket:<key>`
  interaction; a fifth of the closed tickets rated (1 to 5, reopened tickets worse) with a
  `rating:<key>` interaction;
- human touches (e-mails, calls, meetings, messages) on a share of the customers that differs by team,
  from a fifth of the first team's customers to two thirds of the last one's, and notes on human needs on
  every eighth customer (a third of them private to their author).

seed() runs inside the caller's transaction on a Django cursor, so that the tests can seed the test
database and roll back. The marker table records what was seeded, so the benchmark can keep its database.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from machine import BENCH_NOW

# Bumped whenever the shape of the seeded data changes, so that an older database is seeded again.
SEED_VERSION = 1
AGENT_PASSWORD = "bench-agent-password"
ADMIN_USERNAME = "bench-admin"
MARKER_TABLE = "bench_team_marker"
SOURCE = "bench-team"

TEAM_NAMES = [
    "Service Desk",
    "Field Support",
    "Network",
    "Identity and Access",
    "Workplace",
    "Business Applications",
    "Security Operations",
    "Data Platform",
    "Procurement",
    "Onboarding",
]
FIRST_NAMES = [
    "Dana",
    "Alex",
    "Sam",
    "Priya",
    "Jonas",
    "Mei",
    "Omar",
    "Lena",
    "Tomás",
    "Aisha",
    "Marco",
    "Yuki",
    "Sven",
    "Chloé",
    "Ravi",
    "Ines",
    "Kofi",
    "Hanna",
    "Luca",
    "Noor",
    "Pavel",
    "Sofia",
    "Ahmed",
    "Greta",
    "Diego",
    "Amara",
    "Felix",
    "Ana",
    "Jamal",
    "Olga",
    "Theo",
    "Leila",
    "Nils",
    "Rosa",
    "Kenji",
    "Eva",
    "Malik",
    "Ida",
    "Hugo",
    "Zara",
]
LAST_NAMES = [
    "Reyes",
    "Novak",
    "Okafor",
    "Schmidt",
    "Tanaka",
    "Haddad",
    "Larsen",
    "Moreau",
    "Costa",
    "Ivanova",
    "Brennan",
    "Kowalski",
    "Nguyen",
    "Ferreira",
    "Lindqvist",
    "Mensah",
    "Dubois",
    "Rossi",
    "Petrov",
    "Jansen",
    "Ortiz",
    "Wagner",
    "Ali",
    "Byrne",
    "Svensson",
    "Kaur",
    "Fischer",
    "Silva",
    "Horvat",
    "Murphy",
    "Yilmaz",
    "Berg",
    "Lopez",
    "Weber",
    "Nakamura",
    "Osei",
    "Keller",
    "Conti",
    "Park",
    "Andersen",
    "Walsh",
    "Marin",
    "Roth",
    "Abadi",
    "Vogel",
    "Santos",
    "Hughes",
    "Lund",
    "Rahman",
    "Klein",
]
COMPANIES = [
    "Finance",
    "Human Resources",
    "Sales",
    "Marketing",
    "Legal",
    "Engineering",
    "Operations",
    "Customer Care",
    "Logistics",
    "Research",
]
SUBJECTS = [
    "Cannot log in after password change",
    "Laptop very slow since update",
    "VPN drops every few minutes",
    "Request access to shared drive",
    "Printer on floor 3 jams",
    "New starter needs an account",
    "Outlook keeps asking for credentials",
    "Phone not syncing mail",
    "Monitor flickers",
    "Software install request",
    "Wi-Fi weak in meeting room",
    "MFA device lost",
]
CHANNELS = ["email", "web", "phone", "chat"]
PRIORITIES = ["low", "normal", "normal", "high"]
TOUCH_KINDS = ["email", "email", "call", "meeting", "message"]
NOTE_TOPICS = ["family", "interests", "now", "it", "other"]
NOTE_TEXTS = [
    "Two kids at primary school; mornings before nine are hard for calls.",
    "Runs marathons; ask how the spring race went.",
    "Moving the team to the new building next quarter, worried about downtime.",
    "Prefers a phone call to long e-mails.",
    "Back from parental leave in March.",
    "Keen photographer; uses a second monitor for editing at home.",
]
COMMENTS = ["Quick and friendly, thanks!", "Took too long.", "Solved at once.", "Had to call twice."]


@dataclass(frozen=True)
class Sizes:
    customers: int = 100_000
    tickets: int = 2_000_000
    teams: int = 10
    agents_per_team: int = 5

    @property
    def agents(self) -> int:
        return self.teams * self.agents_per_team


FULL = Sizes()
QUICK = Sizes(customers=5_000, tickets=100_000)


def agent_username(number: int) -> str:
    """The login of agent `number` (1-based); agents 1..agents_per_team serve the first team, and so on."""
    return f"agent{number:02d}"


def _base(cursor: Any, table: str) -> int:
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
    return int(cursor.fetchone()[0])


def _catch_up_sequence(cursor: Any, table: str) -> None:
    """Rows were inserted with explicit ids: move the id sequence past them."""
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")


def _superuser(cursor: Any) -> bool:
    cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    row = cursor.fetchone()
    return bool(row and row[0])


def seed(cursor: Any, sizes: Sizes, *, password_hash: str, now: datetime = BENCH_NOW) -> dict[str, Any]:
    """Insert the whole data set in the caller's transaction; return the seconds each part took."""
    timings: dict[str, float] = {}
    if _superuser(cursor):
        # Every row points at rows this function has just written: skip the foreign-key triggers (a third
        # of the time). Only a superuser may; the tests' smaller seeds do without.
        cursor.execute("SET LOCAL session_replication_role = replica")
    cursor.execute("SELECT setseed(0.42)")
    p = {
        "now": now,
        "customers": sizes.customers,
        "tickets": sizes.tickets,
        "teams": sizes.teams,
        "apt": sizes.agents_per_team,
        "agents": sizes.agents,
        "hash": password_hash,
        "src": SOURCE,
        "first": FIRST_NAMES,
        "last": LAST_NAMES,
        "companies": COMPANIES,
        "subjects": SUBJECTS,
        "channels": CHANNELS,
        "priorities": PRIORITIES,
        "touch_kinds": TOUCH_KINDS,
        "topics": NOTE_TOPICS,
        "notes": NOTE_TEXTS,
        "comments": COMMENTS,
        "team_names": [TEAM_NAMES[i] if i < len(TEAM_NAMES) else f"Team {i + 1}" for i in range(sizes.teams)],
    }
    p["tb"] = _base(cursor, "store_team")
    p["ub"] = _base(cursor, "auth_user")
    p["sb"] = _base(cursor, "store_staffprofile")
    p["pb"] = _base(cursor, "store_person")
    p["kb"] = _base(cursor, "store_ticket")

    def step(name: str, *statements: str) -> None:
        started = time.perf_counter()
        for sql in statements:
            cursor.execute(sql, p)
        timings[name] = round(time.perf_counter() - started, 1)

    step("staff", *_STAFF)
    step("customers", *_CUSTOMERS)
    for table in ("store_team", "auth_user", "store_staffprofile", "store_person"):
        _catch_up_sequence(cursor, table)
    # Filling a table and then building its indexes is several times faster than growing the indexes row by
    # row once they no longer fit in memory.
    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
    rebuild = _drop_indexes(cursor, "store_ticket") + _drop_indexes(cursor, "store_interaction")
    step("tickets", _TICKETS)
    _catch_up_sequence(cursor, "store_ticket")
    step("ticket_interactions", _TICKET_INTERACTIONS)
    step("touches_and_notes", _TOUCHES, _NOTES)
    started = time.perf_counter()
    for sql in rebuild:
        cursor.execute(sql)
    timings["indexes"] = round(time.perf_counter() - started, 1)
    return timings


def _drop_indexes(cursor: Any, table: str) -> list[str]:
    """Drop a table's unique constraints and secondary indexes; return the statements that rebuild them."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
        " WHERE conrelid = %s::regclass AND contype = 'u'",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
        " WHERE x.indrelid = %s::regclass AND NOT x.indisprimary"
        " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        [table],
    )
    indexes = cursor.fetchall()
    rebuild = []
    for name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for name, definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
        rebuild.append(definition)
    return rebuild


# Team t (1-based) is team id tb + t; customer n (1-based) is person id pb + n, first served by team
# ((n - 1) % teams) + 1; agent a (1-based) is user id ub + a and serves team ((a - 1) / apt) + 1.
_STAFF = (
    """INSERT INTO store_team (id, name, created_at)
       SELECT %(tb)s + t, (%(team_names)s::text[])[t], %(now)s FROM generate_series(1, %(teams)s) t""",
    """INSERT INTO auth_user (id, password, last_login, is_superuser, username, first_name, last_name, email,
                              is_staff, is_active, date_joined)
       SELECT %(ub)s + a, %(hash)s, NULL, a > %(agents)s,
              CASE WHEN a > %(agents)s THEN 'bench-admin' ELSE 'agent' || lpad(a::text, 2, '0') END,
              CASE WHEN a > %(agents)s THEN 'Bench' ELSE 'Agent' END,
              CASE WHEN a > %(agents)s THEN 'Admin' ELSE lpad(a::text, 2, '0') END,
              CASE WHEN a > %(agents)s THEN 'admin@desk.example' ELSE 'agent' || a || '@desk.example' END,
              a > %(agents)s, true, %(now)s
       FROM generate_series(1, %(agents)s + 1) a""",
    """INSERT INTO store_staffprofile (id, user_id, role, display_name, email, name_key, imported, created_at)
       SELECT %(sb)s + a, %(ub)s + a, CASE WHEN a > %(agents)s THEN 'admin' ELSE 'agent' END,
              CASE WHEN a > %(agents)s THEN 'Bench Admin' ELSE 'Agent ' || lpad(a::text, 2, '0') END,
              CASE WHEN a > %(agents)s THEN 'admin@desk.example' ELSE 'agent' || a || '@desk.example' END,
              CASE WHEN a > %(agents)s THEN 'bench admin' ELSE 'agent ' || lpad(a::text, 2, '0') END,
              false, %(now)s
       FROM generate_series(1, %(agents)s + 1) a""",
    """INSERT INTO store_staffprofile_teams (staffprofile_id, team_id)
       SELECT %(sb)s + a, %(tb)s + (a - 1) / %(apt)s + 1 FROM generate_series(1, %(agents)s) a""",
)

_CUSTOMERS = (
    """INSERT INTO store_person (id, display_name, first_name, last_name, name_key, company, position,
                                 headline, location, is_connection, relationship_kind, staff_sentiment,
                                 created_at, updated_at)
       SELECT %(pb)s + n, f || ' ' || l, f, l, lower(f || ' ' || l), c, '', '', '', false, '',
              CASE n %% 20 WHEN 0 THEN 'at-risk' WHEN 1 THEN 'neutral' WHEN 2 THEN 'healthy' ELSE '' END,
              %(now)s - interval '800 days', %(now)s - interval '800 days'
       FROM (SELECT n,
                    (%(first)s::text[])[1 + n %% cardinality(%(first)s::text[])] AS f,
                    (%(last)s::text[])[1 + (n * 7 / 3) %% cardinality(%(last)s::text[])] AS l,
                    (%(companies)s::text[])[1 + (n / 11) %% cardinality(%(companies)s::text[])] AS c
             FROM generate_series(1, %(customers)s) n) s""",
    """INSERT INTO store_identity (person_id, kind, value, source, created_at)
       SELECT %(pb)s + n, 'email', 'customer' || n || '@customers.example', %(src)s, %(now)s
       FROM generate_series(1, %(customers)s) n
       UNION ALL
       SELECT %(pb)s + n, 'external', 'bench:' || n, %(src)s, %(now)s
       FROM generate_series(1, %(customers)s) n""",
    """INSERT INTO store_person_teams (person_id, team_id)
       SELECT %(pb)s + n, %(tb)s + (n - 1) %% %(teams)s + 1 FROM generate_series(1, %(customers)s) n
       UNION ALL
       SELECT %(pb)s + n, %(tb)s + n %% %(teams)s + 1 FROM generate_series(1, %(customers)s) n
       WHERE n %% 7 = 0 AND %(teams)s > 1""",
)

# A ticket's customer is drawn with power(random(), 1.6): the first customers have hundreds of tickets,
# the median one a handful. Reopened tickets (6%) rate 1 or 2; others rate ceil(5 * r^0.4), mostly 4-5.
_TICKETS = """
INSERT INTO store_ticket (id, key, system, external_id, person_id, team_id, agent_id, subject, status,
                          priority, channel, opened_at, updated_at, resolved_at, closed_at, reopens,
                          first_reply_minutes, requester_wait_minutes, satisfaction_raw, satisfaction_value,
                          satisfaction_min, satisfaction_max, satisfaction_positive, satisfaction_comment,
                          rated_at, revision, source)
SELECT %(kb)s + k, 'bench:' || k, 'bench', k::text, %(pb)s + n, %(tb)s + team,
       %(ub)s + (team - 1) * %(apt)s + 1 + k %% %(apt)s,
       (%(subjects)s::text[])[1 + k %% cardinality(%(subjects)s::text[])],
       CASE WHEN is_open THEN 'open' ELSE 'closed' END,
       (%(priorities)s::text[])[1 + (k / 3) %% 4], (%(channels)s::text[])[1 + (k / 7) %% 4],
       opened, opened + interval '2 hours', resolved,
       CASE WHEN is_open THEN NULL ELSE least(resolved + interval '4 days', %(now)s) END,
       reopens, 5 + r2 * 240, 30 + r3 * 3000,
       CASE WHEN rated THEN score::text ELSE '' END, CASE WHEN rated THEN score END,
       CASE WHEN rated THEN 1 END, CASE WHEN rated THEN 5 END, CASE WHEN rated THEN score >= 4 END,
       CASE WHEN rated AND k %% 4 = 0 THEN (%(comments)s::text[])[1 + (k / 4) %% 4] ELSE '' END,
       CASE WHEN rated THEN resolved + interval '1 day' END, '', %(src)s
FROM (
    SELECT k, n, team, opened, r2, r3, is_open, reopens, score,
           CASE WHEN is_open THEN NULL ELSE opened + r2 * interval '72 hours' END AS resolved,
           NOT is_open AND k %% 5 = 0 AND opened < %(now)s - interval '5 days' AS rated
    FROM (
        SELECT k, n, (n - 1) %% %(teams)s + 1 AS team, opened, r2, r3,
               opened > %(now)s - interval '10 days' AND r2 < 0.6 AS is_open,
               CASE WHEN r3 < 0.05 THEN 1 WHEN r3 < 0.06 THEN 2 ELSE 0 END AS reopens,
               CASE WHEN r3 < 0.06 THEN 1 + floor(r4 * 2)::int
                    ELSE greatest(1, ceil(5 * power(r4, 0.4))::int) END AS score
        FROM (
            SELECT k, 1 + least(%(customers)s - 1, floor(%(customers)s * power(random(), 1.6))::int) AS n,
                   %(now)s - random() * interval '730 days' AS opened,
                   random() AS r2, random() AS r3, random() AS r4
            FROM generate_series(1, %(tickets)s) k
        ) drawn
    ) shaped
) t"""

_TICKET_INTERACTIONS = """
INSERT INTO store_interaction (person_id, kind, direction, channel, occurred_at, subject, text,
                               conversation_id, source, bulk, key, created_at)
SELECT person_id, 'ticket', 'in', channel, opened_at, subject, '', '', %(src)s, false, 'ticket:' || key,
       %(now)s
FROM store_ticket WHERE id > %(kb)s
UNION ALL
SELECT person_id, 'rating', 'in', channel, rated_at, subject,
       satisfaction_raw
       || CASE WHEN satisfaction_comment <> '' THEN ' - ' || satisfaction_comment ELSE '' END,
       '', %(src)s, false, 'rating:' || key, %(now)s
FROM store_ticket WHERE id > %(kb)s AND rated_at IS NOT NULL"""

# Customer n is touched by a human when a hash of n falls under its team's share (20% for the first team,
# 65% for the tenth), one to seven times over two years.
_TOUCHES = """
INSERT INTO store_interaction (person_id, kind, direction, channel, occurred_at, subject, text,
                               conversation_id, source, bulk, key, created_at)
SELECT %(pb)s + n, kind, CASE WHEN j %% 3 = 0 THEN 'in' ELSE 'out' END,
       CASE kind WHEN 'message' THEN 'teams' WHEN 'call' THEN 'phone' ELSE kind END,
       %(now)s - random() * interval '730 days', 'Catching up', 'How are things going?', '', %(src)s, false,
       'bench-touch:' || n || ':' || j, %(now)s
FROM (
    SELECT n, j, (%(touch_kinds)s::text[])[1 + (n + j) %% cardinality(%(touch_kinds)s::text[])] AS kind
    FROM generate_series(1, %(customers)s) n, generate_series(1, 1 + (n * 31) %% 7) j
    WHERE (n * 7919) %% 100 < 20 + 5 * ((n - 1) %% %(teams)s)
) touched"""

_NOTES = """
INSERT INTO store_customernote (person_id, author_id, topic, visibility, text, created_at, updated_at)
SELECT %(pb)s + n, %(ub)s + ((n - 1) %% %(teams)s) * %(apt)s + 1 + n %% %(apt)s,
       (%(topics)s::text[])[1 + (n / 8) %% 5], CASE WHEN n %% 3 = 0 THEN 'private' ELSE 'team' END,
       (%(notes)s::text[])[1 + (n / 8) %% cardinality(%(notes)s::text[])],
       %(now)s - (n %% 700) * interval '1 day', %(now)s - (n %% 700) * interval '1 day'
FROM generate_series(1, %(customers)s) n WHERE n %% 8 = 3"""


# -- the marker: what this database holds -----------------------------------------------------------------


def marker(sizes: Sizes) -> dict[str, Any]:
    return {"version": SEED_VERSION, **asdict(sizes)}


def write_marker(cursor: Any, sizes: Sizes, timings: dict[str, Any]) -> None:
    cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (id int PRIMARY KEY, data jsonb NOT NULL)")
    data = {**marker(sizes), "timings": timings}
    cursor.execute(
        f"INSERT INTO {MARKER_TABLE} (id, data) VALUES (1, %s)"
        " ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data",
        [json.dumps(data)],
    )


def read_marker(cursor: Any) -> dict[str, Any] | None:
    """What the database says it holds, or None when it holds no finished seed."""
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [MARKER_TABLE])
    if not cursor.fetchone()[0]:
        return None
    cursor.execute(f"SELECT data FROM {MARKER_TABLE} WHERE id = 1")
    row = cursor.fetchone()
    if not row:
        return None
    data = row[0]
    return dict(json.loads(data) if isinstance(data, str) else data)


def matches(found: dict[str, Any] | None, sizes: Sizes) -> bool:
    return found is not None and all(found.get(k) == v for k, v in marker(sizes).items())
