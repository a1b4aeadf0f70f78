"""Our engine's types plug into the project's wire contract (``shared/spec/ws_messages.py``).

The spec imports ``GameEndReason``, ``Action`` and ``VisibleGameState`` from ``app.core...``;
the fixture loads the spec file unchanged with stand-in ``app.*`` modules in ``sys.modules``
that expose ours, then removes them again (``tests/contract/loader.py``). The spec is read
from ``../shared/spec`` beside the repository when present, else from the verbatim copy in
``tests/contract/`` (a test keeps the two identical). Checked: game state and game over
messages built from real games validate and round-trip through JSON for both players and a
spectator, the engine's wire JSON (``view_json``) parses as a message's ``state``, and every
action type the engine produces travels inside an ``ActionMessage`` unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import random
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from pydantic import ValidationError

import mantimon.engine as engine
from mantimon.bots import GreedyBot, RandomBot
from mantimon.cards import DeckList
from mantimon.engine import (
    PRESETS,
    Action,
    GameEndReason,
    GameState,
    Phase,
    Transition,
    VisibleGameState,
    apply_action,
    default_pool,
    legal_actions,
    new_game,
    view_for,
)
from mantimon.engine.actions import ACTION_TYPES
from mantimon.engine.view import view_json
from tests.contract.loader import (
    FAKE_PACKAGES,
    SHARED_SPEC,
    SPEC_MODULE,
    SPEC_PATH,
    VENDORED_SPEC,
    spec_loaded,
)
from tests.randomgames import PLAYERS, play_random

# SHA-256 of the vendored copy (= the shared contract when it was copied).
VENDORED_SHA256 = "9a30cdca706c820783b9a34f070e331badc80f3d0ea882484d73893a7c2ddced"
VIEWERS: tuple[str | None, ...] = (*PLAYERS, None)
STARTERS = {
    "mantimon": ("ember-rush", "tidal-mind"),
    "classic": ("ember-rush-classic", "tidal-mind-classic"),
}


@pytest.fixture(scope="module")
def ws() -> Iterator[types.ModuleType]:
    """The wire contract module, loaded unchanged against our engine's types."""
    with spec_loaded(SPEC_PATH) as module:
        yield module


def test_loading_the_vendored_copy_cleans_up_sys_modules() -> None:
    names = (*FAKE_PACKAGES, "app.core.enums", "app.core.models.actions", "app.core.visibility")
    names = (*names, SPEC_MODULE)
    before = {name: sys.modules.get(name) for name in names}
    with spec_loaded(VENDORED_SPEC) as module:
        assert sys.modules["app.core.enums"].GameEndReason is GameEndReason
        assert sys.modules["app.core.visibility"].VisibleGameState is VisibleGameState
        assert module.Action is Action
        assert module.GameEndReason is GameEndReason
        assert module.parse_client_message({"type": "heartbeat", "message_id": "h"}).type == (
            "heartbeat"
        )
    assert {name: sys.modules.get(name) for name in names} == before


def test_vendored_copy_is_unchanged() -> None:
    vendored = VENDORED_SPEC.read_bytes()
    assert hashlib.sha256(vendored).hexdigest() == VENDORED_SHA256
    if SHARED_SPEC.is_file():
        assert vendored == SHARED_SPEC.read_bytes(), (
            "tests/contract/ws_messages.py differs from ../shared/spec/ws_messages.py: "
            "copy the shared file over it (byte for byte) and update VENDORED_SHA256"
        )


def test_spec_uses_our_engine_types(ws: types.ModuleType) -> None:
    assert Path(ws.__file__).resolve() == SPEC_PATH
    assert ws.GameEndReason is GameEndReason
    assert ws.VisibleGameState is VisibleGameState
    assert ws.Action is Action
    assert ws.GameStateMessage.model_fields["state"].annotation is VisibleGameState
    assert ws.GameOverMessage.model_fields["end_reason"].annotation is GameEndReason


# --- real games -------------------------------------------------------------------------


def _decks(preset: str) -> list[DeckList]:
    starters = default_pool().starters
    a, b = STARTERS[preset]
    return [starters[a].decklist(), starters[b].decklist()]


