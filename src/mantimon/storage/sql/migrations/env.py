"""Alembic environment: runs migrations on the connection ``migrate.upgrade`` hands over.

What lives here: the glue Alembic calls for every command. There is no ``alembic.ini``:
``mantimon.storage.sql.migrate`` builds the config in code and puts an open synchronous
connection into ``config.attributes["connection"]`` (the async engine's connection, via
``run_sync``). What must not: engines or URLs of its own.
"""

from __future__ import annotations

from alembic import context

from mantimon.storage.sql.schema import metadata


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "run migrations through mantimon.storage.sql.migrate, not the alembic CLI"
        )
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
