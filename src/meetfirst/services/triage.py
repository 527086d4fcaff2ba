"""Triage: a verdict with reasons for every pending request. (Being built; see issue 2.)"""

from __future__ import annotations

from datetime import datetime


def triage_new(*, now: datetime) -> int:
    """Give a rule verdict to every incoming request still in stage NEW; return how many."""
    return 0
