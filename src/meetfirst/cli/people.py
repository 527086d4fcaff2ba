"""`meetfirst people kind|show`: name a relationship, and see where it came from."""

from __future__ import annotations

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.core.relationships import KINDS
from meetfirst.services import clock

people_app = typer.Typer(help="Relationships: what someone is to you, and where it came from.")
app.add_typer(people_app, name="people", no_args_is_help=True)

_PERSON_HELP = "Who: a person id, profile address or slug, e-mail, or name."


@people_app.command("kind")
def kind(
    person: str = typer.Argument(..., help=_PERSON_HELP),
    what: str = typer.Argument(..., metavar="KIND", help=f"{', '.join(KINDS)}, or a word of your own."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Name the relationship with someone (friend, mentor, ... or your own word)."""
    from meetfirst.services import relationships

    who = relationships.set_kind(person, what, now=clock.now())
    if as_json:
        print_json(
            {
                "id": who.pk,
                "name": who.display_name,
                "kind": who.relationship_kind,
                "since": who.relationship_since,
            }
        )
        return
    console.print(
        f"{escape(who.display_name)} is your {escape(who.relationship_kind)}"
        + (f" since {who.relationship_since:%Y-%m}" if who.relationship_since else "")
        + ".",
        highlight=False,
    )


@people_app.command("show")
def show(
    person: str = typer.Argument(..., help=_PERSON_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the relationship as JSON."),
) -> None:
    """Show a relationship: its origin story, meetings, what was shared and follow-ups."""
    from meetfirst.services import relationships

    found = relationships.relationship(person)
    if as_json:
        print_json(found.as_dict())
        return
    title = f"#{found.person_id} {escape(found.name)}" + (f" ({escape(found.kind)})" if found.kind else "")
    console.rule(title, align="left")
    console.print(f"Origin: {escape(found.story)}", highlight=False, soft_wrap=True)
    if found.reminder:
        console.print(f"[bold]Reminder:[/] {escape(found.reminder.text)}", highlight=False)
    for meeting in found.meetings:
        when = f"{meeting.when:%Y-%m-%d %H:%M} UTC" if meeting.when else "-"
        console.print(f"Meeting #{meeting.id}: {meeting.status}, {when}", highlight=False)
    for note in found.notes:
        console.print(f"Notes of {note.written_at:%Y-%m-%d}:", highlight=False)
        for label, text in (
            ("history", note.history),
            ("industry", note.industry_view),
            ("aspirations", note.aspirations),
            ("notes", note.free_text),
        ):
            if text:
                console.print(f"  {label}: {escape(text)}", highlight=False, soft_wrap=True)
    for follow_up in found.follow_ups:
        mark = "done" if follow_up.done_at else "to do"
        console.print(
            f"Follow-up {follow_up.due_on:%Y-%m-%d} ({mark}): {escape(follow_up.text)}", highlight=False
        )
