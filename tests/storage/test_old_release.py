"""A database written by an earlier release (tests/data/old_release), opened by this one:
the migration to head keeps every row and names how each game was dealt, and every game
it holds replays to what that release stored, on SQLite and on PostgreSQL."""

from __future__ import annotations

import functools
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from mantimon.session.messages import stamp
from mantimon.storage.sql import create_store
from mantimon.storage.sql.migrate import current_runner, downgrade_runner, head, upgrade_runner
from mantimon.storage.sql.runner import open_runner
from tests.storage.conftest import PG_URL, _pg_admin
from tests.storage.old_release import (
    KEPT,
    NEW_DEAL,
    OLD_DEAL,
    POSITIONAL_ID,
    TABLES,
    check_replays,
    rows,
    sqlite_url,
    stored_events,
    unpack,
)


def _tables(db: Path) -> set[str]:
    return {r["name"] for r in rows(db, "sqlite_master") if r["type"] == "table"}


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    return unpack(tmp_path)


def _payload_ids(payload: dict[str, Any]) -> list[str]:
    return [v for k, v in payload.items() if k.endswith("_id") and isinstance(v, str)]


def test_the_fixture_holds_every_kind_of_old_game(old_db: Path) -> None:
    """The checks below are only as good as the games they run over."""
    (version,) = rows(old_db, "alembic_version")
    assert version == {"version_num": "0001"}
    games = rows(old_db, "games")
    assert all("card_ids" not in json.loads(g["rules"]) for g in games)
    kinds = {(g["status"], g["preset"], g["end_reason"]) for g in games}
    assert {("active", "mantimon", None), ("active", "classic", None)} <= kinds
    assert {("waiting", "mantimon", None), ("finished", "mantimon", "points")} <= kinds
    assert {("finished", "mantimon", "resignation"), ("finished", "mantimon", "timeout")} <= kinds
    assert ("finished", "classic") in {(s, p) for s, p, _ in kinds}
    assert any(g["snapshot"] is not None for g in games)
    actions = rows(old_db, "game_actions")
    assert {"player", "bot", "timer"} <= {a["chosen_by"] for a in actions}
    assert any(a["kind"] == "forfeit" for a in actions)
    payloads = [json.loads(a["payload"]) for a in actions if a["kind"] == "action"]
    assert any(p["type"] == "use_ability" for p in payloads)
    ids = [i for p in payloads for i in _payload_ids(p)]
    assert ids
    assert all(POSITIONAL_ID.fullmatch(i) for i in ids)


async def test_upgrade_keeps_every_row_and_names_each_games_deal(old_db: Path) -> None:
    before = {t: rows(old_db, t) for t in TABLES}
    sent = stored_events(old_db)
    store = await create_store(sqlite_url(old_db))  # migrates to head, as the server does
    await store.close()
    assert rows(old_db, "alembic_version") == [{"version_num": head()}]
    for table in KEPT:
        assert rows(old_db, table) == before[table], table
    # the log gains the (unknown) step of each entry; events are derived from now on
    # (and room for the answer to each entry's message, revision 0005)
    empty = {"event_id": None, "message_id": None, "result_z": None}
    assert rows(old_db, "game_actions") == [a | empty for a in before["game_actions"]]
    # stored responses keep their text (new ones are stored compressed)
    assert rows(old_db, "idempotency") == [r | {"response_z": None} for r in before["idempotency"]]
    assert "game_events" not in _tables(old_db)
    after = rows(old_db, "games")
    assert len(after) == len(before["games"])
    for old, new in zip(before["games"], after, strict=True):
        dealt = old["last_event_id"] > 0
        rules = json.loads(old["rules"]) | (OLD_DEAL if dealt else NEW_DEAL)
        assert json.loads(new["rules"]) == rules, old["id"]
        # when it was dealt: the time of the event 1 it was sent
        first = sent[old["id"]]["seat0"][1]["timestamp"] if dealt else None
        started = new.pop("started_at")
        assert first == (stamp(started) if started is not None else None), old["id"]
        same = {k: v for k, v in new.items() if k != "rules"}
        assert same == {k: old[k] for k in same}, old["id"]


async def test_every_old_game_replays_to_what_was_stored_on_sqlite(old_db: Path) -> None:
    sent = stored_events(old_db)
    store = await create_store(sqlite_url(old_db))
    try:
        checked = await check_replays(store, sent)
    finally:
        await store.close()
    assert len(checked) == len([g for g in rows(old_db, "games") if g["status"] != "waiting"])


async def test_downgrade_gives_back_the_rules_the_old_release_wrote(old_db: Path) -> None:
    before = {g["id"]: json.loads(g["rules"]) for g in rows(old_db, "games")}
    store = await create_store(sqlite_url(old_db))
    try:
        await downgrade_runner(store.runner, "0002")
    finally:
        await store.close()
    assert {g["id"]: json.loads(g["rules"]) for g in rows(old_db, "games")} == before


@pytest.fixture
def pg_empty_url() -> Iterator[str]:
    """A database of its own on the test PostgreSQL server (dropped afterwards): this test
    builds the schema of an old revision, which the shared test database must not have.
    Skipped where no server is reachable, except under CI (as the storage suite)."""
    admin = make_url(PG_URL)
    name = f"mantimon_old_{secrets.token_hex(4)}"
    try:
        _pg_admin(admin, f'CREATE DATABASE "{name}"')
    except (TimeoutError, OSError, asyncpg.PostgresError) as e:
        reason = f"PostgreSQL not reachable ({type(e).__name__}: {e})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the PostgreSQL storage suite", pytrace=False)
        pytest.skip(reason)
    yield admin.set(database=name).render_as_string(hide_password=False)
    _pg_admin(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _read(connection: sa.Connection, name: str) -> list[dict[str, Any]]:
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    return [dict(r) for r in connection.execute(sa.select(table)).mappings()]


def _write(connection: sa.Connection, name: str, data: list[dict[str, Any]]) -> None:
    table = sa.Table(name, sa.MetaData(), autoload_with=connection)
    connection.execute(table.insert(), data)


async def test_the_old_data_upgrades_and_replays_on_postgresql(
    old_db: Path, pg_empty_url: str
) -> None:
    """The same rows in PostgreSQL at revision 0001 (as a deployment of the earlier release
    on PostgreSQL holds them: both tables are read as that revision made them), then the
    server's own start-up migration to head."""
    source = open_runner(sqlite_url(old_db))
    target = open_runner(pg_empty_url)
    try:
        await upgrade_runner(target, "0001")
        for name in TABLES:
            data = await source.read(functools.partial(_read, name=name))
            if data:
                await target.write(functools.partial(_write, name=name, data=data))
    finally:
        await source.close()
        await target.close()
    store = await create_store(pg_empty_url)
    try:
        assert await current_runner(store.runner) == head()
        checked = await check_replays(store, stored_events(old_db))
        waiting = await store.games_with_status("waiting")
    finally:
        await store.close()
    assert len(checked) == len([g for g in rows(old_db, "games") if g["status"] != "waiting"])
    assert waiting
    assert all(g.rules["card_ids"] == "opaque" for g in waiting)
