"""Start Django for the CLI and the server, and bring the store's schema up to date on first use."""

from __future__ import annotations

import logging
import os
import threading

log = logging.getLogger(__name__)
_lock = threading.Lock()
_ready = False


def configure() -> None:
    """Load Django's settings and apps (no database access), so that modules may import the models."""
    from django.apps import apps

    if apps.ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meetfirst.settings")
    import django

    django.setup()


def setup(*, migrate: bool = True) -> None:
    """Configure Django once per process; apply pending migrations so nobody runs migrate by hand."""
    global _ready
    with _lock:
        if _ready:
            return
        configure()
        if migrate:
            migrate_if_needed()
        _ready = True


def migrate_if_needed() -> bool:
    """Apply unapplied migrations quietly; return True when something was applied."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        return False
    log.info("bringing the store up to date (%d migrations)", len(plan))
    call_command("migrate", interactive=False, verbosity=0)
    return True
