"""Hub benchmark: the server's per-action cost above the engine and the sockets, in process.

Plays G games at once through ``Hub.join``/``Hub.act`` on a ``MemoryStore``, each seat a
stand-in connection that keeps the texts it is sent and answers its newest ``game_state``
with its first legal action (so the engine's work is the same for any hub). Only the hub's
public API and the wire are used, so the same script measures any version of the server:
``PYTHONPATH=<other checkout>/src`` runs it against that one. Prints CPU µs per action
(process time over the whole run, the group writer and timer loop included) and actions/s.
Run baselines interleaved with the version under test (A B A B) on these shared machines.

    .venv/bin/python bench/hub_bench.py --games 50 --actions 4000
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

import orjson

from mantimon.engine import ACTION_ADAPTER, RulesConfig, default_pool
from mantimon.server.connection import Connection
from mantimon.server.hub import Hub
from mantimon.session.ratelimit import TokenBucket
from mantimon.storage import GameRecord, SeatRecord
from mantimon.storage.memory import MemoryStore


class Seat:
    """One player's stand-in socket: remembers the newest state owed an answer."""

    def __init__(self, user_id: str) -> None:
        self.user_id = user_id
        self.owed: dict[str, Any] | None = None
        self.over = False
        self.wake = asyncio.Event()

        async def send_text(text: str) -> None:
            data = orjson.loads(text)
            if data["type"] == "game_over":
                self.over = True
                self.wake.set()
            elif data["type"] == "game_state":
                state = data["state"]
                if user_id in state["waiting_for"] and state["legal_actions"]:
                    self.owed = data
                    self.wake.set()

        async def close(code: int) -> None:
            return None

        self.conn = Connection(user_id, send_text, close, TokenBucket(1e9, 1e9))


def record(n: int) -> GameRecord:
    pool = default_pool()
    a, b = pool.starters["ember-rush"].decklist(), pool.starters["tidal-mind"].decklist()
    seats = (
        SeatRecord(f"a{n}", "A", a.cards, a.energy),
        SeatRecord(f"b{n}", "B", b.cards, b.energy),
    )
    rules = RulesConfig().model_dump(mode="json")
    now = time.time()
    return GameRecord(f"g{n}", "active", "mantimon", rules, n, seats, now, now, {})


async def play(hub: Hub, game: GameRecord, seats: list[Seat], budget: list[int]) -> None:
    for seat in seats:
        await hub.join(seat.conn, game.id, None, spectate=False, request_id=None)
    n = 0
    while budget[0] > 0 and not seats[0].over:
        ready = [s for s in seats if s.owed is not None]
        if not ready:
            waits = [asyncio.create_task(s.wake.wait()) for s in seats]
            _, pending = await asyncio.wait(waits, return_when="FIRST_COMPLETED")
            for task in pending:
                task.cancel()
            continue
        seat = ready[0]
        frame, seat.owed = seat.owed, None
        seat.wake.clear()
        assert frame is not None
        action = ACTION_ADAPTER.validate_python(frame["state"]["legal_actions"][0])
        n += 1
        budget[0] -= 1
        await hub.act(seat.conn, seat.user_id, game.id, f"{seat.user_id}-{n}", action)


async def run(games: int, actions: int) -> tuple[float, int]:
    store = MemoryStore()
    hub = Hub(store, bot_think_seconds=0.0)
    await hub.start()
    budget = [actions]
    started_cpu, started = time.process_time(), time.perf_counter()
    made = 0
    while budget[0] > 0:
        batch = []
        for _ in range(games):
            game = record(made)
            made += 1
            await store.add_game(game)
            seats = [Seat(s.user_id) for s in game.seats]
            await hub.game_filled(game)
            batch.append(asyncio.create_task(play(hub, game, seats, budget)))
        await asyncio.gather(*batch)
    cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
    await hub.stop()
    done = max(1, actions - budget[0])  # --actions 0: start and stop only (a baseline)
    return cpu / done * 1e6, int(done / wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=50)
    parser.add_argument("--actions", type=int, default=4000)
    args = parser.parse_args()
    us, rate = asyncio.run(run(args.games, args.actions))
    print(f"hub: {us:7.0f} µs CPU per action, {rate:6d} actions/s ({args.games} games at once)")


if __name__ == "__main__":
    main()
