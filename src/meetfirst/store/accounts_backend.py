"""Django's model backend for accounts, with the read that every page makes written out in SQL.

Each request finds its account again from the id in the session; the ORM took longer to compose that
lookup (about 0.5 ms) than the database took to answer it. Passwords, permissions and everything else
are Django's own (`ModelBackend`), as is the rule that a disabled account gets no user.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from meetfirst.store import sql


class AccountBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        key = connection.ops.quote_name(model._meta.pk.attname)
        statement = f"SELECT * FROM {sql.table(model)} WHERE {key} = %s"
        user = next(iter(model._default_manager.raw(statement, [pk])), None)
        return user if user is not None and self.user_can_authenticate(user) else None
