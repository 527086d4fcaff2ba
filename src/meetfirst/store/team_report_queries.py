"""Aggregates for the team's mirror (see core.team_report), computed in SQL for every window at once.

Each query returns a handful of rows (one per window, per team or agent, per depth), never one per ticket:
with two million tickets the database does the counting. The SQL is shared by SQLite and PostgreSQL.
The fragments put into the SQL text come from the fixed maps below, never from input; values are parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Max

from meetfirst.core.team_report import (
    DEEP_TOUCHES,
    HUMAN_KINDS,
    UNNAMED_KINDS,
    DepthCount,
    Window,
    WindowCounts,
)
from meetfirst.store.models import Interaction, StaffProfile, Team, Ticket

# What a report is about: "all" (the whole desk), "team" (Ticket.team) or "agent" (Ticket.agent).
_SCOPE_SQL = {"all": "1 = 1", "team": "t.team_id = %s", "agent": "t.agent_id = %s"}
# How a query splits its counts: not at all, or into one line per team or per agent.
_GROUP_SQL = {"none": "0", "team": "t.team_id", "agent": "t.agent_id"}
# When a rating was given: the rating's own time, else the best time the export offered.
_RATED_AT = "COALESCE(t.rated_at, t.resolved_at, t.updated_at, t.opened_at)"
_HUMAN = ", ".join(["%s"] * len(HUMAN_KINDS))


@dataclass(frozen=True, slots=True)
class Scope:
    kind: str  # "all", "team", "agent"
    id: int | None = None

    def sql(self) -> tuple[str, list[Any]]:
        if self.kind not in _SCOPE_SQL:
            raise ValueError(f"no report scope {self.kind!r}")
        return _SCOPE_SQL[self.kind], [] if self.kind == "all" else [self.id]


def _at(moment: datetime) -> Any:
    """A datetime as this database compares it (SQLite keeps text, PostgreSQL a timestamp)."""
    return connection.ops.adapt_datetimefield_value(moment)


def _windows_cte(windows: Sequence[Window]) -> tuple[str, list[Any]]:
    rows = ", ".join(["(%s, %s, %s)"] * len(windows))
    params: list[Any] = []
    for index, window in enumerate(windows):
        params += [index, _at(window.starts), _at(window.ends)]
    return f"win(idx, starts, ends) AS (VALUES {rows})", params


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL's JIT compiles these aggregates for seconds before running them for milliseconds.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def served_counts(
    scope: Scope, windows: Sequence[Window], *, by: str = "none"
) -> dict[tuple[int, int], WindowCounts]:
    """Customers served, transactional customers and human touches, per (window index, line id).

    A customer is served in a window when a ticket of the scope was opened or updated in it; the line id
    is 0 unless `by` splits the counts per "team" or "agent" (tickets without one are left out then).
    """
    if not windows:
        return {}
    where, scope_params = scope.sql()
    group = _GROUP_SQL[by]
    cte, win_params = _windows_cte(windows)
    lowest = _at(min(w.starts for w in windows))
    highest = _at(max(w.ends for w in windows))
    # Human touches are read once per customer served (one index range each; MATERIALIZED keeps the
    # planner from probing once per customer and window), counted per window, then joined to the pairs.
    sql = f"""
        WITH {cte},
        served AS (
            SELECT DISTINCT w.idx AS idx, {group} AS line, t.person_id AS person_id
            FROM store_ticket t
            JOIN win w ON ((t.opened_at >= w.starts AND t.opened_at < w.ends)
                           OR (t.updated_at >= w.starts AND t.updated_at < w.ends))
            WHERE {where} AND {group} IS NOT NULL
              AND (t.opened_at >= %s OR t.updated_at >= %s) AND t.opened_at < %s
        ),
        human AS MATERIALIZED (
            SELECT i.person_id AS person_id, i.occurred_at AS occurred_at
            FROM store_interaction i
            WHERE i.person_id IN (SELECT person_id FROM served)
              AND i.kind IN ({_HUMAN}) AND i.bulk = %s AND i.occurred_at >= %s AND i.occurred_at < %s
        ),
        touched AS (
            SELECT w.idx AS idx, h.person_id AS person_id, COUNT(*) AS touches
            FROM human h JOIN win w ON h.occurred_at >= w.starts AND h.occurred_at < w.ends
            GROUP BY w.idx, h.person_id
        )
        SELECT s.idx, s.line, COUNT(*), SUM(CASE WHEN h.touches IS NULL THEN 1 ELSE 0 END),
               SUM(COALESCE(h.touches, 0))
        FROM served s LEFT JOIN touched h ON h.idx = s.idx AND h.person_id = s.person_id
        GROUP BY 1, 2
    """
    params = [*win_params, *scope_params, lowest, lowest, highest, *HUMAN_KINDS, False, lowest, highest]
    return {
        (int(idx), int(line)): WindowCounts(
            served=int(served), transactional=int(transactional or 0), human_touches=int(touches or 0)
        )
        for idx, line, served, transactional, touches in _fetch(sql, params)
    }


def rating_counts(
    scope: Scope, windows: Sequence[Window], *, by: str = "none"
) -> dict[tuple[int, int], tuple[int, int]]:
    """(rated, positive) ratings given in each window on the scope's tickets, per (window index, line id)."""
    if not windows:
        return {}
    where, scope_params = scope.sql()
    group = _GROUP_SQL[by]
    cte, win_params = _windows_cte(windows)
    sql = f"""
        WITH {cte}
        SELECT w.idx, {group}, COUNT(*), SUM(CASE WHEN t.satisfaction_positive THEN 1 ELSE 0 END)
        FROM store_ticket t JOIN win w ON {_RATED_AT} >= w.starts AND {_RATED_AT} < w.ends
        WHERE {where} AND {group} IS NOT NULL AND t.satisfaction_positive IS NOT NULL
          AND {_RATED_AT} >= %s AND {_RATED_AT} < %s
        GROUP BY 1, 2
    """
    lowest = _at(min(w.starts for w in windows))
    highest = _at(max(w.ends for w in windows))
    params = [*win_params, *scope_params, lowest, highest]
    return {
        (int(idx), int(line)): (int(rated), int(positive or 0))
        for idx, line, rated, positive in _fetch(sql, params)
    }


