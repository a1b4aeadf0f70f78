"""Fixtures for integration tests: a real server per test module (memory storage)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from mantimon.client import Client
from tests.server.harness import ServerThread


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    srv = ServerThread(Path(tmp_path_factory.mktemp("server"))).start()
    yield srv
    srv.stop()


Guest = Callable[[str], Awaitable[Client]]


@pytest.fixture
async def guests(server: ServerThread) -> AsyncIterator[Guest]:
    """``await guests("Ana")``: a logged-in client, closed when the test ends."""
    made: list[Client] = []

    async def make(name: str) -> Client:
        client = Client(server.url)
        made.append(client)
        await client.guest(name)
        return client

    yield make
    for client in made:
        await client.close()
