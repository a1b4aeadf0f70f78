"""Where SQL runs: a ``Runner`` executes a synchronous function of a SQLAlchemy ``Connection``
inside one transaction (``write``) or outside any (``read``), without blocking the event loop.

What lives here: URL handling, engines, SQLite pragmas and transaction modes, and the two
runners. What must not: tables or queries (``schema.py``, ``store.py``).

* **PostgreSQL** (``postgresql+asyncpg://...``): ``AsyncRunner`` on SQLAlchemy's async
  engine; the function runs through ``AsyncConnection.run_sync``, each statement awaiting
  asyncpg.
* **SQLite** (``sqlite+aiosqlite://`` as in DESIGN.md, or ``sqlite://``): ``ThreadedRunner``
  runs the whole function on a worker thread with the standard ``sqlite3`` driver: writes
  on one thread (SQLite has one writer; writes queue in order), reads on a few. One thread
  hop per store call, where aiosqlite makes about four per statement (~21 per game step):
  measured 4-7x the commits/s for a fraction of the CPU (docs/adr/0004). Work done inside
  the function (JSON encoding, compression) also leaves the event-loop thread.

SQLite, per connection:

* ``journal_mode=WAL``: readers never block the writer and the writer never blocks readers.
* ``synchronous=NORMAL``: a commit appends to the WAL with ``write()`` and syncs only at
  checkpoints. A committed transaction is in the operating system's page cache when
  ``COMMIT`` returns, so it **survives the process being killed (``kill -9``)**; an
  operating-system crash or power loss may roll back the last transactions (never corrupt
  the file). ``sqlite_synchronous="FULL"`` syncs the WAL on every commit instead.
* ``foreign_keys=ON`` and a ``busy_timeout``, so another process (a migration, a CLI) waits
  for the write lock instead of failing at once.
* The driver's own transaction handling is off (``isolation_level = None``) and we emit
  ``BEGIN IMMEDIATE`` for writes: the write lock is taken before the first read, so a
  read-check-write such as taking a seat is atomic and never fails half-way with
  ``SQLITE_BUSY``. Reads run without ``BEGIN`` (each statement is its own snapshot).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal, Protocol, TypeVar

import orjson
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

DEFAULT_URL = "sqlite+aiosqlite:///./var/mantimon.db"
log = logging.getLogger(__name__)
WRITER = "mantimon_writer"  # execution option: this connection's transactions write

T = TypeVar("T")
Synchronous = Literal["OFF", "NORMAL", "FULL", "EXTRA"]


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
        raises. Writers of one process run one at a time on SQLite."""
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


