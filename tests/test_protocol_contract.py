"""Our protocol models are wire-identical to the contract (``shared/spec/ws_messages.py``).

The spec is loaded unchanged (``tests/contract/loader.py``) with our engine's types in it.
Checked both ways: every message we encode parses with the spec's own parsers into an equal
message, and every message the spec's models produce (defaults included) is accepted by our
``decode``/``decode_server``. Structurally: the same enums value for value, the same models
field for field (their JSON Schemas are equal once prose descriptions are removed), and the
spec's exported names are all ours too.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

import mantimon.protocol as protocol
from mantimon.engine import ActionErrorCode, EndTurnAction, GameEndReason, view_for
from mantimon.protocol import (
    BaseClientMessage,
    BaseServerMessage,
    JoinGameMessage,
    SpectateGameMessage,
    decode,
    decode_server,
    encode,
)
from tests.contract.loader import spec_loaded
from tests.protocol_samples import client_messages, mid_game, server_messages

SPEC_MODELS = (
    "BaseClientMessage",
    "BaseServerMessage",
    "JoinGameMessage",
    "ActionMessage",
    "ResignMessage",
    "HeartbeatMessage",
    "GameStateMessage",
    "ActionResultMessage",
    "ErrorMessage",
    "TurnStartMessage",
    "TurnTimeoutMessage",
    "GameOverMessage",
    "OpponentStatusMessage",
    "HeartbeatAckMessage",
)


@pytest.fixture(scope="module")
def ws() -> Iterator[types.ModuleType]:
    """The wire contract module, loaded unchanged against our engine's types."""
    with spec_loaded() as module:
        yield module


def _wire(message: BaseModel) -> Any:
    """A message as the JSON data it puts on the wire."""
    return orjson.loads(message.model_dump_json())


def _strip_prose(schema: Any) -> Any:
    """A JSON Schema without ``description`` texts (ours are our own words)."""
    if isinstance(schema, dict):
        return {k: _strip_prose(v) for k, v in schema.items() if k != "description"}
    if isinstance(schema, list):
        return [_strip_prose(v) for v in schema]
    return schema


OUR_LIMITS = {
    "message_id": {"maxLength": protocol.MAX_MESSAGE_ID_CHARS},
    "game_id": {"maxLength": protocol.MAX_GAME_ID_CHARS},
    "last_event_id": {"pattern": protocol.EVENT_ID_PATTERN},
}
"""The constraints we add to the contract's client fields (PROTOCOL.md §8): bounded ids and a
decimal ``last_event_id``. Nothing else may differ."""


def _without_our_limits(schema: dict[str, Any]) -> dict[str, Any]:
    """A client model's schema with exactly the constraints of ``OUR_LIMITS`` taken out
    (each must be present where it belongs)."""
    out = orjson.loads(orjson.dumps(schema))
    for name, limit in OUR_LIMITS.items():
        prop = out.get("properties", {}).get(name)
        if prop is None:
            continue
        node = prop["anyOf"][0] if "anyOf" in prop else prop
        for key, value in limit.items():
            assert node.pop(key) == value, (name, key)
    return out


# --- structure --------------------------------------------------------------------------


def test_we_export_every_name_the_spec_exports(ws: types.ModuleType) -> None:
    missing = set(ws.__all__) - set(protocol.__all__)
    assert not missing
    extra = {"Action", "VisibleGameState", "GameEndReason", "SpectateGameMessage"}
    assert extra <= set(protocol.__all__)
    for name in ws.__all__:
        assert hasattr(protocol, name), name


@pytest.mark.parametrize("name", ["WSErrorCode", "ConnectionStatus"])
def test_enums_have_the_same_values_in_the_same_order(ws: types.ModuleType, name: str) -> None:
    ours = [(m.name, m.value) for m in getattr(protocol, name)]
    theirs = [(m.name, m.value) for m in getattr(ws, name)]
    assert ours == theirs


def test_engine_action_error_codes_are_protocol_codes() -> None:
    for code in ActionErrorCode:
        assert protocol.WSErrorCode(code.value).value == code.value


@pytest.mark.parametrize("name", SPEC_MODELS)
def test_models_have_the_same_fields_in_the_same_order(ws: types.ModuleType, name: str) -> None:
    ours: type[BaseModel] = getattr(protocol, name)
    theirs: type[BaseModel] = getattr(ws, name)
    assert list(ours.model_fields) == list(theirs.model_fields)
    for field, info in ours.model_fields.items():
        other = theirs.model_fields[field]
        assert info.is_required() == other.is_required(), field
        assert info.default == other.default, field
        assert (info.default_factory is None) == (other.default_factory is None), field
    schema = ours.model_json_schema()
    if issubclass(ours, BaseClientMessage):
        schema = _without_our_limits(schema)
    assert _strip_prose(schema) == _strip_prose(theirs.model_json_schema())


def test_spectate_game_has_the_fields_of_join_game() -> None:
    join = {k: v for k, v in JoinGameMessage.model_fields.items() if k != "type"}
    spectate = {k: v for k, v in SpectateGameMessage.model_fields.items() if k != "type"}
    assert list(join) == list(spectate)
    for name, info in join.items():
        assert spectate[name].annotation == info.annotation
        assert spectate[name].default == info.default
    assert SpectateGameMessage.model_fields["type"].default == "spectate_game"


