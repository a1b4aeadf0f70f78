"""The SQL adapter of the storage port: SQLAlchemy 2 (async, Core) on SQLite or PostgreSQL.

What lives here: ``SqlStore`` and ``create_store(url)`` (the default URL is
``sqlite+aiosqlite:///./var/mantimon.db``; ``postgresql+asyncpg://...`` for PostgreSQL),
the schema (``schema.py``), engines and SQLite pragmas (``runner.py``) and the Alembic
migrations (``migrate.py``, ``migrations/``; ``python -m mantimon.storage.sql upgrade``).
What must not: anything above storage (session, server, protocol, bots).
"""

from mantimon.storage.sql.migrate import upgrade
from mantimon.storage.sql.runner import DEFAULT_URL, open_runner
from mantimon.storage.sql.store import SqlStore, create_store

__all__ = ["DEFAULT_URL", "SqlStore", "create_store", "open_runner", "upgrade"]
