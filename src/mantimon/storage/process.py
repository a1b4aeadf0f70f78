"""Storage in a process of its own: a ``Store`` whose calls run in a child process that owns
the SQL store.

What lives here: ``ProcessStore`` (the parent's side, a ``Store``), the child's loop
(``python -m mantimon.storage.process``) and the frames between them. What must not: SQL
(the child runs an ordinary ``SqlStore``) or anything above storage.

Why: at load, storing a game step (rows, zstd, SQLite, WAL checkpoints) was a third of the
server's CPU per action, all of it on the event loop's core (docs/adr/0005). In a child
process that work runs on another core, in parallel with the game loop; the parent pays a
pickle and a socket write per group commit (docs/adr/0007). Nothing changes for the
guarantees: ``commit`` returns only after the child's transaction has committed.

* **Wire**: a Unix socket pair; each frame is a 4-byte big-endian length and a pickle.
  Requests are ``(id, method, args)``, replies ``(id, ok, value)`` where ``value`` is the
  result or a ``StoreError`` (``Conflict`` stays a ``Conflict``). Both ends are this
  package, so pickle is safe here; nothing else can reach the socket.
* **Order**: the child serves calls one at a time, in the order sent, so a read issued after
  a commit sees it.
* **Failure**: if the child dies, every call in flight fails with ``StoreError`` (the server
  then treats those steps as not stored, as with any storage failure) and the next call
  starts a new child. If the parent dies (even ``kill -9``) the child reads end-of-file,
  closes its store cleanly and exits. The child runs in its own session, so a Ctrl-C meant
  for the server does not interrupt a commit; the server closes it on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import pickle
import socket
import struct
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from mantimon.storage.ports import (
    Commit,
    DeckRecord,
    GameRecord,
    GameStatus,
    LoggedAction,
    RefreshFamily,
    Rotation,
    SeatRecord,
    Snapshot,
    Store,
    StoreError,
    UserRecord,
)

log = logging.getLogger(__name__)
HEADER = struct.Struct(">I")
READY = 0  # the id of the child's first frame: its store is open (or why it is not)


def _frame(value: object) -> bytes:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(body)) + body


async def _read_frame(reader: asyncio.StreamReader) -> Any:
    (size,) = HEADER.unpack(await reader.readexactly(HEADER.size))
    return pickle.loads(await reader.readexactly(size))


def _as_store_error(exc: BaseException) -> StoreError:
    """What the parent raises: store errors as they are, anything else named and wrapped
    (a driver exception may not even unpickle on the other side)."""
    if isinstance(exc, StoreError):
        return exc
    return StoreError(f"storage process: {type(exc).__name__}: {exc}")


class _Child:
    """One running child process and the calls waiting for its replies."""

    def __init__(
        self,
        proc: asyncio.subprocess.Process,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self.proc = proc
        self.reader = reader
        self.writer = writer
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.alive = True
        self.listener: asyncio.Task[None] | None = None

    async def listen(self) -> None:
        """Hand each reply to its caller; at end-of-file fail whatever is still waiting."""
        reason = "the storage process closed its socket"
        try:
            while True:
                call_id, ok, value = await _read_frame(self.reader)
                future = self.pending.pop(call_id, None)
                if future is None or future.done():
                    continue  # its caller was cancelled
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError) as e:
            reason = f"the storage process is gone ({type(e).__name__})"
        except Exception as e:  # a frame that does not unpickle: the channel is unusable
            reason = f"bad frame from the storage process: {e!r}"
            log.exception("storage process channel broken")
        finally:
            self.alive = False
            for future in self.pending.values():
                if not future.done():
                    future.set_exception(StoreError(reason))
            self.pending.clear()
            self.writer.close()


class ProcessStore:
    """A ``Store`` that forwards every call to a child process running ``create_store``.

    Open it with ``open_process_store``; ``close`` stops the child (which closes its store:
    on SQLite the WAL is checkpointed and truncated)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options  # create_store's url and keywords, as JSON
        self._child: _Child | None = None
        self._starting = asyncio.Lock()
        self._ids = itertools.count(1)
        self._closed = False
        self.starts = 0  # children started (more than 1: one died and was replaced)

    @property
    def pid(self) -> int | None:
        """The running child's process id (benchmarks pin it and count its CPU)."""
        child = self._child
        return child.proc.pid if child is not None and child.alive else None

    async def start(self) -> None:
        """Start the child and wait until its store is open (migrated); ``StoreError`` if
        it cannot open."""
        await self._running()

    async def _running(self) -> _Child:
        child = self._child
        if child is not None and child.alive:
            return child
        if self._closed:
            raise StoreError("the store is closed")
        async with self._starting:
            if self._child is None or not self._child.alive:
                self._child = await self._spawn()
            return self._child

    async def _spawn(self) -> _Child:
        ours, theirs = socket.socketpair()
        try:
            proc = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "mantimon.storage.process",
                str(theirs.fileno()),
                json.dumps(self.options),
                pass_fds=(theirs.fileno(),),
                stdin=asyncio.subprocess.DEVNULL,
                start_new_session=True,
            )
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        reader, writer = await asyncio.open_unix_connection(sock=ours)
        try:
            _, ok, value = await _read_frame(reader)
        except (asyncio.IncompleteReadError, ConnectionError) as e:
            writer.close()
            code = await proc.wait()
            raise StoreError(f"the storage process exited before opening (code {code})") from e
        if not ok:
            writer.close()
            await proc.wait()
            raise value
        child = _Child(proc, reader, writer)
        child.listener = asyncio.create_task(child.listen(), name="storage-process-replies")
        self.starts += 1
        return child

    async def _call(self, method: str, *args: Any) -> Any:
        child = await self._running()
        call_id = next(self._ids)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        child.pending[call_id] = future
        try:
            child.writer.write(_frame((call_id, method, args)))
            await child.writer.drain()
        except (ConnectionError, RuntimeError) as e:
            child.pending.pop(call_id, None)
            raise StoreError(f"cannot reach the storage process: {e}") from e
        return await future

    # --- the Store port ------------------------------------------------------------------
    async def ping(self) -> None:
        await self._call("ping")

    async def close(self) -> None:
        self._closed = True
        child, self._child = self._child, None
        if child is None:
            return
        if child.alive:
            with contextlib.suppress(ConnectionError, RuntimeError):
                child.writer.write(_frame((0, "close", ())))
                await child.writer.drain()
        try:
            await asyncio.wait_for(child.proc.wait(), 30)
        except TimeoutError:
            log.error("storage process %s did not stop; killing it", child.proc.pid)
            child.proc.kill()
            await child.proc.wait()
        if child.listener is not None:
            await child.listener

    async def add_user(self, user: UserRecord) -> None:
        await self._call("add_user", user)

    async def get_user(self, user_id: str) -> UserRecord | None:
        result: UserRecord | None = await self._call("get_user", user_id)
        return result

    async def user_by_username(self, username: str) -> UserRecord | None:
        result: UserRecord | None = await self._call("user_by_username", username)
        return result

    async def add_refresh_family(self, family: RefreshFamily) -> None:
        await self._call("add_refresh_family", family)

    async def rotate_refresh(
        self, family_id: str, generation: int, now: float, expires_at: float
    ) -> Rotation:
        result: Rotation = await self._call(
            "rotate_refresh", family_id, generation, now, expires_at
        )
        return result

    async def revoke_refresh_family(self, family_id: str, now: float) -> bool:
        result: bool = await self._call("revoke_refresh_family", family_id, now)
        return result

    async def put_deck(self, deck: DeckRecord) -> None:
        await self._call("put_deck", deck)

    async def get_deck(self, deck_id: str) -> DeckRecord | None:
        result: DeckRecord | None = await self._call("get_deck", deck_id)
        return result

    async def decks_of(self, owner_id: str) -> list[DeckRecord]:
        result: list[DeckRecord] = await self._call("decks_of", owner_id)
        return result

    async def delete_deck(self, deck_id: str) -> bool:
        result: bool = await self._call("delete_deck", deck_id)
        return result

    async def add_game(self, game: GameRecord) -> None:
        await self._call("add_game", game)

    async def get_game(self, game_id: str) -> GameRecord | None:
        result: GameRecord | None = await self._call("get_game", game_id)
        return result

    async def take_seat(self, game_id: str, seat: SeatRecord, seed: int, now: float) -> GameRecord:
        result: GameRecord = await self._call("take_seat", game_id, seat, seed, now)
        return result

    async def close_waiting_game(self, game_id: str, reason: str, now: float) -> GameRecord | None:
        result: GameRecord | None = await self._call("close_waiting_game", game_id, reason, now)
        return result

    async def games_of(self, user_id: str, status: GameStatus | None = None) -> list[GameRecord]:
        result: list[GameRecord] = await self._call("games_of", user_id, status)
        return result

    async def games_with_status(self, status: GameStatus) -> list[GameRecord]:
        result: list[GameRecord] = await self._call("games_with_status", status)
        return result

    async def commit(self, commits: Sequence[Commit]) -> None:
        await self._call("commit", list(commits))

    async def actions(self, game_id: str, after_seq: int = 0) -> list[LoggedAction]:
        result: list[LoggedAction] = await self._call("actions", game_id, after_seq)
        return result

    async def snapshot(self, game_id: str, at_most_event: int | None = None) -> Snapshot | None:
        result: Snapshot | None = await self._call("snapshot", game_id, at_most_event)
        return result

    async def result(self, game_id: str, user_id: str, message_id: str) -> str | None:
        stored: str | None = await self._call("result", game_id, user_id, message_id)
        return stored


