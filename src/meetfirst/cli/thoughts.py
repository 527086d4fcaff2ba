"""`meetfirst thoughts add|today|list`: the thought for the day, and your own thoughts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.services import clock

thoughts_app = typer.Typer(help="The thought for the day: shipped lines and your own.")
app.add_typer(thoughts_app, name="thoughts", no_args_is_help=True)


@thoughts_app.command("today")
def today(as_json: bool = typer.Option(False, "--json", help="Print the thought as JSON.")) -> None:
    """Show the thought for the day (the same all day; none repeated within 30 days)."""
    from meetfirst.services import thoughts

    found = thoughts.thought_today(now=clock.now())
    if as_json:
        print_json(found.as_dict())
        return
    console.print(found.thought.text, markup=False, highlight=False, soft_wrap=True)
    if found.thought.credit:
        console.print(f"[dim]-- {escape(found.thought.credit)}[/]", highlight=False, soft_wrap=True)
    if found.note:
        console.print(f"[dim]({escape(found.note)})[/]", highlight=False, soft_wrap=True)


@thoughts_app.command("add")
def add(
    file: Annotated[
        Path, typer.Argument(help="A CSV (text,author,work,year), a JSON list, or a fortune file.")
    ],
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Add your own thoughts from a file; lines you already have are skipped."""
    from meetfirst.services import thoughts

    added = thoughts.add_from_file(file)
    if as_json:
        print_json(added.as_dict())
        return
    console.print(
        f"Read {added.read} thought(s) from {escape(added.file)}: {added.added} added, "
        f"{added.already_there} already there.",
        highlight=False,
    )


@thoughts_app.command("list")
def list_thoughts(as_json: bool = typer.Option(False, "--json", help="Print the thoughts as JSON.")) -> None:
    """List every thought: the shipped ones, then yours."""
    from meetfirst.services import thoughts

    found = thoughts.all_thoughts()
    if as_json:
        print_json([item.as_dict() for item in found])
        return
    for item in found:
        origin = "shipped" if item.shipped else "yours"
        credit = f" -- {item.credit}" if item.credit else ""
        console.print(
            f"- {escape(item.text)}[dim]{escape(credit)} ({origin})[/]", highlight=False, soft_wrap=True
        )
    console.print(f"\n{len(found)} thoughts.", highlight=False)
