"""The funnel report: incoming requests from triage to relationships, in total and per month."""

from __future__ import annotations

from datetime import tzinfo

from meetfirst.core.clock import local_zone
from meetfirst.core.funnel import Funnel, FunnelRow, month_of, tally
from meetfirst.services.policy import load_policy
from meetfirst.store import funnel_queries
from meetfirst.store.models import Stage


def funnel(*, zone: tzinfo | str | None = None) -> Funnel:
    """Count incoming requests per funnel step, per month of the request in the owner's zone (or `zone`)."""
    if zone is None or isinstance(zone, str):
        zone = local_zone(zone or load_policy().timezone)
    rows = (
        FunnelRow(
            month=month_of(source.sent_at, zone),
            verdict=source.verdict,
            replied=source.replied,
            answered=source.answered,
            collector=source.stage == Stage.COLLECTOR,
            met=source.met,
            relationship=source.relationship,
        )
        for source in funnel_queries.incoming_requests()
    )
    return tally(rows)
