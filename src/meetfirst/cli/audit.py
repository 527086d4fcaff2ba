"""`meetfirst audit`: who changed what, and when (ids and field names only, never personal data)."""

from __future__ import annotations

from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.services import audit


def _detail(detail: dict[str, Any]) -> str:
    """The fields a form sent, or the account or team a command changed."""
    fields = detail.get("fields")
    if isinstance(fields, list):
        return ", ".join(str(f) for f in fields)
    return ", ".join(f"{key} {value}" for key, value in detail.items() if key in {"account", "team", "role"})


@app.command("audit")
def audit_command(
    person: int = typer.Option(None, "--person", help="Only changes to this person id."),
    user: str = typer.Option("", "--user", help="Only changes by this account (`cli` for the command line)."),
    limit: int = typer.Option(50, "--limit", min=1, max=1000, help="How many entries, newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print the entries as JSON."),
) -> None:
    """Show the audit log, newest first."""
    found = audit.entries(person_id=person, username=user, limit=limit)
    if as_json:
        print_json([e.as_dict() for e in found])
        return
    if not found:
        console.print("No audit entries match.")
        return
    table = Table("when", "who", "action", "person", "detail")
    for e in found:
        table.add_row(
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            escape(e.username),
            escape(e.action),
            str(e.person_id or ""),
            escape(_detail(e.detail)),
        )
    console.print(table)
