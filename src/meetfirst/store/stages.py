"""Moving a request along the policy's road. Every move goes through here, so the log is complete."""

from __future__ import annotations

from datetime import datetime

from meetfirst.store.models import ConnectionRequest, StageChange


def move(request: ConnectionRequest, *, to: str, at: datetime, reason: str) -> bool:
    """Set the request's stage and log the change; return False when it was already there."""
    if request.stage == to:
        return False
    StageChange.objects.create(
        request=request, from_stage=request.stage, to_stage=to, at=at, reason=reason[:500]
    )
    request.stage = to
    request.save(update_fields=["stage", "updated_at"])
    return True
