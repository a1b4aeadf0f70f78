"""The honest side of the hostile suite, run as its own process: a player and a health probe.

What lives here: ``python -m tests.hostile.observer URL HEALTH_URL SECONDS`` plays games
against server bots through URL (the proxy) at a steady human-like pace and polls
HEALTH_URL's ``/health`` (the node itself, as the proxy's own checks do: forty polls a
second through the proxy would be a flood it refuses) at the same time, printing one JSON line
per sample (``{"kind": "action" | "health", "t": wall time sent, "ms": round trip}``) until
SECONDS have passed. It runs in a process of its own so that what the probes cost the test
process (building 4 MB frames, hashing nothing, parsing floods of errors) never shows up as
server latency; only the server and the machine's two cores are shared.

What must not: assertions (the suite judges the samples) or anything the probes do.
"""

from __future__ import annotations

import asyncio
import random
import sys
import time

import httpx
import orjson

from mantimon.bots import RandomBot
from mantimon.client import Client, GameSocket
from mantimon.protocol import ActionResultMessage, GameOverMessage, GameStateMessage

ACTION_GAP = 0.05  # seconds between an action's result and the next action (20 a second)
HEALTH_GAP = 0.025  # seconds between health polls
GAMES = 4  # honest games played side by side


def _emit(kind: str, started: float, seconds: float) -> None:
    line = orjson.dumps({"kind": kind, "t": started, "ms": seconds * 1000.0})
    sys.stdout.write(line.decode() + "\n")
    sys.stdout.flush()


async def _health(url: str, until: float) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=10.0) as http:
        while time.time() < until:
            started, clock = time.time(), time.perf_counter()
            response = await http.get("/health")
            if response.status_code == 200:
                _emit("health", started, time.perf_counter() - clock)
            else:
                _emit("health_error", started, time.perf_counter() - clock)
            await asyncio.sleep(HEALTH_GAP)


async def _player(url: str, name: str, until: float, seed: int) -> None:
    """Plays bot games back to back; each action's send-to-result time is one sample.
    Each player connects from an address of its own (127.0.9.<seed>), as players on their
    own machines do: the per-address limits are theirs alone."""
    rng, bot = random.Random(seed), RandomBot()
    async with Client(url, local_address=f"127.0.9.{seed + 1}") as client:
        await client.guest(name)
        async with client.socket() as sock:
            while time.time() < until:
                game = await client.create_game(opponent="bot", bot="random", deck="ember-rush")
                await sock.join(game["id"])
                await _play(sock, game["id"], client.user_id, until, bot, rng)


async def _play(
    sock: GameSocket, game_id: str, user_id: str, until: float, bot: RandomBot, rng: random.Random
) -> None:
    """One game: act on the newest state that waits for us, one action in flight at a time.
    A result is followed by the state it made; a refusal changes nothing, so the same
    state is decided again (the random bot then likely picks another action)."""
    latest: GameStateMessage | None = None
    in_flight: tuple[str, float, float] | None = None
    while time.time() < until:
        message = await sock.recv(timeout=30.0)
        if isinstance(message, GameOverMessage):
            return
        if isinstance(message, GameStateMessage):
            latest = message
        elif isinstance(message, ActionResultMessage) and in_flight is not None:
            if message.request_message_id != in_flight[0]:
                continue
            _emit("action", in_flight[1], time.perf_counter() - in_flight[2])
            in_flight = None
            if message.success:
                latest = None
        if in_flight is not None or latest is None:
            continue
        state = latest.state
        if user_id not in state.waiting_for or not state.legal_actions:
            continue
        await asyncio.sleep(ACTION_GAP)
        action = bot.choose(state, rng)
        started, clock = time.time(), time.perf_counter()
        in_flight = (await sock.act(game_id, action), started, clock)


async def main(url: str, health_url: str, seconds: float) -> None:
    until = time.time() + seconds
    await asyncio.gather(
        _health(health_url, until),
        *(_player(url, f"Honest {n}", until, seed=n) for n in range(GAMES)),
    )


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
