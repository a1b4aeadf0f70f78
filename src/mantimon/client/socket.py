"""The WebSocket half of the client: typed messages, heartbeats, reconnect with replay."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import TracebackType

import websockets
from websockets.asyncio.client import ClientConnection

from mantimon.engine import Action
from mantimon.protocol import (
    ActionMessage,
    BaseClientMessage,
    GameOverMessage,
    GameStateMessage,
    HeartbeatMessage,
    JoinGameMessage,
    ResignMessage,
    ServerMessage,
    SpectateGameMessage,
    TurnStartMessage,
    decode_server,
    encode,
)


class GameSocket:
    def __init__(
        self,
        url: str,
        token: str,
        *,
        heartbeat_seconds: float = 30.0,
        local_address: str | None = None,
    ) -> None:
        self.url = url
        self.local_address = local_address
        self.token = token
        self.heartbeat_seconds = heartbeat_seconds
        self.ws: ClientConnection | None = None
        self.last_event_id: dict[str, str] = {}  # game -> last event id seen
        self.joined: dict[str, bool] = {}  # game -> spectating?
        self._beat: asyncio.Task[None] | None = None

    async def __aenter__(self) -> GameSocket:
        await self.connect()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def connect(self) -> None:
        self.ws = await websockets.connect(
            f"{self.url}?token={self.token}",
            max_size=8 * 1024 * 1024,
            ping_interval=None,
            local_addr=(self.local_address, 0) if self.local_address else None,
        )
        if self.heartbeat_seconds:
            self._beat = asyncio.create_task(self._heartbeat())

    async def close(self) -> None:
        if self._beat is not None:
            self._beat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._beat
        if self.ws is not None:
            await self.ws.close()

    async def reconnect(self) -> None:
        """Open a new connection and rejoin every game with its last event id (replay)."""
        await self.close()
        await self.connect()
        for game_id, spectating in self.joined.items():
            await self._join(game_id, spectating)

    async def _heartbeat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_seconds)
            with contextlib.suppress(Exception):
                await self.send(HeartbeatMessage())

    async def send(self, message: BaseClientMessage) -> str:
        """Send a message; returns its ``message_id``."""
        assert self.ws is not None, "not connected"
        await self.ws.send(encode(message))
        return message.message_id

    async def send_raw(self, text: str | bytes) -> None:
        assert self.ws is not None, "not connected"
        await self.ws.send(text)

    async def _join(self, game_id: str, spectate: bool) -> str:
        last = self.last_event_id.get(game_id)
        kind = SpectateGameMessage if spectate else JoinGameMessage
        return await self.send(kind(game_id=game_id, last_event_id=last))

    async def join(self, game_id: str) -> str:
        self.joined[game_id] = False
        return await self._join(game_id, False)

    async def spectate(self, game_id: str) -> str:
        self.joined[game_id] = True
        return await self._join(game_id, True)

    async def act(self, game_id: str, action: Action, message_id: str | None = None) -> str:
        message = ActionMessage(game_id=game_id, action=action)
        if message_id is not None:
            message = ActionMessage(game_id=game_id, action=action, message_id=message_id)
        return await self.send(message)

    async def resign(self, game_id: str) -> str:
        return await self.send(ResignMessage(game_id=game_id))

    async def recv_text(self, timeout: float | None = None) -> str:
        assert self.ws is not None, "not connected"
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        return raw if isinstance(raw, str) else raw.decode()

    async def recv(self, timeout: float | None = None) -> ServerMessage:
        """The next server message, typed; remembers event ids for reconnects."""
        message = decode_server(await self.recv_text(timeout))
        if isinstance(message, GameStateMessage | TurnStartMessage | GameOverMessage):
            self.last_event_id[message.game_id] = message.event_id
        return message

    async def __aiter__(self) -> AsyncIterator[ServerMessage]:
        while True:
            try:
                yield await self.recv()
            except websockets.ConnectionClosed:
                return
