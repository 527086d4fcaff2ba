"""`meetfirst mirror`: the team's mirror, for the whole desk, a team or an agent."""

from __future__ import annotations

import time

import typer
from rich.markup import escape
from rich.table import Table

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.core.errors import BadInput
from meetfirst.core.team_report import DEPTH_HELP, Figures, Line, TeamReport, percent
from meetfirst.services import clock


@app.command("mirror")
def mirror(
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    team: str | None = typer.Option(None, "--team", help="The report of this team (by name)."),
    agent: str | None = typer.Option(None, "--agent", help="The report of this agent (by username)."),
    months: int = typer.Option(12, "--months", help="How many months the trend covers (1 to 36)."),
    warm: bool = typer.Option(
        False, "--warm", help="Compute every report now (desk, teams, agents), so the web shows them at once."
    ),
) -> None:
    """How transactional the team's relationships are: tickets-only share, human touches, CSAT by depth."""
    from meetfirst.services import team_report

    if warm:
        if team or agent or as_json:
            raise BadInput("--warm readies every report: leave out --team, --agent and --json")
        started = time.perf_counter()
        count = team_report.warm_reports(today=clock.now().date(), months=months)
        console.print(f"{count} reports ready in {time.perf_counter() - started:.1f} s", highlight=False)
        return
    choice = team_report.scope_by_names(team=team, agent=agent)
    report = team_report.build_report(choice, today=clock.now().date(), months=months)
    if as_json:
        print_json(report.as_dict())
        return
    _print(report)


def _per_customer(figures: Figures) -> str:
    value = figures.touches_per_customer
    return "–" if value is None else f"{value:.2f}"


def _print(report: TeamReport) -> None:
    head = report.headline
    console.print(
        f"[bold]The team's mirror: {escape(report.name)}[/], the 90 days ending {report.as_of}",
        highlight=False,
    )
    if not head.served:
        console.print("No customer was served in these 90 days.", highlight=False)
    else:
        console.print(
            f"{head.served} customers served; {percent(head.transactional_share)} had tickets only "
            f"({head.transactional}); {_per_customer(head)} human touches per customer; "
            f"CSAT {percent(head.csat)} of {head.rated} rated",
            highlight=False,
        )
    depth = Table(title="Satisfaction by depth of relationship")
    for column in ("Depth", "Meaning"):
        depth.add_column(column)
    for column in ("Customers", "Rated", "CSAT"):
        depth.add_column(column, justify="right")
    for row in report.depth:
        depth.add_row(row.depth, DEPTH_HELP[row.depth], str(row.customers), str(row.rated), percent(row.csat))
    console.print(depth)
    months = _figures_table("By month (each: the 90 days ending with it)", "Month")
    for month in report.months:
        _add(months, month.month, month.figures)
    console.print(months)
    for title, lines in (("Per team", report.teams), ("Per agent", report.agents)):
        if lines:
            console.print(_lines_table(title, lines))


def _figures_table(title: str, first: str) -> Table:
    table = Table(title=title)
    table.add_column(first, no_wrap=True)
    for column in ("Served", "Tickets only", "Touches/customer", "Rated", "CSAT"):
        table.add_column(column, justify="right")
    return table


def _add(table: Table, label: str, figures: Figures) -> None:
    table.add_row(
        escape(label),
        str(figures.served),
        percent(figures.transactional_share),
        _per_customer(figures),
        str(figures.rated),
        percent(figures.csat),
    )


def _lines_table(title: str, lines: list[Line]) -> Table:
    table = _figures_table(title, "Name")
    for line in lines:
        _add(table, line.name, line.figures)
    return table
