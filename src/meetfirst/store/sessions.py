"""Django's database sessions, with the read that every page makes written out in SQL.

Loading the session is the first query of every request; the ORM took longer to compose it than the
database took to answer. Everything else (creating, saving, expiring, deleting) is Django's own.
"""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone

from meetfirst.store import sql


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        found = sql.fetch(
            f"SELECT session_data, expire_date FROM {sql.table(self.model)} "
            "WHERE session_key = %s AND expire_date > %s",
            [key, now],
        )
        if not found:
            self._session_key = None  # expired or unknown: a new session, as Django does
            return None
        data, expires = found[0]
        return self.model(session_key=key, session_data=data, expire_date=sql.aware(expires))
