"""Migrations: the migrated schema is exactly ``schema.py``; upgrade is idempotent, downgrade
works, and the command line migrates a database (SQLite file and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from mantimon.storage import RefreshFamily
from mantimon.storage.sql import SqlStore, create_store
from mantimon.storage.sql.codec import compress
from mantimon.storage.sql.migrate import (
    current_runner,
    downgrade_runner,
    head,
    main,
    upgrade_runner,
)
from mantimon.storage.sql.schema import TABLES, idempotency, metadata
from tests.storage.records import game, step, user


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


async def test_a_database_at_0001_keeps_its_data_and_gains_refresh_families(
    sql_store: SqlStore,
) -> None:
    """An existing database (made before refresh token families) migrates in place."""
    runner = sql_store.runner
    await downgrade_runner(runner, "0001")
    assert "refresh_families" not in await runner.read(_tables)
    await sql_store.add_user(user("u1", "alice"))  # games of old revisions: test_old_release
    await upgrade_runner(runner)
    assert await runner.read(_diff) == []
    assert await sql_store.user_by_username("alice") == user("u1", "alice")
    await sql_store.add_game(game("g1", "u1"))
    assert await sql_store.get_game("g1") == game("g1", "u1")
    await sql_store.add_refresh_family(RefreshFamily("f1", "u1", 0, 1.0, 9e9))
    assert await sql_store.rotate_refresh("f1", 0, now=2.0, expires_at=9e9) == "rotated"


async def test_answers_move_between_the_log_and_their_old_table_at_0005(
    sql_store: SqlStore,
) -> None:
    """A database at 0004 (today's answers in ``idempotency``) keeps answering after the
    upgrade, stores new answers in the action's row, and a downgrade puts those back into
    ``idempotency`` (SQLite and PostgreSQL)."""
    runner = sql_store.runner
    await downgrade_runner(runner, "0004")
    await sql_store.add_game(game("g1", "u1", "u2"))

    def old_answer(conn: Connection) -> None:
        conn.execute(
            idempotency.insert().values(
                game_id="g1", user_id="u1", message_id="m-old", response_z=compress(b'{"o":1}')
            )
        )

    await runner.write(old_answer)
    await upgrade_runner(runner)
    assert await runner.read(_diff) == []
    await sql_store.commit([step("g1", 1)])  # answers "m-1" for u1
    assert await sql_store.result("g1", "u1", "m-old") == '{"o":1}'
    assert await sql_store.result("g1", "u1", "m-1") == '{"type":"action_result","n":1}'

    def answers(conn: Connection) -> list[tuple[str, str]]:
        i = idempotency.c
        return sorted(
            (r.user_id, r.message_id) for r in conn.execute(sa.select(i.user_id, i.message_id))
        )

    assert await runner.read(answers) == [("u1", "m-old")]
    await downgrade_runner(runner, "0004")
    assert await runner.read(answers) == [("u1", "m-1"), ("u1", "m-old")]
    columns = await runner.read(
        lambda c: {x["name"] for x in inspect(c).get_columns("game_actions")}
    )
    assert not columns & {"message_id", "result_z"}
    await upgrade_runner(runner)
    assert await sql_store.result("g1", "u1", "m-1") == '{"type":"action_result","n":1}'