def test_unions_have_the_spec_variants_plus_spectate(ws: types.ModuleType) -> None:
    theirs_client = TypeAdapter(ws.ClientMessage).json_schema()["discriminator"]["mapping"]
    ours_client = protocol.CLIENT_ADAPTER.json_schema()["discriminator"]["mapping"]
    assert ours_client == {**theirs_client, "spectate_game": "#/$defs/SpectateGameMessage"}
    theirs_server = TypeAdapter(ws.ServerMessage).json_schema()["discriminator"]["mapping"]
    assert protocol.SERVER_ADAPTER.json_schema()["discriminator"]["mapping"] == theirs_server
    assert set(ours_client) == set(protocol.CLIENT_MESSAGE_TYPES)
    assert set(theirs_server) == set(protocol.SERVER_MESSAGE_TYPES)


def test_the_structure_check_can_fail(ws: types.ModuleType) -> None:
    """A model with one field missing is told apart from the spec's."""

    class Short(protocol.BaseServerMessage):
        type: str = "turn_start"
        game_id: str

    assert list(Short.model_fields) != list(ws.TurnStartMessage.model_fields)
    assert _strip_prose(Short.model_json_schema()) != _strip_prose(
        ws.TurnStartMessage.model_json_schema()
    )


# --- ours -> spec -----------------------------------------------------------------------


@pytest.mark.parametrize("message", server_messages(), ids=lambda m: m.type)
def test_every_server_message_we_encode_parses_with_the_spec(
    ws: types.ModuleType, message: BaseServerMessage
) -> None:
    text = encode(message)
    parsed = ws.parse_server_message(orjson.loads(text))
    assert type(parsed).__name__ == type(message).__name__
    assert _wire(parsed) == orjson.loads(text)
    # Same field order and timestamp text: the spec re-encodes our message to the same bytes.
    assert parsed.model_dump_json() == text


@pytest.mark.parametrize(
    "message",
    [m for m in client_messages() if m.type != "spectate_game"],
    ids=lambda m: m.type,
)
def test_every_spec_client_message_we_encode_parses_with_the_spec(
    ws: types.ModuleType, message: BaseClientMessage
) -> None:
    text = encode(message)
    parsed = ws.parse_client_message(orjson.loads(text))
    assert type(parsed).__name__ == type(message).__name__
    assert parsed.model_dump_json() == text


def test_spectate_game_is_our_addition_the_spec_refuses(ws: types.ModuleType) -> None:
    with pytest.raises(ValidationError):
        ws.parse_client_message(_wire(SpectateGameMessage(game_id="g")))


# --- spec -> ours -----------------------------------------------------------------------


def _spec_client_messages(ws: types.ModuleType) -> list[BaseModel]:
    """The spec's client models with only required fields (everything else defaulted)."""
    return [
        ws.JoinGameMessage(game_id="g-1"),
        ws.JoinGameMessage(game_id="g-1", last_event_id="3"),
        ws.ActionMessage(game_id="g-1", action=EndTurnAction()),
        ws.ResignMessage(game_id="g-1"),
        ws.HeartbeatMessage(),
    ]


def _spec_server_messages(ws: types.ModuleType) -> list[BaseModel]:
    view = mid_game()
    return [
        ws.GameStateMessage(game_id="g-1", state=view_for(view, None)),
        ws.ActionResultMessage(
            game_id="g-1", request_message_id="m", success=True, action_type="end_turn"
        ),
        ws.ErrorMessage(code=ws.WSErrorCode.GAME_FULL, message="both seats are taken"),
        ws.TurnStartMessage(game_id="g-1", player_id="ana", turn_number=1),
        ws.TurnTimeoutMessage(game_id="g-1", remaining_seconds=9, is_warning=True, player_id="a"),
        ws.GameOverMessage(
            game_id="g-1",
            end_reason=GameEndReason.TIMEOUT,
            final_state=view_for(view, "ana"),
        ),
        ws.OpponentStatusMessage(
            game_id="g-1", opponent_id="bo", status=ws.ConnectionStatus.RECONNECTING
        ),
        ws.HeartbeatAckMessage(),
    ]


def test_every_spec_client_message_is_accepted_by_decode(ws: types.ModuleType) -> None:
    messages = _spec_client_messages(ws)
    assert {m.type for m in messages} == set(protocol.CLIENT_MESSAGE_TYPES) - {"spectate_game"}
    for theirs in messages:
        text = theirs.model_dump_json()
        ours = decode(text)
        assert type(ours).__name__ == type(theirs).__name__
        assert _wire(ours) == _wire(theirs)
        assert encode(ours) == text
        # And from already-parsed data, through the spec's own function name.
        assert protocol.parse_client_message(orjson.loads(text)) == ours


def test_every_spec_server_message_is_accepted_by_decode_server(ws: types.ModuleType) -> None:
    messages = _spec_server_messages(ws)
    assert {m.type for m in messages} == set(protocol.SERVER_MESSAGE_TYPES)
    for theirs in messages:
        text = theirs.model_dump_json()
        ours = decode_server(text)
        assert type(ours).__name__ == type(theirs).__name__
        assert _wire(ours) == _wire(theirs)
        assert encode(ours) == text
        assert protocol.parse_server_message(orjson.loads(text)) == ours
