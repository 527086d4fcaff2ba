"""`meetfirst demo`: a made-up LinkedIn export, imported, and a short tour of what meetfirst made of it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn
from rich.table import Table

from meetfirst.cli.main import app
from meetfirst.cli.output import console, err_console, print_json

# (command, what to type, what it shows). Only commands this build has are suggested.
NEXT_STEPS: tuple[tuple[str, str, str], ...] = (
    ("triage", "meetfirst triage", "every pending request, its verdict and the reasons"),
    ("decide", "meetfirst decide ID known", "overrule a verdict; your word survives re-imports"),
    ("reply", "meetfirst reply draft", "a reply to every stranger, drafted from your template"),
    ("funnel", "meetfirst funnel", "the funnel in total and per month"),
    ("policy", "meetfirst policy edit", "your reply template and patience window"),
    ("customers", "meetfirst customers", "the demo service desk's customers: health and nudges"),
    ("serve", "meetfirst serve", "all of this in your browser"),
    ("import", "meetfirst import PATH", "your own LinkedIn export (zip or folder), when you are ready"),
)
REASON_WIDTH = 70
FUNNEL_STEPS = (
    "requests",
    "known",
    "bizarre",
    "strangers",
    "replied",
    "answered",
    "collectors",
    "met",
    "relationships",
)


@app.command()
def demo(
    home: Annotated[
        Path | None,
        typer.Option(
            "--home",
            metavar="DIR",
            help="Run the demo in this data folder (its own store) and leave MEETFIRST_HOME alone.",
        ),
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print what the demo did as one JSON object."),
) -> None:
    """Load a made-up LinkedIn export and show what meetfirst does with it (safe to run again)."""
    from meetfirst.services.demo import current_home, run_demo

    if home is not None and home.expanduser().resolve() != current_home().resolve():
        raise typer.Exit(_run_in(home.expanduser().resolve(), as_json=as_json))
    with _progress(enabled=not as_json and err_console.is_terminal) as progress:
        tour = run_demo(progress=progress)
    data = tour.as_dict()
    data["next"] = [typed for _, typed, _ in _next_steps()]
    if as_json:
        print_json(data)
    else:
        _show(data)


def _run_in(home: Path, *, as_json: bool) -> int:
    """Run the demo in a child process whose MEETFIRST_HOME is `home`: settings are read once per process."""
    command = [sys.executable, "-m", "meetfirst", "demo", *(["--json"] if as_json else [])]
    env = {**os.environ, "MEETFIRST_HOME": str(home)}
    if sys.stdout.isatty():
        return subprocess.run(command, env=env, check=False).returncode  # noqa: S603
    done = subprocess.run(command, env=env, check=False, capture_output=True, text=True)  # noqa: S603
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    return done.returncode


def _next_steps() -> list[tuple[str, str, str]]:
    names: set[str] = set()
    for command in app.registered_commands:
        if command.name:
            names.add(command.name)
        elif command.callback is not None:
            names.add(command.callback.__name__.replace("_", "-"))
    for group in app.registered_groups:
        name = group.name if isinstance(group.name, str) else None
        if name:
            names.add(name)
    return [step for step in NEXT_STEPS if step[0] in names]


@contextmanager
def _progress(*, enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("importing the demo"),
        BarColumn(),
        TaskProgressColumn(),
        console=err_console,
        transient=True,
    )
    task = bar.add_task("demo", total=None)

    def advance(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total or None)

    with bar:
        yield advance


def _show(data: dict[str, Any]) -> None:
    written = "written just now" if data["generated"] else "already there, reused"
    console.print(f"[bold]The demo[/]: a made-up LinkedIn export in {escape(data['export'])} ({written}).")
    console.print("Everyone in it is invented; importing it again changes nothing.\n")
    _show_import(data["import"])
    _show_pending(data["triage"])
    _show_funnel(data["funnel"])
    steps = Table.grid(padding=(0, 2), pad_edge=True)
    steps.add_column(style="cyan", no_wrap=True)
    steps.add_column()
    for _, typed, why in _next_steps():
        steps.add_row(escape(typed), escape(why))
    console.print("\n[bold]Try next[/]")
    console.print(steps)


def _show_import(summary: dict[str, Any]) -> None:
    table = Table(title="Imported", title_justify="left")
    table.add_column("")
    table.add_column("created", justify="right")
    table.add_column("updated", justify="right")
    for kind in ("people", "requests", "interactions"):
        table.add_row(kind, str(summary["created"][kind]), str(summary["updated"][kind]))
    console.print(table)
    if summary["skipped"]:
        console.print(f"({summary['skipped']} rows skipped: hidden members and the like)\n", highlight=False)


def _show_pending(items: list[dict[str, Any]]) -> None:
    counts: dict[str, int] = {}
    for item in items:
        verdict = item["verdict"] or "not triaged"
        counts[verdict] = counts.get(verdict, 0) + 1
    tally = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
    table = Table(title=f"Pending connection requests: {len(items)} ({tally})", title_justify="left")
    table.add_column("id", justify="right")
    table.add_column("verdict")
    table.add_column("stage")
    table.add_column("from")
    table.add_column("first reason")
    colours = {"known": "green", "stranger": "yellow", "bizarre": "red"}
    for item in items:
        verdict = item["verdict"] or "-"
        reason = item["reasons"][0] if item["reasons"] else ""
        if len(reason) > REASON_WIDTH:
            reason = reason[: REASON_WIDTH - 1] + "…"
        table.add_row(
            str(item["id"]),
            f"[{colours.get(verdict, 'white')}]{verdict}[/]",
            escape(item.get("stage", "")),
            escape(item["name"]),
            escape(reason),
        )
    console.print(table)


def _show_funnel(funnel: dict[str, Any]) -> None:
    table = Table(title="Funnel", title_justify="left")
    table.add_column("step")
    table.add_column("count", justify="right")
    for key in FUNNEL_STEPS:
        table.add_row(key, str(funnel.get(key, 0)))
    console.print(table)
