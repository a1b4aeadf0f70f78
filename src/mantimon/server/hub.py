"""The hub: live matches, their locks, sockets and timers, around the sans-I/O authority.

What lives here: loading a match from storage on first use, running each client message or
timer tick through ``mantimon.session.authority`` under the game's lock, storing the step
(group commit) and only then delivering its messages, binding sockets to games (one socket
per user per game: a newer one replaces the older), server-hosted bots, and the timer loop
that wakes at the next deadline. What must not: rules (engine), wire parsing (protocol),
SQL (storage).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable

from mantimon.bots import Bot, make_bot
from mantimon.engine import Action, waiting_for
from mantimon.engine.view import view_for
from mantimon.server.connection import Connection
from mantimon.server.metrics import Metrics
from mantimon.server.writer import GroupWriter
from mantimon.session import authority
from mantimon.session import messages as msg
from mantimon.session.match import UNPLAYABLE_TEXT, Match, closed_text, load
from mantimon.storage import GameRecord, Store

log = logging.getLogger("mantimon.hub")


class Hub:
    def __init__(
        self,
        store: Store,
        *,
        bot_think_seconds: float = 0.6,
        bot_seed: int | None = None,
        clock: Callable[[], float] = time.time,
        metrics: Metrics | None = None,
    ) -> None:
        """``bot_seed``: server bots draw their random choices from it and their seat instead
        of from the game and bot ids (fresh for every game), so that with ``game_seed`` a
        game against a bot replays move for move."""
        self.store = store
        self.clock = clock
        self.bot_think_seconds = bot_think_seconds
        self.bot_seed = bot_seed
        self.metrics = metrics or Metrics()
        self.matches: dict[str, Match] = {}
        self.locks: dict[str, asyncio.Lock] = {}  # games that exist only (``_lock``)
        self.players: dict[str, dict[str, list[Connection]]] = defaultdict(dict)
        self.watchers: dict[str, set[Connection]] = defaultdict(set)
        self.writer = GroupWriter(store)
        self._wakes: list[tuple[float, str]] = []  # (when, game id), a heap
        self._scheduled: dict[str, float] = {}  # each game's earliest wake in the heap
        self._wake = asyncio.Event()
        self._timer: asyncio.Task[None] | None = None
        self._bot_tasks: dict[tuple[str, str], asyncio.Task[None]] = {}
        self._bots: dict[tuple[str, str], tuple[Bot, random.Random]] = {}
        self.started_at = clock()

    # --- lifecycle -----------------------------------------------------------------------

    async def start(self) -> None:
        self.writer.start()
        self._timer = asyncio.create_task(self._timer_loop(), name="hub-timers")
        for game in await self.store.games_with_status("active"):
            match = await self.match(game.id)
            if match is None:
                continue
            if match.state is None and match.unplayable is None:
                await self.game_filled(game)  # filled just before a restart, never dealt
            self._after_step(match)

    async def stop(self) -> None:
        tasks = [*self._bot_tasks.values(), *([self._timer] if self._timer else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        await self.writer.stop()

    # --- matches -------------------------------------------------------------------------

    async def match(self, game_id: str) -> Match | None:
        """The live match, loaded from storage (record + action log) on first use.

        An id storage does not know leaves nothing behind: its lock is made only once the
        game is known to exist (a lock per made-up id, kept forever, let any client grow
        the server's memory by naming games)."""
        found = self.matches.get(game_id)
        if found is not None:
            return found
        if game_id not in self.locks and await self.store.get_game(game_id) is None:
            return None
        async with self._lock(game_id):
            found = self.matches.get(game_id)
            if found is not None:
                return found
            game = await self.store.get_game(game_id)  # again: it may have changed meanwhile
            if game is None:
                return None
            after = game.snapshot_seq if game.snapshot is not None else 0
            entries = await self.store.actions(game_id, after)
            match = load(game, entries, self.started_at)
            if match.unplayable is not None:
                log.error("game %s is left as stored: %s", game_id, match.unplayable)
            self.matches[game_id] = match
            self.metrics.active_games.set(len(self.matches))
            if match.over:  # loaded to answer one request: gone again unless a socket binds
                asyncio.get_running_loop().call_soon(self._forget_if_finished, game_id)
            return match

    def _lock(self, game_id: str) -> asyncio.Lock:
        """The lock of a game known to exist (made on first use, dropped with the game)."""
        lock = self.locks.get(game_id)
        if lock is None:
            lock = self.locks[game_id] = asyncio.Lock()
        return lock

    async def game_filled(self, game: GameRecord) -> None:
        """Both seats of ``game`` are taken (REST): deal it and publish the first state."""
        match = await self.match(game.id)
        if match is None:
            return
        async with self._lock(game.id):
            match.game = game
            if match.state is not None or match.unplayable is not None:
                return
            outcome = authority.start(match, self.clock())
            await self._apply(match, outcome, None)

    async def game_closed(self, game: GameRecord) -> None:
        """``game`` ended before it started (REST: an invite cancelled or expired): the
        sockets joined to it are told (``game_ended``) and let go, and nothing of it stays
        in memory. A later ``join_game`` gets the same ``game_ended``."""
        match = self.matches.get(game.id)
        if match is None:
            return
        async with self._lock(game.id):
            match.game = game
            notice = self._error(
                "game_ended",
                closed_text(game.end_reason),
                None,
                reason=game.end_reason,
                game_id=game.id,
            )
            for conns in self.players.pop(game.id, {}).values():
                for conn in conns:
                    conn.send(notice)
                    conn.games.discard(game.id)
            for conn in self.watchers.pop(game.id, set()):
                conn.send(notice)
                conn.watching.discard(game.id)
        self._forget_if_finished(game.id)

    def _evict(self, game_id: str) -> None:
        """Forget a match whose memory may be ahead of storage; it reloads from the log."""
        self.matches.pop(game_id, None)
        self.metrics.active_games.set(len(self.matches))

    def _forget_if_finished(self, game_id: str) -> None:
        """Drop a finished match that no socket is bound to, with its lock, socket lists
        and bots: everything about it is stored, and ``match`` reloads it if anyone asks
        again. Without this every game ever played stayed in memory (about 250 a minute
        at the load bench's pace). Not while its lock is held: whoever holds it may still
        need this very match."""
        match = self.matches.get(game_id)
        if match is None or not match.over or not self._unwatched(game_id):
            return
        lock = self.locks.get(game_id)
        if lock is not None and lock.locked():
            return
        del self.matches[game_id]
        self.players.pop(game_id, None)
        self.watchers.pop(game_id, None)
        self.locks.pop(game_id, None)
        # Its heap entry, if any, is skipped when it comes up (no longer ``_scheduled``).
        self._scheduled.pop(game_id, None)
        for seat in match.game.seats:
            self._bots.pop((game_id, seat.user_id), None)
        self.metrics.active_games.set(len(self.matches))

    def _unwatched(self, game_id: str) -> bool:
        """No socket plays or watches ``game_id``."""
        return not any(self.players.get(game_id, {}).values()) and not self.watchers.get(game_id)

    async def _apply(
        self, match: Match, outcome: authority.Outcome, sender: Connection | None
    ) -> bool:
        """Store the step, then deliver it. False if it could not be stored (not acknowledged)."""
        if outcome.commit is not None:
            try:
                await self.writer.write(
                    outcome.commit, lambda: self._deliver(match, outcome.sends, sender)
                )
            except Exception:
                log.exception("storing a step of game %s failed", match.id)
                self._evict(match.id)
                if sender is not None:
                    self.metrics.errors.labels("internal_error").inc()
                    sender.send(
                        authority.encode(
                            msg.error(
                                "internal_error",
                                "the move could not be stored; try again",
                                self.clock(),
                            )
                        )
                    )
                return False
        else:
            self._deliver(match, outcome.sends, sender)
        self._after_step(match)
        return True

    def _deliver(
        self, match: Match, sends: list[authority.Send], sender: Connection | None
    ) -> None:
        players = self.players.get(match.id, {})
        for send in sends:
            if send.to == authority.SENDER:
                if sender is not None:
                    sender.send(send.text)
            elif send.to == authority.SPECTATORS:
                for conn in self.watchers.get(match.id, ()):
                    conn.send(send.text)
            else:
                for conn in players.get(send.to, ()):
                    conn.send(send.text)

    def _after_step(self, match: Match) -> None:
        self._schedule(match.id, authority.next_wake(match))
        self._schedule_bots(match)
        if match.over:  # once the step's task has let go of the game's lock
            asyncio.get_running_loop().call_soon(self._forget_if_finished, match.id)
        elif match.state is not None and self._unwatched(match.id):
            # Left by every socket, it lives on until its clocks end it (minutes): without
            # its memos it holds ~15 KB instead of ~235 KB; they rebuild if anyone returns.
            match.state.forget_memos()

    def _schedule(self, game_id: str, wake: float | None) -> None:
        """Make sure the timer loop looks at ``game_id`` by ``wake``. One entry per game is
        enough: a later wake needs none (when the earlier entry fires, the loop asks the
        match again), so the heap stays the size of the game list instead of growing by one
        entry per action until each deadline passes."""
        if wake is None:
            return
        current = self._scheduled.get(game_id)
        if current is not None and current <= wake:
            return
        self._scheduled[game_id] = wake
        heapq.heappush(self._wakes, (wake, game_id))
        if self._wakes[0][1] == game_id:
            self._wake.set()

    # --- client messages -----------------------------------------------------------------

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
        now = self.clock()
        match = await self.match(game_id)
        if match is None:
            conn.send(self._error("game_not_found", f"no game '{game_id}'", request_id))
            return
        async with self._lock(game_id):
            if match.closed:
                reason = match.game.end_reason
                text = closed_text(reason)
                conn.send(
                    self._error("game_ended", text, request_id, reason=reason, game_id=game_id)
                )
                return
            if match.unplayable is not None:
                conn.send(
                    self._error(
                        "internal_error",
                        UNPLAYABLE_TEXT,
                        request_id,
                        reason="unplayable",
                        game_id=game_id,
                    )
                )
                return
            user = conn.user_id
            seat = match.seat_of(user)
            if spectate:
                if game_id not in conn.watching:
                    conn.watching.add(game_id)
                    self.watchers[game_id].add(conn)
                    match.spectators += 1
                viewer: str | None = None
            else:
                if seat is None:
                    code = "game_full" if len(match.game.seats) >= 2 else "not_in_game"
                    text = (
                        "both seats of this game are taken"
                        if code == "game_full"
                        else "you hold no seat in this game; take one over REST first"
                    )
                    conn.send(self._error(code, text, request_id))
                    return
                viewer = user
                bound = self.players[game_id].setdefault(user, [])
                replaced = [old for old in bound if old is not conn]
                for old in replaced:
                    old.send(
                        self._error(
                            "connection_closed",
                            "this game was opened on a newer connection",
                            None,
                            game_id=game_id,
                        )
                    )
                    old.games.discard(game_id)
                    bound.remove(old)
                if conn not in bound:
                    bound.append(conn)
                    conn.games.add(game_id)
                    presence = authority.handover if replaced else authority.connect
                    self._deliver(match, presence(match, user, now), conn)
                opponent = match.opponent_of(user)
                if opponent is not None:
                    status = authority.presence_of(match, opponent)
                    if match.game.seats[1 - (seat or 0)].kind == "bot":
                        status = "connected"
                    conn.send(authority.encode(msg.opponent_status(game_id, opponent, status, now)))
            if match.state is None:
                # Joined (or watching): the first game_state comes when the game is dealt.
                text = "the game has not started: waiting for an opponent to take the other seat"
                conn.send(
                    self._error(
                        "action_not_allowed",
                        text,
                        request_id,
                        reason="waiting_for_opponent",
                        game_id=game_id,
                    )
                )
                return
            await self._replay(conn, match, viewer, known, now)

    async def _replay(
        self,
        conn: Connection,
        match: Match,
        viewer: str | None,
        known: int | None,
        now: float,
    ) -> None:
        """Send what the viewer missed after event ``known``, or one fresh state when that id
        is absent, unknown, or the viewer's log has a gap after it (spectator logs are only
        kept while someone watches)."""
        key = authority.viewer_key(match, viewer)
        if known is not None and known <= match.event_id:
            if known == match.event_id:
                return
            if await self.store.has_event(match.id, key, known):
                events = await self.store.events(match.id, key, known)
                if [e.event_id for e in events] == list(range(known + 1, match.event_id + 1)):
                    for event in events:
                        conn.send(event.message)
                    return
        fresh = authority.fresh_state(match, viewer, now)
        if fresh is not None:
            conn.send(fresh)

    async def act(
        self,
        conn: Connection | None,
        user_id: str,
        game_id: str,
        message_id: str,
        action: Action,
        *,
        by: str = "player",
    ) -> None:
        started = time.perf_counter()
        match = await self.match(game_id)
        if match is None:
            if conn is not None:
                conn.send(self._error("game_not_found", f"no game '{game_id}'", message_id))
            return
        try:
            async with self._lock(game_id):
                if conn is not None and game_id in conn.watching and match.seat_of(user_id) is None:
                    conn.send(self._error("not_in_game", "spectators cannot act", message_id))
                    return
                stored = match.results.get((user_id, message_id))
                if stored is None and match.from_store:
                    stored = await self.store.result(game_id, user_id, message_id)
                if stored is not None:
                    if conn is not None:
                        conn.send(stored)
                    return
                outcome = authority.act(
                    match,
                    user_id,
                    message_id,
                    action,
                    self.clock(),
                    by="bot" if by == "bot" else "player",
                )
                if await self._apply(match, outcome, conn):
                    self.metrics.actions.inc()
                    self.metrics.latency.observe(time.perf_counter() - started)
        finally:
            if match.over:  # e.g. an action sent to a finished game, loaded to refuse it
                self._forget_if_finished(game_id)

    async def closed(self, conn: Connection) -> None:
        now = self.clock()
        for game_id in list(conn.games):
            match = self.matches.get(game_id)
            async with self._lock(game_id):
                bound = self.players.get(game_id, {}).get(conn.user_id, [])
                if conn in bound:
                    bound.remove(conn)
                    if match is not None:
                        self._deliver(match, authority.disconnect(match, conn.user_id, now), None)
                        self._after_step(match)
        for game_id in list(conn.watching):
            self.watchers[game_id].discard(conn)
            match = self.matches.get(game_id)
            if match is not None:
                match.spectators = max(0, match.spectators - 1)
        for game_id in conn.games | conn.watching:
            self._forget_if_finished(game_id)
        conn.games.clear()
        conn.watching.clear()

    def _error(self, code: str, text: str, request_id: str | None, **details: object) -> str:
        self.metrics.errors.labels(code).inc()
        return authority.encode(
            msg.error(
                code, text, self.clock(), request_message_id=request_id, details=dict(details)
            )
        )

    # --- bots ----------------------------------------------------------------------------

    def _schedule_bots(self, match: Match) -> None:
        state = match.state
        if state is None or state.over:
            return
        for seat in waiting_for(state):
            record = match.game.seats[seat]
            key = (match.id, record.user_id)
            if record.kind == "bot" and key not in self._bot_tasks:
                self._bot_tasks[key] = asyncio.create_task(
                    self._bot_move(match.id, record.user_id, record.bot or "greedy")
                )

    async def _bot_move(self, game_id: str, user_id: str, name: str) -> None:
        key = (game_id, user_id)
        try:
            if self.bot_think_seconds:
                await asyncio.sleep(self.bot_think_seconds)
            match = self.matches.get(game_id)
            if match is None or match.state is None:
                return
            async with self._lock(game_id):
                state = match.state
                seat = match.seat_of(user_id)
                self._bot_tasks.pop(key, None)
                if state is None or state.over or seat is None or seat not in waiting_for(state):
                    return
                if key not in self._bots:
                    source = (
                        f"{game_id}:{user_id}"
                        if self.bot_seed is None
                        else f"{self.bot_seed}:{seat}"
                    )
                    self._bots[key] = (make_bot(name), random.Random(source))
                bot, rng = self._bots[key]
                action = bot.choose(view_for(state, user_id), rng)
                outcome = authority.act(
                    match, user_id, f"bot-{uuid.uuid4()}", action, self.clock(), by="bot"
                )
                await self._apply(match, outcome, None)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("bot %s failed in game %s", user_id, game_id)
        finally:
            if self._bot_tasks.get(key) is asyncio.current_task():
                del self._bot_tasks[key]

    # --- timers --------------------------------------------------------------------------

    async def _timer_loop(self) -> None:
        while True:
            now = self.clock()
            while self._wakes and self._wakes[0][0] <= now:
                when, game_id = heapq.heappop(self._wakes)
                if self._scheduled.get(game_id) != when:
                    continue  # an earlier entry of this game came first
                del self._scheduled[game_id]
                match = self.matches.get(game_id)
                if match is None:
                    continue
                async with self._lock(game_id):
                    wake = authority.next_wake(match)
                    if wake is None or wake > self.clock():
                        self._schedule(game_id, wake)
                        continue
                    outcome = authority.tick(match, self.clock())
                    await self._apply(match, outcome, None)
            timeout = self._wakes[0][0] - self.clock() if self._wakes else 60.0
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=max(0.0, min(timeout, 60.0)))
