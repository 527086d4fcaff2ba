"""The service layer's clock. MEETFIRST_NOW (ISO 8601) pins it, for demos and scripted tests."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    pinned = os.environ.get("MEETFIRST_NOW", "").strip()
    if pinned:
        moment = datetime.fromisoformat(pinned)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)
