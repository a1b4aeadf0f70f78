"""Game events: what a step publishes, built the same way live and when derived again.

What lives here: which events a step publishes (``kinds``), one viewer's copy of an event
(``build``), and ``derive``: the events a viewer missed, rebuilt by replaying the action log
from a snapshot or from the deal. Events are not stored (docs/adr/0008): the engine is
deterministic, and every part of an event is a function of the state after its step, the
step's time (its entries' ``at``, or the game's ``started_at`` for the deal), the event id
and the viewer, so a derived event is the message that was sent live, ``message_id``
included. The one exception is ``spectator_count``, which says how many watch now
(docs/PROTOCOL.md). What must not: I/O (the caller reads the log and the snapshot), the
clock, or the live match's bookkeeping (``authority``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

import orjson

from mantimon.engine import GameState, state_from_json
from mantimon.engine.view import view_data
from mantimon.session import messages as msg
from mantimon.session.match import replay_entry, start_state
from mantimon.storage import GameRecord, LoggedAction, Snapshot

Kind = Literal["game_state", "turn_start", "game_over"]


def kinds(state: GameState, prev_turn: int) -> list[Kind]:
    """The events of a step, in order, given the state after it and the turn before it:
    every step publishes the new state; ``turn_start`` when the turn passed; ``game_over``
    when it ended the game (DESIGN.md §4)."""
    out: list[Kind] = ["game_state"]
    if state.turn > prev_turn and not state.over:
        out.append("turn_start")
    if state.over:
        out.append("game_over")
    return out


def build(
    kind: Kind,
    game_id: str,
    state: GameState,
    event_id: int,
    viewer: str | None,
    viewer_key: str,
    spectators: int,
    now: float,
) -> dict[str, Any]:
    """One viewer's copy of one event (``viewer``: the engine viewer id, None for spectators;
    ``viewer_key``: that viewer's log key, ``seat0``/``seat1``/``spectator``)."""
    mid = msg.event_message_id(game_id, event_id, viewer_key)
    if kind == "game_state":
        view = view_data(state, viewer, wire=True)
        return msg.game_state(game_id, view, event_id, spectators, now, message_id=mid)
    if kind == "turn_start":
        player = state.players[state.current].id
        return msg.turn_start(game_id, player, state.turn, event_id, now, message_id=mid)
    winner = state.players[state.winner].id if state.winner is not None else None
    reason = state.end_reason.value if state.end_reason else ""
    final = view_data(state, viewer, wire=True)
    return msg.game_over(game_id, winner, reason, final, event_id, now, message_id=mid)


def steps(entries: list[LoggedAction]) -> Iterator[list[LoggedAction]]:
    """The log cut into the steps that wrote it. An entry names its step's first event id;
    entries stored before that was recorded (``event_id`` None) are grouped as the server
    logged them: a timeout's entries share their time, their player and ``by == "timer"``
    (two seats timing out at once are two steps), every other step logged one entry.
    (``derive`` checks the result against the game's event count.)"""
    group: list[LoggedAction] = []
    for entry in entries:
        if group:
            last = group[-1]
            if entry.event_id is not None:
                same = entry.event_id == last.event_id
            else:
                same = (
                    last.event_id is None
                    and entry.by == "timer"
                    and last.by == "timer"
                    and entry.at == last.at
                    and entry.player_id == last.player_id
                )
            if not same:
                yield group
                group = []
        group.append(entry)
    if group:
        yield group


def derive(
    game: GameRecord,
    base: Snapshot | None,
    entries: list[LoggedAction],
    viewer: str | None,
    viewer_key: str,
    after: int,
    last_event_id: int,
    spectators: int,
) -> list[str] | None:
    """The encoded events after event ``after`` for one viewer, up to ``last_event_id``.

    ``base`` is a snapshot with ``event_id <= after`` (None: replay from the deal) and
    ``entries`` the action log after it (after ``base.seq``, or all). None when the log
    does not account for exactly the events the game published (a log written by another
    version, a gap): the caller then sends a fresh state, as for any unusable
    ``last_event_id``.
    """
    found = derive_for(
        game, base, entries, [(viewer, viewer_key)], after, last_event_id, spectators
    )
    return None if found is None else found[viewer_key]


def derive_for(
    game: GameRecord,
    base: Snapshot | None,
    entries: list[LoggedAction],
    viewers: Sequence[tuple[str | None, str]],
    after: int,
    last_event_id: int,
    spectators: int,
) -> dict[str, list[str]] | None:
    """``derive`` for several ``(viewer, viewer_key)`` at once, by log key: the log is
    replayed once and each step's events are built for every viewer (a whole game's
    record for both seats costs one replay, not two)."""
    out: dict[str, list[str]] = {key: [] for _, key in viewers}
    if base is not None:
        state = state_from_json(base.state)
        event_id = base.event_id
    else:
        state = start_state(game)
        event_id = 1
        if after < 1:
            dealt = game.started_at if game.started_at is not None else game.created_at
            for viewer, key in viewers:
                first = build("game_state", game.id, state, 1, viewer, key, spectators, dealt)
                out[key].append(orjson.dumps(first).decode())
    for step in steps(entries):
        first_id = step[0].event_id
        if first_id is not None and first_id != event_id + 1:
            return None
        prev_turn = state.turn
        try:
            for entry in step:
                replay_entry(state, entry)
        except Exception:  # a log this engine cannot replay: not derivable here
            return None
        for kind in kinds(state, prev_turn):
            event_id += 1
            if event_id > after:
                for viewer, key in viewers:
                    message = build(
                        kind, game.id, state, event_id, viewer, key, spectators, step[0].at
                    )
                    out[key].append(orjson.dumps(message).decode())
    if event_id != last_event_id:
        return None
    return out
