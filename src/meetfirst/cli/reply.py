"""`meetfirst reply draft|edit|sent`: the policy reply to strangers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from meetfirst.cli.main import app
from meetfirst.cli.output import console, print_json
from meetfirst.core.errors import BadInput
from meetfirst.services import clock
from meetfirst.services.policy import parse_user_time

reply_app = typer.Typer(help="Draft the policy reply for strangers, and record when it was sent.")
app.add_typer(reply_app, name="reply", no_args_is_help=True)


@reply_app.command("draft")
def draft(
    ids: Annotated[
        list[int] | None, typer.Argument(help="Request ids (default: every stranger not replied to yet).")
    ] = None,
    force: bool = typer.Option(False, "--force", help="Re-draft even replies you edited yourself."),
    as_json: bool = typer.Option(False, "--json", help="Print the drafts as JSON."),
) -> None:
    """Draft the reply from your template, for some requests or every stranger not replied to yet."""
    from meetfirst.services import replies

    drafts = replies.draft(ids or None, now=clock.now(), force=force)
    if as_json:
        print_json([d.as_dict() for d in drafts])
        return
    if not drafts:
        console.print("No stranger is waiting for a reply.")
        return
    for item in drafts:
        notes = [item.status]
        if item.edited:
            notes.append("edited by you, kept" if item.kept else "edited")
        title = f"#{item.request_id} {escape(item.name)} [dim]({', '.join(notes)})[/]"
        console.rule(title, align="left")
        if item.profile_url:
            console.print(item.profile_url, markup=False, highlight=False, soft_wrap=True)
        console.print(item.text, markup=False, highlight=False, soft_wrap=True)
    console.print(
        f"\n{len(drafts)} draft(s). After sending one, run `meetfirst reply sent ID`.", highlight=False
    )


@reply_app.command("edit")
def edit(
    request_id: int = typer.Argument(..., metavar="ID", help="The request id."),
    text: str = typer.Option(None, "--text", help="The reply text."),
    from_file: Annotated[
        Path | None, typer.Option("--file", help="Read the reply text from this file.")
    ] = None,
    as_json: bool = typer.Option(False, "--json", help="Print the draft as JSON."),
) -> None:
    """Replace a draft with your own text (later drafts keep it unless --force)."""
    from meetfirst.services import replies

    if (text is None) == (from_file is None):
        raise BadInput("give the new text with --text or --file (one of them)")
    if from_file is not None:
        try:
            text = from_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BadInput(f"cannot read {from_file} ({exc})") from None
    item = replies.edit(request_id, text, now=clock.now())
    if as_json:
        print_json(item.as_dict())
        return
    console.print(f"Draft for #{item.request_id} {escape(item.name)} saved.", highlight=False)


@reply_app.command("sent")
def sent(
    request_id: int = typer.Argument(..., metavar="ID", help="The request id."),
    at: str = typer.Option(
        None, "--at", metavar="TIME", help="When you sent it: ISO 8601 or 'YYYY-MM-DD HH:MM' in your zone."
    ),
    force: bool = typer.Option(
        False, "--force", help="Record it even for a request judged known or bizarre."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Record that you sent the reply to a request (now, or --at TIME)."""
    from meetfirst.services import replies

    moment = parse_user_time(at) if at else None
    reply = replies.mark_sent(request_id, at=moment, now=clock.now(), force=force)
    request = reply.request
    if as_json:
        print_json(
            {
                "id": request.id,
                "name": request.person.display_name,
                "status": reply.status,
                "sent_at": reply.sent_at,
                "sent_how": reply.sent_how,
                "stage": request.stage,
            }
        )
        return
    console.print(
        f"Reply to #{request.id} {escape(request.person.display_name)} recorded as sent "
        f"on {reply.sent_at:%Y-%m-%d %H:%M} UTC; the request is now {request.get_stage_display()}.",
        highlight=False,
    )
