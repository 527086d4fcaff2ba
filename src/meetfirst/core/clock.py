"""Time helpers: the owner's time zone for LinkedIn's zone-less timestamps."""

from __future__ import annotations

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def local_zone(name: str = "") -> ZoneInfo:
    """The named IANA zone, else $TZ, else the machine's /etc/localtime, else UTC."""
    for candidate in (name, os.environ.get("TZ", "")):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            try:
                return ZoneInfo(target.split("zoneinfo/", 1)[1])
            except (ZoneInfoNotFoundError, ValueError):
                pass
    return ZoneInfo("UTC")
