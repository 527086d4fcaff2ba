"""The `meetfirst` command: one Typer app, with command groups registered from their modules."""

from __future__ import annotations

import logging
import sys

import typer

from meetfirst.cli.output import error
from meetfirst.core.errors import MeetfirstError

log = logging.getLogger(__name__)

app = typer.Typer(
    name="meetfirst",
    help="Connect only with people you know, and get to know the rest.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _start() -> None:
    """Connect only with people you know, and get to know the rest."""
    from meetfirst import bootstrap

    bootstrap.setup()


def _register() -> None:
    # Each module adds its commands to `app`; the list is explicit so a reader sees every command here.
    # Django is configured first (no database yet) so that command modules may import the services.
    from meetfirst import bootstrap

    bootstrap.configure()
    from meetfirst.cli import commands  # noqa: F401


# Commands that change people (or what is kept about them): each run that succeeds is one audit entry, with
# the command and the names of the options given, never their values. `note`, `user` and `team` write
# their own, richer entries.
AUDITED = frozenset(
    {
        "decide", "done", "followup done", "followup snooze", "forget", "import", "keep", "log",
        "meet cancel", "meet confirm", "meet done", "meet notes", "meet propose", "people kind",
        "people merge", "people reject", "people split", "people unmerge", "reply draft", "reply edit",
        "reply sent", "restore", "snooze", "touch",
    }
)  # fmt: skip


def command_path(args: list[str]) -> str:
    """The command words at the start of the arguments ("people kind"), found in the app's own tree."""
    import typer.main

    group: object = typer.main.get_command(app)
    words: list[str] = []
    for arg in args:
        commands = getattr(group, "commands", None)
        if not commands or arg not in commands:
            break
        words.append(arg)
        group = commands[arg]
    return " ".join(words)


def _audit(args: list[str]) -> None:
    path = command_path(args)
    if path not in AUDITED:
        return
    try:
        from meetfirst.services import audit

        options = [arg.split("=", 1)[0] for arg in args if arg.startswith("--")]
        audit.record(action=f"cli {path}", method="CLI", fields=options)
    except Exception:
        # The change is done; a lost entry is logged loudly rather than turned into a failed command.
        log.exception("could not write the audit entry for meetfirst %s", path)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; domain errors become one clear line on stderr."""
    _register()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        # Standalone mode lets Typer report usage errors itself and exit through SystemExit.
        app(args=args, prog_name="meetfirst")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code == 0:
            _audit(args)
        return code
    except MeetfirstError as exc:
        error(exc.message)
        return exc.exit_code
    _audit(args)
    return 0


def run() -> None:
    """Console-script entry."""
    raise SystemExit(main())
