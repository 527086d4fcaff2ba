"""The team's mirror: /team/report/ (the account's default report), /team/report/<team_id>/, an agent's
line with ?agent=<user id>, and the charts of each as SVG images."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from meetfirst.core.errors import NotFound
from meetfirst.core.team_report import DEPTH_HELP, Figures, TeamReport, percent
from meetfirst.services import team_report as service
from meetfirst.services.clock import now
from meetfirst.services.team_report import Choice
from meetfirst.web import team_charts
from meetfirst.web.http import HtmxRequest
from meetfirst.web.views.pages import SVG_POLICY

CHARTS: dict[str, Callable[[TeamReport], str]] = {
    "trend": lambda report: team_charts.trend_svg(report.months),
    "touches": lambda report: team_charts.touches_svg(report.months),
    "depth": lambda report: team_charts.depth_svg(report.depth),
}


def _choice(request: HtmxRequest, team_id: int | None) -> Choice:
    if team_id is not None:
        return service.choice_for(request.user, kind="team", id=team_id)
    agent = request.GET.get("agent", "").strip()
    if agent:
        if not agent.isdigit():
            raise NotFound(f"no agent {agent!r}")
        return service.choice_for(request.user, kind="agent", id=int(agent))
    return service.default_choice(request.user)


def _url(choice: Choice, name: str = "team-report", **query: str) -> str:
    if choice.kind == "team":
        base = reverse(f"{name}-team", kwargs={"team_id": choice.id})
    else:
        base = reverse(name)
        if choice.kind == "agent":
            query = {"agent": str(choice.id), **query}
    return f"{base}?{urlencode(query)}" if query else base


def _shown(figures: Figures) -> dict[str, Any]:
    """Figures as the page prints them: shares in percent, touches per customer with two decimals."""
    per_customer = figures.touches_per_customer
    return {
        "served": figures.served,
        "transactional": figures.transactional,
        "transactional_share": percent(figures.transactional_share),
        "human_touches": figures.human_touches,
        "touches_per_customer": "–" if per_customer is None else f"{per_customer:.2f}",
        "rated": figures.rated,
        "positive": figures.positive,
        "csat": percent(figures.csat),
    }


@require_GET
def report(request: HtmxRequest, team_id: int | None = None) -> HttpResponse:
    """The report, with a selector of every report this account may open (a plain GET form, no script)."""
    wanted = request.GET.get("scope", "").strip()
    if wanted:
        kind, _, ident = wanted.partition(":")
        if ident and not ident.isdigit():
            raise NotFound(f"no report {wanted!r}")
        choice = service.choice_for(request.user, kind=kind, id=int(ident) if ident else None)
        return HttpResponseRedirect(_url(choice))
    choice = _choice(request, team_id)
    data = service.report_for(request.user, choice, today=now().date())
    context = {
        "nav": "team-report",
        "report": data,
        "choice": choice,
        "choices": service.choices(request.user),
        "headline": _shown(data.headline),
        "months": [{"month": m.month, **_shown(m.figures)} for m in data.months],
        "depth": [
            {"line": line, "csat": percent(line.csat), "help": DEPTH_HELP[line.depth]} for line in data.depth
        ],
        "teams": [
            {"line": line, "url": _url(Choice("team", line.id, line.name)), **_shown(line.figures)}
            for line in data.teams
        ],
        "agents": [
            {"line": line, "url": _url(Choice("agent", line.id, line.name)), **_shown(line.figures)}
            for line in data.agents
        ],
        "charts": {which: _url(choice, "team-report-chart", chart=which) for which in CHARTS},
    }
    return render(request, "meetfirst/team_report.html", context)


@require_GET
def chart(request: HtmxRequest, team_id: int | None = None) -> HttpResponse:
    """One chart of a report as an SVG image: ?chart=trend|touches|depth."""
    draw = CHARTS.get(request.GET.get("chart", ""))
    if draw is None:
        raise NotFound("no such chart")
    choice = _choice(request, team_id)
    svg = draw(service.report_for(request.user, choice, today=now().date()))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_POLICY
    return response
