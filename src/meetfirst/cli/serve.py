"""`meetfirst serve` and `meetfirst login-link`: the web app on this machine."""

from __future__ import annotations

import ipaddress
import webbrowser

import typer

from meetfirst.cli.main import app
from meetfirst.cli.output import console, error
from meetfirst.services import access


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


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on; keep the default unless you know why."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    threads: int = typer.Option(8, min=1, max=64, help="Worker threads of the server."),
    open_browser: bool = typer.Option(False, "--open", help="Open the login link in your browser."),
) -> None:
    """Run the web app and print a one-time login link (nothing is shown without it)."""
    from django.core.wsgi import get_wsgi_application
    from waitress import serve as waitress_serve

    if not _is_loopback(host):
        error(f"listening on {host}: other machines can reach the login page; only the link logs in.")
    url = _login_url(host, port, access.issue_login_token())
    console.print(f"meetfirst is running on http://{host}:{port}/ ; log in with this one-time link:")
    console.print(url, soft_wrap=True, highlight=False)
    console.print("Press Ctrl+C to stop.", style="dim")
    if open_browser:
        webbrowser.open(url)
    waitress_serve(get_wsgi_application(), host=host, port=port, threads=threads, ident="meetfirst")


@app.command("login-link")
def login_link(
    host: str = typer.Option("127.0.0.1", help="The host the server listens on."),
    port: int = typer.Option(8000, min=1, max=65535, help="The port the server listens on."),
) -> None:
    """Print a fresh one-time login link for a running `meetfirst serve`."""
    console.print(_login_url(host, port, access.issue_login_token()), soft_wrap=True, highlight=False)
