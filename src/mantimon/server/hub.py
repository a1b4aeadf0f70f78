"""The hub: one table of live games, their locks, the timer heap and the group writer.

What lives here: moving bytes between sockets, the store and ``mantimon.session.live``.
Each game has one entry (its ``LiveGame``, its lock, how many tasks use it), so forgetting
a game is one removal. Every call into the session runs under the game's lock; the hub
answers the session's requests from the store, stores an outcome's commit (group commit)
before delivering its texts, and wakes each game when the session asks to be woken (turn
clocks, presence grace, hosted bots, whose moves then take the same path as a socket's).
What must not: any game rule or error wording (``session``), wire parsing (``protocol``),
SQL (``storage``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any, Literal

from mantimon.engine import Action
from mantimon.server.connection import Connection
from mantimon.server.metrics import Metrics
from mantimon.server.thinking import Thinkers
from mantimon.server.wakes import Wakes
from mantimon.server.writer import GroupWriter
from mantimon.session import refusals
from mantimon.session.live import Hosting, LiveGame
from mantimon.session.match import load
from mantimon.session.outcome import Looked, NeedLog, NeedResult, Outcome
from mantimon.storage import GameRecord, Store

log = logging.getLogger("mantimon.hub")
Live = LiveGame[Connection]


class Entry:
    """A game in the table: ``live`` is None only until its first load."""

    __slots__ = ("id", "live", "lock", "users")

    def __init__(self, game_id: str) -> None:
        self.id = game_id
        self.live: Live | None = None
        self.lock = asyncio.Lock()
        self.users = 0  # tasks holding or waiting for the lock: it stays while any does


class Held:
    """``async with Held(hub, entry) as live``: the game's lock, its live game loaded (again,
    after a failed write); afterwards the game's next wake is scheduled, and a game nobody
    needs is forgotten. (A class, not a generator: it runs around every action.)"""

    __slots__ = ("entry", "hub")

    def __init__(self, hub: Hub, entry: Entry) -> None:
        self.hub, self.entry = hub, entry

    async def __aenter__(self) -> Live:
        entry = self.entry
        entry.users += 1
        try:
            await entry.lock.acquire()
            try:
                if entry.live is None or entry.live.stale:
                    await self.hub._load(entry)
                assert entry.live is not None
                return entry.live
            except BaseException:
                entry.lock.release()
                raise
        except BaseException:
            entry.users -= 1
            self.hub._after(entry)
            raise

    async def __aexit__(self, *exc: object) -> None:
        self.entry.lock.release()
        self.entry.users -= 1
        self.hub._after(self.entry)


class Hub:
    def __init__(
        self,
        store: Store,
        *,
        bot_think_seconds: float = 0.6,
        bot_seed: int | None = None,
        clock: Callable[[], float] = time.time,
        metrics: Metrics | None = None,
        thinkers: Thinkers | None = None,
    ) -> None:
        self.store = store
        self.thinkers = thinkers or Thinkers()
        self.clock = clock
        self.hosting = Hosting(bot_think_seconds, bot_seed)
        self.metrics = metrics or Metrics()
        self.games: dict[str, Entry] = {}
        self.writer = GroupWriter(store)
        self.wakes = Wakes(lambda: self.clock(), lambda gid: self._spawn(self._wake_game(gid)))
        self._tasks: set[asyncio.Task[None]] = set()
        self.started_at = clock()

    async def start(self) -> None:
        self.writer.start()
        self._spawn(self.wakes.run())
        for game in await self.store.games_with_status("active"):
            await self.game_filled(game)  # deals one filled just before a restart, never dealt

    async def stop(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.writer.stop()
        self.thinkers.close()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # --- the table -----------------------------------------------------------------------

    async def _entry(self, game_id: str) -> Entry | None:
        """The entry of a game storage knows. A made-up id leaves nothing behind."""
        entry = self.games.get(game_id)
        if entry is None:
            if not await self.store.has_game(game_id):
                return None
            entry = self.games.setdefault(game_id, Entry(game_id))
        return entry

    async def _load(self, entry: Entry) -> None:
        game = await self.store.get_game(entry.id)
        if game is None:
            raise LookupError(f"game {entry.id} vanished from storage")
        snapshot = await self.store.snapshot(entry.id)
        entries = await self.store.actions(entry.id, snapshot.seq if snapshot else 0)
        if entry.live is None:
            match = load(game, entries, self.started_at, snapshot)
            entry.live = LiveGame(match, self.hosting)
        else:
            entry.live.reload(game, entries, self.started_at, snapshot)
        if entry.live.match.unplayable is not None:
            log.error("game %s is left as stored: %s", entry.id, entry.live.match.unplayable)
        self.metrics.active_games.set(len(self.games))

    def _after(self, entry: Entry) -> None:
        live = entry.live
        if live is not None:
            self.wakes.at(entry.id, live.plan(self.clock()))
            state = live.match.state
            if state is not None and not state.over and live.unwatched:
                # Left by every socket, it lives on until its clocks end it (minutes):
                # without its memos it holds ~15 KB instead of ~235 KB; they rebuild if
                # anyone returns.
                state.forget_memos()
        if entry.users == 0 and (live is None or live.idle) and self.games.get(entry.id) is entry:
            del self.games[entry.id]
            self.wakes.drop(entry.id)
            self.metrics.active_games.set(len(self.games))

    def clocks_left(self, game_id: str) -> dict[str, float]:
        entry = self.games.get(game_id)
        return entry.live.clocks_left(self.clock()) if entry and entry.live else {}

    # --- delivering ----------------------------------------------------------------------

    def _deliver(self, game_id: str, out: Outcome[Connection]) -> None:
        for conn, text in out.sends:
            conn.send(text)
        for code in out.errors:
            self.metrics.errors.labels(code).inc()
        for conn in out.released:
            conn.games.discard(game_id)

    async def _apply(self, live: Live, out: Outcome[Connection], sender: Connection | None) -> bool:
        """Store the outcome's commit, then deliver it. False if it could not be stored."""
        if out.commit is None:
            self._deliver(live.id, out)
            return True
        try:
            await self.writer.write(out.commit, lambda: self._deliver(live.id, out))
        except Exception:
            log.exception("storing a step of game %s failed", live.id)
            self._deliver(live.id, live.write_failed(sender, self.clock()))
            return False
        return True

    def refuse(self, conn: Connection, refusal: refusals.Refusal) -> None:
        """Send a refusal the session worded, counting its code."""
        self.metrics.errors.labels(refusal.code).inc()
        conn.send(refusal.text)

    # --- what sockets and REST ask -------------------------------------------------------

    async def game_filled(self, game: GameRecord) -> None:
        """Both seats of ``game`` are taken (REST, or found so at start): deal it."""
        entry = self.games.get(game.id)
        if entry is None and game.last_seq == 0 and game.last_event_id == 0:
            # Never dealt, so nothing of it is stored but ``game`` itself: no reads.
            entry = self.games[game.id] = Entry(game.id)
            entry.live = LiveGame(load(game, [], self.started_at), self.hosting)
            self.metrics.active_games.set(len(self.games))
        else:
            entry = await self._entry(game.id)
        if entry is not None:
            async with Held(self, entry) as live:
                await self._apply(live, live.start(game, self.clock()), None)

    async def game_closed(self, game: GameRecord) -> None:
        """``game`` ended before it was dealt (REST): those bound to it are told."""
        entry = self.games.get(game.id)
        if entry is not None:
            async with Held(self, entry) as live:
                self._deliver(game.id, live.close(game, self.clock()))

    async def join(
        self,
        conn: Connection,
        game_id: str,
        last_event_id: str | None,
        *,
        spectate: bool,
        request_id: str | None,
    ) -> None:
        # Read before anything of the join happens (decoding has checked it is 1 to 19
        # ASCII digits; a value that got past would fail here, having changed nothing).
        known = int(last_event_id) if last_event_id is not None else None
        entry = await self._entry(game_id)
        if entry is None:
            self.refuse(conn, refusals.game_not_found(game_id, request_id, self.clock()))
            return
        async with Held(self, entry) as live:
            out = live.join(
                conn, conn.user_id, known, self.clock(), spectate=spectate, request_id=request_id
            )
            if conn in live.watchers or conn in live.players.get(conn.user_id, ()):
                conn.games.add(game_id)
            self._deliver(game_id, out)
            if isinstance(out.request, NeedLog):
                need = out.request
                base = await self.store.snapshot(game_id, need.after)
                log = await self.store.actions(game_id, base.seq if base else 0)
                self._deliver(game_id, live.replay(conn, need, base, log, self.clock()))

    async def act(
        self, conn: Connection, user_id: str, game_id: str, message_id: str, action: Action
    ) -> None:
        started = time.perf_counter()
        entry = await self._entry(game_id)
        if entry is None:
            self.refuse(conn, refusals.game_not_found(game_id, message_id, self.clock()))
            return
        async with Held(self, entry) as live:
            await self._act(live, conn, user_id, message_id, action, "player", started)

    async def _act(
        self,
        live: Live,
        conn: Connection | None,
        user_id: str,
        message_id: str,
        action: Action,
        by: Literal["player", "bot"],
        started: float,
    ) -> None:
        """The one path of every action, a socket's or a hosted bot's (game lock held)."""
        out = live.act(conn, user_id, message_id, action, self.clock(), by=by)
        if isinstance(out.request, NeedResult):
            found = await self.store.result(live.id, user_id, message_id)
            out = live.act(
                conn, user_id, message_id, action, self.clock(), by=by, stored=Looked(found)
            )
        if await self._apply(live, out, conn) and out.applied:
            self.metrics.actions.inc()
            self.metrics.latency.observe(time.perf_counter() - started)

    async def closed(self, conn: Connection) -> None:
        for game_id in list(conn.games):
            entry = self.games.get(game_id)
            if entry is not None:
                async with Held(self, entry) as live:
                    self._deliver(game_id, live.leave(conn, conn.user_id, self.clock()))
        conn.games.clear()

    # --- waking games --------------------------------------------------------------------

    async def _wake_game(self, game_id: str) -> None:
        """What time has made due in one game: its clocks, then a hosted bot's move. The
        bot thinks without the game's lock (a resignation or a timeout may come meanwhile;
        the session then drops the late answer), and the game stays in the table."""
        entry = self.games.get(game_id)
        if entry is None:
            return
        try:
            async with Held(self, entry) as live:
                await self._apply(live, live.tick(self.clock()), None)
                turn = live.bot_turn(self.clock())
            if turn is None:
                return
            started = time.perf_counter()
            entry.users += 1  # thinking: not to be forgotten before the answer is played
            try:
                action: Action | None = None
                try:
                    action, where = await self.thinkers.decide(turn)
                    self.metrics.bot_decisions.labels(where).inc()
                finally:
                    async with Held(self, entry) as live:
                        out = live.bot_act(turn, action, self.clock())
                        if await self._apply(live, out, None) and out.applied:
                            self.metrics.actions.inc()
                            self.metrics.latency.observe(time.perf_counter() - started)
            finally:
                entry.users -= 1
                self._after(entry)
        except Exception:
            log.exception("waking game %s failed", game_id)
