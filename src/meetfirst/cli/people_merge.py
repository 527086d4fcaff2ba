"""`meetfirst people suggestions|merge|reject|split|unmerge|merges`: one human, one person."""

from __future__ import annotations

import typer
from rich.markup import escape

from meetfirst.cli.output import console, print_json
from meetfirst.cli.people import people_app
from meetfirst.cli.rights import confirm_or_refuse
from meetfirst.services import clock

_WHO = "A person id, profile address or slug, e-mail, or name."


@people_app.command("suggestions")
def suggestions_command(as_json: bool = typer.Option(False, "--json", help="Print them as JSON.")) -> None:
    """List people who may be one human: merge them with `people merge`, or `people reject` the pair."""
    from meetfirst.services import resolution

    found = resolution.suggestions()
    if as_json:
        print_json(
            [
                {
                    "id": s.pk,
                    "first": {"id": s.first_id, "name": s.first.display_name, "company": s.first.company},
                    "second": {"id": s.second_id, "name": s.second.display_name, "company": s.second.company},
                    "score": s.score,
                    "reasons": s.reasons,
                }
                for s in found
            ]
        )
        return
    if not found:
        console.print("No merge suggestions.")
        return
    for s in found:
        console.print(
            f"Suggestion {s.pk}: #{s.first_id} {escape(s.first.display_name)} ~ #{s.second_id} "
            f"{escape(s.second.display_name)} ({s.score:.2f}): {escape('; '.join(s.reasons))}",
            highlight=False,
            soft_wrap=True,
        )
    console.print("Merge with `meetfirst people merge A B`; keep apart with `meetfirst people reject A B`.")


@people_app.command("merge")
def merge_command(
    first: str = typer.Argument(..., help=f"The person to keep. {_WHO}"),
    second: str = typer.Argument(..., help=f"The person to merge into the first. {_WHO}"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask; needed when no terminal is attached."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Merge two people into one: everything of the second moves to the first (undo with `people split`)."""
    from meetfirst.services import resolution
    from meetfirst.services.people import find_person

    kept, merged = find_person(first), find_person(second)
    confirm_or_refuse(
        f"Merge #{merged.pk} {merged.display_name} into #{kept.pk} {kept.display_name}?",
        yes=yes,
        refusal="merge asks first: answer at a terminal, or pass --yes",
    )
    record = resolution.merge_ids(kept.pk, merged.pk, now=clock.now())
    if as_json:
        print_json({"merge": record.pk, "kept": kept.pk, "merged": merged.pk, "reasons": record.reasons})
        return
    console.print(
        f"Merged #{merged.pk} {escape(merged.display_name)} into #{kept.pk} {escape(kept.display_name)} "
        f"(merge {record.pk}; undo with `meetfirst people unmerge {record.pk}`).",
        highlight=False,
    )


@people_app.command("reject")
def reject_command(
    first: str = typer.Argument(..., help=_WHO),
    second: str = typer.Argument(..., help=_WHO),
) -> None:
    """Say two people are two humans: the pair is never suggested again."""
    from meetfirst.services import resolution

    one, other = resolution.reject(first, second, now=clock.now())
    console.print(
        f"#{one.pk} {escape(one.display_name)} and #{other.pk} {escape(other.display_name)} are two people; "
        "they will not be suggested again.",
        highlight=False,
    )


@people_app.command("split")
def split_command(person: str = typer.Argument(..., help=_WHO)) -> None:
    """Undo the newest merge into a person: the merged person comes back with their rows."""
    from meetfirst.services import resolution

    record, back = resolution.split(person, now=clock.now())
    console.print(
        f"Undid merge {record.pk}: #{back.pk} {escape(back.display_name)} is a person of their own again.",
        highlight=False,
    )


@people_app.command("unmerge")
def unmerge_command(
    merge_id: int = typer.Argument(..., help="The merge's id (see `people merges`)."),
) -> None:
    """Undo one merge by its id."""
    from meetfirst.services import resolution

    back = resolution.undo(merge_id, now=clock.now())
    console.print(
        f"Undid merge {merge_id}: #{back.pk} {escape(back.display_name)} is a person of their own again.",
        highlight=False,
    )


@people_app.command("merges")
def merges_command(
    undone: bool = typer.Option(False, "--all", help="Also list merges that were undone."),
    as_json: bool = typer.Option(False, "--json", help="Print them as JSON."),
) -> None:
    """List merges, automatic and yours, newest first, with their reasons."""
    from meetfirst.services import resolution

    found = resolution.merges(include_undone=undone)
    rows = [
        {
            "id": r.pk,
            "kept": {"id": r.kept_id, "name": r.kept.display_name},
            "merged": resolution.merged_name(r),
            "automatic": r.automatic,
            "reasons": r.reasons,
            "merged_at": r.merged_at,
            "undone_at": r.undone_at,
        }
        for r in found
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        console.print("No merges.")
        return
    for row in rows:
        how = "automatic" if row["automatic"] else "by you"
        undone_note = f", undone {row['undone_at']:%Y-%m-%d}" if row["undone_at"] else ""
        console.print(
            f"Merge {row['id']} ({how}, {row['merged_at']:%Y-%m-%d}{undone_note}): "
            f"{escape(row['merged'])} into "
            f"#{row['kept']['id']} {escape(row['kept']['name'])}: {escape('; '.join(row['reasons']))}",
            highlight=False,
            soft_wrap=True,
        )