class ThreadedRunner:
    """Runs on a synchronous engine, writes on one worker thread and reads on ``readers``."""

    def __init__(self, engine: Engine, readers: int = 4) -> None:
        self.engine = engine
        self.url = engine.url
        self.dialect = engine.dialect.name
        self._writer = engine.execution_options(**{WRITER: True})
        self._writes = ThreadPoolExecutor(1, thread_name_prefix="mantimon-sql-write")
        self._reads = ThreadPoolExecutor(readers, thread_name_prefix="mantimon-sql-read")

    def _write(self, fn: Callable[[Connection], T]) -> T:
        with self._writer.begin() as conn:
            return fn(conn)

    def _read(self, fn: Callable[[Connection], T]) -> T:
        with self.engine.connect() as conn:
            return fn(conn)

    async def write(self, fn: Callable[[Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._writes, self._write, fn)

    async def read(self, fn: Callable[[Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._reads, self._read, fn)

    def _shutdown(self) -> None:
        self._writes.shutdown(wait=True)
        self._reads.shutdown(wait=True)
        self.engine.dispose()

    async def close(self) -> None:
        await asyncio.to_thread(self._shutdown)


class InlineRunner:
    """Runs on a synchronous engine in the calling (event-loop) thread.

    For a server whose process has one core, handing every statement batch to a worker
    thread costs more than it saves: each hop is a context switch and a GIL hand-off, and
    the SQL work itself needs the GIL anyway. With WAL and ``synchronous=NORMAL`` a commit
    is a few hundred microseconds of CPU and no fsync, so running it inline blocks the loop
    about as long as the threaded hop would have.

    Checkpoints are the exception: SQLite's automatic checkpoint runs inside the commit
    that crosses ~1000 WAL pages, copying them into the database file and syncing it, tens
    of milliseconds during which no game moves. So the writer's connections checkpoint
    never (``wal_autocheckpoint=0``) and a ``Checkpointer`` thread does it in the
    background (PASSIVE: it never blocks the writer; SQLite releases the GIL meanwhile).
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url
        self.dialect = engine.dialect.name
        self._writer = engine.execution_options(**{WRITER: True})
        self.checkpointer = Checkpointer(engine)

    async def write(self, fn: Callable[[Connection], T]) -> T:
        with self._writer.begin() as conn:
            return fn(conn)

    async def read(self, fn: Callable[[Connection], T]) -> T:
        with self.engine.connect() as conn:
            return fn(conn)

    async def close(self) -> None:
        await asyncio.to_thread(self.checkpointer.stop)
        self.engine.dispose()


class Checkpointer:
    """A daemon thread that moves the WAL into the database file every ``interval``
    seconds with ``PRAGMA wal_checkpoint(PASSIVE)`` on its own pooled connection, and
    truncates the WAL once when stopped. Durability does not depend on it (a committed
    transaction is in the WAL; SQLite replays the WAL on open); it keeps the WAL short and
    the checkpoint's I/O off the thread that commits."""

    def __init__(self, engine: Engine, interval: float = 0.25) -> None:
        self.engine = engine
        self.interval = interval
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mantimon-sql-checkpoint")
        self._thread.daemon = True
        self._thread.start()

    def checkpoint(self, mode: str = "PASSIVE") -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})").fetchall()
        self.runs += 1

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.checkpoint()
            except sa.exc.DBAPIError as exc:  # busy or locked: the next round retries
                log.debug("background checkpoint skipped: %s", exc)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        try:
            self.checkpoint("TRUNCATE")
        except sa.exc.DBAPIError as exc:
            log.warning("final checkpoint failed (the WAL is replayed on open): %s", exc)


def sqlite_path(url: str | URL) -> Path | None:
    """The database file of a SQLite URL (None for an in-memory database)."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _sqlite_engine(
    url: URL,
    synchronous: Synchronous,
    busy_timeout_ms: int,
    readers: int,
    autocheckpoint: bool,
    **kwargs: Any,
) -> Engine:
    path = sqlite_path(url)
    if path is None:
        raise ValueError(
            "an in-memory SQLite database is per connection; use a file URL or MemoryStore"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        url.set(drivername="sqlite+pysqlite"),
        connect_args={"check_same_thread": False},  # a pooled connection moves between workers
        pool_size=readers + 1,
        max_overflow=readers,
        **kwargs,
    )
    sqlite_setup(engine, synchronous, busy_timeout_ms, autocheckpoint=autocheckpoint)
    return engine


def sqlite_setup(
    engine: Engine, synchronous: Synchronous, busy_timeout_ms: int, *, autocheckpoint: bool = True
) -> None:
    """Pragmas on every new connection; ``BEGIN IMMEDIATE`` for writer transactions.
    ``autocheckpoint=False``: commits never checkpoint (a ``Checkpointer`` does)."""
    pragmas = (
        "PRAGMA journal_mode=WAL",
        f"PRAGMA synchronous={synchronous}",
        "PRAGMA foreign_keys=ON",
        f"PRAGMA busy_timeout={int(busy_timeout_ms)}",
        *(() if autocheckpoint else ("PRAGMA wal_autocheckpoint=0",)),
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


def open_runner(
    url: str | URL,
    *,
    sqlite_synchronous: Synchronous = "NORMAL",
    busy_timeout_ms: int = 10_000,
    sqlite_readers: int = 4,
    sqlite_inline: bool = False,
    **engine_kwargs: Any,
) -> Runner:
    """A runner for ``url`` (the folder of a SQLite file is created). ``engine_kwargs`` go
    to ``create_engine``/``create_async_engine``."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {
        "json_serializer": dumps_json,
        "json_deserializer": orjson.loads,
        **engine_kwargs,
    }
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(
            parsed,
            sqlite_synchronous,
            busy_timeout_ms,
            sqlite_readers,
            autocheckpoint=not sqlite_inline,
            **kwargs,
        )
        if sqlite_inline:
            return InlineRunner(engine)
        return ThreadedRunner(engine, readers=sqlite_readers)
    return AsyncRunner(create_async_engine(parsed, **kwargs))
