"""Customers as people: `meetfirst customers`, `nudges` and `note`. The command line is the local admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.services import clock

if TYPE_CHECKING:
    from meetfirst.services.customers import CustomerSummary

COLOURS = {"green": "green", "amber": "yellow", "red": "red"}


def _line(c: CustomerSummary) -> str:
    touch = f"{c.last_human_touch:%Y-%m-%d}" if c.last_human_touch else "never"
    colour = COLOURS.get(c.band, "white")
    return (
        f"#{c.person_id} {escape(c.name)}: [{colour}]{c.score} {c.band}[/] {c.arrow}, "
        f"last human touch {touch}, {c.open_tickets} open ticket{'s' if c.open_tickets != 1 else ''}"
    )


@app.command("customers")
def customers_command(
    as_json: bool = typer.Option(False, "--json", help="Print the list as JSON."),
    team: str = typer.Option("", "--team", metavar="NAME", help="Only the customers this team serves."),
    search: str = typer.Option(
        "", "--search", help="Names or organizations with this text (with an @: e-mails)."
    ),
    limit: int = typer.Option(50, "--limit", min=1, help="How many to show, the worst health first."),
    page: int = typer.Option(1, "--page", min=1, help="Which page of --limit customers."),
) -> None:
    """Customers with their health (0-100, red, amber, green), the worst first, and what to do."""
    from meetfirst.services import customers

    listing = customers.customer_list(
        None, now=clock.now(), search=search, team=team, page=page, per_page=limit, refresh_limit=None
    )
    if as_json:
        print_json(listing.as_dict())
        return
    if not listing.items:
        console.print(
            "No customers yet: import tickets with `meetfirst import tickets.csv`.", highlight=False
        )
        return
    for c in listing.items:
        console.print(_line(c), highlight=False, soft_wrap=True)
        if c.nudge:
            console.print(f"    {escape(c.nudge)}", highlight=False, soft_wrap=True)
    if listing.has_next:
        console.print(
            f"[dim]{len(listing.items)} of {listing.total}: --page {listing.page + 1} for more.[/]",
            highlight=False,
        )


@app.command("nudges")
def nudges_command(
    as_json: bool = typer.Option(False, "--json", help="Print the nudges as JSON."),
    limit: int = typer.Option(50, "--limit", min=1, help="How many customers to show."),
) -> None:
    """Customers to reach out to, each nudge with its reason and a suggested action."""
    from meetfirst.services import customers

    found = customers.nudged(None, now=clock.now(), limit=limit, refresh_limit=None)
    if as_json:
        print_json(
            [
                {"id": c.person_id, "name": c.name, "score": c.score, "band": c.band, "nudges": c.nudges}
                for c in found
            ]
        )
        return
    if not found:
        console.print("No customer is waiting for you.", highlight=False)
        return
    for c in found:
        console.print(f"#{c.person_id} {escape(c.name)} ({c.score} {c.band})", highlight=False)
        for n in c.nudges:
            console.print(
                f"  - {escape(n['action'][:1].upper() + n['action'][1:])} [dim]({escape(n['reason'])})[/]",
                highlight=False,
                soft_wrap=True,
            )


@app.command("note")
def note_command(
    person: str = typer.Argument(..., help="Who: a person id, profile address or slug, e-mail, or name."),
    text: str = typer.Option(..., "--text", help="The note: their family, interests, what matters now..."),
    topic: str = typer.Option("other", "--topic", help="family, interests, now, it or other."),
    private: bool = typer.Option(False, "--private", help="Only the command line sees it, not the team."),
    as_json: bool = typer.Option(False, "--json", help="Print the note as JSON."),
) -> None:
    """Write a note on a customer's human needs (shared with the team unless --private)."""
    from meetfirst.services import audit, customer_notes
    from meetfirst.services.people import find_person

    who = find_person(person)
    note = customer_notes.add_note(
        None, who.pk, text=text, topic=topic, visibility="private" if private else "team", now=clock.now()
    )
    # The web app's changes are audited by its middleware; the command line says so itself.
    audit.record(action="note", person_id=who.pk, detail={"note": note.note_id, "topic": note.topic})
    if as_json:
        print_json(note.as_dict())
        return
    console.print(
        f"Noted on {escape(who.display_name)} ({note.topic_label}, {'private' if private else 'the team'}).",
        highlight=False,
    )
