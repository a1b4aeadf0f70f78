"""Game state to JSON and back (storage snapshots, golden files, debugging).

What lives here: one ``TypeAdapter`` over the state dataclasses, built once. The card pool
is not serialised (it is static data); ``state_from_json`` attaches the given or default
pool. Round-tripping any state gives an equal state.
"""

from __future__ import annotations

from pydantic import TypeAdapter

from mantimon.cards import CardPool
from mantimon.engine.catalog import default_pool
from mantimon.engine.state import GameState

_ADAPTER: TypeAdapter[GameState] = TypeAdapter(GameState)


def state_to_json(state: GameState) -> bytes:
    return _ADAPTER.dump_json(state)


def state_from_json(data: str | bytes, pool: CardPool | None = None) -> GameState:
    state = _ADAPTER.validate_json(data)
    state.pool = pool or default_pool()
    return state
