"""Text <-> message: the cached adapters and the decode/encode functions the server calls.

What lives here: the two ``TypeAdapter``s (built once, at import: building one costs
~150 µs, validating with it ~2 µs), ``decode`` for client frames, ``decode_server`` for the
client library, ``encode``, and the spec's ``parse_*_message`` names on top of the cached
adapters. What must not: the slow diagnosis of bad frames (``diagnose.py``). The server's
own frames skip the models (``mantimon.session.messages``, held to ``encode``'s bytes by
``tests/session/test_messages.py``).

Decoding is one ``validate_json`` call: parsing and validating in pydantic's Rust core
measured ~20% faster than ``orjson.loads`` followed by ``validate_python`` (see
``bench/protocol_bench.py``); orjson only runs when a frame has already failed.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from mantimon.protocol.base import BaseClientMessage, BaseServerMessage
from mantimon.protocol.client import CLIENT_MESSAGE_TYPES, ClientMessage
from mantimon.protocol.diagnose import diagnose, too_large
from mantimon.protocol.server import SERVER_MESSAGE_TYPES, ServerMessage

MAX_MESSAGE_BYTES = 64 * 1024
"""Largest client frame accepted (DESIGN.md §4); bigger ones are refused unread."""

CLIENT_ADAPTER: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)
SERVER_ADAPTER: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)

_validate_client_json = CLIENT_ADAPTER.validate_json
_validate_server_json = SERVER_ADAPTER.validate_json


def frame_size(text: str | bytes, limit: int) -> int:
    """The frame's UTF-8 size, exact whenever it matters for ``limit``.

    A ``str`` is only encoded when its length alone cannot decide: every character is
    1 to 4 bytes, so up to ``limit // 4`` characters always fit and over ``limit`` never do.
    """
    n = len(text)
    if isinstance(text, str) and limit // 4 < n <= limit:
        n = len(text.encode("utf-8", "surrogatepass"))
    return n


def decode(text: str | bytes, *, max_bytes: int = MAX_MESSAGE_BYTES) -> ClientMessage:
    """One client frame as a typed message, or a ``ProtocolError`` saying what is wrong.

    Errors: ``invalid_message`` (over ``max_bytes``, with ``close_code`` 1009; not JSON;
    nested too deeply; not an object; a missing or ill-typed field) or
    ``unknown_message_type``; ``request_message_id`` is set when the frame had a readable
    ``message_id``.
    """
    size = frame_size(text, max_bytes)
    if size > max_bytes:
        raise too_large(size, max_bytes)
    try:
        return _validate_client_json(text)
    except ValidationError as exc:
        raise diagnose(text, exc, CLIENT_MESSAGE_TYPES) from exc


def decode_server(text: str | bytes) -> ServerMessage:
    """One server frame as a typed message (for clients); bad frames raise ``ProtocolError``."""
    try:
        return _validate_server_json(text)
    except ValidationError as exc:
        raise diagnose(text, exc, SERVER_MESSAGE_TYPES) from exc


def encode(message: BaseClientMessage | BaseServerMessage) -> str:
    """The message as compact JSON text (pydantic's serializer; equal to ``model_dump_json``)."""
    return message.__pydantic_serializer__.to_json(message).decode()


def encode_bytes(message: BaseClientMessage | BaseServerMessage) -> bytes:
    """``encode`` as UTF-8 bytes, for transports that take bytes without a copy."""
    return message.__pydantic_serializer__.to_json(message)


def parse_client_message(data: dict[str, Any]) -> ClientMessage:
    """The spec's parser by its name: already-parsed data to a client message.

    Raises pydantic's ``ValidationError`` like the spec's; the adapter is the cached one.
    """
    return CLIENT_ADAPTER.validate_python(data)


def parse_server_message(data: dict[str, Any]) -> ServerMessage:
    """The spec's parser by its name: already-parsed data to a server message."""
    return SERVER_ADAPTER.validate_python(data)
