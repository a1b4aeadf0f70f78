"""The attacker's tools: HTTP and WebSocket clients bound to a loopback address of their own.

What lives here: ``Attacker``, a client of the server under test that connects from its own
source address (127.x.y.z: all of 127/8 is this machine), so that per-client limits an
attack trips never throttle the honest players (127.0.0.1) or another probe, as with real
attackers on other machines. What must not: the probes themselves (``probes``) or any
judgement of the results.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import websockets
from websockets.asyncio.client import ClientConnection


@dataclass
class Attacker:
    url: str  # http://127.0.0.1:<port>
    address: str  # the source address, e.g. 127.0.11.1

    def sibling(self) -> Attacker:
        """The same attacker from a second address (127.x+1.y.z for 127.x.y.z)."""
        first, x, y, z = self.address.split(".")
        return Attacker(self.url, f"{first}.{int(x) + 1}.{y}.{z}")

    @asynccontextmanager
    async def http(self) -> AsyncIterator[httpx.AsyncClient]:
        transport = httpx.AsyncHTTPTransport(local_address=self.address)
        async with httpx.AsyncClient(
            transport=transport, base_url=self.url, timeout=30.0
        ) as client:
            yield client

    async def guest(self, http: httpx.AsyncClient, name: str) -> tuple[str, str]:
        """A new guest account: (user id, access token)."""
        response = await http.post("/api/auth/guest", json={"name": name})
        assert response.status_code == 201, response.text
        body = response.json()
        return body["user"]["id"], body["access_token"]

    async def socket(self, token: str, **options: Any) -> ClientConnection:
        ws_url = self.url.replace("http://", "ws://") + f"/ws?token={token}"
        return await websockets.connect(
            ws_url,
            local_addr=(self.address, 0),
            ping_interval=None,
            max_size=None,
            **options,
        )


async def send_json(ws: ClientConnection, body: dict[str, Any]) -> None:
    await ws.send(orjson.dumps(body).decode())


async def frames(ws: ClientConnection, seconds: float) -> list[dict[str, Any]]:
    """Every frame that arrives within ``seconds`` (or until the server closes)."""
    got: list[dict[str, Any]] = []
    loop = asyncio.get_running_loop()
    end = loop.time() + seconds
    while (left := end - loop.time()) > 0:
        try:
            raw = await asyncio.wait_for(ws.recv(), left)
        except (TimeoutError, websockets.ConnectionClosed):
            break
        got.append(orjson.loads(raw))
    return got
