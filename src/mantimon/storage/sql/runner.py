"""Where SQL runs: a ``Runner`` executes a synchronous function of a SQLAlchemy ``Connection``
inside one transaction (``write``) or outside any (``read``).

What lives here: URL handling, engines, SQLite pragmas and transaction modes, and the two
runners, one per backend (docs/adr/0010: the others were measured and deleted). What must
not: tables or queries (``schema.py``, ``store.py``).

* **PostgreSQL** (``postgresql+asyncpg://...``): ``AsyncRunner`` on SQLAlchemy's async
  engine; the function runs through ``AsyncConnection.run_sync``, each statement awaiting
  asyncpg, so the event loop runs other games while the server answers.
* **SQLite** (``sqlite+aiosqlite://`` as in DESIGN.md, or ``sqlite://``): ``SqliteRunner``
  runs the function in the calling thread with the standard ``sqlite3`` driver. A step's
  transaction is a fraction of a millisecond with no fsync (below), less than a thread hop
  would cost; checkpoints, which sync, run on a worker thread. The price: while another
  process holds SQLite's write lock (a migration), the loop waits up to ``busy_timeout``.

SQLite, per connection:

* ``journal_mode=WAL``: readers never block the writer and the writer never blocks readers.
* ``synchronous=NORMAL``: a commit appends to the WAL with ``write()`` and syncs only at
  checkpoints. A committed transaction is in the operating system's page cache when
  ``COMMIT`` returns, so it **survives the process being killed (``kill -9``)**; an
  operating-system crash or power loss may roll back the last transactions (never corrupt
  the file).
* Checkpoints (``SqliteRunner``), ``wal_autocheckpoint`` and ``journal_size_limit`` keep
  the WAL bounded.
* ``foreign_keys=ON`` and a ``busy_timeout``, so another process (a migration, a CLI) waits
  for the write lock instead of failing at once.
* The driver's own transaction handling is off (``isolation_level = None``) and we emit
  ``BEGIN IMMEDIATE`` for writes: the write lock is taken before the first read, so a
  read-check-write such as taking a seat is atomic and never fails half-way with
  ``SQLITE_BUSY``. Reads run without ``BEGIN`` (each statement is its own snapshot).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DEFAULT_URL = "sqlite+aiosqlite:///./var/mantimon.db"
log = logging.getLogger(__name__)
WRITER = "mantimon_writer"  # execution option: this connection's transactions write
CHECKPOINT_EVERY = 32  # writes between checkpoints on the worker thread (SqliteRunner)
AUTOCHECKPOINT_PAGES = 1000  # SQLite's default: the backstop, in the commit, per ~4 MiB of WAL
JOURNAL_SIZE_LIMIT = 8 * 2**20  # bytes of WAL file kept after the WAL starts over
BUSY_TIMEOUT_MS = 10_000  # how long a writer waits for another process's write lock
T = TypeVar("T")


def dumps_json(value: Any) -> str:
    """JSON text for a JSON column (orjson; the standard module for what orjson refuses,
    such as integers wider than 64 bits)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except TypeError:
        import json

        return json.dumps(value, separators=(",", ":"))


class Runner(Protocol):
    url: URL
    dialect: str  # "sqlite" | "postgresql"

    async def write(self, fn: Callable[[Connection], T]) -> T:
        """``fn`` in one writer transaction: committed if it returns, rolled back if it
        raises."""
        ...

    async def read(self, fn: Callable[[Connection], T]) -> T: ...

    async def close(self) -> None: ...