async def open_process_store(url: str, **options: Any) -> ProcessStore:
    """A started ``ProcessStore`` for ``create_store(url, **options)`` (JSON-able options
    only: they travel on the child's command line)."""
    store = ProcessStore({"url": url, **options})
    await store.start()
    return store


# --- the child ---------------------------------------------------------------------------
async def _serve(fd: int, options: dict[str, Any]) -> None:
    from mantimon.storage.sql import create_store

    reader, writer = await asyncio.open_unix_connection(sock=socket.socket(fileno=fd))
    url = options.pop("url")
    try:
        store = await create_store(url, **options)
    except Exception as e:
        writer.write(_frame((READY, False, _as_store_error(e))))
        await writer.drain()
        return
    writer.write(_frame((READY, True, None)))
    try:
        while True:
            try:
                call_id, method, args = await _read_frame(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                return  # the server is gone: close the store and exit
            if method == "close":
                return
            try:
                reply = (call_id, True, await getattr(store, method)(*args))
            except Exception as e:
                reply = (call_id, False, _as_store_error(e))
            writer.write(_frame(reply))
            await writer.drain()
    finally:
        await store.close()
        writer.close()


def main(argv: Sequence[str]) -> None:
    """``python -m mantimon.storage.process FD OPTIONS_JSON`` (started by ``ProcessStore``)."""
    logging.basicConfig(
        level=logging.WARNING, format="storage[%(process)d] %(levelname)s %(message)s"
    )
    fd, options = int(argv[0]), json.loads(argv[1])
    with (
        contextlib.suppress(BrokenPipeError, ConnectionError),
        asyncio.Runner(loop_factory=_loop_factory()) as runner,
    ):
        runner.run(_serve(fd, options))


def _loop_factory() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop where it is installed (as uvicorn uses it for the server): less CPU per call."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


if TYPE_CHECKING:

    def _implements_the_port(store: ProcessStore) -> Store:  # mypy checks the protocol here
        return store


if __name__ == "__main__":
    main(sys.argv[1:])
