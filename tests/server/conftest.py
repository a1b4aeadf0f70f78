"""Fixtures for integration tests: a real server per test module (memory storage)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Any]:
    """``start(**settings)``: a server with those settings, stopped after the test."""
    started: list[ServerThread] = []

    def make(**settings: Any) -> ServerThread:
        srv = ServerThread(tmp_path / str(len(started)), **settings).start()
        started.append(srv)
        return srv

    yield make
    for srv in started:
        srv.stop()
