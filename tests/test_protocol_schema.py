"""``json_schema()``: one self-contained document with both unions and their discriminators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

from mantimon.protocol import CLIENT_MESSAGE_TYPES, SERVER_MESSAGE_TYPES, json_schema


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_both_unions_are_defined_with_their_discriminators() -> None:
    schema = json_schema()
    defs = schema["$defs"]
    assert schema["oneOf"] == [
        {"$ref": "#/$defs/ClientMessage"},
        {"$ref": "#/$defs/ServerMessage"},
    ]
    for union, types in (
        ("ClientMessage", CLIENT_MESSAGE_TYPES),
        ("ServerMessage", SERVER_MESSAGE_TYPES),
    ):
        discriminator = defs[union]["discriminator"]
        assert discriminator["propertyName"] == "type"
        mapping = discriminator["mapping"]
        assert set(mapping) == set(types)
        assert sorted(variant["$ref"] for variant in defs[union]["oneOf"]) == sorted(
            mapping.values()
        )
        for tag, ref in mapping.items():
            model = defs[ref.removeprefix("#/$defs/")]
            assert model["properties"]["type"]["const"] == tag


def test_every_reference_resolves_inside_the_document() -> None:
    schema = json_schema()
    refs = set(_refs(schema))
    assert "#/$defs/VisibleGameState" in refs
    assert "#/$defs/AttackAction" in refs
    for ref in refs:
        assert ref.startswith("#/$defs/")
        assert ref.removeprefix("#/$defs/") in schema["$defs"], ref


def test_fields_and_constraints_are_described() -> None:
    defs = json_schema()["$defs"]
    join = defs["JoinGameMessage"]
    assert set(join["required"]) == {"game_id"}
    assert defs["SpectateGameMessage"]["properties"].keys() == join["properties"].keys()
    assert defs["GameStateMessage"]["properties"]["spectator_count"]["minimum"] == 0
    assert defs["TurnStartMessage"]["properties"]["turn_number"]["minimum"] == 1
    assert "not_in_game" in defs["WSErrorCode"]["enum"]
    assert set(defs["ConnectionStatus"]["enum"]) == {"connected", "reconnecting", "disconnected"}
    assert all(defs[name].get("description") for name in ("ActionMessage", "ErrorMessage"))


def test_each_call_returns_a_fresh_copy_that_serializes() -> None:
    first = json_schema()
    first["$defs"].clear()
    second = json_schema()
    assert "ClientMessage" in second["$defs"]
    assert orjson.loads(orjson.dumps(second)) == second
