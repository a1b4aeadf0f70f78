"""The match authority: client messages and the passage of time in, deliveries and records out.

What lives here: ``start`` (a filled game begins), ``act`` (an action or resignation),
``tick`` (clock warnings and expiry, presence grace), ``connect``/``disconnect``/``handover``
(presence) and ``fresh_state`` (a full state for a (re)joining viewer). Each returns an
``Outcome``: texts to send and one ``Commit`` to store first. DESIGN.md §4: after an action
the actor gets ``action_result``, each player its own ``game_state``, spectators the
spectator view; ``turn_start`` when the turn passes; ``game_over`` at the end; each of these
carries the game's next event id. The commit holds the step's actions (each naming the
step's first event id), the actor's ``action_result`` for idempotency, the game row's new
counters and, every ``SNAPSHOT_EVERY`` actions, a snapshot; the events themselves are not
stored but derived again when needed (``events.derive``, docs/adr/0008).
What must not: I/O, the clock, asyncio.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

import orjson

from mantimon.engine import (
    ACTION_ADAPTER,
    Action,
    GameEndReason,
    IllegalAction,
    ResignAction,
    apply_action,
    expire_turn,
    forfeit,
    state_to_json,
    waiting_for,
)
from mantimon.engine.view import render_events, view_data
from mantimon.session import clocks as clock_rules
from mantimon.session import events
from mantimon.session import messages as msg
from mantimon.session.campaign_end import campaign_result
from mantimon.session.match import (
    SPECTATOR,
    UNPLAYABLE_TEXT,
    VIEWERS,
    Match,
    Presence,
    closed_text,
    start_state,
)
from mantimon.session.ranked_end import ranked_result
from mantimon.storage import (
    Commit,
    GameUpdate,
    IdempotentResult,
    LoggedAction,
    Snapshot,
)

SENDER = "@sender"  # the connection the message came from
SPECTATORS = "@spectators"
SNAPSHOT_EVERY = 25  # actions between stored state snapshots


@dataclass(frozen=True, slots=True)
class Send:
    """One message to deliver: ``to`` is a user id, ``SENDER`` or ``SPECTATORS``."""

    to: str
    text: str


@dataclass(slots=True)
class Outcome:
    sends: list[Send] = field(default_factory=list)
    commit: Commit | None = None


def encode(message: dict[str, Any]) -> str:
    return orjson.dumps(message).decode()


# --- building blocks ---------------------------------------------------------------------


@dataclass(slots=True)
class _Step:
    """What one change of the game writes: accumulated, then turned into a ``Commit``."""

    actions: list[LoggedAction] = field(default_factory=list)
    results: list[IdempotentResult] = field(default_factory=list)
    sends: list[Send] = field(default_factory=list)


def _viewers(match: Match) -> list[tuple[str, str, str | None]]:
    """(log key, delivery target, engine viewer id) for both seats, and for spectators
    while any are watching (a view costs ~100 µs; one who joins later is derived theirs)."""
    ids = match.player_ids
    out: list[tuple[str, str, str | None]] = [
        (VIEWERS[0], ids[0], ids[0]),
        (VIEWERS[1], ids[1], ids[1]),
    ]
    if match.spectators > 0:
        out.append((SPECTATOR, SPECTATORS, None))
    return out


def _publish(match: Match, step: _Step, prev_turn: int, now: float) -> None:
    """After the state changed: each viewer's copy of each event of the step, with the
    game's next event ids (``events.kinds``: game_state, then turn_start, then game_over)."""
    state = match.state
    assert state is not None
    viewers = _viewers(match)
    for kind in events.kinds(state, prev_turn):
        match.event_id += 1
        for key, target, viewer in viewers:
            message = events.build(
                kind, match.id, state, match.event_id, viewer, key, match.spectators, now
            )
            step.sends.append(Send(target, encode(message)))


def _finish(match: Match, step: _Step, now: float) -> Outcome:
    """Sync the clocks and turn the step into an ``Outcome`` with its ``Commit``."""
    state = match.state
    assert state is not None
    if state.over or not match.timed:  # an untimed game's clocks never start
        for c in match.clocks:
            c.deadline, c.warned = None, 0
    else:
        awaited = waiting_for(state)
        clock_rules.sync(match.clocks, awaited, state.turn, now, match.turn_seconds)
    update = GameUpdate(
        last_seq=match.seq,
        last_event_id=match.event_id,
        timers=match.timers_json(),
        updated_at=now,
    )
    if state.over:
        winner = state.players[state.winner].id if state.winner is not None else None
        update = GameUpdate(
            status="finished",
            winner_id=winner,
            end_reason=state.end_reason.value if state.end_reason else None,
            last_seq=match.seq,
            last_event_id=match.event_id,
            timers=match.timers_json(),
            updated_at=now,
        )
    snapshot = None
    if match.seq // SNAPSHOT_EVERY > (match.seq - len(step.actions)) // SNAPSHOT_EVERY:
        state_json = state_to_json(state).decode()
        snapshot = Snapshot(match.id, match.seq, match.event_id, state_json)
    campaign = campaign_result(match, now) if state.over else None
    ranked = ranked_result(match, now) if state.over else None
    commit = Commit(
        match.id, tuple(step.actions), tuple(step.results), update, snapshot, campaign, ranked
    )
    return Outcome(step.sends, commit)


