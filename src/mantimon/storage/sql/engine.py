"""Async engines for the SQL adapter: URL handling, SQLite pragmas and transaction modes.

What lives here: ``make_engine(url)``, which returns an ``AsyncEngine`` set up for our use of
SQLite (``sqlite+aiosqlite``) or PostgreSQL (``postgresql+asyncpg``), and the execution
option that marks a connection as a writer. What must not: tables or queries.

SQLite, per connection:

* ``journal_mode=WAL``: readers never block the writer and the writer never blocks readers.
* ``synchronous=NORMAL``: a commit appends to the WAL with ``write()`` and syncs only at
  checkpoints. A committed transaction is in the operating system's page cache when
  ``COMMIT`` returns, so it **survives the process being killed (``kill -9``)**; an
  operating-system crash or power loss may roll back the last transactions (never corrupt
  the file). Pass ``sqlite_synchronous="FULL"`` to sync the WAL on every commit instead.
* ``foreign_keys=ON`` and a ``busy_timeout``, so a second process (a migration, a CLI) waits
  for the write lock instead of failing at once.
* pysqlite's own transaction handling is switched off (``isolation_level = None``) and we
  emit ``BEGIN`` ourselves: ``BEGIN IMMEDIATE`` on writer connections (the write lock is
  taken before the first read, so a read-check-write such as taking a seat is atomic and
  never fails half-way with ``SQLITE_BUSY``), nothing on readers (each statement is its
  own snapshot).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import orjson
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DEFAULT_URL = "sqlite+aiosqlite:///./var/mantimon.db"
WRITER = "mantimon_writer"  # execution option: this connection's transactions write

Synchronous = Literal["OFF", "NORMAL", "FULL", "EXTRA"]


def dumps_json(value: Any) -> str:
    """JSON text for a JSON column (orjson; the standard module for what orjson refuses,
    such as integers wider than 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        import json

        return json.dumps(value, separators=(",", ":"))


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL (None for an in-memory database)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def make_engine(
    url: str | URL,
    *,
    sqlite_synchronous: Synchronous = "NORMAL",
    busy_timeout_ms: int = 10_000,
    **engine_kwargs: Any,
) -> AsyncEngine:
    """An ``AsyncEngine`` for ``url`` (the folder of a SQLite file is created)."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {
        "json_serializer": dumps_json,
        "json_deserializer": orjson.loads,
        **engine_kwargs,
    }
    if parsed.get_backend_name() != "sqlite":
        return create_async_engine(parsed, **kwargs)
    path = sqlite_path(parsed)
    if path is None:
        raise ValueError(
            "an in-memory SQLite database is per connection; use a file URL or MemoryStore"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(parsed, **kwargs)
    pragmas = (
        "PRAGMA journal_mode=WAL",
        f"PRAGMA synchronous={sqlite_synchronous}",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={int(busy_timeout_ms)}",
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITER):
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
