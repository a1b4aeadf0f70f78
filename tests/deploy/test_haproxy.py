"""The committed proxy configuration (``deploy/haproxy.cfg``), run by Debian's real HAProxy
in front of a real server: requests that arrive too slowly are closed (which uvicorn alone
never does), a game is played through it over a WebSocket, the node is told the client's
address and not what the client claims (so its per-address limits count each client, not
the proxy), and a node whose ``/ready`` fails gets no traffic.

Without ``haproxy`` these skip with the reason, except under CI (``CI`` set), where
``.ci/run`` installs it and a missing proxy is a failure.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mantimon.bots import GreedyBot
from mantimon.client import Client, play
from tests.deploy.proxy import Proxy
from tests.server.harness import HTTP_TIMEOUT, ServerThread, free_port

REQUEST_TIMEOUT = 2.0  # MANTIMON_PROXY_REQUEST_TIMEOUT for these tests (10 s by default)


@pytest.fixture(scope="module")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    srv = ServerThread(Path(tmp_path_factory.mktemp("node"))).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def proxy(node: ServerThread) -> Iterator[Proxy]:
    running = Proxy(f"127.0.0.1:{node.settings.port}", REQUEST_TIMEOUT)
    try:
        running.wait_until(200)
        yield running
    finally:
        running.stop()


async def _trickle(port: int, head: bytes, drip: bytes) -> tuple[bool, bytes, float]:
    """Send ``head``, then ``drip`` a byte every 0.25 s (never finishing the request) for
    up to ``REQUEST_TIMEOUT`` + 4 s. Returns (closed by the far end, what it answered, when)."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(head)
    answer = b""
    try:
        for n in range(int((REQUEST_TIMEOUT + 4) / 0.25)):
            writer.write(drip[n % len(drip) : n % len(drip) + 1])
            await writer.drain()
            try:
                chunk = await asyncio.wait_for(reader.read(4096), 0.25)
            except TimeoutError:
                continue
            answer += chunk
            if not chunk or reader.at_eof():
                return True, answer, time.monotonic() - started
    except ConnectionError:
        return True, answer, time.monotonic() - started
    finally:
        writer.close()
    return False, answer, time.monotonic() - started


