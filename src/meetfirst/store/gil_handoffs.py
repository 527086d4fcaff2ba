"""While a ticket copy runs behind, the interpreter passes the GIL between threads every 0.2 ms instead of 5.

The copy thread (store/ticket_ingest.CopyBehind) mostly waits for the server; each time the server answers,
it needs the GIL back from the thread that parses, which by default keeps it for up to 5 ms. At 1,000,000 rows
that made the parser wait for the copy for 17 to 19 s of a 52 to 56 s import; with 0.2 ms, about 1 s.
"""

from __future__ import annotations

import sys
import threading

HANDOFF_SECONDS = 0.0002
_lock = threading.Lock()
_users = 0
_before = 0.0


def quick(on: bool) -> None:
    """Shorten the interpreter's switch interval while any copy runs behind; restore it after the last."""
    global _users, _before
    with _lock:
        if on:
            if _users == 0:
                _before = sys.getswitchinterval()
                sys.setswitchinterval(min(HANDOFF_SECONDS, _before))
            _users += 1
        elif _users > 0:
            _users -= 1
            if _users == 0:
                sys.setswitchinterval(_before)
