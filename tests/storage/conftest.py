"""Storage backends for the contract suite: memory, SQLite (temp file) and PostgreSQL.

Every test taking ``backend`` or ``store`` runs once per adapter (ids ``[memory]``,
``[sqlite]``, ``[postgresql]``; pick one with ``-k sqlite``); ``persistent_backend`` covers
the SQL ones (close and reopen). These are every configuration the server can run
(docs/adr/0010): SQLite on the event loop's thread, PostgreSQL on asyncpg.
PostgreSQL: a database named ``mantimon_test_<pid>_<random>`` is created for the session
on the server of ``MANTIMON_TEST_PG_URL`` (default
``postgresql+asyncpg://postgres@127.0.0.1:5432/test``), emptied before each test and dropped
at the end. If the server cannot be reached those tests are skipped with the reason, except
under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from mantimon.storage.memory import MemoryStore
from mantimon.storage.ports import Store
from mantimon.storage.sql import SqlStore, create_store
from mantimon.storage.sql.schema import TABLES

PG_URL = os.environ.get("MANTIMON_TEST_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def _pg_admin(url: URL, *statements: str) -> None:
    """Run admin statements on their own event loop and thread (fixtures that need the
    database may be set up while the test's loop is running)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _pg_admin_async(url, *statements)).result()


async def _pg_admin_async(url: URL, *statements: str) -> None:
    conn = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
        timeout=5,
    )
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (dropped afterwards)."""
    admin = make_url(PG_URL)
    name = f"mantimon_test_{os.getpid()}_{secrets.token_hex(4)}"
    try:
        _pg_admin(admin, f'CREATE DATABASE "{name}"')
    except (TimeoutError, OSError, asyncpg.PostgresError) as e:
        where = f"{admin.host}:{admin.port or 5432} as {admin.username}"
        reason = f"PostgreSQL not reachable at {where} ({type(e).__name__}: {e})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the PostgreSQL storage suite", pytrace=False)
        pytest.skip(reason)
    yield admin.set(database=name).render_as_string(hide_password=False)
    _pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Backend:
    """Opens stores on one database; every store opened is closed after the test."""

    def __init__(self, name: str, url: str | None) -> None:
        self.name = name
        self.url = url
        self.memory = MemoryStore() if url is None else None
        self.opened: list[Store] = []
        self._fresh = name == "postgresql"  # the shared database is emptied once per test

    async def open(self) -> Store:
        if self.memory is not None:
            return self.memory  # the same store: memory keeps nothing across processes
        assert self.url is not None
        store: Store = await create_store(self.url)
        self.opened.append(store)
        if self._fresh:
            self._fresh = False
            names = ", ".join(t.name for t in TABLES)
            assert isinstance(store, SqlStore)
            await store.runner.write(lambda conn: conn.execute(sa.text(f"TRUNCATE {names}")))
        return store

    async def close(self) -> None:
        for store in self.opened:
            await store.close()


def _url(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    if name == "memory":
        return None
    if name.startswith("sqlite"):
        return f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    b = Backend(request.param, _url(request.param, request, tmp_path))
    yield b
    await b.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def persistent_backend(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[Backend]:
    b = Backend(request.param, _url(request.param, request, tmp_path))
    yield b
    await b.close()


@pytest.fixture
async def store(backend: Backend) -> Store:
    return await backend.open()


@pytest.fixture
async def sql_store(persistent_backend: Backend) -> SqlStore:
    store = await persistent_backend.open()
    assert isinstance(store, SqlStore)
    return store