By = Literal["player", "bot", "timer"]


def _log(match: Match, step: _Step, player_id: str, action: Action, now: float, by: By) -> None:
    """Log one entry of the step about to publish events from ``match.event_id + 1``."""
    match.seq += 1
    payload = action.model_dump(mode="json")
    step.actions.append(
        LoggedAction(match.id, match.seq, player_id, "action", payload, now, by, match.event_id + 1)
    )


# --- the operations ----------------------------------------------------------------------


def start(match: Match, now: float) -> Outcome:
    """Both seats are filled: deal the game and publish its first state (event 1)."""
    match.state = start_state(match.game)
    step = _Step()
    _publish(match, step, prev_turn=match.state.turn, now=now)
    outcome = _finish(match, step, now)
    # The deal's time is the time of event 1, which derivation needs (events.derive).
    assert outcome.commit is not None
    update = dataclasses.replace(outcome.commit.update, started_at=now)
    outcome.commit = dataclasses.replace(outcome.commit, update=update)
    return outcome


def act(
    match: Match,
    user_id: str,
    message_id: str,
    action: Action,
    now: float,
    by: Literal["player", "bot"] = "player",
) -> Outcome:
    """Apply a player's action (a ``ResignAction`` for the spec's ``resign`` message).

    The caller has already checked for a stored response to ``message_id`` (idempotency).
    Refusals are answered with an unsuccessful ``action_result`` and neither remembered nor
    stored: a refusal changed nothing, so the same message sent again is judged again, on
    the state of that moment, and is still applied at most once. (A client cannot tell a
    lost refusal from a lost request anyway.) Remembering them let any seated client grow
    memory and the database by one entry per made-up ``message_id``.
    """
    seat = match.seat_of(user_id)
    gid = match.id
    if seat is None:
        return Outcome(
            [
                Send(
                    SENDER,
                    encode(
                        msg.error(
                            "not_in_game",
                            "you hold no seat in this game",
                            now,
                            request_message_id=message_id,
                        )
                    ),
                )
            ]
        )
    state = match.state
    if state is None:
        code, text = "action_not_allowed", "the game has not started: waiting for an opponent"
        if match.closed:
            code, text = "game_ended", closed_text(match.game.end_reason)
        elif match.unplayable is not None:
            code, text = "internal_error", UNPLAYABLE_TEXT
        return Outcome(
            [Send(SENDER, encode(msg.error(code, text, now, request_message_id=message_id)))]
        )
    if state.over:
        return Outcome(
            [
                Send(
                    SENDER,
                    encode(
                        msg.error(
                            "game_ended", "the game is over", now, request_message_id=message_id
                        )
                    ),
                )
            ]
        )
    step = _Step()
    prev_turn = state.turn
    try:
        transition = apply_action(state, user_id, action)
    except IllegalAction as refused:
        text = encode(
            msg.action_result(
                gid,
                message_id,
                action.type,
                now,
                error_code=refused.code.value,
                error_message=refused.message,
            )
        )
        return Outcome([Send(SENDER, text)])
    _log(match, step, user_id, action, now, by)
    match.clocks[seat].timeouts = 0
    changes = {"events": render_events(state, transition.events, seat, wire=True)}
    text = encode(msg.action_result(gid, message_id, action.type, now, changes=changes))
    if by == "player":  # a hosted bot never sends a message twice: nothing to answer again
        match.remember(user_id, message_id, text)
        step.results.append(IdempotentResult(gid, user_id, message_id, text))
    step.sends.append(Send(SENDER, text))
    _publish(match, step, prev_turn, now)
    return _finish(match, step, now)


def resign_action() -> Action:
    return ResignAction()


