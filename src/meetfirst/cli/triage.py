"""`meetfirst triage` and `meetfirst decide`: pending requests with their verdicts, and your own word."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from meetfirst.cli.main import app
from meetfirst.cli.output import console, err_console, print_json
from meetfirst.core.clock import local_zone

if TYPE_CHECKING:
    from datetime import tzinfo

    from meetfirst.services.triage import PendingItem

_STYLE = {"known": "green", "stranger": "yellow", "bizarre": "red"}
NOTE_WIDTH = 120


@app.command()
def triage(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    verdict: str = typer.Option(
        None, "--verdict", metavar="V", help="Only requests judged V: known, stranger or bizarre."
    ),
    rerun: bool = typer.Option(False, "--rerun", help="Run the rules again first; your own decisions stay."),
) -> None:
    """List pending connection requests, newest first, with each verdict and its reasons."""
    from meetfirst.services import clock
    from meetfirst.services import triage as service
    from meetfirst.services.policy import load_policy

    if rerun:
        changed = service.retriage(now=clock.now())
        # Keep stdout pure JSON when JSON was asked for.
        (err_console if as_json else console).print(
            f"Re-triaged: {changed} verdict(s) changed.", highlight=False
        )
    items = service.pending(verdict=verdict)
    if as_json:
        print_json([item.as_dict() for item in items])
        return
    if not items:
        console.print("No pending request." if verdict is None else f"No pending request judged {verdict}.")
        return
    console.print(_table(items, local_zone(load_policy().timezone)))
    console.print(_summary(items), highlight=False)
    console.print("Overrule a verdict with `meetfirst decide ID known|stranger|bizarre`.", style="dim")


@app.command()
def decide(
    request_id: int = typer.Argument(
        ..., metavar="ID", help="The request id, as `meetfirst triage` shows it."
    ),
    verdict: str = typer.Argument(..., metavar="VERDICT", help="known, stranger or bizarre."),
) -> None:
    """Give your own verdict on a request: known, stranger or bizarre. It holds over the rules for good."""
    from meetfirst.services import clock
    from meetfirst.services import triage as service

    request = service.decide(request_id, verdict, now=clock.now())
    name = escape(request.person.display_name)
    shown = f"[{_STYLE[request.verdict]}]{request.verdict}[/]"
    console.print(f"#{request.pk} {name}: {shown} (your decision; stage {request.stage}).", highlight=False)


def _table(items: list[PendingItem], zone: tzinfo) -> Table:
    table = Table(show_lines=True)
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Name")
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Why")
    table.add_column("Received", no_wrap=True)
    table.add_column("Note")
    for item in items:
        if item.verdict:
            shown = f"[{_STYLE.get(item.verdict, '')}]{item.verdict}[/]" + (" (you)" if item.by_user else "")
        else:
            shown = "[dim]not yet[/]"
        name = escape(item.name) + (f"\n[dim]{escape(item.profile_url)}[/]" if item.profile_url else "")
        note = item.note if len(item.note) <= NOTE_WIDTH else item.note[: NOTE_WIDTH - 1] + "…"
        table.add_row(
            str(item.id),
            name,
            shown,
            escape("\n".join(item.reasons)),
            f"{item.received_at.astimezone(zone):%Y-%m-%d}",
            escape(note),
        )
    return table


def _summary(items: list[PendingItem]) -> str:
    counts = Counter(item.verdict or "not triaged" for item in items)
    parts = [f"{counts[v]} {v}" for v in ("known", "stranger", "bizarre", "not triaged") if counts[v]]
    return f"{len(items)} pending request(s): " + ", ".join(parts) + "."
