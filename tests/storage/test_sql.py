"""What only the SQL adapter has: compressed snapshots, SQLite pragmas, error mapping."""

from __future__ import annotations

import asyncio
import sys
import zlib
from pathlib import Path

import orjson
import pytest
import sqlalchemy as sa

from mantimon.engine import PRESETS, GameState, default_pool
from mantimon.engine.view import view_data
from mantimon.session import messages as msg
from mantimon.storage.ports import StoreError
from mantimon.storage.sql import SqlStore, codec, create_store
from mantimon.storage.sql.runner import InlineRunner
from mantimon.storage.sql.schema import game_snapshots
from tests.randomgames import PLAYERS, play_random
from tests.storage.records import game, game_state_message, step

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd


async def test_snapshots_are_stored_compressed(sql_store: SqlStore) -> None:
    await sql_store.add_game(game("g1", "u1", "u2"))
    commit = step("g1", 1, snapshot=True)
    assert commit.snapshot is not None
    await sql_store.commit([commit])
    s = game_snapshots.c
    body = await sql_store.runner.read(
        lambda conn: conn.execute(sa.select(s.state_z).where(s.game_id == "g1")).scalar()
    )
    assert body[:4] == codec.ZSTD_MAGIC and len(body) * 3 < len(commit.snapshot.state)
    assert await sql_store.snapshot("g1") == commit.snapshot


def test_codec_reads_zstd_and_zlib_bodies() -> None:
    text = game_state_message("g1", 1, "seat0").encode()
    assert codec.decompress(codec.compress(text)) == text
    assert codec.decompress(zstd.compress(text, 1)) == text  # no dictionary (older rows)
    assert codec.decompress(zlib.compress(text, 1)) == text
    with pytest.raises(ValueError, match="unknown compressed body"):
        codec.decompress(b"{not compressed}")


def real_game_states() -> list[bytes]:
    """Seat 0's game_state messages of a random game, as the server sends them."""
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    seen: list[bytes] = []

    def keep(state: GameState, *_: object) -> None:
        view = view_data(state, PLAYERS[0], wire=True)
        seen.append(orjson.dumps(msg.game_state("g-0123456789ab", view, len(seen), 0, 1.0)))

    play_random(PRESETS["mantimon"], decks, 3, keep)
    return seen


def test_bodies_name_the_dictionary_they_need() -> None:
    states = real_game_states()
    text = states[len(states) // 2]
    body = codec.compress(text)
    assert codec.decompress(body) == text
    assert zstd.get_frame_info(body).dictionary_id == codec.CURRENT_DICTIONARY != 0
    # the dictionary pays on real messages: far smaller than the same level without it
    assert len(body) * 1.5 < len(zstd.compress(text, codec.LEVEL))
    other = zstd.train_dict(states, 4096)  # a dictionary this version does not ship
    assert other.dict_id != codec.CURRENT_DICTIONARY
    foreign = zstd.ZstdCompressor(1, zstd_dict=other).compress(
        text, zstd.ZstdCompressor.FLUSH_FRAME
    )
    with pytest.raises(ValueError, match=r"dictionary \d+, which this version does not have"):
        codec.decompress(foreign)


async def test_sqlite_connection_settings(tmp_path: Path) -> None:
    store = await create_store(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    try:
        names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        pragmas = await store.runner.read(
            lambda conn: {n: conn.exec_driver_sql(f"PRAGMA {n}").scalar() for n in names}
        )
        assert pragmas == {
            "journal_mode": "wal",
            "synchronous": 1,  # NORMAL
            "foreign_keys": 1,
            "busy_timeout": 10_000,
        }
    finally:
        await store.close()


async def test_unreachable_database_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open storage"):
        await create_store("postgresql+asyncpg://postgres@127.0.0.1:1/none")


async def test_in_memory_sqlite_is_refused() -> None:
    with pytest.raises(ValueError, match="MemoryStore"):
        await create_store("sqlite+aiosqlite://")


async def test_inline_sqlite_checkpoints_in_the_background(tmp_path: Path) -> None:
    """The event-loop runner's commits never checkpoint (a checkpoint in a commit stalls
    every game); its checkpointer thread keeps the WAL short, and closing empties it."""
    path = tmp_path / "inline.db"
    store = await create_store(f"sqlite:///{path}", sqlite_inline=True)
    try:
        assert isinstance(store.runner, InlineRunner)
        autocheckpoint = await store.runner.read(
            lambda conn: conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        )
        assert autocheckpoint == 0
        checkpointer = store.runner.checkpointer
        checkpointer.interval = 0.01
        await store.add_game(game("g1", "u1", "u2"))
        before = checkpointer.runs
        for seq in range(1, 30):
            await store.commit([step("g1", seq)])
        for _ in range(200):
            if checkpointer.runs > before:
                break
            await asyncio.sleep(0.01)
        assert checkpointer.runs > before
        busy, wal_pages, moved = await store.runner.read(
            lambda conn: tuple(conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one())
        )
        assert (busy, wal_pages) == (0, moved)  # everything in the WAL is in the database
    finally:
        await store.close()
    wal = path.with_name("inline.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # truncated (or removed) on close
    reopened = await create_store(f"sqlite:///{path}")
    try:
        assert len(await reopened.actions("g1")) == 29
    finally:
        await reopened.close()
