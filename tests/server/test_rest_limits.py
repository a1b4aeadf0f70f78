"""REST bodies are bounded: every route's body is capped (413 with a JSON error, by its
declared length or by counting what arrives), and a deck names a bounded number of cards,
checked before anything is built from it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import orjson
import pytest

from tests.server.harness import HTTP_TIMEOUT, ServerThread

LIMIT = 64 * 1024  # the default of MANTIMON_MAX_BODY_BYTES


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    """A server whose body cap is set to 2,000 bytes."""
    srv = ServerThread(Path(tmp_path_factory.mktemp("small")), max_body_bytes=2_000).start()
    yield srv
    srv.stop()


def _too_large(response: httpx.Response, limit: int) -> None:
    assert response.status_code == 413
    error = response.json()["error"]
    assert error["code"] == "request_too_large"
    assert error["details"] == {"limit": limit}
    assert str(limit) in error["message"]


async def test_a_66000_key_deck_is_refused_without_being_read(server: ServerThread) -> None:
    cards = {f"k{n:06d}": 99 for n in range(66_000)}
    body = orjson.dumps({"preset": "mantimon", "cards": cards})
    assert len(body) < 1_000_000
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        started = time.perf_counter()
        response = await http.post(
            "/api/decks/validate", content=body, headers={"content-type": "application/json"}
        )
        _too_large(response, LIMIT)
        assert time.perf_counter() - started < 5  # (it is answered from the headers)
        assert (await http.get("/health")).status_code == 200


@pytest.mark.parametrize("path", ["/api/decks/validate", "/api/auth/guest", "/api/auth/login"])
async def test_every_route_is_capped_also_when_the_body_is_streamed(
    server: ServerThread, path: str
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b" " * 4_096  # JSON whitespace: 80 KiB with no Content-Length

    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        response = await http.post(
            path, content=chunks(), headers={"content-type": "application/json"}
        )
        assert "content-length" not in response.request.headers
        _too_large(response, LIMIT)


async def test_a_declared_length_over_the_cap_is_answered_before_any_body_is_sent(
    server: ServerThread,
) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"POST /api/decks/validate HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
    )
    await writer.drain()
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b"connection: close" in head.lower()
    writer.close()


async def test_the_cap_is_a_setting(small: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=small.url, timeout=HTTP_TIMEOUT) as http:
        ok = await http.post("/api/auth/guest", json={"name": "Ana"})
        assert ok.status_code == 201
        big = await http.post("/api/auth/guest", json={"name": "Ana", "pad": "x" * 2_000})
        _too_large(big, 2_000)


@pytest.mark.parametrize(
    ("cards", "problem"),
    [
        ({f"m1-{n:03d}": 1 for n in range(2_000)}, "at most 100 cards; this one has 2000 entries"),
        ([f"m1-{n:03d}" for n in range(101)], "at most 100 cards; this one has 101 entries"),
        ({"m1-001": 99, "m1-002": 99}, "at most 100 cards; these counts add up to 198"),
    ],
)
async def test_a_deck_naming_too_many_cards_is_refused_before_it_is_expanded(
    server: ServerThread, cards: object, problem: str
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=HTTP_TIMEOUT) as http:
        for where in ("cards", "energy"):
            body = {"preset": "mantimon", "cards": {"m1-001": 4}, where: cards}
            response = await http.post("/api/decks/validate", json=body)
            assert response.status_code == 422
            error = response.json()["error"]
            assert error["code"] == "invalid_request"
            assert problem in error["message"]
            assert f"body.{where}" in error["message"]
