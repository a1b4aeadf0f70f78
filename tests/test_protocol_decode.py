"""``decode``: every client frame becomes a message or a ``ProtocolError`` with the right code.

The hostile-input list of DESIGN.md §4, case by case: non-JSON, non-object JSON, missing and
ill-typed fields (with the field named in the message), nesting too deep, frames over the
size limit (refused unread, close code 1009), unknown types; and ``request_message_id`` set
exactly when the frame had a readable ``message_id``. Also: the adapters are built once.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from typing import Any

import orjson
import pytest
from pydantic import TypeAdapter

import mantimon.protocol.codec as codec
from mantimon.engine import AttachEnergyAction
from mantimon.engine.view import view_data
from mantimon.protocol import (
    CLOSE_MESSAGE_TOO_BIG,
    MAX_MESSAGE_BYTES,
    ActionMessage,
    HeartbeatMessage,
    JoinGameMessage,
    ProtocolError,
    ResignMessage,
    SpectateGameMessage,
    TurnStartMessage,
    WSErrorCode,
    decode,
    decode_server,
    encode,
    encode_bytes,
    json_schema,
    parse_client_message,
    parse_server_message,
)
from mantimon.session import messages
from tests.contract.loader import spec_loaded
from tests.protocol_samples import mid_game

INVALID = WSErrorCode.INVALID_MESSAGE
UNKNOWN = WSErrorCode.UNKNOWN_MESSAGE_TYPE


@pytest.fixture(scope="module")
def ws() -> Iterator[types.ModuleType]:
    with spec_loaded() as module:
        yield module


def _refused(raw: str | bytes, **kwargs: Any) -> ProtocolError:
    """The error ``decode`` raises for ``raw``, checked identical for its str and bytes forms."""
    with pytest.raises(ProtocolError) as caught:
        decode(raw, **kwargs)
    other = raw.encode() if isinstance(raw, str) else None
    if other is not None:
        with pytest.raises(ProtocolError) as again:
            decode(other, **kwargs)
        assert (again.value.code, again.value.message) == (caught.value.code, caught.value.message)
        assert again.value.request_message_id == caught.value.request_message_id
    return caught.value


def _dumps(data: object) -> str:
    return orjson.dumps(data).decode()


# --- accepted ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            '{"type":"join_game","message_id":"m1","game_id":"g"}',
            JoinGameMessage(message_id="m1", game_id="g"),
        ),
        (
            '{"type":"join_game","message_id":"m1","game_id":"g","last_event_id":"17"}',
            JoinGameMessage(message_id="m1", game_id="g", last_event_id="17"),
        ),
        (
            '{"type":"spectate_game","message_id":"m2","game_id":"g","last_event_id":null}',
            SpectateGameMessage(message_id="m2", game_id="g"),
        ),
        (
            '{"type":"action","message_id":"m3","game_id":"g",'
            '"action":{"type":"attach_energy","card_id":"e1","target_id":"c1"}}',
            ActionMessage(
                message_id="m3",
                game_id="g",
                action=AttachEnergyAction(card_id="e1", target_id="c1"),
            ),
        ),
        (
            '{"type":"resign","message_id":"m4","game_id":"g"}',
            ResignMessage(message_id="m4", game_id="g"),
        ),
        ('{"type":"heartbeat","message_id":"m5"}', HeartbeatMessage(message_id="m5")),
        # Unknown extra fields are ignored, as the spec's models ignore them.
        ('{"type":"heartbeat","message_id":"m6","seq":3}', HeartbeatMessage(message_id="m6")),
        # Whitespace around the document is fine JSON.
        ('\n {"message_id":"m7", "type":"heartbeat"} \n', HeartbeatMessage(message_id="m7")),
    ],
)
def test_decodes_every_client_message_from_str_and_bytes(raw: str, expected: object) -> None:
    assert decode(raw) == expected
    assert decode(raw.encode()) == expected
    assert type(decode(raw)) is type(expected)


def test_a_missing_message_id_gets_a_fresh_one() -> None:
    first = decode('{"type":"heartbeat"}')
    second = decode('{"type":"heartbeat"}')
    assert first.message_id != second.message_id
    assert len(first.message_id) == 36


# --- not JSON, not an object --------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["", "hello", "{", '{"type":"heartbeat"', "{'type': 'heartbeat'}", '{"type":"heartbeat"} x'],
)
def test_non_json_is_an_invalid_message(raw: str) -> None:
    err = _refused(raw)
    assert err.code is INVALID
    assert err.message.startswith("not valid JSON: ")
    assert err.details == {"reason": "not_json"}
    assert err.request_message_id is None
    assert err.close_code is None


def test_undecodable_bytes_are_an_invalid_message() -> None:
    err = _refused(b'{"type":"heartbeat","message_id":"\xff\xfe"}')
    assert (err.code, err.details["reason"]) == (INVALID, "not_json")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("[]", "array"),
        ('[{"type":"heartbeat"}]', "array"),
        ("5", "number"),
        ("-1.5", "number"),
        ('"heartbeat"', "string"),
        ("null", "null"),
        ("true", "boolean"),
    ],
)
def test_json_that_is_not_an_object_is_an_invalid_message(raw: str, kind: str) -> None:
    err = _refused(raw)
    assert err.code is INVALID
    assert err.message == f"a message must be a JSON object, got {kind}"
    assert err.details == {"reason": "not_object"}
    assert err.request_message_id is None


# --- the type -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["chat", "game_state", "JOIN_GAME", "", "heartbeat "])
def test_an_unknown_type_is_unknown_message_type(kind: str) -> None:
    err = _refused(_dumps({"type": kind, "message_id": "m-1", "game_id": "g"}))
    assert err.code is UNKNOWN
    assert err.request_message_id == "m-1"
    assert repr(kind) in err.message
    assert "join_game, action, resign, heartbeat, spectate_game" in err.message
    assert err.details["type"] == kind


def test_a_missing_type_is_an_invalid_message() -> None:
    err = _refused('{"message_id":"m-2","game_id":"g"}')
    assert err.code is INVALID
    assert err.request_message_id == "m-2"
    assert err.message.startswith("invalid message: type: required field is missing")


@pytest.mark.parametrize(("value", "kind"), [(5, "number"), (None, "null"), (["x"], "array")])
def test_a_type_that_is_not_a_string_is_an_invalid_message(value: object, kind: str) -> None:
    err = _refused(_dumps({"type": value, "message_id": "m-3"}))
    assert err.code is INVALID
    assert err.message == f"invalid message: type: must be a string, got {kind}"
    assert err.request_message_id == "m-3"


# --- fields -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({"type": "join_game"}, "game_id", "required field is missing"),
        ({"type": "spectate_game"}, "game_id", "required field is missing"),
        ({"type": "resign"}, "game_id", "required field is missing"),
        ({"type": "action", "game_id": "g"}, "action", "required field is missing"),
        (
            {"type": "join_game", "game_id": 7},
            "game_id",
            "Input should be a valid string (got number)",
        ),
        (
            {"type": "join_game", "game_id": "g", "last_event_id": 3},
            "last_event_id",
            "Input should be a valid string (got number)",
        ),
        (
            {"type": "action", "game_id": "g", "action": [1]},
            "action",
            "Input should be an object (got array)",
        ),
        (
            {"type": "action", "game_id": "g", "action": {"card_id": "c"}},
            "action.type",
            "required field is missing",
        ),
        (
            {"type": "action", "game_id": "g", "action": {"type": "attach_energy", "card_id": "c"}},
            "action.target_id",
            "required field is missing",
        ),
        (
            {"type": "action", "game_id": "g", "action": {"type": "attack", "attack_index": -1}},
            "action.attack_index",
            "Input should be greater than or equal to 0",
        ),
        (
            {"type": "action", "game_id": "g", "action": {"type": "choose", "selections": [1]}},
            "action.selections[0]",
            "Input should be a valid string (got number)",
        ),
    ],
)
def test_a_bad_field_is_named_with_what_is_wrong(
    data: dict[str, Any], field: str, problem: str
) -> None:
    err = _refused(_dumps({"message_id": "req-1", **data}))
    assert err.code is INVALID
    assert err.request_message_id == "req-1"
    assert err.message == f"invalid {data['type']} message: {field}: {problem}"
    assert err.details == {
        "reason": "invalid_fields",
        "errors": [{"field": field, "problem": problem}],
    }


def test_an_unknown_action_type_is_an_invalid_message_naming_the_action_types() -> None:
    raw = '{"type":"action","message_id":"m","game_id":"g","action":{"type":"cheat"}}'
    err = _refused(raw)
    assert err.code is INVALID  # the message type is known; its action is malformed
    assert err.message.startswith("invalid action message: action.type: unknown type 'cheat'")
    assert "'attach_energy'" in err.message


def test_several_bad_fields_are_all_listed() -> None:
    raw = _dumps({"type": "action", "message_id": "m", "game_id": 1, "action": {"type": "evolve"}})
    err = _refused(raw)
    fields = [e["field"] for e in err.details["errors"]]
    assert fields == ["game_id", "action.card_id", "action.target_id"]
    assert err.message.count(": ") == 4  # the prefix and three problems


@pytest.mark.parametrize(
    ("message_id", "readable"),
    [("m-9", "m-9"), (" m ", " m "), ("", None), ("   ", None), (9, None), (None, None)],
)
def test_request_message_id_only_when_readable(message_id: object, readable: str | None) -> None:
    err = _refused(_dumps({"type": "join_game", "message_id": message_id}))
    assert err.code is INVALID
    assert err.request_message_id == readable
    fields = {e["field"] for e in err.details["errors"]}
    assert "game_id" in fields
    assert ("message_id" in fields) is (readable is None)


def test_a_blank_message_id_is_refused_like_the_spec_refuses_it() -> None:
    err = _refused('{"type":"heartbeat","message_id":" "}')
    assert (
        err.message == "invalid heartbeat message: message_id: must not be empty or only whitespace"
    )


# --- ids the server keeps or parses: bounded, and strict -------------------------------------


def test_a_message_id_of_up_to_128_characters_is_accepted_and_a_longer_one_refused() -> None:
    fits = "m" * 128
    assert decode(_dumps({"type": "heartbeat", "message_id": fits})).message_id == fits
    err = _refused(_dumps({"type": "resign", "message_id": "m" * 129, "game_id": "g"}))
    assert err.code is INVALID
    assert [e["field"] for e in err.details["errors"]] == ["message_id"]
    assert "at most 128 characters" in err.message
    # too long to echo back: the reply does not repeat (and so amplify) it
    assert err.request_message_id is None


def test_a_60_kb_message_id_is_refused_and_not_echoed() -> None:
    err = _refused(
        _dumps(
            {
                "type": "action",
                "message_id": "x" * 60_000,
                "game_id": "g",
                "action": {"type": "end_turn"},
            }
        )
    )
    assert err.code is INVALID
    assert err.request_message_id is None
    assert len(err.message) < 200


@pytest.mark.parametrize("kind", ["join_game", "spectate_game", "action", "resign"])
def test_a_game_id_of_up_to_64_characters_is_accepted_and_a_longer_one_refused(
    kind: str,
) -> None:
    body: dict[str, Any] = {"type": kind, "message_id": "m-g"}
    if kind == "action":
        body["action"] = {"type": "end_turn"}
    assert decode(_dumps({**body, "game_id": "g" * 64})).game_id == "g" * 64  # type: ignore[union-attr]
    err = _refused(_dumps({**body, "game_id": "g" * 65}))
    assert err.code is INVALID
    assert err.request_message_id == "m-g"
    assert [e["field"] for e in err.details["errors"]] == ["game_id"]
    assert "at most 64 characters" in err.message


@pytest.mark.parametrize("value", ["0", "1", "41", "9" * 19])
def test_a_decimal_last_event_id_is_accepted(value: str) -> None:
    for kind in ("join_game", "spectate_game"):
        message = decode(_dumps({"type": kind, "game_id": "g", "last_event_id": value}))
        assert message.last_event_id == value  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "value",
    [
        "\u00b2",  # superscript two: a digit to str.isdigit, not to int()
        "\u0663",  # Arabic-Indic three: a decimal to int(), not ASCII
        "1" * 20,
        "1" * 4_301,  # past int()'s default digit limit
        "",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "0x1",
        "1_000",
        "abc",
    ],
)
def test_any_other_last_event_id_is_an_invalid_message(value: str) -> None:
    for kind in ("join_game", "spectate_game"):
        raw = _dumps({"type": kind, "message_id": "m-e", "game_id": "g", "last_event_id": value})
        err = _refused(raw)
        assert err.code is INVALID
        assert err.request_message_id == "m-e"
        assert [e["field"] for e in err.details["errors"]] == ["last_event_id"]


# --- nesting and size ---------------------------------------------------------------------


def test_deep_nesting_is_an_invalid_message() -> None:
    depth = 30_000  # 60 kB: under the size limit, far over any parser's depth limit
    err = _refused("[" * depth + "]" * depth)
    assert err.code is INVALID
    assert err.details == {"reason": "too_deep"}
    assert err.message.startswith("JSON nested too deeply")


def test_deep_nesting_inside_a_message_keeps_its_message_id() -> None:
    deep = "[" * 300 + "]" * 300
    err = _refused('{"type":"heartbeat","message_id":"m-deep","x":' + deep + "}")
    assert (err.code, err.details["reason"]) == (INVALID, "too_deep")
    assert err.request_message_id == "m-deep"


def _heartbeat_of_size(size: int, pad_char: str = "x") -> str:
    head = '{"type":"heartbeat","message_id":"m-big","pad":"'
    room = size - len(head.encode()) - len('"}')
    char_bytes = len(pad_char.encode())
    text = head + pad_char * (room // char_bytes) + "x" * (room % char_bytes) + '"}'
    assert len(text.encode()) == size
    return text


def test_a_frame_of_exactly_the_limit_is_accepted() -> None:
    assert decode(_heartbeat_of_size(MAX_MESSAGE_BYTES)).message_id == "m-big"
    assert MAX_MESSAGE_BYTES == 65_536


@pytest.mark.parametrize("size", [MAX_MESSAGE_BYTES + 1, 1_000_000])
def test_a_frame_over_the_limit_is_refused_unread_and_closes(size: int) -> None:
    err = _refused(_heartbeat_of_size(size))
    assert err.code is INVALID
    assert err.close_code == CLOSE_MESSAGE_TOO_BIG == 1009
    assert err.request_message_id is None  # not read, so not known
    assert err.message == f"message is {size} bytes; the limit is {MAX_MESSAGE_BYTES} bytes"
    assert err.details == {"reason": "too_large", "size": size, "limit": MAX_MESSAGE_BYTES}


def test_the_limit_counts_utf8_bytes_not_characters() -> None:
    # 3 bytes per character: fewer characters than the limit, more bytes.
    text = _heartbeat_of_size(MAX_MESSAGE_BYTES + 1, pad_char="€")
    assert len(text) < MAX_MESSAGE_BYTES // 2
    assert _refused(text).details == {
        "reason": "too_large",
        "size": MAX_MESSAGE_BYTES + 1,
        "limit": MAX_MESSAGE_BYTES,
    }
    fits = _heartbeat_of_size(MAX_MESSAGE_BYTES, pad_char="€")
    assert decode(fits).message_id == "m-big"


def test_the_limit_is_configurable() -> None:
    text = _heartbeat_of_size(200)
    assert decode(text, max_bytes=200).message_id == "m-big"
    err = _refused(text, max_bytes=199)
    assert err.details == {"reason": "too_large", "size": 200, "limit": 199}
    big = _heartbeat_of_size(100_000)
    assert decode(big, max_bytes=100_000).message_id == "m-big"


# --- the error as a message -----------------------------------------------------------------


def test_a_protocol_error_becomes_an_error_message_the_spec_parses(ws: types.ModuleType) -> None:
    err = _refused('{"type":"join_game","message_id":"m-5"}')
    message = err.to_message()
    parsed = ws.parse_server_message(orjson.loads(encode(message)))
    assert parsed.type == "error"
    assert parsed.code.value == "invalid_message"
    assert parsed.request_message_id == "m-5"
    assert parsed.message == err.message
    assert parsed.details["errors"][0]["field"] == "game_id"
    assert "invalid_message" in repr(err)


# --- server frames (for clients) --------------------------------------------------------------


def test_decode_server_reads_server_messages_and_refuses_client_ones() -> None:
    message = TurnStartMessage(game_id="g", player_id="ana", turn_number=2, event_id="9")
    assert decode_server(encode(message)) == message
    assert decode_server(encode_bytes(message)) == message
    with pytest.raises(ProtocolError) as caught:
        decode_server('{"type":"heartbeat","message_id":"m"}')
    assert caught.value.code is UNKNOWN
    assert "game_state" in caught.value.message


def test_encode_equals_model_dump_json() -> None:
    message = JoinGameMessage(message_id="m", game_id="g", last_event_id="3")
    assert encode(message) == message.model_dump_json()
    assert encode_bytes(message) == message.model_dump_json().encode()


# --- adapters are built once ------------------------------------------------------------------


def test_adapters_are_module_level_and_never_built_per_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert isinstance(codec.CLIENT_ADAPTER, TypeAdapter)
    assert isinstance(codec.SERVER_ADAPTER, TypeAdapter)
    state = mid_game()
    server_text = encode(TurnStartMessage(game_id="g", player_id="a", turn_number=1))
    json_schema()  # the first call builds the document (pydantic makes helper adapters then)
    built: list[object] = []
    original = TypeAdapter.__init__

    def counting_init(self: TypeAdapter[Any], *args: Any, **kwargs: Any) -> None:
        built.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TypeAdapter, "__init__", counting_init)
    for i in range(20):
        decode(f'{{"type":"heartbeat","message_id":"m{i}"}}')
        with pytest.raises(ProtocolError):
            decode('{"type":"join_game"}')
        decode_server(server_text)
        parse_client_message({"type": "resign", "game_id": "g"})
        parse_server_message(orjson.loads(server_text))
        orjson.dumps(messages.game_state("g", view_data(state, None, wire=True), i, 0, 1.0 * i))
        encode(HeartbeatMessage())
    json_schema()
    assert built == []


def test_the_adapter_check_can_fail(monkeypatch: pytest.MonkeyPatch, ws: types.ModuleType) -> None:
    """The spec's parser builds an adapter per call; the same counting sees it."""
    built: list[object] = []
    original = TypeAdapter.__init__

    def counting_init(self: TypeAdapter[Any], *args: Any, **kwargs: Any) -> None:
        built.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(TypeAdapter, "__init__", counting_init)
    ws.parse_client_message({"type": "heartbeat"})
    ws.parse_client_message({"type": "heartbeat"})
    assert len(built) == 2
