"""`meetfirst import PATH...`: read a LinkedIn export (zip, folder or single files) into the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn
from rich.table import Table

from meetfirst import importers
from meetfirst.cli.main import app
from meetfirst.cli.output import console, err_console, print_json
from meetfirst.core.records import ImportSummary

_FORMAT_HELP = "Read every file as this format instead of detecting it: " + ", ".join(
    f.name for f in importers.FORMATS
)


@app.command("import")
def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Zip files, folders or files: an export, address books (.vcf, .csv), mailboxes (mbox, eml).",
        ),
    ],
    format_name: str = typer.Option(None, "--format", metavar="NAME", help=_FORMAT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
    skip_bad_rows: bool = typer.Option(
        False, "--skip-bad-rows", help="Import the good rows and list the bad ones instead of stopping."
    ),
    force: bool = typer.Option(
        False, "--force", help="Read every file, even one whose very bytes were imported before."
    ),
    mapping: Annotated[
        Path | None,
        typer.Option(
            "--mapping",
            metavar="MAPPING.TOML",
            help="Read CSV files as service-desk tickets through this saved column mapping.",
        ),
    ] = None,
) -> None:
    """Import a LinkedIn export, address books, mailboxes or service-desk tickets; the same files again
    change nothing."""
    from meetfirst.services.importing import import_paths

    with _progress(enabled=not as_json and err_console.is_terminal) as progress:
        summary = import_paths(
            paths,
            format=format_name,
            skip_bad_rows=skip_bad_rows,
            progress=progress,
            force=force,
            mapping=mapping,
        )
    if as_json:
        print_json(summary.as_dict())
    else:
        _show(summary)


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("importing"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )
    task = bar.add_task("import", total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total or None)

    with bar:
        yield advance


def _show(summary: ImportSummary) -> None:
    table = Table(title="Import", title_justify="left")
    table.add_column("")
    table.add_column("created", justify="right")
    table.add_column("updated", justify="right")
    for label, created, updated in (
        ("people", summary.created.people, summary.updated.people),
        ("requests", summary.created.requests, summary.updated.requests),
        ("interactions", summary.created.interactions, summary.updated.interactions),
        *((("tickets", summary.created.tickets, summary.updated.tickets),) if summary.read_tickets else ()),
    ):
        table.add_row(label, str(created), str(updated))
    console.print(table)
    console.print(f"skipped: {summary.skipped}")
    if summary.guessed_owner_email:
        console.print(
            f"your address, seen on most messages: {escape(summary.guessed_owner_email)} "
            "(set my_emails in the policy if it is not)",
            highlight=False,
        )
    if summary.skipped_files:
        console.print(f"skipped files: {len(summary.skipped_files)} (use --force to read them again)")
    for skipped in summary.skipped_files:
        when = f"{skipped.imported_at:%Y-%m-%d %H:%M}"
        console.print(
            f"  {escape(skipped.name)}: already imported on {when}; nothing to do",
            highlight=False,
            soft_wrap=True,
        )
    if summary.meetings is not None:
        console.print(f"meetings marked from calendar files: {summary.meetings}")
    for problem in summary.errors:
        console.print(f"  {escape(str(problem))}", highlight=False, soft_wrap=True)
