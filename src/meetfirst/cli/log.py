"""`meetfirst log PERSON`: record a message, call, meeting, e-mail or note by hand."""

from __future__ import annotations

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.services import clock
from meetfirst.services.policy import parse_user_time


@app.command("log")
def log_command(
    person: str = typer.Argument(..., help="Who: a person id, profile address or slug, e-mail, or name."),
    direction: str = typer.Option(..., "--direction", help="in (from them) or out (from you)."),
    channel: str = typer.Option(..., "--channel", help="linkedin, email, phone, in-person, ..."),
    kind: str = typer.Option(
        None, "--kind", help="message, call, meeting, email or note (default: from the channel)."
    ),
    text: str = typer.Option("", "--text", help="What was said, or a note about it."),
    at: str = typer.Option(
        None, "--at", metavar="TIME", help="When: ISO 8601 or 'YYYY-MM-DD HH:MM' in your zone (default: now)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Log a message, call, meeting, e-mail or note with someone; answers and replies move on at once."""
    # Services that touch the store are imported once Django is set up (the app's callback does it).
    from meetfirst.services.interactions import log_interaction

    moment = parse_user_time(at) if at else None
    logged = log_interaction(
        person, direction=direction, channel=channel, kind=kind, text=text, at=moment, now=clock.now()
    )
    if as_json:
        print_json(logged.as_dict())
        return
    arrow = "from" if logged.direction == "in" else "to"
    console.print(
        f"Logged a {logged.kind} {arrow} {escape(logged.person_name)} ({escape(logged.channel)}) "
        f"on {logged.occurred_at:%Y-%m-%d %H:%M} UTC.",
        highlight=False,
    )
    for request_id, stage in logged.requests:
        console.print(f"  request #{request_id}: {stage}", highlight=False)
