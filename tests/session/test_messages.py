"""The session's message builders write exactly the bytes the protocol's models write.

Byte-for-byte, not merely "the same JSON value": the server sends ``orjson.dumps`` of these
dicts (``authority.encode``) while tests, tools and the spec's models see
``encode(<Model>(...))``, and identical bytes mean nobody can observe which one was used
(key order, number and timestamp text included). Every builder is checked: ``game_state``
every few steps of random games in both rule presets for both players and a spectator,
with the server's wire views (``orjson.Fragment`` parts); ``game_over`` for every end
reason; the small messages over their optional fields and enum values. A reordered message
shows the comparison can fail.
"""

from __future__ import annotations

import types
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
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
    SERVER_MESSAGE_TYPES,
    ActionResultMessage,
    BaseServerMessage,
    ConnectionStatus,
    ErrorMessage,
    GameOverMessage,
    GameStateMessage,
    HeartbeatAckMessage,
    OpponentStatusMessage,
    TurnStartMessage,
    TurnTimeoutMessage,
    WSErrorCode,
    encode,
)
from mantimon.session import messages as msg
from mantimon.session.authority import encode as send_text
from tests.contract.loader import spec_loaded
from tests.protocol_samples import VIEWERS, finished_game, mid_game
from tests.randomgames import play_random

DECKS = {
    "mantimon": ("ember-rush", "tidal-mind"),
    "classic": ("ember-rush-classic", "tidal-mind-classic"),
}
MID = "msg-1"
NOW = 1795253415.123456
WHEN = datetime.fromtimestamp(NOW, UTC)


@pytest.fixture(scope="module")
def ws() -> Iterator[types.ModuleType]:
    with spec_loaded() as module:
        yield module


def sent(message: msg.Message) -> str:
    """What the server sends for ``message``, with its id fixed (overwriting keeps the order)."""
    message["message_id"] = MID
    return send_text(message)


def state_model(view: dict[str, Any], event_id: int, spectators: int) -> str:
    return encode(
        GameStateMessage(
            message_id=MID,
            timestamp=WHEN,
            game_id="game-1",
            state=VisibleGameState.model_validate(view),
            event_id=str(event_id),
            spectator_count=spectators,
        )
    )


def small_messages() -> list[tuple[msg.Message, BaseServerMessage]]:
    """Each small builder's output beside the model it stands for, optional fields set and not."""
    env: dict[str, Any] = {"message_id": MID, "timestamp": WHEN}
    changes = {"events": [{"seq": 5, "kind": "damage", "player": "ana", "data": {"amount": 30}}]}
    details = {"errors": [{"field": "game_id", "problem": "required field is missing"}]}
    cases: list[tuple[msg.Message, BaseServerMessage]] = [
        (
            msg.turn_start("g-1", "ana", 3, 12, NOW),
            TurnStartMessage(**env, game_id="g-1", player_id="ana", turn_number=3, event_id="12"),
        ),
        (msg.heartbeat_ack(NOW), HeartbeatAckMessage(**env)),
    ]
    results: list[tuple[dict[str, Any] | None, WSErrorCode | None, str | None]] = [
        (changes, None, None),
        (None, None, None),
        *((None, code, f"refused: {code.value}") for code in WSErrorCode),
    ]
    for i, (changed, code, text) in enumerate(results):
        built = msg.action_result(
            "g-1",
            f"a-{i}",
            "attack",
            NOW,
            changes=changed,
            error_code=None if code is None else code.value,
            error_message=text,
        )
        model = ActionResultMessage(
            **env,
            game_id="g-1",
            request_message_id=f"a-{i}",
            success=code is None,
            action_type="attack",
            changes=changed or {},
            error_code=code,
            error_message=text,
        )
        cases.append((built, model))
    for code in WSErrorCode:
        for rid, extra in ((None, None), ("m-9", details)):
            built = msg.error(code.value, "no", NOW, request_message_id=rid, details=extra)
            model = ErrorMessage(
                **env, code=code, message="no", details=extra or {}, request_message_id=rid
            )
            cases.append((built, model))
    for remaining, warning, model_remaining in ((45, True, 45), (0, False, 0), (-3, False, 0)):
        built = msg.turn_timeout("g-1", "bo", remaining, warning, NOW)
        model = TurnTimeoutMessage(
            **env,
            game_id="g-1",
            remaining_seconds=model_remaining,
            is_warning=warning,
            player_id="bo",
        )
        cases.append((built, model))
    for status in ConnectionStatus:
        built = msg.opponent_status("g-1", "bo", status.value, NOW)
        model = OpponentStatusMessage(**env, game_id="g-1", opponent_id="bo", status=status)
        cases.append((built, model))
    return cases


