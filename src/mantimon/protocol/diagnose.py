"""Why a frame is not a message: turning a failed validation into a precise ``ProtocolError``.

What lives here: the slow path of decoding, run only after the fast validation failed. It
re-reads the frame with orjson to tell non-JSON from a non-object from an unknown ``type``
from bad fields, finds the frame's ``message_id`` if it has a readable one, and words the
problem for people (which field, what was wrong). What must not: anything on the success
path, which stays a single pydantic call in ``codec.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from mantimon.protocol.base import MAX_MESSAGE_ID_CHARS
from mantimon.protocol.enums import WSErrorCode
from mantimon.protocol.errors import CLOSE_MESSAGE_TOO_BIG, ProtocolError

MAX_LISTED_ERRORS = 10
"""At most this many field problems go into ``details`` (the reply stays small)."""

_JSON_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "boolean"),  # before int: a bool is an int to isinstance
    (dict, "object"),
    (list, "array"),
    (str, "string"),
    (int, "number"),
    (float, "number"),
)


def json_type(value: object) -> str:
    """The JSON name of a parsed value's type (``object``, ``array``, ``null``, ...)."""
    if value is None:
        return "null"
    for kind, name in _JSON_TYPES:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def readable_message_id(data: object) -> str | None:
    """The frame's ``message_id`` when it is a non-blank string the server accepts, else None.

    An over-long id is not echoed: a reply repeating it would hand a client a way to make
    the server send as much as it receives."""
    if isinstance(data, dict):
        mid = data.get("message_id")
        if isinstance(mid, str) and len(mid) <= MAX_MESSAGE_ID_CHARS and mid.strip():
            return mid
    return None


def too_large(size: int, limit: int) -> ProtocolError:
    """A frame over the size limit: refused unread, and the socket is to be closed (1009)."""
    return ProtocolError(
        WSErrorCode.INVALID_MESSAGE,
        f"message is {size} bytes; the limit is {limit} bytes",
        details={"reason": "too_large", "size": size, "limit": limit},
        close_code=CLOSE_MESSAGE_TOO_BIG,
    )


def _not_json(problem: str, request_message_id: str | None = None) -> ProtocolError:
    if "depth limit" in problem or "recursion limit" in problem:
        message, reason = f"JSON nested too deeply: {problem}", "too_deep"
    else:
        message, reason = f"not valid JSON: {problem}", "not_json"
    return ProtocolError(
        WSErrorCode.INVALID_MESSAGE,
        message,
        request_message_id=request_message_id,
        details={"reason": reason},
    )


def diagnose(raw: str | bytes, exc: ValidationError, known_types: Sequence[str]) -> ProtocolError:
    """The ``ProtocolError`` for a frame that failed validation against a message union."""
    errors = exc.errors(include_url=False)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as bad:
        return _not_json(str(bad))
    rid = readable_message_id(data)
    for error in errors:
        if error["type"] == "json_invalid":
            # orjson read it but pydantic's parser did not (it nests less deeply).
            return _not_json(error["msg"].removeprefix("Invalid JSON: "), rid)
        if error["type"] == "string_unicode":
            return _not_json(error["msg"], rid)
    if not isinstance(data, dict):
        return ProtocolError(
            WSErrorCode.INVALID_MESSAGE,
            f"a message must be a JSON object, got {json_type(data)}",
            details={"reason": "not_object"},
        )
    expected = ", ".join(known_types)
    if "type" not in data:
        return _fields(rid, [("type", f"required field is missing (one of: {expected})")])
    kind = data["type"]
    if not isinstance(kind, str):
        return _fields(rid, [("type", f"must be a string, got {json_type(kind)}")])
    if kind not in known_types:
        return ProtocolError(
            WSErrorCode.UNKNOWN_MESSAGE_TYPE,
            f"unknown message type {kind!r}; expected one of: {expected}",
            request_message_id=rid,
            details={"reason": "unknown_type", "type": kind, "expected": list(known_types)},
        )
    return _fields(rid, [_field_problem(error, data) for error in errors], kind)


def _fields(
    rid: str | None, problems: list[tuple[str, str]], kind: str | None = None
) -> ProtocolError:
    listed = problems[:MAX_LISTED_ERRORS]
    text = "; ".join(f"{field}: {problem}" for field, problem in listed[:3])
    if len(problems) > 3:
        text += f"; and {len(problems) - 3} more"
    prefix = f"invalid {kind} message: " if kind else "invalid message: "
    return ProtocolError(
        WSErrorCode.INVALID_MESSAGE,
        prefix + text,
        request_message_id=rid,
        details={
            "reason": "invalid_fields",
            "errors": [{"field": field, "problem": problem} for field, problem in listed],
        },
    )


def _field_problem(err: ErrorDetails, data: dict[str, Any]) -> tuple[str, str]:
    """``(dotted field path, what is wrong)`` for one pydantic error on ``data``."""
    path = field_path(err["loc"], data)
    kind = err["type"]
    if kind == "missing":
        return path, "required field is missing"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        ctx = err.get("ctx", {})
        where = f"{path}.type" if path else "type"
        if kind == "union_tag_not_found":
            return where, "required field is missing"
        return (
            where,
            f"unknown type {ctx.get('tag')!r}; expected one of: {ctx.get('expected_tags')}",
        )
    problem = err["msg"].removeprefix("Value error, ")
    if kind.endswith(("_type", "_parsing")):
        # A type mismatch: say what was sent instead.
        problem = f"{problem} (got {json_type(err['input'])})"
    return path, problem


def field_path(loc: Sequence[int | str], data: object) -> str:
    """pydantic's error location as the client wrote it: union tags dropped, dotted names.

    pydantic puts the chosen variant's tag in the location of a discriminated union
    (``("action", "action", "attach_energy", "target_id")`` for the ``action`` message's
    ``action`` field's ``target_id``). Walking the location along the data tells a tag
    (equal to the object's ``type``, and not yet used at that level) from a field name.
    """
    parts: list[str] = []
    node: object = data
    tag_used = False
    for part in loc:
        if isinstance(node, dict):
            if not tag_used and isinstance(part, str) and part == node.get("type"):
                tag_used = True
                continue
            parts.append(str(part))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            parts.append(f"[{part}]")
            node = node[part] if -len(node) <= part < len(node) else None
        else:
            parts.append(str(part))
            node = None
        tag_used = False
    return ".".join(parts).replace(".[", "[")