def _mid_game(preset: str, seed: int, min_turn: int = 8) -> GameState:
    """A game played by bots (through views) until its main phase at ``min_turn`` or later:
    the first seed from ``seed`` on whose game lasts that long."""
    for s in range(seed, seed + 50):
        state = new_game(PRESETS[preset], _decks(preset), PLAYERS, s)
        bots = (GreedyBot(), RandomBot())
        rng = random.Random(s)
        while not state.over and not (state.phase is Phase.MAIN and state.turn >= min_turn):
            seat = engine.waiting_for(state)[0]
            pid = PLAYERS[seat]
            apply_action(state, pid, bots[seat].choose(view_for(state, pid), rng))
        if not state.over:
            return state
    raise AssertionError("no game reached the middle")


@functools.cache
def _finished_game() -> GameState:
    """One finished mantimon game, shared (read only) by the end-reason tests."""
    return _finished("mantimon", seed=4)


def _finished(preset: str, seed: int) -> GameState:
    state = new_game(PRESETS[preset], _decks(preset), PLAYERS, seed)
    bots = (GreedyBot(), GreedyBot())
    rng = random.Random(seed)
    while not state.over:
        seat = engine.waiting_for(state)[0]
        pid = PLAYERS[seat]
        apply_action(state, pid, bots[seat].choose(view_for(state, pid), rng))
    return state


@pytest.fixture(scope="module", params=["mantimon", "classic"])
def mid_game(request: pytest.FixtureRequest) -> GameState:
    state = _mid_game(request.param, seed=11)
    # A real middle of a game: creatures on both boards, cards in discards, a hand to hide.
    assert all(p.active is not None for p in state.players)
    assert any(p.bench for p in state.players)
    assert any(p.discard for p in state.players)
    assert state.log
    return state


def _roundtrip_state_message(ws: types.ModuleType, view: VisibleGameState) -> None:
    msg = ws.GameStateMessage(game_id="game-1", state=view, spectator_count=2)
    raw = msg.model_dump_json()
    back = ws.GameStateMessage.model_validate_json(raw)
    assert back.state == view
    assert back == msg
    assert back.model_dump_json() == raw
    # And through the discriminated server union, as a client would parse it.
    parsed = ws.parse_server_message(orjson.loads(raw))
    assert isinstance(parsed, ws.GameStateMessage)
    assert parsed.state == view


@pytest.mark.parametrize("viewer", VIEWERS, ids=["p1", "p2", "spectator"])
def test_game_state_message_round_trips(
    ws: types.ModuleType, mid_game: GameState, viewer: str | None
) -> None:
    view = view_for(mid_game, viewer)
    assert view.viewer == viewer
    if viewer is None:
        assert view.legal_actions == []
        assert all(p.hand is None for p in view.players)
    else:
        assert view.legal_actions
    _roundtrip_state_message(ws, view)