@pytest.mark.parametrize("preset", list(DECKS))
def test_game_state_equals_the_model_throughout_random_games(preset: str) -> None:
    pool = default_pool()
    decks = [pool.starters[name].decklist() for name in DECKS[preset]]
    compared = 0
    phases: set[str] = set()

    def observe(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        nonlocal compared
        if state.event_seq % 3 and not state.pending and not state.over:
            return
        spectators = state.event_seq % 4
        for viewer in VIEWERS:
            data = view_data(state, viewer)
            phases.add(str(data["phase"]))
            wire = view_data(state, viewer, wire=True)  # what the server hands the builder
            fast = sent(msg.game_state("game-1", wire, state.event_seq, spectators, NOW))
            assert fast == state_model(data, state.event_seq, spectators)
            compared += 1

    for seed in range(2):
        play_random(PRESETS[preset], decks, seed, observe)
    assert compared > 100
    assert {"setup", "main", "game_over"} <= phases


@pytest.mark.parametrize("reason", list(GameEndReason), ids=[r.value for r in GameEndReason])
def test_game_over_equals_the_model(reason: GameEndReason) -> None:
    end = finished_game()
    result = outcome(end)
    assert result is not None
    for winner in (result[0], None):
        for viewer in VIEWERS:
            data = view_data(end, viewer)
            model = GameOverMessage(
                message_id=MID,
                timestamp=WHEN,
                game_id="game-1",
                winner_id=winner,
                end_reason=reason,
                final_state=VisibleGameState.model_validate(data),
                event_id=str(end.event_seq),
            )
            wire = view_data(end, viewer, wire=True)
            fast = msg.game_over("game-1", winner, reason.value, wire, end.event_seq, NOW)
            assert sent(fast) == encode(model)


def test_the_small_messages_equal_their_models() -> None:
    cases = small_messages()
    for built, model in cases:
        assert sent(built) == encode(model), model.type  # type: ignore[attr-defined]
    covered = {model.type for _, model in cases}  # type: ignore[attr-defined]
    assert covered | {"game_state", "game_over"} == set(SERVER_MESSAGE_TYPES)


def test_wire_views_send_the_same_bytes_as_plain_views() -> None:
    mid, end = mid_game(), finished_game()
    result = outcome(end)
    assert result is not None
    for viewer in VIEWERS:
        wire = view_data(mid, viewer, wire=True)
        assert any(isinstance(v, orjson.Fragment) for v in wire.values())  # not plain data
        plain = view_data(mid, viewer)
        assert sent(msg.game_state("g", wire, mid.event_seq, 2, NOW)) == sent(
            msg.game_state("g", plain, mid.event_seq, 2, NOW)
        )
        winner, reason = result
        assert sent(
            msg.game_over("g", winner, reason, view_data(end, viewer, wire=True), 9, NOW)
        ) == sent(msg.game_over("g", winner, reason, view_data(end, viewer), 9, NOW))


def test_the_comparison_can_fail() -> None:
    """Reordered keys (the envelope, or inside the view) are the same JSON value, not bytes."""
    data = view_data(mid_game(), "ana")
    model = state_model(data, 5, 0)
    built = msg.game_state("game-1", data, 5, 0, NOW)
    built["message_id"] = MID
    type_first = {"type": built["type"], **built}  # the key order the builders used to have
    assert orjson.loads(send_text(type_first)) == orjson.loads(model)
    assert send_text(type_first) != model
    reordered = dict(reversed(list(data.items())))
    fast = sent(msg.game_state("game-1", reordered, 5, 0, NOW))
    assert orjson.loads(fast) == orjson.loads(model)
    assert fast != model


@pytest.mark.parametrize(
    "now",
    [1795253415.0, 1795253415.5, 1795253415.000001, 1795253415.123456, 0.0],
    ids=["whole", "half", "one-us", "six-digits", "epoch"],
)
def test_timestamps_are_written_like_the_model(now: float) -> None:
    when = datetime.fromtimestamp(now, UTC)
    text = sent(msg.heartbeat_ack(now))
    assert text == encode(HeartbeatAckMessage(message_id=MID, timestamp=when))
    assert orjson.loads(text)["timestamp"].endswith("Z")


def test_output_parses_with_the_spec(ws: types.ModuleType) -> None:
    state = mid_game()
    end = finished_game()
    result = outcome(end)
    assert result is not None
    texts = [
        sent(msg.game_state("g", view_data(state, v, wire=True), state.event_seq, 1, NOW))
        for v in VIEWERS
    ]
    texts += [
        sent(msg.game_over("g", result[0], result[1], view_data(end, v, wire=True), 3, NOW))
        for v in VIEWERS
    ]
    texts += [sent(built) for built, _ in small_messages()]
    kinds = set()
    for text in texts:
        parsed = ws.parse_server_message(orjson.loads(text))
        kinds.add(parsed.type)
        assert parsed.model_dump_json() == text
    assert kinds == set(SERVER_MESSAGE_TYPES)
    first = ws.parse_server_message(orjson.loads(texts[0]))
    assert first.event_id == str(state.event_seq)
    assert first.state == VisibleGameState.model_validate(view_data(state, VIEWERS[0]))


def test_message_ids_are_fresh_and_uuid_shaped() -> None:
    ids = [msg.heartbeat_ack(NOW)["message_id"] for _ in range(100)]
    assert len(set(ids)) == len(ids)
    for mid in ids[:3]:
        assert str(uuid.UUID(mid)) == mid
