"""The team's mirror for the web page and `meetfirst mirror`: which reports an account may see, and the
reports themselves, computed once per scope, day and change in the data.

Who sees what: an admin sees the whole desk, every team and every agent. An agent or a viewer sees the
reports of their own teams and their own line, and, inside a team's report, only their own agent line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from meetfirst.core import team_report as core
from meetfirst.core.errors import BadInput, NotFound
from meetfirst.core.team_report import TeamReport
from meetfirst.services.team_access import role_of
from meetfirst.store import saved_reports
from meetfirst.store import team_report_queries as queries
from meetfirst.store.models import Role
from meetfirst.store.saved_reports import ReportKey
from meetfirst.store.team_queries import AnyUser
from meetfirst.store.team_report_queries import Scope

MAX_MONTHS = 36
# A report kept (in this process's cache and in the store) is found again by its scope, day and the newest
# ids; this bounds how long an import that only changed existing rows (same ids) takes to show.
CACHE_SECONDS = 600
# How long a request waits for another to finish computing the same report before computing it itself.
WAIT_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Choice:
    """A report an account may open: the whole desk, a team, or an agent's line."""

    kind: str
    id: int | None
    name: str

    @property
    def value(self) -> str:
        return self.kind if self.id is None else f"{self.kind}:{self.id}"


def choices(user: AnyUser) -> list[Choice]:
    """Every report this account may open, the whole desk first, then teams, then agents."""
    role = role_of(user)
    if not role:
        return []
    if role == Role.ADMIN:
        return _every_choice()
    user_id = int(str(user.pk))
    own = queries.team_ids_of(user_id=user_id)
    found = [Choice("team", pk, name) for pk, name in queries.team_names(ids=own).items()]
    mine = queries.agent_names(ids=[user_id])
    return [*found, Choice("agent", user_id, mine.get(user_id, str(user)))]


def _every_choice() -> list[Choice]:
    found = [Choice("all", None, "Whole desk")]
    found += [Choice("team", pk, name) for pk, name in queries.team_names().items()]
    found += [Choice("agent", pk, name) for pk, name in queries.agent_names().items()]
    return found


def warm_reports(*, today: date, months: int = 12) -> int:
    """Compute now, and keep, every report not kept yet (the whole desk, each team, each agent); how many."""
    found = _every_choice()
    for choice in found:
        build_report(choice, today=today, months=months)
    return len(found)


def default_choice(user: AnyUser) -> Choice:
    """The report a bare /team/report/ shows: the whole desk for an admin, else their first team."""
    found = choices(user)
    if not found:
        raise NotFound("no team report for this account")
    return found[0]


def choice_for(user: AnyUser, *, kind: str, id: int | None) -> Choice:
    """The report asked for, if this account may see it; NotFound (a 404) otherwise, as for a missing one."""
    for choice in choices(user):
        if choice.kind == kind and choice.id == id:
            return choice
    raise NotFound(f"no {kind} report {id}")


def report_for(user: AnyUser, choice: Choice, *, today: date, months: int = 12) -> TeamReport:
    """The report of `choice` as this account may see it: agent lines other than their own are left out."""
    report = build_report(choice, today=today, months=months)
    if role_of(user) == Role.ADMIN:
        return report
    own = [line for line in report.agents if line.id == user.pk]
    return replace(report, agents=own, teams=[])


def scope_by_names(*, team: str | None, agent: str | None) -> Choice:
    """For the CLI (the operator sees everything): the whole desk, or a team or agent named on the line."""
    if team and agent:
        raise BadInput("choose --team or --agent, not both")
    if team:
        team_id = queries.team_id_by_name(name=team)
        if team_id is None:
            raise NotFound(f"no team named {team!r}")
        return Choice("team", team_id, queries.team_names(ids=[team_id])[team_id])
    if agent:
        agent_id = queries.agent_id_by_username(username=agent)
        if agent_id is None:
            raise NotFound(f"no account named {agent!r}")
        return Choice("agent", agent_id, queries.agent_names(ids=[agent_id])[agent_id])
    return Choice("all", None, "Whole desk")


