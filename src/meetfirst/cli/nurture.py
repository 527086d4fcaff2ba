"""Keep in touch: `meetfirst today`, `keep`, `snooze`, `done` (or `touch`), `followup done|snooze`,
`health` and `digest`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.core.errors import BadInput
from meetfirst.services import clock

if TYPE_CHECKING:
    from meetfirst.services.nurture import Kept

PERSON_HELP = "Who: a person id, profile address or slug, e-mail, or name."
COLOURS = {"green": "green", "amber": "yellow", "red": "red"}

followup_app = typer.Typer(help="Follow-ups from your meetings: mark them done, or snooze them.")
app.add_typer(followup_app, name="followup", no_args_is_help=True)


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput(f"{option} wants a date as YYYY-MM-DD, not {text!r}") from None


@app.command("today")
def today_command(as_json: bool = typer.Option(False, "--json", help="Print the list as JSON.")) -> None:
    """Who is due or overdue for a touch today, and the follow-ups that fall due, each with why."""
    from meetfirst.services import nurture

    found = nurture.today(now=clock.now())
    if as_json:
        print_json(found.as_dict())
        return
    if not found.items:
        console.print(f"Nobody is due on {found.day}. Enjoy the day.", highlight=False)
        return
    console.print(f"[bold]Keep in touch, {found.day}[/]", highlight=False)
    for item in found.items:
        if item.what == "person":
            line = f"#{item.person_id} {escape(item.name)}: {escape(item.reason)}"
        else:
            line = (
                f"follow-up {item.item_id} for {escape(item.name)}: {escape(item.text)} "
                f"[dim]({escape(item.reason)})[/]"
            )
        console.print(f"- {line}", highlight=False, soft_wrap=True)
    console.print(
        "\nAfter getting in touch, run `meetfirst done PERSON`; `meetfirst snooze PERSON --days N` to wait.",
        highlight=False,
    )


def _show_kept(kept: Kept, as_json: bool, message: str) -> None:
    if as_json:
        print_json(kept.as_dict())
        return
    console.print(message, highlight=False, soft_wrap=True)
    if kept.cadence_days is None:
        console.print(
            "They are not tracked: give them a kind of relationship, or a cadence with `meetfirst keep`.",
            highlight=False,
        )
    elif kept.next_due is not None:
        console.print(f"Next touch due on {kept.next_due} (every {kept.cadence_days} days).", highlight=False)


@app.command("keep")
def keep_command(
    person: str = typer.Argument(..., help=PERSON_HELP),
    every: int = typer.Option(..., "--every", metavar="DAYS", help="Days between touches (0: the kind's)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Keep in touch with someone every DAYS days, over the default for their kind of relationship."""
    from meetfirst.services import nurture

    kept = nurture.keep(person, every_days=every, now=clock.now())
    what = f"every {every} days" if every else "as their kind of relationship says"
    _show_kept(kept, as_json, f"Keeping in touch with #{kept.person_id} {escape(kept.name)} {what}.")