class AsyncRunner:
    """Runs on SQLAlchemy's async engine (PostgreSQL through asyncpg)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.url = engine.url
        self.dialect = engine.dialect.name
        self._writer = engine.execution_options(**{WRITER: True})

    async def write(self, fn: Callable[[Connection], T]) -> T:
        async with self._writer.begin() as conn:
            return await conn.run_sync(fn)

    async def read(self, fn: Callable[[Connection], T]) -> T:
        async with self.engine.connect() as conn:
            return await conn.run_sync(fn)

    async def close(self) -> None:
        await self.engine.dispose()


class SqliteRunner:
    """Runs on a synchronous engine (the standard ``sqlite3`` driver) in the calling
    (event-loop) thread, checkpoints on a worker thread.

    Measured with a step's writes as they are since issue 12 (an action, a result, the game
    row, a snapshot every 25 actions: ~100-300 µs of CPU per step, bench/RESULTS.md), a
    worker thread or a child process for the transactions only adds hops, GIL hand-offs or
    pickles around that work: both cost more CPU per step than the SQL itself, and the SQL
    needs the GIL anyway (docs/adr/0010).

    Checkpoints are the exception: one copies the WAL into the database file and syncs it
    (10-70 ms on the shared VMs), which inline would stall every socket of the server.
    So every ``CHECKPOINT_EVERY`` writes a PASSIVE checkpoint runs on a worker thread (SQLite
    releases the GIL) while **writes wait** and everything else goes on. The waiting is what
    bounds the WAL: the checkpoint copies every frame, so the next write finds the WAL
    wholly copied and starts it over from the beginning. A checkpoint thread that let the
    writer go on (before issue 12) never found that moment under steady writes: its WAL
    grew with every commit (172 MiB after 4,200 commits in the test of this; this runner
    stays under 8 MiB). SQLite's own checkpoint in the commit, every
    ``AUTOCHECKPOINT_PAGES``, stays as a backstop, and ``journal_size_limit`` cuts the file
    back after a longer WAL (another process's reader held an old snapshot meanwhile).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url
        self.dialect = engine.dialect.name
        self._writer: Connection | None = None  # kept checked out between writes
        self._writes = 0  # since the last checkpoint started
        self._checkpoint: asyncio.Future[None] | None = None  # running: writes wait for it
        self.checkpoints = 0  # finished on the worker thread

    def _writer_connection(self) -> Connection:
        """The one writer connection, kept between writes: checking a connection out of
        the pool and resetting it on return cost ~30 µs per transaction, more than a
        step's own SQL when steps come one at a time (bench/RESULTS.md, 2026-12-06
        evening). Only the event-loop thread writes, so one connection serves them all."""
        conn = self._writer
        if conn is None or conn.closed or conn.invalidated:
            conn = self._writer = self.engine.connect().execution_options(**{WRITER: True})
        return conn

    async def write(self, fn: Callable[[Connection], T]) -> T:
        while self._checkpoint is not None:
            await asyncio.shield(self._checkpoint)
        conn = self._writer_connection()
        try:
            with conn.begin():
                result = fn(conn)
        except BaseException:
            # Rolled back; a connection that failed is not trusted with the next write.
            self._writer = None
            with contextlib.suppress(Exception):
                conn.close()
            raise
        self._writes += 1
        if self._writes >= CHECKPOINT_EVERY:
            self._writes = 0
            self._checkpoint = asyncio.ensure_future(self._checkpoint_aside())
        return result

    async def read(self, fn: Callable[[Connection], T]) -> T:
        with self.engine.connect() as conn:
            return fn(conn)

    def checkpoint(self, mode: str = "PASSIVE") -> None:
        """``PRAGMA wal_checkpoint(mode)`` on a pooled connection, in the calling thread."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})").fetchall()

    async def _checkpoint_aside(self) -> None:
        try:
            await asyncio.to_thread(self.checkpoint)
            self.checkpoints += 1
        except Exception as exc:  # the writes waiting for it must not fail with it
            log.warning("checkpoint failed (the next one, or SQLite's, retries): %s", exc)
        finally:
            self._checkpoint = None

    async def close(self) -> None:
        """Empty the WAL into the database file and truncate it (a closed database is one
        file), then close the connections."""
        if self._checkpoint is not None:
            await asyncio.shield(self._checkpoint)
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        try:
            self.checkpoint("TRUNCATE")
        except sa.exc.DBAPIError as exc:
            log.warning("final checkpoint failed (the WAL is replayed on open): %s", exc)
        self.engine.dispose()


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL (None for an in-memory database)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _sqlite_engine(url: URL, **kwargs: Any) -> Engine:
    path = sqlite_path(url)
    if path is None:
        raise ValueError(
            "an in-memory SQLite database is per connection; use a file URL or MemoryStore"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url.set(drivername="sqlite+pysqlite"),
        connect_args={"check_same_thread": False},  # closed or reused by another thread
        **kwargs,
    )
    sqlite_setup(engine)
    return engine


def sqlite_setup(engine: Engine) -> None:
    """Pragmas on every new connection; ``BEGIN IMMEDIATE`` for writer transactions."""
    pragmas = (
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}",
        f"PRAGMA journal_size_limit={JOURNAL_SIZE_LIMIT}",
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves (below)
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        if connection.get_execution_options().get(WRITER):
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_runner(url: str | URL, **engine_kwargs: Any) -> Runner:
    """A runner for ``url`` (the folder of a SQLite file is created). ``engine_kwargs`` go
    to ``create_engine``/``create_async_engine``."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {
        "json_serializer": dumps_json,
        "json_deserializer": orjson.loads,
        **engine_kwargs,
    }
    if parsed.get_backend_name() == "sqlite":
        return SqliteRunner(_sqlite_engine(parsed, **kwargs))
    return AsyncRunner(create_async_engine(parsed, **kwargs))
