"""The protocol as a JSON Schema document (served at ``GET /api/protocol/schema``).

What lives here: ``json_schema()``, one self-contained document whose ``$defs`` hold both
unions (``ClientMessage``, ``ServerMessage``) with their ``type`` discriminators and every
model they reach (views, actions, enums). What must not: HTTP concerns (the server route
only returns this dict).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic import TypeAdapter

from mantimon.protocol.codec import CLIENT_ADAPTER, SERVER_ADAPTER

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


@functools.cache
def _build() -> dict[str, Any]:
    keys, document = TypeAdapter.json_schemas(
        [("client", "validation", CLIENT_ADAPTER), ("server", "validation", SERVER_ADAPTER)]
    )
    defs: dict[str, Any] = document["$defs"]
    defs["ClientMessage"] = {
        "description": "Any message a client sends; the `type` field picks the variant.",
        **keys[("client", "validation")],
    }
    defs["ServerMessage"] = {
        "description": "Any message the server sends; the `type` field picks the variant.",
        **keys[("server", "validation")],
    }
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "Mantimon TCG WebSocket protocol",
        "description": (
            "Every frame on /ws is one JSON object: a ClientMessage from the client or a "
            "ServerMessage from the server. See docs/PROTOCOL.md for the flows."
        ),
        "oneOf": [{"$ref": "#/$defs/ClientMessage"}, {"$ref": "#/$defs/ServerMessage"}],
        "$defs": dict(sorted(defs.items())),
    }


def json_schema() -> dict[str, Any]:
    """The JSON Schema of both message unions, as a fresh dict the caller may keep or change.

    Validation mode: the schema says what a receiver accepts (fields with defaults are
    optional). Built once; each call returns a copy.
    """
    return copy.deepcopy(_build())
