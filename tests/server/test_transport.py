"""What uvicorn enforces before the application runs, as ``mantimon serve`` and the tests
configure it (``mantimon.server.transport``): request headers are bounded, and the
WebSocket frame limit is the application's setting."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
import websockets

from mantimon.client import Client
from mantimon.server.settings import Settings
from mantimon.server.transport import MAX_HEADER_BYTES, uvicorn_options
from tests.server.harness import ServerThread


async def test_a_request_whose_headers_never_end_is_refused_and_closed(
    server: ServerThread,
) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * (MAX_HEADER_BYTES + 1024))
    await writer.drain()
    # refused and closed, instead of buffered for as long as it is sent
    answer = await asyncio.wait_for(reader.read(), 5)
    assert answer.startswith(b"HTTP/1.1 400 ")
    writer.close()


async def test_headers_under_the_limit_are_served(server: ServerThread) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    pad = b"a" * (MAX_HEADER_BYTES - 200)
    writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + pad + b"\r\n\r\n")
    await writer.drain()
    assert (await asyncio.wait_for(reader.readline(), 5)).startswith(b"HTTP/1.1 200")
    writer.close()


def test_the_frame_limit_and_trusted_proxies_come_from_the_settings() -> None:
    settings = Settings(max_message_bytes=1_000, trusted_proxies="10.0.0.7")
    options = uvicorn_options(settings)
    assert options["ws_max_size"] == 1_000
    assert options["proxy_headers"] is True
    assert options["forwarded_allow_ips"] == "10.0.0.7"
    assert options["ws_per_message_deflate"] is False
    # by default the proxy on the same machine; empty: no proxy believed at all (uvicorn's
    # layer off, so its own FORWARDED_ALLOW_IPS fallback cannot apply either)
    assert uvicorn_options(Settings())["forwarded_allow_ips"] == "127.0.0.1"
    assert uvicorn_options(Settings(trusted_proxies=" "))["proxy_headers"] is False


@pytest.mark.serial  # a heartbeat late by 0.25 s would close the talker: run alone
async def test_a_silent_socket_is_told_and_closed_4408_and_a_talking_one_stays(start: Any) -> None:
    """``idle_seconds`` without a frame closes a socket (``ws._Silence``); each frame moves
    the deadline, so a socket that keeps talking stays open well past it."""
    srv = start(idle_seconds=0.4)
    client = Client(srv.url)
    try:
        await client.guest("Quiet")
        url = srv.url.replace("http", "ws") + f"/ws?token={client.access_token}"
        async with websockets.connect(url) as talker, websockets.connect(url) as silent:
            for n in range(8):  # 1.2 s of heartbeats, three times the idle limit
                await talker.send(orjson.dumps({"type": "heartbeat", "message_id": f"h{n}"}))
                assert orjson.loads(await talker.recv())["type"] == "heartbeat_ack"
                await asyncio.sleep(0.15)
            told = orjson.loads(await asyncio.wait_for(silent.recv(), 5))
            assert (told["type"], told["code"]) == ("error", "connection_closed")
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(silent.recv(), 5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4408
            await talker.send(orjson.dumps({"type": "heartbeat", "message_id": "last"}))
            assert orjson.loads(await talker.recv())["type"] == "heartbeat_ack"
    finally:
        await client.close()
