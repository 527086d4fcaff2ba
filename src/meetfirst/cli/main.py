"""The `meetfirst` command: one Typer app, with command groups registered from their modules."""

from __future__ import annotations

import logging

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


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code; domain errors become one clear line on stderr."""
    _register()
    try:
        # Standalone mode lets Typer report usage errors itself and exit through SystemExit.
        app(args=argv, prog_name="meetfirst")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except MeetfirstError as exc:
        error(exc.message)
        return exc.exit_code
    return 0


def run() -> None:
    """Console-script entry."""
    raise SystemExit(main())