def test_game_state_messages_round_trip_throughout_random_games(ws: types.ModuleType) -> None:
    """Every few steps of random games (setup, pending choices, knockouts, game over)."""
    kinds: set[str] = set()
    checked = 0

    def observe(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        nonlocal checked
        if state.event_seq % 7 and not state.pending and not state.over:
            return
        for viewer in VIEWERS:
            view = view_for(state, viewer)
            if view.pending is not None:
                kinds.add("pending")
            kinds.add(view.phase.value)
            _roundtrip_state_message(ws, view)
            checked += 1

    for preset in STARTERS:
        for seed in range(3):
            play_random(PRESETS[preset], _decks(preset), seed, observe)
    assert checked > 100
    assert {"setup", "main", "game_over", "pending"} <= kinds


@pytest.mark.parametrize("viewer", VIEWERS, ids=["p1", "p2", "spectator"])
def test_view_json_is_a_valid_message_state(
    ws: types.ModuleType, mid_game: GameState, viewer: str | None
) -> None:
    data: dict[str, Any] = {
        "type": "game_state",
        "message_id": "m-1",
        "timestamp": "2025-01-01T12:00:00Z",
        "game_id": "game-1",
        "state": orjson.loads(view_json(mid_game, viewer)),
        "event_id": str(mid_game.event_seq),
    }
    msg = ws.parse_server_message(data)
    assert isinstance(msg, ws.GameStateMessage)
    assert msg.state == view_for(mid_game, viewer)
    assert msg.event_id == str(mid_game.event_seq)
    # The wire JSON and the model's JSON describe the same view.
    again = VisibleGameState.model_validate_json(msg.state.model_dump_json())
    assert again == msg.state


def test_view_json_rejects_a_tampered_state(ws: types.ModuleType, mid_game: GameState) -> None:
    """The check above can fail: a state missing a field does not validate."""
    state = orjson.loads(view_json(mid_game, PLAYERS[0]))
    del state["players"]
    data = {"type": "game_state", "message_id": "m", "game_id": "g", "state": state}
    with pytest.raises(ValidationError):
        ws.parse_server_message(data)


@pytest.mark.parametrize("reason", list(GameEndReason), ids=[r.value for r in GameEndReason])
def test_game_over_message_accepts_every_end_reason(
    ws: types.ModuleType, reason: GameEndReason
) -> None:
    final = _finished_game()
    for viewer in VIEWERS:
        view = view_for(final, viewer)
        msg = ws.GameOverMessage(
            game_id="game-1", winner_id=view.winner, end_reason=reason, final_state=view
        )
        back = ws.parse_server_message(orjson.loads(msg.model_dump_json()))
        assert isinstance(back, ws.GameOverMessage)
        assert back.end_reason is reason
        assert back.final_state == view
        assert back == msg
        # As a plain string on the wire too.
        raw = {
            "type": "game_over",
            "game_id": "g",
            "end_reason": reason.value,
            "final_state": orjson.loads(view_json(final, viewer)),
        }
        assert ws.parse_server_message(raw).end_reason is reason


def test_game_over_message_from_a_real_ending(ws: types.ModuleType) -> None:
    for preset, seed in (("mantimon", 2), ("classic", 2)):
        final = _finished(preset, seed)
        result = engine.outcome(final)
        assert result is not None
        winner, reason = result
        msg = ws.GameOverMessage(
            game_id="g", winner_id=winner, end_reason=reason, final_state=view_for(final, None)
        )
        back = ws.GameOverMessage.model_validate_json(msg.model_dump_json())
        assert (back.winner_id, back.end_reason) == (winner, reason)
        assert back.final_state.end_reason is reason
        assert back.final_state.phase is Phase.GAME_OVER


def test_game_over_message_rejects_an_unknown_reason(
    ws: types.ModuleType, mid_game: GameState
) -> None:
    with pytest.raises(ValidationError):
        ws.GameOverMessage(game_id="g", end_reason="boredom", final_state=view_for(mid_game, None))


# --- actions ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def engine_actions() -> dict[str, list[Action]]:
    """Legal actions of both players over a few random games, by type (deduplicated)."""
    seen: dict[str, dict[Action, None]] = {}

    def observe(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        if state.over:
            return
        for player in PLAYERS:
            for a in legal_actions(state, player):
                seen.setdefault(a.type, {})[a] = None

    for preset in STARTERS:
        for seed in range(4):
            play_random(PRESETS[preset], _decks(preset), seed, observe)
    return {kind: list(actions) for kind, actions in seen.items()}


def test_random_games_produce_every_action_type(engine_actions: dict[str, list[Action]]) -> None:
    assert set(engine_actions) == set(ACTION_TYPES)


def test_action_message_carries_every_engine_action(
    ws: types.ModuleType, engine_actions: dict[str, list[Action]]
) -> None:
    count = 0
    for kind, actions in engine_actions.items():
        for i, action in enumerate(actions):
            data = {
                "type": "action",
                "message_id": f"m-{kind}-{i}",
                "game_id": "game-1",
                "action": action.model_dump(mode="json"),
            }
            msg = ws.parse_client_message(data)
            assert isinstance(msg, ws.ActionMessage)
            assert msg.action == action
            assert type(msg.action) is type(action)
            # And the other way: a message built by a client, sent as JSON.
            sent = ws.ActionMessage(game_id="game-1", action=action).model_dump_json()
            received = ws.parse_client_message(orjson.loads(sent))
            assert received.action == action
            count += 1
    assert count >= len(ACTION_TYPES)


def test_action_message_rejects_an_unknown_action_type(ws: types.ModuleType) -> None:
    data = {"type": "action", "message_id": "m", "game_id": "g", "action": {"type": "cheat"}}
    with pytest.raises(ValidationError):
        ws.parse_client_message(data)
