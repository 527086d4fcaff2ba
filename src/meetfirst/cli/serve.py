"""`meetfirst serve` and `meetfirst login-link`: the web app on this machine, or a team's server."""

from __future__ import annotations

import gc
import ipaddress
import os
import sys
import webbrowser
from typing import TYPE_CHECKING

import typer

from meetfirst.cli.main import app
from meetfirst.cli.output import console, err_console, error
from meetfirst.core.errors import BadInput
from meetfirst.services import access, accounts
from meetfirst.services.team_access import team_mode

if TYPE_CHECKING:
    from django.core.handlers.wsgi import WSGIHandler


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _login_url(host: str, port: int, token: str) -> str:
    shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104 - only a display choice
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/login/token/{token}/"


# With 8 clients deciding at once, alternated pairs of runs: decision p95 34/57/43 ms against 53/61/51 ms with
# CPython's default 5 ms; the write lock held p95 4.3-5.7 against 5.4-6.9 ms (docs/benchmarks.md).
SWITCH_SECONDS = 0.0005


def _default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


def _default_threads() -> int:
    """Threads per worker: 2 on SQLite, 4 on PostgreSQL.

    SQLite answers inside the worker, holding Python's lock, so more threads in one process only wait for
    each other (and a writer waiting for the interpreter keeps SQLite's write lock longer): with 8 clients,
    2 workers of 2 threads brought the decision round trip's p95 from 45-79 ms to 30-46 ms
    (docs/benchmarks.md). PostgreSQL answers in its own process, and threads waiting for it overlap.
    """
    from django.db import connection

    return 2 if connection.vendor == "sqlite" else 4


def _wsgi_app() -> WSGIHandler:
    """The web app; what loading it made is then left out of the garbage collector's full passes.

    Those objects (Django's and the app's, about 150,000) live as long as the process; a full pass over
    them took 80 ms of whichever request it fell on.
    """
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    gc.freeze()
    # A thread that waits on the database (SQLite's calls release the GIL) gets it back within 0.5 ms
    # instead of up to 5 ms while another thread renders; a SQLite writer holds the write lock less long.
    sys.setswitchinterval(SWITCH_SECONDS)
    return application


def _run_gunicorn(host: str, port: int, workers: int, threads: int) -> None:
    """gunicorn with worker processes (so that pages use every core) and a few threads in each."""
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    bind = f"[{host.strip('[]')}]:{port}" if ":" in host else f"{host}:{port}"

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = {
                "bind": bind,
                "workers": workers,
                "threads": threads,
                "worker_class": "gthread",
                "timeout": 300,  # an import of a large export runs inside a request
                "graceful_timeout": 10,
                "accesslog": None,
                "errorlog": "-",
                "loglevel": "warning",
                "proc_name": "meetfirst",
            }
            for key, value in settings.items():
                self.cfg.set(key, value)

        def load(self) -> object:
            return _wsgi_app()  # in each worker, after the fork

    # Workers are forked: none may inherit the parent's database connection.
    connections.close_all()
    Server().run()


def _run_waitress(host: str, port: int, threads: int) -> None:
    from waitress import serve as waitress_serve

    waitress_serve(_wsgi_app(), host=host, port=port, threads=threads, ident="meetfirst")


def _switch_on_team_mode() -> None:
    """Team mode for this process and the workers it forks: settings are already loaded, so set both."""
    from django.conf import settings

    os.environ["MEETFIRST_TEAM"] = "1"
    settings.MEETFIRST_TEAM = True
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def _check_team_server(host: str) -> None:
    """Refuse a team server nobody can administer; warn about what will hurt later."""
    from django.conf import settings
    from django.db import connection

    if not accounts.has_active_admin():
        raise BadInput(
            "team mode needs an active admin account; create one: meetfirst user add NAME --role admin"
        )
    if connection.vendor == "sqlite":
        err_console.print(
            "[bold yellow]warning:[/] the store is SQLite; a team server belongs on PostgreSQL "
            "(MEETFIRST_DATABASE_URL=postgresql://...), see docs/team-mode.md.",
            highlight=False,
            soft_wrap=True,
        )
    if not _is_loopback(host) and not (settings.BEHIND_PROXY or settings.SECURE_COOKIES):
        err_console.print(
            f"[bold yellow]warning:[/] listening on {host} without TLS: passwords would cross the network in "
            "clear. Serve it behind a reverse proxy with TLS (MEETFIRST_BEHIND_PROXY=1).",
            highlight=False,
            soft_wrap=True,
        )


def _run(host: str, port: int, workers: int, threads: int) -> None:
    threads = threads or _default_threads()
    if sys.platform == "win32":  # gunicorn needs fork; waitress runs everywhere, in one process
        _run_waitress(host, port, threads * 2)
    else:
        _run_gunicorn(host, port, workers or _default_workers(), threads)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on; keep the default unless you know why."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(0, min=0, max=64, help="Worker processes (0: one per core, 2 to 4)."),
    threads: int = typer.Option(
        0, min=0, max=64, help="Threads in each worker (0: 2 on SQLite, 4 on PostgreSQL)."
    ),
    open_browser: bool = typer.Option(False, "--open", help="Open the login link in your browser."),
    team: bool = typer.Option(
        False, "--team", help="Team mode: password accounts, roles and teams (needs an admin account)."
    ),
) -> None:
    """Run the web app and print a one-time login link (nothing is shown without it); --team for a team."""
    if team or team_mode():
        _switch_on_team_mode()
        _check_team_server(host)
        console.print(
            f"meetfirst team server on http://{host}:{port}/ ; staff log in with their password.",
            soft_wrap=True,
            highlight=False,
        )
        console.print("Press Ctrl+C to stop.", style="dim")
        sys.stdout.flush()
        _run(host, port, workers, threads)
        return
    if not _is_loopback(host):
        error(f"listening on {host}: other machines can reach the login page; only the link logs in.")
    url = _login_url(host, port, access.issue_login_token())
    console.print(f"meetfirst is running on http://{host}:{port}/ ; log in with this one-time link:")
    console.print(url, soft_wrap=True, highlight=False)
    console.print("Press Ctrl+C to stop.", style="dim")
    sys.stdout.flush()
    if open_browser:
        webbrowser.open(url)
    _run(host, port, workers, threads)


@app.command("login-link")
def login_link(
    host: str = typer.Option("127.0.0.1", help="The host the server listens on."),
    port: int = typer.Option(8000, min=1, max=65535, help="The port the server listens on."),
) -> None:
    """Print a fresh one-time login link for a running `meetfirst serve`."""
    if team_mode():
        raise BadInput("login links are off in team mode: staff log in with their username and password")
    console.print(_login_url(host, port, access.issue_login_token()), soft_wrap=True, highlight=False)
