"""`meetfirst user add|list|disable|enable|passwd` and `meetfirst team add|list`: team-mode accounts."""

from __future__ import annotations

import sys

import typer
from rich.markup import escape
from rich.table import Table

from meetfirst.cli.main import app
from meetfirst.cli.output import console, err_console, print_json
from meetfirst.core.errors import BadInput
from meetfirst.services import accounts, audit

user_app = typer.Typer(help="Accounts for team mode: add, list, disable, enable, set a password.")
team_app = typer.Typer(help="Teams for team mode: an agent sees only their teams' customers.")
app.add_typer(user_app, name="user", no_args_is_help=True)
app.add_typer(team_app, name="team", no_args_is_help=True)


def at_terminal() -> bool:
    """True when a person is at the terminal to type a password."""
    return sys.stdin.isatty()


def _read_password(*, from_stdin: bool, generate: bool) -> str | None:
    """The password to set: one line of stdin, typed twice at a terminal, or None to generate one."""
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise BadInput("--password-stdin: stdin held no password")
        return line
    if generate or not at_terminal():
        return None
    password: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


def _show_temporary(username: str, password: str) -> None:
    console.print(
        f"Temporary password for {escape(username)} (shown once; hand it over safely): ",
        end="",
        highlight=False,
    )
    console.print(password, markup=False, highlight=False)


@user_app.command("add")
def add(
    username: str = typer.Argument(..., help="The login name."),
    role: str = typer.Option("agent", "--role", help="admin, agent or viewer."),
    team: list[str] = typer.Option([], "--team", help="A team the account serves (repeat for several)."),  # noqa: B008
    email: str = typer.Option("", "--email", help="The account's e-mail address."),
    name: str = typer.Option("", "--name", help="The name shown to colleagues."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    generate: bool = typer.Option(
        False, "--generate", help="Generate a temporary password and show it once."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the account as JSON."),
) -> None:
    """Add an account; asks for its password twice at a terminal, or generates a temporary one."""
    password = _read_password(from_stdin=password_stdin, generate=generate)
    temporary = accounts.generate_password() if password is None else None
    made = accounts.add_user(
        username, role=role, teams=team, email=email, display_name=name, password=password or temporary
    )
    audit.record(action="user-add", detail={"account": made.username, "role": made.role})
    if as_json:
        print_json({**made.as_dict(), "temporary_password": temporary})
        return
    console.print(f"Added {escape(made.username)} ({made.role}).", highlight=False)
    if temporary:
        _show_temporary(made.username, temporary)


@user_app.command("list")
def list_users(as_json: bool = typer.Option(False, "--json", help="Print the accounts as JSON.")) -> None:
    """List the accounts with their roles, teams and whether they may log in."""
    found = accounts.list_users()
    if as_json:
        print_json([a.as_dict() for a in found])
        return
    if not found:
        console.print("No accounts yet: `meetfirst user add NAME --role admin` makes the first admin.")
        return
    table = Table("username", "name", "role", "teams", "status", "last login")
    for a in found:
        status = "active" if a.active else "disabled"
        if a.active and not a.has_password:
            status = "no password"
        last = f"{a.last_login:%Y-%m-%d %H:%M}" if a.last_login else "never"
        table.add_row(
            escape(a.username), escape(a.display_name), a.role, escape(", ".join(a.teams)), status, last
        )
    console.print(table)


@user_app.command("disable")
def disable(username: str = typer.Argument(..., help="The account to disable.")) -> None:
    """Disable an account: it is logged out at once and cannot log in until enabled."""
    done = accounts.disable_user(username)
    audit.record(action="user-disable", detail={"account": done.username})
    console.print(f"Disabled {escape(done.username)}.", highlight=False)


@user_app.command("enable")
def enable(username: str = typer.Argument(..., help="The account to enable.")) -> None:
    """Enable a disabled account again."""
    done = accounts.enable_user(username)
    audit.record(action="user-enable", detail={"account": done.username})
    console.print(f"Enabled {escape(done.username)}.", highlight=False)


@user_app.command("passwd")
def passwd(
    username: str = typer.Argument(..., help="The account whose password to set."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    generate: bool = typer.Option(
        False, "--generate", help="Generate a temporary password and show it once."
    ),
) -> None:
    """Set an account's password (typed twice, from stdin, or generated); its other sessions end."""
    password = _read_password(from_stdin=password_stdin, generate=generate)
    temporary = accounts.set_password(username, password)
    audit.record(action="user-passwd", detail={"account": username})
    if temporary:
        _show_temporary(username, temporary)
    else:
        err_console.print(f"Password set for {escape(username)}.", highlight=False)


@team_app.command("add")
def add_team(name: str = typer.Argument(..., help="The team's name.")) -> None:
    """Add a team."""
    made = accounts.add_team(name)
    audit.record(action="team-add", detail={"team": made.name})
    console.print(f"Added team {escape(made.name)}.", highlight=False)


@team_app.command("list")
def list_teams(as_json: bool = typer.Option(False, "--json", help="Print the teams as JSON.")) -> None:
    """List the teams with how many staff and customers each has."""
    found = accounts.list_teams()
    if as_json:
        print_json([t.as_dict() for t in found])
        return
    if not found:
        console.print("No teams yet: `meetfirst team add NAME`.")
        return
    table = Table("team", "staff", "customers")
    for t in found:
        table.add_row(escape(t.name), str(t.staff), str(t.customers))
    console.print(table)
