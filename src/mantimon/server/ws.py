"""The WebSocket endpoint ``/ws``: authenticate, then decode -> hub -> deliver, forever.

What lives here: the per-socket loop. Token from ``?token=`` or ``Authorization: Bearer``;
a bad token gets ``authentication_failed`` and close 4401; a user already holding
``max_sockets_per_user`` sockets gets ``rate_limited`` and close 4429. Each frame is rate
limited (token bucket), size-checked, decoded (``mantimon.protocol``) and dispatched to the
hub; a silent socket is closed after ``idle_seconds``. Nothing a client sends can end the loop
with an exception: unexpected failures are logged and answered with ``internal_error``.
"""

from __future__ import annotations

import asyncio
import logging

import orjson
from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from mantimon.engine import ResignAction
from mantimon.protocol import (
    ActionMessage,
    HeartbeatMessage,
    JoinGameMessage,
    ProtocolError,
    ResignMessage,
    SpectateGameMessage,
    decode,
)
from mantimon.protocol.diagnose import readable_message_id
from mantimon.server.connection import Connection
from mantimon.server.hub import Hub
from mantimon.server.inturn import KeyedLocks, client_of
from mantimon.server.limits import Limits
from mantimon.server.security import TokenError, Tokens
from mantimon.server.settings import Settings
from mantimon.session import authority, refusals
from mantimon.session import messages as msg
from mantimon.session.ratelimit import TokenBucket

log = logging.getLogger("mantimon.ws")

CLOSE_AUTH = 4401
CLOSE_IDLE = 4408
CLOSE_TOO_BIG = 1009
CLOSE_TOO_MANY_SOCKETS = 4429


def _token(ws: WebSocket) -> str | None:
    token = ws.query_params.get("token")
    if token:
        return token
    header = ws.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


async def serve_socket(
    ws: WebSocket,
    hub: Hub,
    tokens: Tokens,
    settings: Settings,
    limits: Limits,
    turns: KeyedLocks,
) -> None:
    # Sockets of one client address open one at a time (``inturn``): thirty opened at
    # once would otherwise hold every game for the time of thirty handshakes.
    async with turns.hold(client_of(ws.scope)):
        user_id = await _open(ws, hub, tokens, limits)
    if user_id is None:
        return

    async def close(code: int) -> None:
        if ws.application_state != WebSocketState.DISCONNECTED:
            await ws.close(code)

    conn = Connection(
        user_id, ws.send_text, close, TokenBucket(settings.rate_per_second, settings.rate_burst)
    )
    hub.metrics.connections.inc()
    try:
        await _loop(ws, conn, hub, settings)
    finally:
        hub.metrics.connections.dec()
        limits.close_socket(user_id)
        await hub.closed(conn)
        await conn.finish()


async def _open(ws: WebSocket, hub: Hub, tokens: Tokens, limits: Limits) -> str | None:
    """Accept the socket and authenticate it: its user id, counted against the user's
    socket cap; or None, the socket told why and closed."""
    await ws.accept()
    now = hub.clock()
    token = _token(ws)
    try:
        if token is None:
            raise TokenError("no token: pass ?token=... or an Authorization: Bearer header")
        user_id = tokens.verify(token)
        if await hub.store.get_user(user_id) is None:
            raise TokenError("the token names an unknown user")
    except TokenError as exc:
        await _refuse_and_close(ws, hub, refusals.unauthenticated(str(exc), now), CLOSE_AUTH)
        return None
    if not limits.open_socket(user_id):
        refusal = refusals.too_many_sockets(limits.max_sockets, now)
        await _refuse_and_close(ws, hub, refusal, CLOSE_TOO_MANY_SOCKETS)
        return None
    return user_id


