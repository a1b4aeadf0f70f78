"""The hub's delivery plumbing without sockets: the group writer's hand-over after a commit,
and a connection's outbox (order, eager writes, slow sockets, flush on finish)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from mantimon.server.connection import OUTBOX_LIMIT, Connection
from mantimon.server.writer import GroupWriter
from mantimon.session.ratelimit import TokenBucket
from mantimon.storage.memory import MemoryStore
from mantimon.storage.ports import Commit, StoreError
from tests.storage.records import game, step


class FlakyStore(MemoryStore):
    """Refuses any commit call that carries the game ``bad``; remembers what it stored."""

    def __init__(self) -> None:
        super().__init__()
        self.stored: list[str] = []

    async def commit(self, commits: Sequence[Commit]) -> None:
        if any(c.game_id == "bad" for c in commits):
            raise StoreError("refused")
        await super().commit(commits)
        self.stored.extend(c.game_id for c in commits)


async def test_then_runs_after_the_commit_and_before_the_writer_wakes_the_step() -> None:
    store = FlakyStore()
    for gid in ("g1", "g2", "bad"):
        await store.add_game(game(gid, "u1", "u2"))
    writer = GroupWriter(store)
    writer.start()
    seen: list[str] = []

    def then(gid: str) -> None:
        seen.append(f"{gid} delivered, stored: {gid in store.stored}")

    async def one(gid: str) -> str:
        try:
            await writer.write(step(gid, 1), lambda: then(gid))
        except StoreError:
            return f"{gid} refused"
        seen.append(f"{gid} woken")
        return f"{gid} stored"

    try:
        results = await asyncio.gather(one("g1"), one("bad"), one("g2"))
    finally:
        await writer.stop()
    assert results == ["g1 stored", "bad refused", "g2 stored"]
    # the batch failed as a whole, was retried one by one: the good steps were delivered
    # (after being stored), the refused one never
    assert seen[:2] == ["g1 delivered, stored: True", "g2 delivered, stored: True"]
    assert sorted(seen[2:]) == ["g1 woken", "g2 woken"]
    assert [a.seq for a in await store.actions("bad")] == []


class Socket:
    """A fake socket: ``gate`` closed makes every write wait (a client not reading)."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.closed_with: int | None = None
        self.gate = asyncio.Event()
        self.gate.set()

    async def send_text(self, text: str) -> None:
        await self.gate.wait()
        self.sent.append(text)

    async def close(self, code: int) -> None:
        self.closed_with = code


def conn_on(socket: Socket) -> Connection:
    return Connection("u1", socket.send_text, socket.close, TokenBucket(10.0, 10.0))


async def test_a_ready_socket_is_written_before_send_returns() -> None:
    socket = Socket()
    conn = conn_on(socket)
    conn.send("a")
    conn.send("b")
    if hasattr(asyncio, "eager_task_factory"):  # Python 3.12+
        assert socket.sent == ["a", "b"]
    await asyncio.sleep(0)
    assert socket.sent == ["a", "b"]
    await conn.finish()
    conn.send("after finish")
    await asyncio.sleep(0)
    assert socket.sent == ["a", "b"]


async def test_order_is_kept_while_a_socket_is_slow_and_finish_flushes() -> None:
    socket = Socket()
    conn = conn_on(socket)
    socket.gate.clear()
    for i in range(5):
        conn.send(str(i))
    await asyncio.sleep(0)
    assert socket.sent == []
    socket.gate.set()
    await conn.finish(1000)
    assert socket.sent == ["0", "1", "2", "3", "4"]
    assert socket.closed_with == 1000


async def test_a_socket_that_cannot_keep_up_is_closed() -> None:
    socket = Socket()
    conn = conn_on(socket)
    socket.gate.clear()
    for i in range(OUTBOX_LIMIT + 5):
        conn.send(str(i))
    await asyncio.sleep(0)
    assert conn.closed
    assert socket.closed_with == 1013
    assert len(conn.outbox) == 0  # what it could not take is dropped, not kept


async def test_without_eager_tasks_sends_still_arrive_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delattr(asyncio, "eager_task_factory", raising=False)
    socket = Socket()
    conn = conn_on(socket)
    for i in range(3):
        conn.send(str(i))
    await conn.finish()
    assert socket.sent == ["0", "1", "2"]
