"""A cap on REST request bodies: an ASGI middleware answering 413 before any route reads more.

What lives here: ``BodyLimit``, which every HTTP request passes (the game socket at ``/ws``
never does; its frames have their own limit). A body that declares a ``Content-Length``
over the cap is refused from its headers; one that does not (chunked) is counted as it
arrives and refused as soon as it passes the cap. A refused body is never parsed or kept
(what is still in flight is read and dropped, up to ``DRAIN_BYTES``, so that the client
reads the answer). Everything under the cap reaches the application unchanged. What must
not: parsing or validating bodies (the routes do that), or any per-route rule.

Why: routes parse JSON before they can check it, so without a cap a client chooses how
much the server parses, holds and validates per request (a 1 MB deck of 66,000 card ids
once blocked the server for 0.6 s). Setting: ``MANTIMON_MAX_BODY_BYTES``.
"""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

DRAIN_BYTES = 1024 * 1024
"""How much of a refused body is still read (and thrown away) before the 413 is sent. A
client is usually still sending when it is refused; closing on unread bytes resets the
connection, and the client then sees a broken connection instead of the answer (nginx's
"lingering close" exists for the same reason). A body declared larger than the cap plus
this is refused without reading anything."""


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None:
            # The HTTP server delivers exactly the declared bytes, never more.
            if declared > self.max_bytes:
                if declared <= self.max_bytes + DRAIN_BYTES:
                    await _drain(receive, declared)
                await self._refuse(send, declared)
                return
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left before its body was complete
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_bytes:
                if message.get("more_body", False):
                    await _drain(receive, DRAIN_BYTES)
                await self._refuse(send, None)
                return
            chunks.append(body)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replaying(b"".join(chunks), receive), send)

    async def _refuse(self, send: Send, declared: int | None) -> None:
        size = f"{declared} bytes" if declared is not None else "more than that"
        body = orjson.dumps(
            {
                "error": {
                    "code": "request_too_large",
                    "message": f"request bodies are limited to {self.max_bytes} bytes; "
                    f"this one is {size}",
                    "details": {"limit": self.max_bytes},
                }
            }
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    # the rest of the body is not read: this connection cannot carry another
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the HTTP server refuses a malformed one before we run
    return None


async def _drain(receive: Receive, budget: int) -> None:
    """Read and drop the rest of a refused body, at most ``budget`` bytes."""
    while budget > 0:
        message = await receive()
        if message["type"] != "http.request":
            return
        budget -= len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _replaying(body: bytes, receive: Receive) -> Receive:
    """``receive`` for the application: the body read so far, then the real one's messages
    (a later ``http.disconnect``)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