def depth_counts(scope: Scope, window: Window, *, depth_starts: datetime) -> list[DepthCount]:
    """Customers served in the window, grouped by human touches since `depth_starts` (capped) and named kind.

    Each group carries the ratings its customers gave on the scope's tickets in the window.
    """
    where, scope_params = scope.sql()
    unnamed = ", ".join(["%s"] * len(UNNAMED_KINDS))
    sql = f"""
        WITH served AS (
            SELECT DISTINCT t.person_id AS person_id FROM store_ticket t
            WHERE {where} AND ((t.opened_at >= %s AND t.opened_at < %s)
                               OR (t.updated_at >= %s AND t.updated_at < %s))
        ),
        depth AS (
            SELECT s.person_id AS person_id,
                   (SELECT COUNT(*) FROM (
                        SELECT 1 FROM store_interaction i
                        WHERE i.person_id = s.person_id AND i.kind IN ({_HUMAN}) AND i.bulk = %s
                          AND i.occurred_at >= %s AND i.occurred_at < %s
                        LIMIT {DEEP_TOUCHES}) AS capped) AS touches,
                   CASE WHEN LOWER(TRIM(p.relationship_kind)) IN ({unnamed}) THEN 0 ELSE 1 END AS named
            FROM served s JOIN store_person p ON p.id = s.person_id
        ),
        rated AS (
            SELECT t.person_id AS person_id, COUNT(*) AS rated,
                   SUM(CASE WHEN t.satisfaction_positive THEN 1 ELSE 0 END) AS positive
            FROM store_ticket t
            WHERE {where} AND t.satisfaction_positive IS NOT NULL AND {_RATED_AT} >= %s AND {_RATED_AT} < %s
            GROUP BY t.person_id
        )
        SELECT d.touches, d.named, COUNT(*), SUM(COALESCE(r.rated, 0)), SUM(COALESCE(r.positive, 0))
        FROM depth d LEFT JOIN rated r ON r.person_id = d.person_id
        GROUP BY d.touches, d.named
    """
    starts, ends = _at(window.starts), _at(window.ends)
    params = [
        *scope_params, starts, ends, starts, ends,
        *HUMAN_KINDS, False, _at(depth_starts), ends,
        *UNNAMED_KINDS,
        *scope_params, starts, ends,
    ]  # fmt: skip
    return [
        DepthCount(int(touches), bool(named), int(customers), int(rated or 0), int(positive or 0))
        for touches, named, customers, rated, positive in _fetch(sql, params)
    ]


def change_marker() -> tuple[int, int]:
    """The newest ticket and interaction ids: cheap (an index's last entry), and they move on every import."""
    ticket = Ticket.objects.aggregate(top=Max("pk"))["top"] or 0
    interaction = Interaction.objects.aggregate(top=Max("pk"))["top"] or 0
    return int(ticket), int(interaction)


# --- names -------------------------------------------------------------------------------------------


def team_names(*, ids: Sequence[int] | None = None) -> dict[int, str]:
    teams = Team.objects.all() if ids is None else Team.objects.filter(pk__in=ids)
    return dict(teams.order_by("name").values_list("pk", "name"))


def team_ids_of(*, user_id: int) -> list[int]:
    return list(Team.objects.filter(staff__user_id=user_id).order_by("name").values_list("pk", flat=True))


def team_id_by_name(*, name: str) -> int | None:
    found = Team.objects.filter(name__iexact=name.strip()).values_list("pk", flat=True).first()
    return int(found) if found is not None else None


def agent_names(*, ids: Sequence[int] | None = None, team_id: int | None = None) -> dict[int, str]:
    """Staff display names by user id (the username when there is none): the given ids, a team, or all."""
    profiles = StaffProfile.objects.select_related("user")
    if ids is not None:
        profiles = profiles.filter(user_id__in=ids)
    if team_id is not None:
        profiles = profiles.filter(teams__pk=team_id)
    names = {p.user_id: p.display_name or p.user.username for p in profiles}
    missing = [pk for pk in (ids or []) if pk not in names]
    if missing:
        names.update(dict(User.objects.filter(pk__in=missing).values_list("pk", "username")))
    return dict(sorted(names.items(), key=lambda item: item[1].casefold()))


def agent_id_by_username(*, username: str) -> int | None:
    found = User.objects.filter(username=username.strip()).values_list("pk", flat=True).first()
    return int(found) if found is not None else None