def tick(match: Match, now: float) -> Outcome:
    """Whatever time has made due: presence grace ends, clock warnings, clock expiry."""
    out = Outcome()
    for user_id, p in match.presence.items():
        if p.status == "reconnecting" and p.grace_until is not None and p.grace_until <= now:
            p.status, p.grace_until = "disconnected", None
            out.sends.extend(_tell_opponent(match, user_id, "disconnected", now))
    state = match.state
    if state is None or state.over:
        return out
    step = _Step()
    step.sends.extend(out.sends)
    changed = False
    gid = match.id
    ids = match.player_ids
    for due in clock_rules.due(match.clocks, now, match.turn_seconds):
        player = ids[due.seat]
        warning = msg.turn_timeout(gid, player, due.remaining, not due.expired, now)
        text = encode(warning)
        step.sends.extend(Send(uid, text) for uid in ids)
        if not due.expired or state.over:
            continue
        clock = match.clocks[due.seat]
        clock.timeouts += 1
        clock.deadline = None
        prev_turn = state.turn
        if clock.timeouts >= clock_rules.MAX_TIMEOUTS:
            forfeit(state, player, GameEndReason.TIMEOUT)
            match.seq += 1
            reason = {"reason": "timeout"}
            first = match.event_id + 1
            step.actions.append(
                LoggedAction(gid, match.seq, player, "forfeit", reason, now, "timer", first)
            )
        else:
            transition = expire_turn(state, player)
            for action in transition.actions:
                _log(match, step, player, action, now, "timer")
        _publish(match, step, prev_turn, now)
        changed = True
    if not changed:
        out = Outcome(step.sends)
        if step.sends:
            # Which warnings were announced is stored, so a restart does not repeat them.
            out.commit = Commit(gid, update=GameUpdate(timers=match.timers_json()))
        return out
    return _finish(match, step, now)


def next_wake(match: Match) -> float | None:
    """When ``tick`` next has work for this match (None: nothing scheduled)."""
    times = [p.grace_until for p in match.presence.values() if p.grace_until is not None]
    if match.state is not None and not match.state.over:
        wake = clock_rules.next_wake(match.clocks, match.turn_seconds)
        if wake is not None:
            times.append(wake)
    return min(times) if times else None


def _tell_opponent(match: Match, user_id: str, status: str, now: float) -> list[Send]:
    opponent = match.opponent_of(user_id)
    if opponent is None:
        return []
    return [Send(opponent, encode(msg.opponent_status(match.id, user_id, status, now)))]


def connect(match: Match, user_id: str, now: float) -> list[Send]:
    """A socket of a seated player joined the game."""
    p = match.presence.setdefault(user_id, Presence())
    p.sockets += 1
    if p.status != "connected":
        p.status, p.grace_until = "connected", None
        return _tell_opponent(match, user_id, "connected", now)
    return []


def disconnect(match: Match, user_id: str, now: float) -> list[Send]:
    """A socket of a seated player left the game (closed or replaced)."""
    p = match.presence.setdefault(user_id, Presence())
    p.sockets = max(0, p.sockets - 1)
    if p.sockets == 0 and p.status == "connected":
        p.status, p.grace_until = "reconnecting", now + match.grace_seconds
        return _tell_opponent(match, user_id, "reconnecting", now)
    return []


def handover(match: Match, user_id: str, now: float) -> list[Send]:
    """A newer socket of a seated player replaced the older one for this game (§5.10).

    The player was never without a socket, so their presence does not change and the
    opponent is told nothing: a ``reconnecting``/``connected`` pair would report a
    disconnection that did not happen. Only when the old socket was not counted (a match
    reloaded from storage after a failed write knows no sockets yet) is this a plain
    ``connect``."""
    p = match.presence.get(user_id)
    if p is None or p.sockets == 0 or p.status != "connected":
        return connect(match, user_id, now)
    return []


def presence_of(match: Match, user_id: str) -> str:
    p = match.presence.get(user_id)
    return p.status if p is not None else "disconnected"


def fresh_state(match: Match, user_id: str | None, now: float) -> str | None:
    """A full ``game_state`` for a viewer joining without a usable ``last_event_id`` (not
    stored: it repeats the latest event id). None while the game has not started."""
    if match.state is None:
        return None
    viewer = user_id if user_id is not None and match.seat_of(user_id) is not None else None
    view = view_data(match.state, viewer, wire=True)
    return encode(msg.game_state(match.id, view, match.event_id, match.spectators, now))


def viewer_key(match: Match, user_id: str | None) -> str:
    """The event-log key of a user's view of this game."""
    seat = match.seat_of(user_id) if user_id is not None else None
    return VIEWERS[seat] if seat is not None else SPECTATOR


def parse_action(payload: dict[str, Any]) -> Action:
    return ACTION_ADAPTER.validate_python(payload)