class _Silence:
    """Cancels a socket's wait for its next frame after ``seconds`` without one.

    A frame only records when it came (``heard``); the socket's one timer moves when it
    fires early. ``asyncio.wait_for`` around each receive armed and cancelled a timer for
    every frame instead (~3% of the server's CPU at 1,000 actions/s). Only a wait for a
    frame is cancelled, never the handling of one (a game's lock may be held then).
    """

    __slots__ = ("fired", "handle", "last", "loop", "seconds", "task", "waiting")

    def __init__(self, seconds: float) -> None:
        self.loop = asyncio.get_running_loop()
        self.task = asyncio.current_task()
        self.seconds = seconds
        self.last = self.loop.time()
        self.waiting = False
        self.fired = False
        self.handle = self.loop.call_at(self.last + seconds, self._check)

    def heard(self) -> None:
        self.last = self.loop.time()

    def _check(self) -> None:
        now = self.loop.time()
        due = self.last + self.seconds
        if now >= due and self.waiting and self.task is not None:
            self.fired = True
            self.task.cancel()
            return
        self.handle = self.loop.call_at(due if now < due else now + self.seconds, self._check)

    def stop(self) -> None:
        self.handle.cancel()


async def _loop(ws: WebSocket, conn: Connection, hub: Hub, settings: Settings) -> None:
    silence = _Silence(settings.idle_seconds)
    try:
        await _frames(ws, conn, hub, settings, silence)
    except asyncio.CancelledError:
        if not silence.fired:
            raise
        if silence.task is not None:
            silence.task.uncancel()
        hub.refuse(conn, refusals.idle(settings.idle_seconds, hub.clock()))
        await conn.finish(CLOSE_IDLE)
    finally:
        silence.stop()


async def _frames(
    ws: WebSocket, conn: Connection, hub: Hub, settings: Settings, silence: _Silence
) -> None:
    while True:
        # Every other socket and task gets its turn before this socket's next frame: a
        # frame already queued is returned without giving the loop back, so a client that
        # sends a burst would otherwise have all of it handled before anyone else's.
        await asyncio.sleep(0)
        silence.waiting = True
        try:
            frame = await ws.receive()
        finally:
            silence.waiting = False
        silence.heard()
        if frame["type"] == "websocket.disconnect":
            return
        text = frame.get("text")
        if text is None:
            data = frame.get("bytes") or b""
            text = data.decode("utf-8", "replace")
        now = hub.clock()
        if not conn.bucket.take(now):
            rid = _message_id(text, settings.max_message_bytes)
            hub.refuse(conn, refusals.too_fast(rid, now))
            continue
        try:
            message = decode(text, max_bytes=settings.max_message_bytes)
        except ProtocolError as exc:
            refusal = refusals.undecodable(
                exc.code.value, exc.message, exc.request_message_id, exc.details, now
            )
            hub.refuse(conn, refusal)
            if exc.close_code is not None:
                await conn.finish(exc.close_code)
                return
            continue
        hub.metrics.received(message.type)
        try:
            await _dispatch(message, conn, hub)
        except WebSocketDisconnect:
            return
        except Exception:
            log.exception("handling %s from %s failed", message.type, conn.user_id)
            hub.refuse(conn, refusals.handler_failed(message.message_id, now))


async def _refuse_and_close(ws: WebSocket, hub: Hub, refusal: refusals.Refusal, code: int) -> None:
    hub.metrics.errors.labels(refusal.code).inc()
    await ws.send_text(refusal.text)
    await ws.close(code)


def _message_id(text: str, limit: int) -> str | None:
    """The ``message_id`` of a dropped frame, if it is small enough to look at and has one."""
    if len(text) > limit:
        return None
    try:
        return readable_message_id(orjson.loads(text))
    except orjson.JSONDecodeError:
        return None


async def _dispatch(message: object, conn: Connection, hub: Hub) -> None:
    if isinstance(message, HeartbeatMessage):
        conn.send(authority.encode(msg.heartbeat_ack(hub.clock())))
    elif isinstance(message, JoinGameMessage | SpectateGameMessage):
        await hub.join(
            conn,
            message.game_id,
            message.last_event_id,
            spectate=isinstance(message, SpectateGameMessage),
            request_id=message.message_id,
        )
    elif isinstance(message, ActionMessage):
        await hub.act(conn, conn.user_id, message.game_id, message.message_id, message.action)
    elif isinstance(message, ResignMessage):
        await hub.act(conn, conn.user_id, message.game_id, message.message_id, ResignAction())
