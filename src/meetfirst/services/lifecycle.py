"""Replies, answers and silence: moving requests on from what the store now knows. (Being built.)"""

from __future__ import annotations

from datetime import datetime


def advance(*, now: datetime) -> int:
    """Detect sent replies, answers and collectors; return how many requests moved."""
    return 0
