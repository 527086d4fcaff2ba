"""Indexes that no query needs, each of which a million-row ticket import had to build.

- Ticket.team and Ticket.agent lose their own indexes: ticket_team_report_idx and ticket_agent_report_idx
  lead with the same columns and serve the same lookups (and the deletes of a team or an account).
- On PostgreSQL, Django adds a `varchar_pattern_ops` index beside every unique CharField, for LIKE
  queries; nothing matches ticket or interaction keys with LIKE, so those two go.

Dropped by name with IF EXISTS, so that SQLite (which never had the LIKE indexes) is not made to copy
its ticket table, as a field change there would.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# name -> (table, what it indexes, PostgreSQL only)
DROPPED = {
    "store_ticket_team_id_e13d8414": ("store_ticket", "team_id", False),
    "store_ticket_agent_id_9fe94fb8": ("store_ticket", "agent_id", False),
    "store_ticket_key_ea8abb2f_like": ("store_ticket", "key varchar_pattern_ops", True),
    "store_interaction_key_031bdcbe_like": ("store_interaction", "key varchar_pattern_ops", True),
}


def drop(apps: object, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for name in DROPPED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def restore(apps: object, schema_editor: BaseDatabaseSchemaEditor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, (table, what, postgresql_only) in DROPPED.items():
        if postgresql or not postgresql_only:
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({what})")


class Migration(migrations.Migration):
    dependencies = [
        ("store", "0010_saved_team_report"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ticket",
                    name="team",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="tickets",
                        to="store.team",
                    ),
                ),
                migrations.AlterField(
                    model_name="ticket",
                    name="agent",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.SET_NULL,
                        related_name="tickets",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunPython(drop, restore),
            ],
        ),
    ]
