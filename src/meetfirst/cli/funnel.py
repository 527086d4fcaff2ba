"""`meetfirst funnel`: how many incoming requests reached each step, in total and per month."""

from __future__ import annotations

import typer
from rich.table import Table

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.core.funnel import KEYS, Funnel, FunnelCounts, conversions

_LABELS = {
    "requests": "Requests",
    "known": "Known",
    "bizarre": "Bizarre",
    "strangers": "Strangers",
    "replied": "Replied",
    "answered": "Answered",
    "collectors": "Collectors",
    "met": "Met",
    "relationships": "Relationships",
}


@app.command()
def funnel(as_json: bool = typer.Option(False, "--json", help="Print the funnel as JSON.")) -> None:
    """Show the funnel of incoming requests: triage, replies, answers, collectors; in total and per month."""
    from meetfirst.services import funnel as service

    report = service.funnel()
    if as_json:
        print_json(report.as_dict())
        return
    if not report.total.requests:
        console.print("No incoming request yet. Import your LinkedIn data with `meetfirst import PATH`.")
        return
    console.print(_total_table(report.total))
    console.print(_month_table(report))


def _total_table(counts: FunnelCounts) -> Table:
    table = Table(title="Funnel of incoming requests")
    table.add_column("Step")
    table.add_column("Count", justify="right")
    table.add_column("Conversion", justify="right")
    shares = {c.step: c for c in conversions(counts)}
    table.add_row(_LABELS["requests"], str(counts.requests), "")
    for key in KEYS[1:]:
        share = shares[key]
        shown = f"{share.percent:.1f}% of {share.base}" if share.percent is not None else "-"
        table.add_row(_LABELS[key], str(counts.get(key)), shown)
    return table


def _month_table(report: Funnel) -> Table:
    table = Table(title="Per month of the request")
    table.add_column("Month", no_wrap=True)
    for key in KEYS:
        table.add_column(_LABELS[key], justify="right")
    for month in report.months:
        table.add_row(month.month, *(str(month.counts.get(key)) for key in KEYS))
    return table
