"""Schema migrations (Alembic, configured in code) and their command line.

What lives here: ``upgrade``/``downgrade``/``current`` on a runner or a URL, and ``main``
for ``python -m mantimon.storage.sql upgrade [URL]``. ``create_store`` calls ``upgrade`` on
every start, so a deployment never runs on an old schema. The revisions live in
``migrations/versions`` (package data; no ``alembic.ini``). Two processes starting at once
are serialized: SQLite by the writer's ``BEGIN IMMEDIATE``, PostgreSQL by an advisory lock.
What must not: table definitions (``schema.py`` and the revisions) or store logic.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection

from mantimon.storage.sql.runner import DEFAULT_URL, Runner, open_runner

MIGRATIONS = Path(__file__).with_name("migrations")
_PG_LOCK_KEY = 0x4D414E54  # "MANT": any constant shared by every process of this app


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's config in code; ``connection`` is the one ``env.py`` migrates."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _migrate(connection: Connection, verb: str, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    config = alembic_config(connection)
    if verb == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None when it was never migrated)."""
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade_runner(runner: Runner, revision: str = "head") -> None:
    """Migrate the database behind ``runner`` up to ``revision``, in one transaction."""
    await runner.write(functools.partial(_migrate, verb="upgrade", revision=revision))


async def downgrade_runner(runner: Runner, revision: str) -> None:
    await runner.write(functools.partial(_migrate, verb="downgrade", revision=revision))


async def current_runner(runner: Runner) -> str | None:
    return await runner.read(current_revision)


def head() -> str:
    """The newest revision shipped with this package."""
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None
    return revision


async def _with_runner(url: str, verb: str, revision: str) -> str | None:
    runner = open_runner(url)
    try:
        if verb == "upgrade":
            await upgrade_runner(runner, revision)
        elif verb == "downgrade":
            await downgrade_runner(runner, revision)
        return await current_runner(runner)
    finally:
        await runner.close()


def upgrade(url: str = DEFAULT_URL, revision: str = "head") -> str | None:
    """Migrate the database at ``url`` (blocking; for command lines). Returns the revision."""
    return asyncio.run(_with_runner(url, "upgrade", revision))


def downgrade(url: str, revision: str) -> str | None:
    return asyncio.run(_with_runner(url, "downgrade", revision))


def current(url: str = DEFAULT_URL) -> str | None:
    return asyncio.run(_with_runner(url, "current", ""))


def main(argv: list[str] | None = None) -> int:
    """``python -m mantimon.storage.sql {upgrade,downgrade,current} [--url URL]``."""
    parser = argparse.ArgumentParser(
        prog="python -m mantimon.storage.sql", description="Migrate the Mantimon database."
    )
    parser.add_argument("verb", choices=("upgrade", "downgrade", "current"))
    parser.add_argument("revision", nargs="?", default=None, help="target (default: head)")
    parser.add_argument("--url", default=DEFAULT_URL, help=f"database URL (default {DEFAULT_URL})")
    args = parser.parse_args(argv)
    if args.verb == "upgrade":
        at = upgrade(args.url, args.revision or "head")
    elif args.verb == "downgrade":
        if args.revision is None:
            parser.error("downgrade needs a revision (e.g. base)")
        at = downgrade(args.url, args.revision)
    else:
        at = current(args.url)
    print(f"{args.url}: at revision {at or 'none'} (head {head()})")
    return 0
