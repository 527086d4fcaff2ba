"""Your data: `meetfirst export`, `meetfirst forget`, `meetfirst backup` and `meetfirst restore`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, err_console, print_json
from meetfirst.core.errors import BadInput
from meetfirst.services import clock


def interactive() -> bool:
    """True when a person is at the terminal to answer a question."""
    return sys.stdin.isatty()


def confirm_or_refuse(question: str, *, yes: bool, refusal: str) -> None:
    """Go on with --yes, or after a yes at the terminal; refuse without a terminal."""
    if yes:
        return
    if not interactive():
        raise BadInput(refusal)
    if not typer.confirm(question, default=False):
        raise typer.Exit(1)


@app.command("export")
def export_command(
    fmt: str = typer.Option(..., "--format", help="json, vcard or csv."),
    person: str = typer.Option(None, "--person", help="Only this person (id, profile, e-mail or name)."),
    what: str = typer.Option(
        "people", "--what", help="For CSV: people (one row each) or interactions (one row each)."
    ),
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file (default: stdout).")] = None,
) -> None:
    """Export everything, or one person, as JSON, vCard or CSV (spreadsheet-safe)."""
    from meetfirst.services import export

    now = clock.now()
    if out is None:
        export.export(sys.stdout, fmt=fmt, person=person, what=what, now=now)
        sys.stdout.flush()
        return
    partial = out.with_name(f".{out.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            count = export.export(handle, fmt=fmt, person=person, what=what, now=now)
        partial.replace(out)
    except OSError as exc:
        raise BadInput(f"cannot write {out} ({exc.strerror or exc})") from None
    finally:
        partial.unlink(missing_ok=True)
    noun = "interactions" if what == "interactions" else "people"
    err_console.print(f"Exported {count} {noun} to {escape(str(out))}.", highlight=False)


@app.command("forget")
def forget_command(
    person: str = typer.Argument(..., help="Who: a person id, profile address or slug, e-mail, or name."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask; needed when no terminal is attached."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Delete a person and all their data for good; only the fact of a deletion is kept."""
    from meetfirst.services import forget

    who = forget.describe(person)
    confirm_or_refuse(
        f"Delete {who} and everything about them for good?",
        yes=yes,
        refusal=f"forget deletes {who} for good: answer at a terminal, or pass --yes",
    )
    done = forget.forget(person, now=clock.now())
    if as_json:
        print_json(done.as_dict())
        return
    console.print(
        f"Forgot {escape(done.name)}: {done.rows} rows deleted. Backups made before now still hold them.",
        highlight=False,
    )


@app.command("backup")
def backup_command(
    file: Annotated[Path, typer.Argument(help="The backup file to write.")],
    fmt: str = typer.Option(
        None,
        "--format",
        help="sqlite (a copy of the SQLite file) or dump (any store; the default on PostgreSQL).",
    ),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Write a consistent copy of the store to FILE, even while the web app runs."""
    from meetfirst.services import backup

    made = backup.backup(file, kind=fmt, force=force)
    if as_json:
        print_json(made.as_dict())
        return
    console.print(
        f"Backed up the store to {escape(str(made.path))} ({made.kind}, {made.size:,} bytes).",
        highlight=False,
    )


@app.command("restore")
def restore_command(
    file: Annotated[Path, typer.Argument(help="A file made by `meetfirst backup`.")],
    yes: bool = typer.Option(False, "--yes", help="Do not ask; needed when no terminal is attached."),
    force: bool = typer.Option(
        False, "--force", help="Restore even a backup with no people over a full store."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Replace the whole store with a backup, after checking the file; a bad file changes nothing."""
    from meetfirst.services import backup

    confirm_or_refuse(
        f"Replace the whole store with {file}?",
        yes=yes,
        refusal="restore replaces the whole store: answer at a terminal, or pass --yes",
    )
    done = backup.restore(file, force=force)
    if as_json:
        print_json(done.as_dict())
        return
    people = done.counts.get("person", done.counts.get("store.Person", 0))
    console.print(f"Restored the store from {escape(str(file))}: {people} people.", highlight=False)
