"""`meetfirst policy show|path|edit`: the reply template, the patience window and the rule settings."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, error, print_json
from meetfirst.core.errors import BadInput, MeetfirstError
from meetfirst.services import policy as policy_service

policy_app = typer.Typer(help="Your policy: the reply template, the patience window and the rule settings.")
app.add_typer(policy_app, name="policy", no_args_is_help=True)


@policy_app.command("show")
def show(as_json: bool = typer.Option(False, "--json", help="Print the policy as JSON.")) -> None:
    """Show the policy in force (the file's values over the defaults)."""
    path = policy_service.policy_path()
    policy = policy_service.load_policy()
    if as_json:
        print_json({"path": str(path), "exists": path.exists(), **policy_service.policy_as_dict(policy)})
        return
    source = str(path) if path.exists() else f"defaults (no file at {path} yet)"
    console.print(f"[bold]policy[/]: {escape(source)}", highlight=False)
    console.print(f"[bold]patience[/]: {policy.patience_days} days", highlight=False)
    console.print(f"[bold]time zone[/]: {escape(policy.timezone or 'this machine')}", highlight=False)
    rules = policy.rules
    console.print(
        f"[bold]rules[/]: duplicate_note_threshold = {rules.duplicate_note_threshold}, "
        f"known_min_messages_each_way = {rules.known_min_messages_each_way}, "
        f"bizarre_phrases = {escape(', '.join(rules.bizarre_phrases) or '(none)')}",
        highlight=False,
    )
    cadence = ", ".join(f"{kind} {days}" for kind, days in policy.cadence.items() if days)
    console.print(f"[bold]keep in touch every (days)[/]: {escape(cadence or '(none)')}", highlight=False)
    smtp = policy.smtp
    mail = f"{smtp.host}:{smtp.port} to {smtp.to}" if smtp.configured else "not configured"
    console.print(f"[bold]digest mail[/]: {escape(mail)}", highlight=False)
    console.rule("template", style="dim")
    console.print(policy.template.rstrip("\n"), markup=False, highlight=False, soft_wrap=True)


@policy_app.command("path")
def path() -> None:
    """Print where the policy file is (it may not exist yet)."""
    console.print(str(policy_service.policy_path()), markup=False, highlight=False, soft_wrap=True)


@policy_app.command("edit")
def edit() -> None:
    """Open the policy file in $VISUAL or $EDITOR (created with the defaults if missing), then check it."""
    command = _editor()
    target = policy_service.ensure_policy_file()
    try:
        finished = subprocess.run([*command, str(target)], check=False)  # noqa: S603 - the user's own editor
    except OSError as exc:
        raise BadInput(f"cannot start the editor '{' '.join(command)}' ({exc.strerror})") from None
    if finished.returncode != 0:
        raise BadInput(
            f"the editor exited with status {finished.returncode}; {target} is as the editor left it"
        )
    try:
        policy_service.load_policy()
    except MeetfirstError as exc:
        error(exc.message)
        console.print(
            "Run `meetfirst policy edit` again to fix it; until then meetfirst stops at this error."
        )
        raise typer.Exit(exc.exit_code) from None
    console.print(f"Policy saved and checked: {escape(str(target))}", highlight=False)


def _editor() -> list[str]:
    """The user's editor: $VISUAL, then $EDITOR, then nano or vi on a terminal."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    if sys.stdin.isatty() and sys.stdout.isatty():
        for fallback in ("nano", "vi"):
            found = shutil.which(fallback)
            if found:
                return [found]
    where = policy_service.policy_path()
    raise BadInput(
        f"no editor to open: set $EDITOR (for example EDITOR=nano), or edit {where} with any text editor "
        "and check it with `meetfirst policy show`"
    )
