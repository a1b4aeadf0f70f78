"""The store in a child process: what the contract suite cannot show (it runs every
contract test on ``sqlite-process`` too) — the child's life cycle and failures."""

from __future__ import annotations

import os
import pickle
import signal
from pathlib import Path

import pytest

from mantimon.storage import (
    Commit,
    GameUpdate,
    IdempotentResult,
    LoggedAction,
    RefreshFamily,
    Snapshot,
    UserRecord,
)
from mantimon.storage.ports import StoreError
from mantimon.storage.process import ProcessStore, open_process_store

from .records import deck, game, user


def _url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'store.db'}"


async def test_a_killed_child_fails_its_callers_and_the_next_call_starts_another(
    tmp_path: Path,
) -> None:
    store = await open_process_store(_url(tmp_path), sqlite_inline=True)
    try:
        await store.add_user(UserRecord("u1", "Ada", 1.0))
        first = store.pid
        assert first is not None and first != os.getpid()
        os.kill(first, signal.SIGKILL)
        with pytest.raises(StoreError, match="storage process"):
            await store.get_user("u1")  # written before the kill: still in the file
        assert await store.get_user("u1") == UserRecord("u1", "Ada", 1.0)
        assert store.pid not in (None, first)
        assert store.starts == 2
    finally:
        await store.close()


async def test_close_stops_the_child_and_later_calls_are_refused(tmp_path: Path) -> None:
    store = await open_process_store(_url(tmp_path), sqlite_inline=True)
    child = store.pid
    assert child is not None
    await store.close()
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # reaped: the process is gone
    with pytest.raises(StoreError, match="closed"):
        await store.ping()
    assert (
        not (tmp_path / "store.db-wal").exists() or (tmp_path / "store.db-wal").stat().st_size == 0
    )


async def test_an_unexpected_error_in_the_child_arrives_named(tmp_path: Path) -> None:
    """Store errors cross as they are (the contract suite checks ``Conflict``); anything
    else, which might not even unpickle here, arrives as a ``StoreError`` naming it."""
    store = await open_process_store(_url(tmp_path), sqlite_inline=True)
    try:
        with pytest.raises(StoreError, match="storage process: TypeError"):
            await store._call("get_user")  # a missing argument fails inside the child
        await store.ping()  # the child survived it
        assert store.starts == 1
    finally:
        await store.close()


async def test_a_store_that_cannot_open_says_why(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="File exists"):
        await open_process_store(f"sqlite+aiosqlite:///{blocker}/store.db")


async def test_the_child_exits_when_the_server_dies(tmp_path: Path) -> None:
    """Simulates the parent's death by closing its end of the socket without a word (as the
    kernel does on ``kill -9``): the child closes its store and exits."""
    store = ProcessStore({"url": _url(tmp_path), "sqlite_inline": True})
    await store.start()
    child = store._child
    assert child is not None
    child.writer.close()
    assert await child.proc.wait() == 0
    await store.close()


def test_every_record_crosses_the_wire_unchanged() -> None:
    """Records pickle by their fields (``ports._by_fields``); a field added to a record
    must still arrive."""
    records = [
        user("u1", "ada"),
        deck("d1", "u1"),
        RefreshFamily("f1", "u1", 3, created_at=1.0, expires_at=2.0, revoked_at=1.5),
        game("g1", "u1", "u2"),
        Commit(
            "g1",
            actions=(LoggedAction("g1", 1, "u1", "action", {"type": "end_turn"}, 2.0, "bot"),),
            results=(IdempotentResult("g1", "u1", "m1", "{}"),),
            update=GameUpdate(status="finished", timers={"t": 1.5}, started_at=3.0),
            snapshot=Snapshot("g1", 1, 2, "{}"),
        ),
    ]
    for record in records:
        assert pickle.loads(pickle.dumps(record, pickle.HIGHEST_PROTOCOL)) == record
