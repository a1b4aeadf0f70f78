"""Property tests: messages survive encode -> decode, and decode agrees with the spec.

Generated messages of every type round-trip through our codec unchanged and are re-encoded
by the spec's models to the same bytes. A differential test mutates valid client messages
(fields dropped or replaced by arbitrary JSON) and checks that our ``decode`` accepts exactly
what the spec's ``parse_client_message`` accepts, with the right error code otherwise. And
no input at all makes ``decode`` raise anything but ``ProtocolError``.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from mantimon.engine import AttackAction, ChooseAction, PlayTrainerAction, RetreatAction
from mantimon.protocol import (
    CLIENT_MESSAGE_TYPES,
    ActionMessage,
    ActionResultMessage,
    BaseClientMessage,
    BaseServerMessage,
    ClientMessage,
    ConnectionStatus,
    ErrorMessage,
    HeartbeatAckMessage,
    HeartbeatMessage,
    JoinGameMessage,
    OpponentStatusMessage,
    ProtocolError,
    ResignMessage,
    SpectateGameMessage,
    TurnStartMessage,
    TurnTimeoutMessage,
    WSErrorCode,
    decode,
    decode_server,
    encode,
)
from mantimon.protocol.base import EVENT_ID_PATTERN, MAX_GAME_ID_CHARS, MAX_MESSAGE_ID_CHARS
from tests.contract.loader import spec_loaded
from tests.protocol_samples import engine_actions


@pytest.fixture(scope="module")
def ws() -> Iterator[types.ModuleType]:
    with spec_loaded() as module:
        yield module


ids = st.text(min_size=1, max_size=40).filter(str.strip)
maybe_ids = st.none() | ids
event_ids = st.none() | st.from_regex(r"[0-9]{1,19}", fullmatch=True)  # as the server sends
offsets = st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-9))])
timestamps = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2200, 1, 1), timezones=offsets
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
json_objects = st.dictionaries(st.text(max_size=8), json_values, max_size=4)
actions = st.one_of(
    st.sampled_from(engine_actions()),
    st.builds(AttackAction, attack_index=st.integers(0, 5), target_id=maybe_ids),
    st.builds(PlayTrainerAction, card_id=ids, target_id=maybe_ids),
    st.builds(RetreatAction, new_active_id=ids, discard_energy=st.tuples(ids) | st.just(())),
    st.builds(ChooseAction, selections=st.lists(ids, max_size=3).map(tuple)),
)

client_messages: st.SearchStrategy[BaseClientMessage] = st.one_of(
    st.builds(JoinGameMessage, message_id=ids, game_id=ids, last_event_id=event_ids),
    st.builds(SpectateGameMessage, message_id=ids, game_id=ids, last_event_id=event_ids),
    st.builds(ActionMessage, message_id=ids, game_id=ids, action=actions),
    st.builds(ResignMessage, message_id=ids, game_id=ids),
    st.builds(HeartbeatMessage, message_id=ids),
)
server_messages: st.SearchStrategy[BaseServerMessage] = st.one_of(
    st.builds(
        ActionResultMessage,
        message_id=ids,
        timestamp=timestamps,
        game_id=ids,
        request_message_id=ids,
        success=st.booleans(),
        action_type=ids,
        changes=json_objects,
        error_code=st.none() | st.sampled_from(WSErrorCode),
        error_message=maybe_ids,
    ),
    st.builds(
        ErrorMessage,
        message_id=ids,
        timestamp=timestamps,
        code=st.sampled_from(WSErrorCode),
        message=st.text(max_size=60),
        details=json_objects,
        request_message_id=maybe_ids,
    ),
    st.builds(
        TurnStartMessage,
        timestamp=timestamps,
        game_id=ids,
        player_id=ids,
        turn_number=st.integers(1, 500),
        event_id=st.integers(0, 10**12).map(str),
    ),
    st.builds(
        TurnTimeoutMessage,
        timestamp=timestamps,
        game_id=ids,
        remaining_seconds=st.integers(0, 600),
        is_warning=st.booleans(),
        player_id=ids,
    ),
    st.builds(
        OpponentStatusMessage,
        game_id=ids,
        opponent_id=ids,
        status=st.sampled_from(ConnectionStatus),
    ),
    st.builds(HeartbeatAckMessage, timestamp=timestamps),
)


@given(client_messages)
def test_client_messages_round_trip(message: BaseClientMessage) -> None:
    text = encode(message)
    back = decode(text)
    assert back == message
    assert decode(text.encode()) == message
    assert encode(back) == text


@given(server_messages)
def test_server_messages_round_trip_in_utc(message: BaseServerMessage) -> None:
    text = encode(message)
    back = decode_server(text)
    assert back == message
    assert back.timestamp.utcoffset() == timedelta(0)
    assert orjson.loads(text)["timestamp"].endswith("Z")
    assert encode(back) == text


@given(client_messages)
def test_spec_reencodes_our_client_messages_identically(
    ws: types.ModuleType, message: BaseClientMessage
) -> None:
    text = encode(message)
    data = orjson.loads(text)
    if message.type == "spectate_game":
        with pytest.raises(ValidationError):
            ws.parse_client_message(data)
    else:
        assert ws.parse_client_message(data).model_dump_json() == text


@given(server_messages)
def test_spec_reencodes_our_server_messages_identically(
    ws: types.ModuleType, message: BaseServerMessage
) -> None:
    text = encode(message)
    assert ws.parse_server_message(orjson.loads(text)).model_dump_json() == text


# --- differential: our decode accepts exactly what the spec accepts -----------------------

_PATHS: dict[str, list[tuple[str, ...]]] = {
    "join_game": [("type",), ("message_id",), ("game_id",), ("last_event_id",)],
    "action": [
        ("type",),
        ("message_id",),
        ("game_id",),
        ("action",),
        ("action", "type"),
        ("action", "card_id"),
        ("action", "target_id"),
        ("action", "attack_index"),
    ],
    "resign": [("type",), ("message_id",), ("game_id",)],
    "heartbeat": [("type",), ("message_id",), ("extra",)],
}

mutations = st.lists(
    st.tuples(
        st.integers(0, 7),
        st.one_of(
            st.just("<delete>"),
            json_values,
            st.sampled_from([*CLIENT_MESSAGE_TYPES, "attack", "promote", " ", "", "x" * 3]),
        ),
    ),
    min_size=1,
    max_size=3,
)


def _outcome(raw: str | bytes) -> ClientMessage | ProtocolError:
    """What ``decode`` makes of ``raw``: the message, or the error it raised."""
    try:
        return decode(raw)
    except ProtocolError as err:
        return err


def _beyond_our_limits(data: dict[str, Any]) -> bool:
    """Whether ``data`` breaks one of the limits we add to the spec (PROTOCOL.md §8): ids
    no longer than 128 (message) and 64 (game) characters, a decimal ``last_event_id``."""
    mid, gid, last = data.get("message_id"), data.get("game_id"), data.get("last_event_id")
    return (
        (isinstance(mid, str) and len(mid) > MAX_MESSAGE_ID_CHARS)
        or (isinstance(gid, str) and len(gid) > MAX_GAME_ID_CHARS)
        or (isinstance(last, str) and re.fullmatch(EVENT_ID_PATTERN, last) is None)
    )


def _mutate(data: dict[str, Any], path: tuple[str, ...], value: object) -> None:
    node: Any = data
    for key in path[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(key), dict):
            return
        node = node[key]
    if value == "<delete>":
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


@given(
    base=st.builds(ActionMessage, message_id=ids, game_id=ids, action=actions)
    | st.builds(JoinGameMessage, message_id=ids, game_id=ids, last_event_id=event_ids)
    | st.builds(ResignMessage, message_id=ids, game_id=ids)
    | st.builds(HeartbeatMessage, message_id=ids),
    changes=mutations,
)
def test_decode_accepts_exactly_what_the_spec_accepts(
    ws: types.ModuleType, base: BaseClientMessage, changes: list[tuple[int, object]]
) -> None:
    data = orjson.loads(encode(base))
    paths = _PATHS[base.type]
    for index, value in changes:
        _mutate(data, paths[index % len(paths)], value)
    text = orjson.dumps(data)
    try:
        theirs = ws.parse_client_message(orjson.loads(text))
    except ValidationError:
        theirs = None
    kind = data.get("type")
    if kind == "spectate_game":
        theirs = None  # our addition; compared below only for the error path
    ours = _outcome(text)
    if isinstance(ours, ProtocolError):
        stricter = data.get("type") in CLIENT_MESSAGE_TYPES and _beyond_our_limits(data)
        assert theirs is None or stricter, f"spec accepted what we refused: {ours.message}"
        unknown = isinstance(kind, str) and kind not in CLIENT_MESSAGE_TYPES
        expected = WSErrorCode.UNKNOWN_MESSAGE_TYPE if unknown else WSErrorCode.INVALID_MESSAGE
        assert ours.code is expected
        mid = data.get("message_id")
        readable = mid if isinstance(mid, str) and mid.strip() else None
        if readable is not None and len(readable) > MAX_MESSAGE_ID_CHARS:
            readable = None
        assert ours.request_message_id == readable
        assert ours.message
        return
    if kind == "spectate_game":
        return
    assert theirs is not None, f"we accepted what the spec refused: {data!r}"
    mine, spec = orjson.loads(encode(ours)), orjson.loads(theirs.model_dump_json())
    if "message_id" not in data:  # each side made up a fresh uuid4
        assert mine.pop("message_id") != spec.pop("message_id")
    assert mine == spec


@given(st.binary(max_size=200) | st.text(max_size=200) | json_values.map(orjson.dumps))
def test_decode_raises_nothing_but_protocol_errors(raw: str | bytes) -> None:
    outcome = _outcome(raw)
    if isinstance(outcome, ProtocolError):
        assert outcome.code in (WSErrorCode.INVALID_MESSAGE, WSErrorCode.UNKNOWN_MESSAGE_TYPE)
        assert outcome.message
        assert encode(outcome.to_message())
    else:
        assert outcome.type in CLIENT_MESSAGE_TYPES
