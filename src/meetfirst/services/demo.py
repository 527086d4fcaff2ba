"""The demo: a generated LinkedIn export in MEETFIRST_HOME/demo, imported like a real one.

The export is written once, dated from the day it is written, and reused after that; importing it again
changes nothing, so the demo can run any number of times.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from meetfirst.core.records import ImportSummary
from meetfirst.demo import write_export
from meetfirst.demo.tickets import known_people, write_tickets
from meetfirst.services import clock, customers, funnel, importing, triage

log = logging.getLogger(__name__)

DEMO_FOLDER = "demo"
# A small network: enough for every part of the story, small enough to import in a second or two.
# More invitations than write_export's default, so that most incoming ones are accepted, as in life.
DEMO_CONNECTIONS = 300
DEMO_INVITATIONS = 120
DEMO_MESSAGES = 2000
DEMO_SEED = 7
# A service desk's ticket export beside the LinkedIn one, so that the demo shows customers too.
DEMO_TICKETS = Path("demo-tickets") / "zendesk-tickets.csv"


@dataclass(slots=True)
class DemoTour:
    """What the demo did and what there is to see."""

    export: Path
    generated: bool
    summary: ImportSummary
    pending: list[triage.PendingItem]
    funnel: dict[str, Any]
    tickets: ImportSummary | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "export": str(self.export),
            "generated": self.generated,
            "import": self.summary.as_dict(),
            "tickets": self.tickets.as_dict() if self.tickets else None,
            # The triage command's shape, plus where each request stands now.
            "triage": [{**item.as_dict(), "stage": item.stage} for item in self.pending],
            "funnel": self.funnel,
        }


def current_home() -> Path:
    """The data folder this process uses (MEETFIRST_HOME, or the platform's default)."""
    return Path(settings.HOME)


def demo_export(home: Path, *, now: datetime) -> tuple[Path, bool]:
    """The demo export folder in `home`, written now if it is not there; and whether it was written."""
    folder = home / DEMO_FOLDER
    if (folder / "Invitations.csv").is_file():
        return folder, False
    home.mkdir(parents=True, exist_ok=True)
    # Written aside and moved into place, so that an interrupted run never leaves half an export behind.
    staging = Path(tempfile.mkdtemp(prefix=".demo-", dir=home))
    try:
        write_export(
            staging,
            seed=DEMO_SEED,
            connections=DEMO_CONNECTIONS,
            invitations=DEMO_INVITATIONS,
            messages=DEMO_MESSAGES,
            now=now,
        )
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info("wrote the demo export to %s", folder)
    return folder, True


def demo_tickets(home: Path, export: Path, *, now: datetime) -> Path:
    """The demo's ticket export in `home`, written now (naming some of the export's people) if absent."""
    path = home / DEMO_TICKETS
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.part")
    write_tickets(staging, now=now, known=known_people(export), seed=DEMO_SEED)
    staging.replace(path)
    return path


def run_demo(
    *,
    home: Path | None = None,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoTour:
    """Write the demo export if needed, import it, and gather the triage queue and the funnel."""
    moment = now or clock.now()
    folder, generated = demo_export(home or current_home(), now=moment)
    summary = importing.import_paths([folder], now=moment, progress=progress)
    tickets = importing.import_paths([demo_tickets(home or current_home(), folder, now=moment)], now=moment)
    customers.refresh_stale(None, now=moment, limit=None)
    return DemoTour(
        export=folder,
        generated=generated,
        summary=summary,
        pending=triage.pending(),
        funnel=funnel.funnel().as_dict(),
        tickets=tickets,
    )
