"""`meetfirst meet propose|confirm|cancel|done|notes|list`: calls and meetings, with .ics invitations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.services import clock
from meetfirst.services.policy import parse_user_time

meet_app = typer.Typer(help="Propose, confirm, cancel and hold calls and meetings; note what was shared.")
app.add_typer(meet_app, name="meet", no_args_is_help=True)

_OUT_HELP = "Write the .ics here (default: MEETFIRST_HOME/invitations/meeting-ID-SEQUENCE.ics)."
_TIME_HELP = "ISO 8601 or 'YYYY-MM-DD HH:MM' in your zone."


def _saved(meeting_id: int, out: Path | None, *, as_json: bool, what: str) -> None:
    from meetfirst.services import meetings

    now = clock.now()
    path = meetings.save_invitation(meeting_id, out=out, now=now)
    found = meetings.get_meeting(meeting_id)
    if as_json:
        print_json({**found.as_dict(), "file": str(path)})
        return
    when = found.when
    console.print(
        f"Meeting #{found.id} with {escape(found.person_name)} {what}"
        + (f" ({when:%Y-%m-%d %H:%M} UTC)" if when else "")
        + f"; sequence {found.sequence}.",
        highlight=False,
    )
    console.print(f"Invitation: {escape(str(path))}", highlight=False, soft_wrap=True)
    if not meetings.organizer_known():
        console.print(
            "Note: your e-mail is unknown, so the organizer is a placeholder address "
            "(import Email Addresses.csv to fix it).",
            highlight=False,
        )


@meet_app.command("propose")
def propose(
    person: str = typer.Argument(..., help="Who: a person id, profile address or slug, e-mail, or name."),
    slots: Annotated[
        list[str], typer.Option("--slot", metavar="TIME", help=f"A time you offer (repeat): {_TIME_HELP}")
    ] = [],  # noqa: B006 -- Typer reads the default, never mutates it
    minutes: int = typer.Option(30, "--minutes", help="How long it lasts."),
    place: str = typer.Option("", "--place", help="Where to meet."),
    phone: bool = typer.Option(False, "--phone", help="A phone call rather than a meeting in person."),
    out: Annotated[Path | None, typer.Option("--out", metavar="FILE", help=_OUT_HELP)] = None,
    as_json: bool = typer.Option(False, "--json", help="Print the meeting as JSON."),
) -> None:
    """Propose a call or meeting at one of some times, and write the invitation (.ics)."""
    from meetfirst.services import meetings

    times = [parse_user_time(s) for s in slots]
    found = meetings.propose(person, slots=times, minutes=minutes, place=place, phone=phone, now=clock.now())
    _saved(found.id, out, as_json=as_json, what="proposed")


@meet_app.command("confirm")
def confirm(
    meeting_id: int = typer.Argument(..., metavar="MEETING", help="The meeting id."),
    slot: int = typer.Option(None, "--slot", metavar="N", help="The slot agreed (1 is the first offered)."),
    at: str = typer.Option(
        None, "--at", metavar="TIME", help=f"Any agreed time (a reschedule): {_TIME_HELP}"
    ),
    out: Annotated[Path | None, typer.Option("--out", metavar="FILE", help=_OUT_HELP)] = None,
    as_json: bool = typer.Option(False, "--json", help="Print the meeting as JSON."),
) -> None:
    """Confirm a time (or move a confirmed meeting): same UID, a higher SEQUENCE, a new .ics."""
    from meetfirst.services import meetings

    moment = parse_user_time(at) if at else None
    meetings.confirm(meeting_id, slot=slot, at=moment, now=clock.now())
    _saved(meeting_id, out, as_json=as_json, what="confirmed")


@meet_app.command("cancel")
def cancel(
    meeting_id: int = typer.Argument(..., metavar="MEETING", help="The meeting id."),
    out: Annotated[Path | None, typer.Option("--out", metavar="FILE", help=_OUT_HELP)] = None,
    as_json: bool = typer.Option(False, "--json", help="Print the meeting as JSON."),
) -> None:
    """Cancel a meeting and write the METHOD:CANCEL .ics that takes it off their calendar."""
    from meetfirst.services import meetings

    meetings.cancel(meeting_id, now=clock.now())
    _saved(meeting_id, out, as_json=as_json, what="cancelled")


@meet_app.command("done")
def done(
    meeting_id: int = typer.Argument(..., metavar="MEETING", help="The meeting id."),
    at: str = typer.Option(None, "--at", metavar="TIME", help=f"When it was held: {_TIME_HELP}"),
    as_json: bool = typer.Option(False, "--json", help="Print the meeting as JSON."),
) -> None:
    """Mark a meeting held; it joins the timeline and counts as met in the funnel."""
    from meetfirst.services import meetings, relationships

    moment = parse_user_time(at) if at else None
    found = meetings.done(meeting_id, at=moment, now=clock.now())
    if as_json:
        print_json(found.as_dict())
        return
    held = f"{found.starts_at:%Y-%m-%d %H:%M} UTC" if found.starts_at else "now"
    console.print(f"Meeting #{found.id} with {escape(found.person_name)} held on {held}.", highlight=False)
    for reminder in relationships.meet_reminders(person_id=found.person_id):
        console.print(f"[bold]Reminder:[/] {escape(reminder.text)}", highlight=False)
    console.print(
        f"Write what was shared: `meetfirst meet notes {found.id} --history ... --industry ... "
        "--aspirations ...`",
        highlight=False,
        markup=False,
    )


@meet_app.command("notes")
def notes(
    meeting_id: int = typer.Argument(..., metavar="MEETING", help="The meeting id."),
    history: str = typer.Option("", "--history", help="Their history, as they told it."),
    industry: str = typer.Option("", "--industry", help="Their view of the industry."),
    aspirations: str = typer.Option("", "--aspirations", help="What they hope for."),
    text: str = typer.Option("", "--text", help="Anything else."),
    follow_ups: Annotated[
        list[str],
        typer.Option("--follow-up", metavar="'YYYY-MM-DD: WHAT'", help="A to-do with a date (repeat)."),
    ] = [],  # noqa: B006 -- Typer reads the default, never mutates it
    as_json: bool = typer.Option(False, "--json", help="Print what was stored as JSON."),
) -> None:
    """Write what was shared in a meeting, and follow-ups that become dated to-dos."""
    from meetfirst.services import meetings

    saved = meetings.write_notes(
        meeting_id,
        history=history,
        industry=industry,
        aspirations=aspirations,
        text=text,
        follow_ups=follow_ups,
        now=clock.now(),
    )
    if as_json:
        print_json(saved.as_dict())
        return
    console.print(f"Notes saved for meeting #{saved.meeting_id}.", highlight=False)
    for due, what in saved.follow_ups:
        console.print(f"  follow-up on {due:%Y-%m-%d}: {escape(what)}", highlight=False)


@meet_app.command("list")
def list_command(
    person: str = typer.Option(None, "--person", help="Only the meetings with this person."),
    as_json: bool = typer.Option(False, "--json", help="Print the meetings as JSON."),
) -> None:
    """List meetings, the newest first."""
    from meetfirst.services import meetings

    found = meetings.list_meetings(person=person)
    if as_json:
        print_json([m.as_dict() for m in found])
        return
    if not found:
        console.print("No meetings yet. Propose one with `meetfirst meet propose PERSON --slot TIME`.")
        return
    for item in found:
        when = f"{item.when:%Y-%m-%d %H:%M} UTC" if item.when else "-"
        console.print(
            f"#{item.id}  {item.status:<9} {when}  {item.mode:<9} {escape(item.person_name)}",
            highlight=False,
        )
