"""The data-path encoders write exactly the bytes the model path writes.

Byte-for-byte, not merely "the same JSON value": the server sends the data path while tests,
tools and the spec's models see the model path, and identical bytes mean nobody can ever
observe which one was used (key order, number and timestamp text included). It holds because
``view_data`` is built in the models' field order and orjson and pydantic write ints,
strings, null/bools and UTC datetimes identically. Checked over every few steps of random
games in both rule presets for both players and a spectator, and for finished games with
every end reason. A tampered view (keys reordered) shows the comparison can fail.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson
import pytest

from mantimon.engine import (
    PRESETS,
    Action,
    GameEndReason,
    GameState,
    Transition,
    VisibleGameState,
    default_pool,
    outcome,
)
from mantimon.engine.view import view_data
from mantimon.protocol import (
    GameOverMessage,
    GameStateMessage,
    decode_server,
    encode,
    encode_game_over,
    encode_game_state,
)
from tests.contract.loader import spec_loaded
from tests.protocol_samples import FIXED_TIME, VIEWERS, finished_game, mid_game
from tests.randomgames import play_random

DECKS = {
    "mantimon": ("ember-rush", "tidal-mind"),
    "classic": ("ember-rush-classic", "tidal-mind-classic"),
}


@pytest.fixture(scope="module")
def ws() -> Iterator[types.ModuleType]:
    with spec_loaded() as module:
        yield module


def _model_path_state(data: dict[str, Any], event_id: int, spectators: int) -> str:
    return encode(
        GameStateMessage(
            message_id="msg-1",
            timestamp=FIXED_TIME,
            game_id="game-1",
            state=VisibleGameState.model_validate(data),
            event_id=str(event_id),
            spectator_count=spectators,
        )
    )


def _data_path_state(data: dict[str, Any], event_id: int, spectators: int) -> str:
    return encode_game_state(
        "game-1", data, event_id, spectators, message_id="msg-1", timestamp=FIXED_TIME
    )


@pytest.mark.parametrize("preset", list(DECKS))
def test_game_state_data_path_equals_model_path_throughout_random_games(preset: str) -> None:
    pool = default_pool()
    decks = [pool.starters[name].decklist() for name in DECKS[preset]]
    compared = 0
    phases: set[str] = set()

    def observe(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        nonlocal compared
        if state.event_seq % 3 and not state.pending and not state.over:
            return
        for viewer in VIEWERS:
            data = view_data(state, viewer)
            phases.add(str(data["phase"]))
            spectators = state.event_seq % 4
            fast = _data_path_state(data, state.event_seq, spectators)
            assert fast == _model_path_state(data, state.event_seq, spectators)
            compared += 1

    for seed in range(2):
        play_random(PRESETS[preset], decks, seed, observe)
    assert compared > 100
    assert {"setup", "main", "game_over"} <= phases


@pytest.mark.parametrize("reason", list(GameEndReason), ids=[r.value for r in GameEndReason])
def test_game_over_data_path_equals_model_path(reason: GameEndReason) -> None:
    end = finished_game()
    result = outcome(end)
    assert result is not None
    for winner in (result[0], None):
        for viewer in VIEWERS:
            data = view_data(end, viewer)
            model = GameOverMessage(
                message_id="msg-2",
                timestamp=FIXED_TIME,
                game_id="game-1",
                winner_id=winner,
                end_reason=reason,
                final_state=VisibleGameState.model_validate(data),
                event_id=str(end.event_seq),
            )
            fast = encode_game_over(
                "game-1",
                data,
                reason.value,
                end.event_seq,
                winner,
                message_id="msg-2",
                timestamp=FIXED_TIME,
            )
            assert fast == encode(model)


def test_the_comparison_can_fail() -> None:
    """A view with its keys reordered is the same JSON value but not the same bytes."""
    data = view_data(mid_game(), "ana")
    reordered = dict(reversed(list(data.items())))
    fast = _data_path_state(reordered, 5, 0)
    assert orjson.loads(fast) == orjson.loads(_model_path_state(data, 5, 0))
    assert fast != _model_path_state(data, 5, 0)


def test_data_path_output_parses_with_the_spec(ws: types.ModuleType) -> None:
    state = mid_game()
    for viewer in VIEWERS:
        text = encode_game_state("g", view_data(state, viewer), state.event_seq, 1)
        parsed = ws.parse_server_message(orjson.loads(text))
        assert parsed.type == "game_state"
        assert parsed.event_id == str(state.event_seq)
        assert parsed.spectator_count == 1
        assert parsed.state == VisibleGameState.model_validate(view_data(state, viewer))
        assert parsed.model_dump_json() == text


def test_defaults_are_a_fresh_id_and_now_in_utc() -> None:
    data = view_data(mid_game(), None)
    before = datetime.now(UTC)
    one = decode_server(encode_game_state("g", data, "7"))
    two = decode_server(encode_game_state("g", data, "7"))
    after = datetime.now(UTC)
    assert isinstance(one, GameStateMessage)
    assert one.message_id != two.message_id
    assert before <= one.timestamp <= after
    assert (one.event_id, one.spectator_count) == ("7", 0)


@pytest.mark.parametrize(
    "stamp",
    [
        datetime(2026, 1, 2, 3, 4, 5),  # naive: taken as UTC, as the model does
        datetime(2026, 1, 2, 5, 4, 5, 10, tzinfo=timezone(timedelta(hours=2))),
        datetime(2026, 1, 2, 3, 4, 5, 999999, tzinfo=UTC),
    ],
)
def test_timestamps_are_written_in_utc_like_the_model(stamp: datetime) -> None:
    data = view_data(mid_game(), "bo")
    fast = encode_game_state("g", data, 3, message_id="m", timestamp=stamp)
    model = GameStateMessage(
        message_id="m",
        timestamp=stamp,
        game_id="g",
        state=VisibleGameState.model_validate(data),
        event_id="3",
    )
    assert fast == encode(model)
    assert orjson.loads(fast)["timestamp"].endswith("Z")


def test_int_and_str_event_ids_are_the_same() -> None:
    data = view_data(mid_game(), None)
    kwargs: dict[str, Any] = {"message_id": "m", "timestamp": FIXED_TIME}
    assert encode_game_state("g", data, 42, **kwargs) == encode_game_state(
        "g", data, "42", **kwargs
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"spectator_count": -1}, ValueError),
        ({"spectator_count": True}, TypeError),
        ({"spectator_count": 1.0}, TypeError),
        ({"event_id": 1.5}, TypeError),
        ({"event_id": None}, TypeError),
        ({"event_id": False}, TypeError),
    ],
)
def test_bad_envelope_values_are_refused(kwargs: dict[str, Any], error: type[Exception]) -> None:
    args: dict[str, Any] = {"game_id": "g", "view": {}, "event_id": "1", **kwargs}
    with pytest.raises(error):
        encode_game_state(**args)


def test_an_unknown_end_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="boredom"):
        encode_game_over("g", {}, "boredom", 1)