SLOW_HEADERS = (b"GET /health HTTP/1.1\r\nHost: x\r\n", b"X-Slow: aaaaaaaaaa")
SLOW_BODY = (
    b"POST /api/auth/guest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b"Content-Length: 500\r\n\r\n{",
    b" ",
)


@pytest.mark.parametrize("request_parts", [SLOW_HEADERS, SLOW_BODY], ids=["headers", "body"])
async def test_slow_incomplete_requests_are_closed_by_the_proxy_not_by_the_server(
    proxy: Proxy, node: ServerThread, request_parts: tuple[bytes, bytes]
) -> None:
    through = [_trickle(proxy.port, *request_parts) for _ in range(20)]
    direct = _trickle(node.settings.port, *request_parts)
    *proxied, alone = await asyncio.gather(*through, direct)
    for closed, answer, after in proxied:
        assert closed, "the proxy kept a slow request open"
        assert answer.startswith(b"HTTP/1.1 408"), answer[:40]
        assert REQUEST_TIMEOUT - 0.5 < after < REQUEST_TIMEOUT + 3
    # what the proxy is for: the server alone keeps such a request open
    assert alone[0] is False
    async with httpx.AsyncClient(base_url=proxy.url, timeout=HTTP_TIMEOUT) as http:
        assert (await http.get("/health")).status_code == 200


async def test_a_game_is_played_through_the_proxy(proxy: Proxy) -> None:
    async with Client(proxy.url) as client:
        await client.guest("Ana")
        game = await client.create_game(opponent="bot", bot="random", deck="ember-rush")
        async with client.socket() as sock:
            report = await asyncio.wait_for(
                play(sock, game["id"], client.user_id, GreedyBot(), random.Random(5)), 120
            )
    assert report.end_reason is not None
    assert report.actions > 5 and not report.errors


def _from(address: str, proxy: Proxy) -> httpx.AsyncClient:
    """A client whose connections leave from ``address`` (any 127.x.y.z is this machine)."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(base_url=proxy.url, transport=transport)


async def test_per_address_limits_count_each_client_behind_the_proxy(tmp_path: Path) -> None:
    """The node trusts the proxy on its own machine (``trusted_proxies``' default), so its
    sign-up limit counts the client address the proxy saw: one client using up its burst
    does not throttle another, and a client cannot buy a fresh burst by claiming another
    address in ``X-Forwarded-For`` (the proxy drops the claim)."""
    limited = ServerThread(
        tmp_path, signups_per_client_burst=2, signups_per_client_per_minute=0.01
    ).start()
    front = Proxy(f"127.0.0.1:{limited.settings.port}", REQUEST_TIMEOUT)
    try:
        await asyncio.to_thread(front.wait_until, 200)
        guest = {"name": "Ana"}
        async with _from("127.0.0.2", front) as ana, _from("127.0.0.3", front) as bo:
            statuses = [(await ana.post("/api/auth/guest", json=guest)).status_code for _ in "abc"]
            assert statuses == [201, 201, 429]
            spoofed = {"X-Forwarded-For": "198.51.100.7"}
            again = await ana.post("/api/auth/guest", json=guest, headers=spoofed)
            assert again.status_code == 429 and int(again.headers["retry-after"]) >= 1
            # another client of the same proxy still has its own burst
            for _ in "ab":
                assert (await bo.post("/api/auth/guest", json=guest)).status_code == 201
            assert (await bo.post("/api/auth/guest", json=guest)).status_code == 429
    finally:
        front.stop()
        limited.stop()


async def test_the_proxy_refuses_request_floods_from_one_address(tmp_path: Path) -> None:
    """Past the per-address rates the proxy answers 429 + Retry-After itself (the node,
    whose own limits are wide open here, never sees those requests); another address and
    other paths are not affected."""
    node = ServerThread(tmp_path).start()
    front = Proxy(
        f"127.0.0.1:{node.settings.port}",
        REQUEST_TIMEOUT,
        MANTIMON_PROXY_COSTLY_RATE="5",
        MANTIMON_PROXY_REQUEST_RATE="12",
    )
    try:
        await asyncio.to_thread(front.wait_until, 200)
        guest = {"name": "Ana"}
        async with _from("127.0.0.4", front) as ana, _from("127.0.0.5", front) as bo:
            answers = [await ana.post("/api/auth/guest", json=guest) for _ in range(7)]
            assert [a.status_code for a in answers] == [201] * 5 + [429] * 2
            assert answers[-1].headers["retry-after"] == "10"
            assert answers[-1].json()["error"]["code"] == "rate_limited"
            signed = await bo.post("/api/auth/guest", json=guest)
            assert signed.status_code == 201
            auth = {"authorization": f"Bearer {signed.json()['access_token']}"}
            body = {"opponent": "invite", "deck": "ember-rush"}
            games = [(await bo.post("/api/games", json=body, headers=auth)) for _ in range(5)]
            assert [g.status_code for g in games] == [201] * 4 + [429]  # new games are costly
            joined = await bo.post(f"/api/games/{games[0].json()['id']}/join", json={})
            assert joined.status_code == 429
            assert (await bo.get("/api/games/live")).status_code == 200  # a plain read is not
            cards = [(await ana.get("/api/cards")).status_code for _ in range(6)]
            assert cards == [200] * 5 + [429]  # 12 requests of any kind in 10 s
        async with _from("127.0.0.6", front) as cy:
            replay = f"/api/games/{games[0].json()['id']}/replay"
            replays = [(await cy.get(replay)).status_code for _ in range(6)]
            assert replays == [409] * 5 + [429]  # derived on the node's loop: costly
            valid = {"cards": {}, "energy": {}}
            checks = [
                (await cy.post("/api/decks/validate", json=valid)).status_code for _ in range(5)
            ]
            assert 429 not in checks  # any other POST is not
    finally:
        front.stop()
        node.stop()


class EchoNode:
    """A stand-in node: answers every request with the headers it received, and ``/ready``
    with ``ready_status``."""

    def __init__(self) -> None:
        self.port = free_port()
        self.ready_status = 200
        self.server: asyncio.Server | None = None

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        status = self.ready_status if head.startswith(b"GET /ready ") else 200
        writer.write(
            b"HTTP/1.1 %d X\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s"
            % (status, len(head), head)
        )
        await writer.drain()
        writer.close()

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


async def test_the_node_learns_the_client_address_and_a_failing_node_gets_no_traffic() -> None:
    echo = EchoNode()
    await echo.start()
    front = Proxy(f"127.0.0.1:{echo.port}", REQUEST_TIMEOUT)
    try:
        await asyncio.to_thread(front.wait_until, 200)
        async with httpx.AsyncClient(base_url=front.url, timeout=HTTP_TIMEOUT) as http:
            spoofed = {"X-Forwarded-For": "203.0.113.9", "Forwarded": "for=203.0.113.9"}
            seen = (await http.get("/api/cards", headers=spoofed)).text.lower()
            assert "x-forwarded-for: 127.0.0.1\r\n" in seen
            assert "203.0.113.9" not in seen
            assert "x-forwarded-proto: http\r\n" in seen
            echo.ready_status = 503  # the node's storage went away
            await asyncio.to_thread(front.wait_until, 503, "/api/cards")
    finally:
        front.stop()
        await echo.stop()