@app.command("snooze")
def snooze_command(
    person: str = typer.Argument(..., help=PERSON_HELP),
    until: str = typer.Option(None, "--until", metavar="DATE", help="Back on the list on this day."),
    days: int = typer.Option(None, "--days", metavar="N", help="Back on the list in N days."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Leave someone off the day's list until a day (--until DATE or --days N)."""
    from meetfirst.services import nurture

    kept = nurture.snooze(person, until=_date(until, "--until"), days=days, now=clock.now())
    _show_kept(kept, as_json, f"#{kept.person_id} {escape(kept.name)} is snoozed until {kept.snoozed_until}.")


def _done(person: str, text: str, as_json: bool) -> None:
    from meetfirst.services import nurture

    kept = nurture.done(person, text=text, now=clock.now())
    _show_kept(kept, as_json, f"Noted: you got in touch with #{kept.person_id} {escape(kept.name)}.")


@app.command("done")
def done_command(
    person: str = typer.Argument(..., help=PERSON_HELP),
    text: str = typer.Option("checked in", "--text", help="The note logged (default: 'checked in')."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Record that you got in touch with someone: logs a note, which resets their clock and ends a snooze."""
    _done(person, text, as_json)


@app.command("touch")
def touch_command(
    person: str = typer.Argument(..., help=PERSON_HELP),
    text: str = typer.Option("checked in", "--text", help="The note logged (default: 'checked in')."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """The same as `meetfirst done`: you got in touch with someone."""
    _done(person, text, as_json)


@followup_app.command("done")
def followup_done(
    follow_up_id: int = typer.Argument(..., metavar="ID", help="The follow-up id (see `meetfirst today`)."),
    as_json: bool = typer.Option(False, "--json", help="Print the follow-up as JSON."),
) -> None:
    """Mark a follow-up done."""
    from meetfirst.services import nurture

    state = nurture.finish_follow_up(follow_up_id, now=clock.now())
    if as_json:
        print_json(state.as_dict())
        return
    console.print(
        f"Follow-up {state.follow_up_id} for {escape(state.person_name)} is done: {escape(state.text)}",
        highlight=False,
        soft_wrap=True,
    )


@followup_app.command("snooze")
def followup_snooze(
    follow_up_id: int = typer.Argument(..., metavar="ID", help="The follow-up id (see `meetfirst today`)."),
    until: str = typer.Option(None, "--until", metavar="DATE", help="Back on the list on this day."),
    days: int = typer.Option(None, "--days", metavar="N", help="Back on the list in N days."),
    as_json: bool = typer.Option(False, "--json", help="Print the follow-up as JSON."),
) -> None:
    """Leave a follow-up off the day's list until a day (--until DATE or --days N)."""
    from meetfirst.services import nurture

    state = nurture.snooze_follow_up(follow_up_id, until=_date(until, "--until"), days=days, now=clock.now())
    if as_json:
        print_json(state.as_dict())
        return
    console.print(
        f"Follow-up {state.follow_up_id} for {escape(state.person_name)} is snoozed until "
        f"{state.snoozed_until}.",
        highlight=False,
    )


@app.command("health")
def health_command(
    person: str = typer.Argument(None, help=f"{PERSON_HELP} (default: everyone tracked)"),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """The health of your relationships: a score, red/amber/green, the trend, and the reasons."""
    from meetfirst.services import health

    now = clock.now()
    if person:
        one = health.health_of(person, now=now)
        if one is None:
            raise BadInput(
                f"{person} is not tracked: give them a kind of relationship, "
                "or a cadence with `meetfirst keep`"
            )
        found = [one]
    else:
        found = health.health_all(now=now)
    if as_json:
        print_json([h.as_dict() for h in found])
        return
    if not found:
        console.print(
            "No relationship is tracked yet: give people a kind, or a cadence with `meetfirst keep`."
        )
        return
    for h in found:
        colour = COLOURS[h.colour]
        before = f", {h.trend} from {h.score_before}" if h.score_before is not None else ", new"
        kind = f" ({escape(h.kind)})" if h.kind else ""
        console.print(
            f"[{colour}]●[/] #{h.person_id} {escape(h.name)}{kind}: {h.score}/100 {h.colour}{before}",
            highlight=False,
        )
        for reason in h.reasons:
            console.print(f"    {escape(reason)}", highlight=False, soft_wrap=True)


@app.command("digest")
def digest_command(
    send: bool = typer.Option(False, "--send", help="E-mail it through the [smtp] server of your policy."),
    as_json: bool = typer.Option(False, "--json", help="Print the digest as JSON."),
) -> None:
    """The weekly digest: who is due, cooling relationships, follow-ups and the thought for the day."""
    from meetfirst.services import digest

    now = clock.now()
    found = digest.build_digest(now=now)
    if send:
        to = digest.send_digest(found, now=now)
        console.print(f"Digest sent to {escape(to)}.", highlight=False)
        return
    if as_json:
        print_json(found.as_dict())
        return
    console.print(found.text(), markup=False, highlight=False, soft_wrap=True)