def build_report(choice: Choice, *, today: date, months: int = 12) -> TeamReport:
    """The report of a scope as of the end of `today`, computed once per scope, day and change in the data.

    Looked for in this process's cache, then in the store (where any process may have put it); a report
    nobody has yet is computed by one request while the others asking for it wait for it.
    """
    if not 1 <= months <= MAX_MONTHS:
        raise BadInput(f"the trend covers 1 to {MAX_MONTHS} months, not {months}")
    ticket_top, interaction_top = queries.change_marker()
    key = ReportKey(choice.value, months, today, f"{ticket_top}:{interaction_top}")
    memo_key = f"meetfirst:team-report:{key.text()}"
    report = cache.get(memo_key)
    if not isinstance(report, TeamReport):
        report, made_at = _saved_or_computed(choice, key)
        # Kept here no longer than in the store, counted from when it was made.
        age = (timezone.now() - made_at).total_seconds()
        cache.set(memo_key, report, max(1, int(CACHE_SECONDS - age)))
    return replace(report, name=choice.name)


def _saved_or_computed(choice: Choice, key: ReportKey) -> tuple[TeamReport, datetime]:
    made_since = timezone.now() - timedelta(seconds=CACHE_SECONDS)
    found = saved_reports.saved_report(key=key, made_since=made_since)
    if found is not None:
        return core.from_record(found[0]), found[1]
    with saved_reports.single_flight(f"team-report:{key.text()}", wait_seconds=WAIT_SECONDS) as held:
        # Whoever held the lock before us may have just saved it.
        found = saved_reports.saved_report(key=key, made_since=made_since) if held else None
        if found is not None:
            return core.from_record(found[0]), found[1]
        report = _compute(choice, today=key.day, months=key.months)
        made_at = timezone.now()
        saved_reports.save_report(
            key=key,
            payload=core.to_record(report),
            made_at=made_at,
            prune_before=made_at - timedelta(seconds=CACHE_SECONDS),
        )
        return report, made_at


def _compute(choice: Choice, *, today: date, months: int) -> TeamReport:
    scope = Scope(choice.kind, choice.id)
    windows = core.month_windows(today, months)
    served = queries.served_counts(scope, windows)
    ratings = queries.rating_counts(scope, windows)
    counts = {
        window.label: _counts(served.get((index, 0)), ratings.get((index, 0)))
        for index, window in enumerate(windows)
    }
    current = core.current_window(today)
    depth = queries.depth_counts(scope, current, depth_starts=current.ends - timedelta(days=core.DEPTH_DAYS))
    trend = core.trend(windows, counts)
    teams = _lines(scope, current, "team", queries.team_names()) if choice.kind == "all" else []
    # Every staff member on the whole desk, a team's members in a team, so that idle ones show too.
    members = queries.agent_names(team_id=choice.id) if choice.kind == "team" else queries.agent_names()
    agents = _lines(scope, current, "agent", members) if choice.kind in ("all", "team") else []
    return TeamReport(
        scope=choice.kind,
        scope_id=choice.id,
        name=choice.name,
        as_of=today,
        headline=trend[-1].figures,
        depth=core.depth_table(depth),
        months=trend,
        teams=teams,
        agents=agents,
    )


def _counts(served: core.WindowCounts | None, ratings: tuple[int, int] | None) -> core.WindowCounts:
    served = served or core.WindowCounts()
    rated, positive = ratings or (0, 0)
    return replace(served, rated=rated, positive=positive)


def _lines(scope: Scope, window: core.Window, by: str, known: dict[int, str]) -> list[core.Line]:
    """One line per team or agent with figures for the window: the known ones, and any other with tickets."""
    served = queries.served_counts(scope, [window], by=by)
    ratings = queries.rating_counts(scope, [window], by=by)
    ids = set(known) | {line for _, line in served} | {line for _, line in ratings}
    names = dict(known)
    unknown = [pk for pk in ids if pk not in names]
    if unknown:
        names.update(queries.team_names(ids=unknown) if by == "team" else queries.agent_names(ids=unknown))
    lines = [
        core.Line(
            by, pk, names.get(pk, f"#{pk}"), core.figures(_counts(served.get((0, pk)), ratings.get((0, pk))))
        )
        for pk in ids
    ]
    return sorted(lines, key=lambda line: (line.name.casefold(), line.id))
