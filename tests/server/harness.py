"""A real server on a free port for integration tests (uvicorn in a thread, real sockets),
plus helpers for clients that read raw frames and check them against the wire contract."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import uvicorn

from mantimon.client import Client, GameSocket
from mantimon.server.bootstrap import create_app
from mantimon.server.settings import Settings
from mantimon.server.transport import uvicorn_options
from mantimon.storage import Store
from tests.contract.loader import spec_loaded

# Every test game is dealt from this seed and server bots choose from it (the server's
# ``game_seed``), so a test plays the same game on every run instead of trusting a random
# deal to be long, short or eventful enough. A test may pass its own ``game_seed``.
GAME_SEED = 1

# Seconds a test's HTTP client waits for an answer: as long as the product's client does.
# argon2 runs at the lowest CPU priority and may wait seconds while other tests load both
# cores (httpx's default, 5 s, timed a login out).
HTTP_TIMEOUT = 30.0


# Ports for test servers and proxies come from below the kernel's ephemeral range (which
# hands out the ports of outgoing connections and of ``bind(("", 0))``), and each pytest-xdist
# worker takes its own slice of them, walking it in order from a random start. A port is
# picked (checked free) some time before its server binds it; from the ephemeral range, in
# that gap the kernel could give it to another worker's pick or to any outgoing connection.
# Here nothing else of the run draws from this worker's slice.
PORTS = range(20_000, 32_768)


def _port_slice() -> range:
    """This process's slice of ``PORTS`` (the whole of it outside pytest-xdist)."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    size = len(PORTS) // workers
    return PORTS[worker * size : (worker + 1) * size]


_ports = _port_slice()
_next_port = itertools.count(random.randrange(len(_ports)))


def _ephemeral_floor() -> int:
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32_768  # Linux's default; elsewhere the check below still applies


def free_port() -> int:
    """A port on 127.0.0.1 that is free now and that no other test of this run is given."""
    if _ephemeral_floor() < PORTS.stop:  # a kernel set to hand these out: ask it instead
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            chosen: int = s.getsockname()[1]
            return chosen
    for _ in range(len(_ports)):
        port = _ports[next(_next_port) % len(_ports)]
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue  # taken by something else on this machine
            return port
    raise RuntimeError(f"no free port in {_ports}")


# Tests sign up many accounts and open many games and sockets from one address: the abuse
# limits are opened wide unless a test sets its own (tests/server/test_limits.py).
WIDE_OPEN_LIMITS: dict[str, Any] = {
    "signups_per_client_burst": 10**6,
    "games_per_client_burst": 10**6,
    "logins_per_client_burst": 10**6,
    "login_failures_burst": 10**6,
    "max_sockets_per_user": 10**6,
    "max_live_games_per_user": 10**6,
}


class ServerThread:
    """``create_app`` served by uvicorn in a background thread on 127.0.0.1:<free port>,
    with the options ``mantimon serve`` uses (``transport.uvicorn_options``)."""

    def __init__(self, tmp: Path, store: Store | None = None, **settings: Any) -> None:
        defaults: dict[str, Any] = {
            "database_url": "memory",
            "var_dir": tmp,
            "jwt_secret": "test-secret-" + "x" * 40,
            "bot_think_seconds": 0.0,
            "game_seed": GAME_SEED,
            "port": free_port(),
            **WIDE_OPEN_LIMITS,
        }
        defaults.update(settings)
        self.settings = Settings(**defaults)
        self.app = create_app(self.settings, store)
        options = uvicorn_options(self.settings) | {"host": "127.0.0.1"}
        config = uvicorn.Config(self.app, log_level="warning", lifespan="on", **options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.settings.port}"

    def start(self) -> ServerThread:
        self.thread.start()
        deadline = time.time() + 15
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)

    @property
    def hub(self) -> Any:
        return self.app.state.services.hub


with spec_loaded() as _spec:
    SPEC = _spec  # the module object stays usable after the stand-ins are removed


def check_wire(text: str) -> dict[str, Any]:
    """Every server frame must parse with the spec module unchanged; returns it as JSON."""
    data: dict[str, Any] = orjson.loads(text)
    SPEC.parse_server_message(data)
    return data


class RawSocket:
    """A socket that keeps every frame as JSON (checked against the spec) for assertions."""

    def __init__(self, sock: GameSocket) -> None:
        self.sock = sock
        self.seen: list[dict[str, Any]] = []
        self.state: dict[str, Any] | None = None  # the newest game_state not yet acted on

    async def next(self, timeout: float = 10.0) -> dict[str, Any]:
        data = check_wire(await self.sock.recv_text(timeout))
        self.seen.append(data)
        if data["type"] == "game_state":
            self.state = data
        for key in ("event_id",):
            if key in data and "game_id" in data:
                self.sock.last_event_id[data["game_id"]] = data[key]
        return data

    async def until(
        self, pred: Callable[[dict[str, Any]], bool], timeout: float = 10.0
    ) -> dict[str, Any]:
        """Read frames until one satisfies ``pred`` (returns it)."""
        end = time.monotonic() + timeout
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no matching frame arrived")
            data = await self.next(remaining)
            if pred(data):
                return data

    async def quiet(self, seconds: float = 0.3) -> list[dict[str, Any]]:
        """Every frame that arrives within ``seconds`` (to check nothing unexpected came)."""
        got = []
        end = time.monotonic() + seconds
        while (remaining := end - time.monotonic()) > 0:
            try:
                got.append(await self.next(remaining))
            except TimeoutError:
                break
        return got


async def guest(url: str, name: str) -> Client:
    client = Client(url)
    await client.guest(name)
    return client


async def wait_for(pred: Callable[[], bool], timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > end:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.02)
