"""The one exception of the protocol layer: a frame that is not an acceptable client message.

What lives here: ``ProtocolError`` and its conversion into the ``error`` message the server
sends back. What must not: deciding what happens to the socket (the server reads
``close_code`` and acts on it).
"""

from __future__ import annotations

from typing import Any

from mantimon.protocol.enums import WSErrorCode
from mantimon.protocol.server import ErrorMessage

CLOSE_MESSAGE_TOO_BIG = 1009
"""WebSocket close code for a frame over the size limit (RFC 6455 §7.4.1)."""


class ProtocolError(ValueError):
    """A client frame that could not be turned into a ``ClientMessage``.

    ``code`` is ``invalid_message`` or ``unknown_message_type``; ``request_message_id`` is
    the frame's ``message_id`` when it had a readable one (so the client can match the
    error to what it sent); ``details`` lists the offending fields for programs;
    ``close_code`` is set when the socket should be closed after the error is sent (a
    frame over the size limit: 1009).
    """

    def __init__(
        self,
        code: WSErrorCode,
        message: str,
        *,
        request_message_id: str | None = None,
        details: dict[str, Any] | None = None,
        close_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_message_id = request_message_id
        self.details: dict[str, Any] = details if details is not None else {}
        self.close_code = close_code

    def to_message(self) -> ErrorMessage:
        """The ``error`` message that reports this to the client."""
        return ErrorMessage(
            code=self.code,
            message=self.message,
            details=self.details,
            request_message_id=self.request_message_id,
        )

    def __repr__(self) -> str:
        return (
            f"ProtocolError({self.code.value!r}, {self.message!r}, "
            f"request_message_id={self.request_message_id!r})"
        )
