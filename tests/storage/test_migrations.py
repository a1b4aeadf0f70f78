"""Migrations: the migrated schema is exactly ``schema.py``; upgrade is idempotent, downgrade
works, and the command line migrates a database (SQLite file and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from mantimon.storage.sql import SqlStore, create_store
from mantimon.storage.sql.migrate import (
    current_runner,
    downgrade_runner,
    head,
    main,
    upgrade_runner,
)
from mantimon.storage.sql.schema import TABLES, metadata


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_migrated_schema_is_schema_py(sql_store: SqlStore) -> None:
    runner = sql_store.runner
    assert await runner.read(_diff) == []
    assert await runner.read(_tables) == {t.name for t in TABLES} | {"alembic_version"}
    assert await current_runner(runner) == head()


async def test_upgrade_is_idempotent_and_downgrade_works(sql_store: SqlStore) -> None:
    runner = sql_store.runner
    await upgrade_runner(runner)  # already at head: nothing happens
    assert await current_runner(runner) == head()
    await downgrade_runner(runner, "base")
    assert await current_runner(runner) is None
    assert await runner.read(_tables) == {"alembic_version"}
    await upgrade_runner(runner)
    assert await runner.read(_diff) == []


async def test_create_store_makes_the_folder(tmp_path: Any) -> None:
    db = tmp_path / "a" / "b" / "mantimon.db"
    store = await create_store(f"sqlite+aiosqlite:///{db}")
    try:
        await store.ping()
        assert db.is_file()
        assert await current_runner(store.runner) == head()
    finally:
        await store.close()


def test_command_line_migrates(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli' / 'm.db'}"
    assert main(["current", "--url", url]) == 0
    assert "at revision none" in capsys.readouterr().out
    assert main(["upgrade", "--url", url]) == 0
    assert f"at revision {head()} (head {head()})" in capsys.readouterr().out
    assert main(["downgrade", "base", "--url", url]) == 0
    assert "at revision none" in capsys.readouterr().out
