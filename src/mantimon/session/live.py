"""One live game as the server holds it, and every decision about it, sans-I/O.

What lives here: ``LiveGame``: the ``Match`` plus who is bound to it (each seated user's
connection handles, the watching handles), the hosted bots (each with its own rng) and
when each should move; and the decisions: deal (``start``), close before the deal
(``close``), join and spectate (seat, refusal, socket handover, presence, replay or fresh
state), act (spectators, idempotency, then ``authority.act``), leave, tick, which bot
moves when and what it sees (``bot_turn``, answered by ``bot_act``), and when the game can be
forgotten. Each decision is a function
of the game and ``now`` and returns an ``Outcome`` whose texts are addressed to handles.
What must not: sockets, the store, the clock, asyncio, locks (the shell serialises calls
per game and answers the ``Outcome``'s requests).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal

from mantimon.engine import Action, VisibleGameState, waiting_for
from mantimon.engine.view import view_for
from mantimon.session import authority, events
from mantimon.session import messages as msg
from mantimon.session.match import UNPLAYABLE_TEXT, Match, closed_text, load
from mantimon.session.outcome import H, Looked, NeedLog, NeedResult, Outcome
from mantimon.storage import GameRecord, LoggedAction, Snapshot


@dataclass(frozen=True, slots=True)
class BotTurn:
    """A hosted bot seat to move: which bot, what its seat sees and the seed of its draws
    (``bots.think.decide`` turns these into an action, wherever the shell runs it). The
    action counts only if the game is still at step ``seq`` when it comes back."""

    user_id: str
    bot: str
    view: VisibleGameState
    seed: str
    message_id: str
    seq: int


@dataclass(frozen=True, slots=True)
class Hosting:
    """How hosted bots behave: ``think_seconds`` between being awaited and moving;
    ``seed``: when set, bots draw from it and their seat (not the game and bot ids), so a
    game dealt from a fixed seed replays move for move."""

    think_seconds: float = 0.6
    seed: int | None = None


@dataclass(slots=True)
class LiveGame(Generic[H]):
    match: Match
    hosting: Hosting = field(default_factory=Hosting)
    players: dict[str, list[H]] = field(default_factory=dict)  # user id -> bound handles
    watchers: set[H] = field(default_factory=set)
    bot_due: dict[str, float] = field(default_factory=dict)  # bot user id -> when it moves
    thinking: set[str] = field(default_factory=set)  # bot user ids asked for a move
    # Decisions each bot has made here: its seed's counter, so a bot's draws do not depend
    # on how its moves interleave with the other seat's (setup is simultaneous).
    bot_moves: dict[str, int] = field(default_factory=dict)
    # A write failed: memory may be ahead of storage; the shell reloads ``match`` first.
    stale: bool = False

    @property
    def id(self) -> str:
        return self.match.id

    # --- memory --------------------------------------------------------------------------

    def reload(
        self,
        game: GameRecord,
        log: list[LoggedAction],
        since: float,
        snapshot: Snapshot | None = None,
    ) -> None:
        """Replace the match by the stored one (after a failed write), keeping who is bound:
        presence is rebuilt from the bound handles, so a socket bound before the reload
        is counted and its handover tells the opponent nothing. The results this process
        had remembered are gone with the old match, so a repeated message id is looked up
        in storage from now on, whenever the game was created."""
        self.match = load(game, log, since, snapshot)
        self.match.from_store = True
        self.stale = False
        self.bot_due.clear()
        for user, handles in self.players.items():
            if handles:
                authority.connect(self.match, user, 0.0)
                self.match.presence[user].sockets = len(handles)
        self.match.spectators = len(self.watchers)

    @property
    def unwatched(self) -> bool:
        """No handle plays or watches this game."""
        return not any(self.players.values()) and not self.watchers

    @property
    def idle(self) -> bool:
        """Finished and nobody bound: everything about it is stored and it can leave memory
        (it is loaded again if anyone asks)."""
        return self.match.over and self.unwatched

    def clocks_left(self, now: float) -> dict[str, float]:
        """Seconds left per player whose turn clock runs now (REST shows them)."""
        m = self.match
        if m.state is None or m.state.over:
            return {}
        return {
            seat.user_id: round(max(0.0, clock.deadline - now), 1)
            for seat, clock in zip(m.game.seats, m.clocks, strict=False)
            if clock.deadline is not None
        }

    # --- addressing ----------------------------------------------------------------------

    def _to_handles(
        self, sends: Sequence[authority.Send], sender: H | None, out: Outcome[H]
    ) -> Outcome[H]:
        for send in sends:
            if send.to == authority.SENDER:
                if sender is not None:
                    out.sends.append((sender, send.text))
            elif send.to == authority.SPECTATORS:
                out.sends.extend((h, send.text) for h in self.watchers)
            else:
                out.sends.extend((h, send.text) for h in self.players.get(send.to, ()))
        return out

    def _step(self, step: authority.Outcome, sender: H | None) -> Outcome[H]:
        out: Outcome[H] = Outcome(commit=step.commit)
        return self._to_handles(step.sends, sender, out)

    # --- the game's life -----------------------------------------------------------------

    def start(self, game: GameRecord, now: float) -> Outcome[H]:
        """Both seats are taken: deal (once) and publish the first state."""
        self.match.game = game
        if self.match.state is not None or self.match.unplayable is not None:
            return Outcome()
        return self._step(authority.start(self.match, now), None)

    def close(self, game: GameRecord, now: float) -> Outcome[H]:
        """The game ended before the deal (invite cancelled or expired): everyone bound is
        told ``game_ended`` and let go."""
        self.match.game = game
        out: Outcome[H] = Outcome()
        bound = [h for hs in self.players.values() for h in hs] + list(self.watchers)
        for handle in bound:
            out.refuse(
                handle,
                "game_ended",
                closed_text(game.end_reason),
                now,
                reason=game.end_reason,
                game_id=game.id,
            )
        out.released.extend(bound)
        self.players.clear()
        self.watchers.clear()
        self.match.spectators = 0
        return out

    def write_failed(self, sender: H | None, now: float) -> Outcome[H]:
        """A step could not be stored: it is not acknowledged, and the match reloads."""
        self.stale = True
        out: Outcome[H] = Outcome()
        if sender is not None:
            out.refuse(sender, "internal_error", "the move could not be stored; try again", now)
        return out

    # --- join and spectate ---------------------------------------------------------------

    def join(
        self,
        handle: H,
        user_id: str,
        known: int | None,
        now: float,
        *,
        spectate: bool = False,
        request_id: str | None = None,
    ) -> Outcome[H]:
        """Bind ``handle`` as a player (or a watcher) and bring it up to date.

        A player's newer handle replaces the older (told ``connection_closed``) without a
        presence change; the joiner hears the opponent's presence. Catching up after
        ``known`` may need the stored events (``NeedLog``, then ``replay``)."""
        m = self.match
        out: Outcome[H] = Outcome()
        gid = m.id
        if m.closed:
            reason = m.game.end_reason
            return out.refuse(
                handle, "game_ended", closed_text(reason), now, request_id,
                reason=reason, game_id=gid,
            )  # fmt: skip
        if m.unplayable is not None:
            return out.refuse(
                handle, "internal_error", UNPLAYABLE_TEXT, now, request_id,
                reason="unplayable", game_id=gid,
            )  # fmt: skip
        seat = m.seat_of(user_id)
        viewer: str | None = None
        if spectate:
            if handle not in self.watchers:
                self.watchers.add(handle)
                m.spectators += 1
        elif seat is None:
            if len(m.game.seats) >= 2:
                return out.refuse(
                    handle, "game_full", "both seats of this game are taken", now, request_id
                )
            text = "you hold no seat in this game; take one over REST first"
            return out.refuse(handle, "not_in_game", text, now, request_id)
        else:
            viewer = user_id
            self._bind(handle, user_id, seat, now, out)
        if m.state is None:  # the first game_state comes when the game is dealt
            text = "the game has not started: waiting for an opponent to take the other seat"
            return out.refuse(
                handle, "action_not_allowed", text, now, request_id,
                reason="waiting_for_opponent", game_id=gid,
            )  # fmt: skip
        if known is not None and known <= m.event_id:
            if known < m.event_id:
                out.request = NeedLog(authority.viewer_key(m, viewer), known, viewer)
            return out
        return self._fresh(handle, viewer, now, out)

    def _bind(self, handle: H, user_id: str, seat: int, now: float, out: Outcome[H]) -> None:
        m = self.match
        bound = self.players.setdefault(user_id, [])
        replaced = [old for old in bound if old != handle]
        for old in replaced:
            text = "this game was opened on a newer connection"
            out.refuse(old, "connection_closed", text, now, game_id=m.id)
            bound.remove(old)
        out.released.extend(replaced)
        if handle not in bound:
            bound.append(handle)
            presence = authority.handover if replaced else authority.connect
            self._to_handles(presence(m, user_id, now), handle, out)
        opponent = m.opponent_of(user_id)
        if opponent is not None:
            status = authority.presence_of(m, opponent)
            if m.game.seats[1 - seat].kind == "bot":
                status = "connected"
            out.sends.append((handle, _status_text(m.id, opponent, status, now)))

    def replay(
        self,
        handle: H,
        need: NeedLog,
        base: Snapshot | None,
        log: list[LoggedAction],
        now: float,
    ) -> Outcome[H]:
        """The answer to ``NeedLog``: the missed events, derived from ``base`` and the log
        after it, or one fresh state when the log cannot account for them."""
        out: Outcome[H] = Outcome()
        m = self.match
        missed = events.derive(
            m.game, base, log, need.user, need.viewer, need.after, m.event_id, m.spectators
        )
        if missed is not None:
            out.sends.extend((handle, text) for text in missed)
            return out
        return self._fresh(handle, need.user, now, out)

    def _fresh(self, handle: H, viewer: str | None, now: float, out: Outcome[H]) -> Outcome[H]:
        fresh = authority.fresh_state(self.match, viewer, now)
        if fresh is not None:
            out.sends.append((handle, fresh))
        return out

    def leave(self, handle: H, user_id: str, now: float) -> Outcome[H]:
        """``handle`` closed: unbind it; the opponent hears of a seat left without a socket."""
        out: Outcome[H] = Outcome()
        bound = self.players.get(user_id, [])
        if handle in bound:
            bound.remove(handle)
            if not bound:
                del self.players[user_id]
            self._to_handles(authority.disconnect(self.match, user_id, now), None, out)
        if handle in self.watchers:
            self.watchers.discard(handle)
            self.match.spectators = max(0, self.match.spectators - 1)
        return out

    # --- acting --------------------------------------------------------------------------

    def act(
        self,
        handle: H | None,
        user_id: str,
        message_id: str,
        action: Action,
        now: float,
        *,
        by: Literal["player", "bot"] = "player",
        stored: Looked | None = None,
    ) -> Outcome[H]:
        """An action (or resignation) from ``handle`` (None: a hosted bot).

        A message id already answered gets the same answer and is not applied again; when
        the answer may be stored from before this process, the shell is asked for it
        (``NeedResult``) and calls again with ``stored``."""
        m = self.match
        out: Outcome[H] = Outcome()
        if handle is not None and handle in self.watchers and m.seat_of(user_id) is None:
            return out.refuse(handle, "not_in_game", "spectators cannot act", now, message_id)
        if by == "player":  # a hosted bot's message ids are new every time
            text = m.results.get((user_id, message_id))
            if text is None and stored is not None:
                text = stored.text
            elif text is None and (m.from_store or (user_id, message_id) in m.answered):
                out.request = NeedResult(user_id, message_id)
                return out
            if text is not None:
                if handle is not None:
                    out.sends.append((handle, text))
                return out
        out = self._step(authority.act(m, user_id, message_id, action, now, by=by), handle)
        out.applied = out.commit is not None
        return out

    def tick(self, now: float) -> Outcome[H]:
        """Whatever time has made due (presence grace, clock warnings and expiry)."""
        wake = authority.next_wake(self.match)
        if wake is None or wake > now:
            return Outcome()
        return self._step(authority.tick(self.match, now), None)

    # --- hosted bots and wake-ups --------------------------------------------------------

    def plan(self, now: float) -> float | None:
        """After any change: which hosted bot seats should move and when (awaited bot
        seats move ``think_seconds`` after being first awaited), and the next time this
        game needs the shell to wake it (None: nothing is due, ever, unless it changes)."""
        m = self.match
        state = m.state
        awaited: set[str] = set()
        if state is not None and not state.over and not self.stale:
            for seat in waiting_for(state):
                record = m.game.seats[seat]
                if record.kind == "bot" and record.user_id not in self.thinking:
                    awaited.add(record.user_id)
                    self.bot_due.setdefault(record.user_id, now + self.hosting.think_seconds)
        for user in [u for u in self.bot_due if u not in awaited]:
            del self.bot_due[user]
        times = list(self.bot_due.values())
        wake = authority.next_wake(m)
        if wake is not None:
            times.append(wake)
        return min(times) if times else None

    def bot_turn(self, now: float) -> BotTurn | None:
        """The move a hosted bot owes now (one; ``plan`` schedules the next): what its seat
        sees, to be decided by the shell and answered with ``bot_act``. Until then that
        seat is not scheduled again."""
        m = self.match
        state = m.state
        due = [u for u, when in self.bot_due.items() if when <= now]
        if state is None or state.over or not due:
            return None
        user = due[0]
        del self.bot_due[user]
        seat = m.seat_of(user)
        if seat is None or seat not in waiting_for(state):
            return None
        self.thinking.add(user)
        # The game's own seed is secret while it is played: a player who knew a bot's seed
        # could run the same bot on the same view and know its move before it is made.
        if self.hosting.seed is None:
            source = f"{m.game.seed}:{m.id}:{user}"
        else:
            source = f"{self.hosting.seed}:{seat}"
        return BotTurn(
            user,
            m.game.seats[seat].bot or "greedy",
            view_for(state, user),
            f"{source}:{self.bot_moves.get(user, 0)}",
            f"bot-{m.seq + 1}-{seat}",
            m.seq,
        )

    def bot_act(self, turn: BotTurn, action: Action | None, now: float) -> Outcome[H]:
        """The answer to ``turn``: played through ``act`` like a socket's action, unless
        the game moved on meanwhile (a resignation, a timeout, a reload): then it is
        dropped and the seat is scheduled again if it is still awaited. ``action`` None:
        no decision came (the shell failed to get one); the seat is scheduled again."""
        self.thinking.discard(turn.user_id)
        m = self.match
        if action is None or m.state is None or m.state.over or m.seq != turn.seq:
            return Outcome()
        self.bot_moves[turn.user_id] = self.bot_moves.get(turn.user_id, 0) + 1
        return self.act(None, turn.user_id, turn.message_id, action, now, by="bot")


def _status_text(game_id: str, opponent: str, status: str, now: float) -> str:
    return authority.encode(msg.opponent_status(game_id, opponent, status, now))
