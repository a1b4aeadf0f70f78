"""Digests of whole random games: what pins the engine's behaviour while it is made faster.

What lives here: ``game_digest`` (one seeded random game of a preset's starter decks,
played the way ``bench/engine_bench.random_game`` plays it, reduced to digests of every
legal list offered, every action chosen, every event recorded and the final state JSON) and
a command that writes those digests for the pinned seeds to ``tests/data/engine_pin.json``.
What must not: any expectation of its own; the fixture is generated from an untouched
checkout of main and ``tests/test_engine_pin.py`` compares against it.

A speed-up that changes one legal action's position, one event's field or one random draw
changes a digest. ``hops`` replays the same game through clones and JSON round trips (each
``hops`` actions the game continues on a copy), so memos that leak between copies, or that
a JSON round trip forgets wrongly, change the digests too.

Regenerate (only from main, when behaviour is meant to change):
``.venv/bin/python -m tests.enginepin``.
"""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

from mantimon.engine import (
    PRESETS,
    GameState,
    apply_action,
    default_pool,
    legal_actions,
    new_game,
    state_from_json,
    state_to_json,
)
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.engine.view import view_json

FIXTURE = Path(__file__).parent / "data" / "engine_pin.json"
# Both presets with the decks ``bench/engine_bench.py`` plays, and pairings of the other
# starters (their passives answer other hooks: max HP, retreat, damage).
DECKS = {
    "mantimon": ("ember-rush", "tidal-mind"),
    "classic": ("ember-rush-classic", "tidal-mind-classic"),
    "mantimon-grove": ("verdant-surge", "dream-veil"),
    "mantimon-storm": ("storm-front", "verdant-surge"),
    "classic-grove": ("verdant-surge-classic", "storm-front-classic"),
}
PRESET_OF = {name: name.split("-")[0] for name in DECKS}
SEEDS = range(30)
VIEW_SEEDS = range(5)  # games whose both views are digested after every action (slower)
IDS = ("p1", "p2")


def _action_json(action: Any) -> bytes:
    return action.model_dump_json().encode()


def new_state(preset: str, seed: int) -> GameState:
    """A new game of a ``DECKS`` pairing."""
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in DECKS[preset]]
    return new_game(PRESETS[PRESET_OF[preset]], decks, IDS, seed)


def game_digest(preset: str, seed: int, hops: int = 0, views: bool = False) -> dict[str, Any]:
    """Digests of one random game of a ``DECKS`` pairing (see the module docstring); ``hops``
    > 0 continues the game on a clone every ``hops`` actions, alternating with a JSON round
    trip."""
    pool = default_pool()
    state = new_state(preset, seed)
    rng = random.Random(seed)
    legal_h = hashlib.sha256()
    action_h = hashlib.sha256()
    event_h = hashlib.sha256()
    view_h = hashlib.sha256()
    n = 0
    while not state.over:
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        for s in (0, 1):  # both seats' full lists (resign included), in order
            for a in legal_actions(state, IDS[s]):
                legal_h.update(_action_json(a))
            legal_h.update(b"|")
        action = rng.choice(legal_for_seat(state, seat))
        action_h.update(_action_json(action) + b"\n")
        transition = apply_action(state, IDS[seat], action)
        for e in transition.events:
            event_h.update(
                json.dumps(
                    [e.seq, e.kind, e.seat, e.data, list(e.cards), e.private_to, e.public],
                    sort_keys=True,
                ).encode()
            )
        if views:
            for viewer in IDS:
                view_h.update(view_json(state, viewer))
        n += 1
        if hops and n % hops == 0:
            if (n // hops) % 2:
                state = state.clone()
            else:
                state = state_from_json(state_to_json(state), pool)
    out: dict[str, Any] = {
        "actions": n,
        "legal": legal_h.hexdigest()[:24],
        "chosen": action_h.hexdigest()[:24],
        "events": event_h.hexdigest()[:24],
        "final": hashlib.sha256(state_to_json(state)).hexdigest()[:24],
    }
    if views:
        out["views"] = view_h.hexdigest()[:24]
    return out


def all_digests() -> dict[str, Any]:
    return {
        f"{preset}/{seed}": game_digest(preset, seed, views=seed in VIEW_SEEDS)
        for preset in DECKS
        for seed in SEEDS
    }


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(all_digests(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {FIXTURE}")
