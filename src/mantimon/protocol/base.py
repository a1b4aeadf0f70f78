"""The envelope every message shares: a message id, and for server messages a UTC timestamp.

What lives here: the two base models and their default factories. What must not: any
message-specific field, or I/O beyond what a default needs (a fresh uuid4, the clock).
"""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from pydantic import BaseModel, Field, field_validator

MAX_MESSAGE_ID_CHARS = 128
"""Longest client ``message_id`` accepted: a uuid4 is 36; the id is stored as an idempotency
key and echoed in replies, so its size must not be the client's choice."""

MAX_GAME_ID_CHARS = 64
"""Longest ``game_id`` accepted (ours are 14 characters, ``g-`` and 12 hex digits)."""

EVENT_ID_PATTERN = r"^[0-9]{1,19}$"
"""A ``last_event_id``: the decimal event number the server sent, ASCII digits only, at most
19 of them (any 64-bit event number). Anything else is refused at decoding, before the
server does any part of a join."""


def new_message_id() -> str:
    """A fresh random id (uuid4 as text), the default for any ``message_id``."""
    return str(uuid4())


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC, the default ``timestamp``."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """``value`` in UTC; a naive datetime is taken to be UTC already.

    The model validator's normalisation, so the wire text always ends in ``Z``
    (``stamp`` writes the same text for the server's frames).
    """
    if value.tzinfo is UTC:
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


_stamps: dict[float, str] = {}


def stamp(now: float) -> str:
    """``now`` (epoch seconds, given: this reads no clock) as the wire's UTC timestamp
    (ISO 8601, ``Z``); a step's messages share it, so the last few are remembered.

    ``isoformat`` leaves the fraction out at zero microseconds and writes six digits
    otherwise, as pydantic does for the models' ``timestamp``. Here rather than in
    ``mantimon.session.messages``, whose frames use it: the wire's text format is the
    protocol's, and the session package imports no ``datetime`` (no clock can creep in).
    """
    text = _stamps.get(now)
    if text is None:
        if len(_stamps) > 64:
            _stamps.clear()
        text = _stamps[now] = datetime.fromtimestamp(now, UTC).isoformat().replace("+00:00", "Z")
    return text


class BaseClientMessage(BaseModel):
    """What every client message carries: a client-chosen ``message_id``.

    The id is the idempotency key of ``action`` and ``resign`` (the server answers a repeat
    with the stored result instead of applying it again) and is echoed as
    ``request_message_id`` in the replies, so it must not be blank.
    """

    message_id: str = Field(
        default_factory=new_message_id,
        max_length=MAX_MESSAGE_ID_CHARS,
        description="Client-chosen id (a uuid4 by default); the idempotency key of actions",
    )

    @field_validator("message_id")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty or only whitespace")
        return value


class BaseServerMessage(BaseModel):
    """What every server message carries: its own id and when it was created (UTC).

    Timestamps are normalised to UTC (a naive one is taken as UTC) so the wire form always
    ends in ``Z`` and clients can compare them with their own clock for latency.
    """

    message_id: str = Field(
        default_factory=new_message_id,
        description="Server-chosen id of this message (a uuid4)",
    )
    timestamp: datetime = Field(
        default_factory=utc_now,
        description="When the server created the message, UTC",
    )

    @field_validator("timestamp")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return as_utc(value)
