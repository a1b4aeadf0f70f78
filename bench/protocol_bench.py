"""Protocol benchmark: decode+validate per client frame, and encode per server message.

Prints, on one pinned core, the median and best of several rounds (these VMs are noisy):

* decode + validate µs per client frame (a mix of join_game, action with several action
  types, heartbeat and resign, as text the way a WebSocket server hands it over) for
  ``mantimon.protocol.decode`` (pydantic ``validate_json`` on a cached adapter), the
  alternative it was measured against (``orjson.loads`` + ``validate_python``), and the
  spec's way (``orjson.loads`` + the spec's ``parse_client_message``, which builds a
  ``TypeAdapter`` on every call; the spec loaded unchanged like the tests load it), with the
  ratio. Bar (DESIGN.md §7): ≤ 5 µs.
* encode µs for ``action_result`` and for ``game_state`` of real mid-game views: the model
  path (``VisibleGameState`` validated from ``view_data``, then ``encode``), encoding an
  already-built model, and what the server does (``orjson.dumps(messages.game_state(...))``
  from ``mantimon.session`` on ``view_data(..., wire=True)`` views, built beforehand like
  the model path's data; the same bytes as the model path).

Run: ``.venv/bin/python bench/protocol_bench.py`` (``--rounds``, ``--frames``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
import pydantic

from mantimon.engine import PRESETS, GameState, VisibleGameState, apply_action, new_game
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.engine.view import view_data
from mantimon.protocol import (
    CLIENT_ADAPTER,
    ActionMessage,
    ActionResultMessage,
    GameStateMessage,
    HeartbeatMessage,
    JoinGameMessage,
    ResignMessage,
    decode,
    encode,
)
from mantimon.session import messages

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.contract.loader import spec_loaded  # noqa: E402  (needs the repository root)

PLAYERS = ("p1", "p2")


def sample_states(count: int) -> list[GameState]:
    """Mid-game mantimon states from random games (every 9th step), for views and actions."""
    from mantimon.engine import default_pool

    pool = default_pool()
    decks = [pool.starters[name].decklist() for name in ("ember-rush", "tidal-mind")]
    out: list[GameState] = []
    seed = 0
    while len(out) < count:
        state = new_game(PRESETS["mantimon"], decks, PLAYERS, seed)
        rng = random.Random(seed)
        step = 0
        while not state.over and len(out) < count:
            seat = waiting_for(state)[0]
            apply_action(state, PLAYERS[seat], rng.choice(legal_for_seat(state, seat)))
            step += 1
            if step % 9 == 0 and state.turn >= 3:
                out.append(state.clone())
        seed += 1
    return out


def client_frames(states: Sequence[GameState], count: int) -> list[str]:
    """A realistic mix of client frames: mostly actions, some heartbeats, joins, resigns."""
    rng = random.Random(7)
    actions = [a for s in states for a in legal_for_seat(s, s.current)]
    frames: list[str] = []
    for i in range(count):
        roll = i % 10
        message: Any
        if roll < 6:
            message = ActionMessage(game_id=f"game-{i % 50}", action=rng.choice(actions))
        elif roll < 8:
            message = HeartbeatMessage()
        elif roll < 9:
            message = JoinGameMessage(game_id=f"game-{i % 50}", last_event_id=str(i))
        else:
            message = ResignMessage(game_id=f"game-{i % 50}")
        frames.append(encode(message))
    return frames


def per_item_us(fn: Callable[[Any], object], items: Sequence[Any], rounds: int) -> list[float]:
    """µs per item of ``fn`` over ``items``, once per round."""
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        for item in items:
            fn(item)
        out.append((time.perf_counter() - start) / len(items) * 1e6)
    return out


def show(label: str, rounds: list[float], note: str = "") -> float:
    median = statistics.median(rounds)
    print(f"{label:44s} {median:8.2f} µs median  {min(rounds):8.2f} µs best  {note}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--frames", type=int, default=20_000, help="client frames per round")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"{platform.processor() or 'cpu ?'}; Python {platform.python_version()}, "
        f"pydantic {pydantic.VERSION}, orjson {orjson.__version__}; one core pinned; "
        f"{args.rounds} rounds"
    )
    states = sample_states(60)
    frames = client_frames(states, args.frames)
    mean_size = statistics.mean(len(f) for f in frames)
    print(f"client frames: {len(frames)} per round, {mean_size:.0f} bytes mean")

    # --- decode + validate -------------------------------------------------------------
    validate_python = CLIENT_ADAPTER.validate_python
    loads = orjson.loads
    ours: list[float] = []
    alternative: list[float] = []
    for _ in range(args.rounds):  # interleaved, so load swings hit both alike
        ours += per_item_us(decode, frames, 1)
        alternative += per_item_us(lambda f: validate_python(loads(f)), frames, 1)
    with spec_loaded() as ws:
        spec_parse = ws.parse_client_message
        few = frames[: max(200, len(frames) // 50)]  # ~150 µs each: fewer frames suffice
        spec = per_item_us(lambda f: spec_parse(loads(f)), few, args.rounds)
    ours_us = show("decode (validate_json, cached adapter)", ours, "<- mantimon.protocol.decode")
    alt_us = show("orjson.loads + validate_python (cached)", alternative)
    spec_us = show("spec: orjson.loads + parse_client_message", spec, "(TypeAdapter per call)")
    print(
        f"ratio spec / ours: {spec_us / ours_us:.0f}x; validate_json vs orjson+validate_python: "
        f"{alt_us / ours_us:.2f}x; bar ≤ 5 µs: {'met' if ours_us <= 5 else 'MISSED'}"
    )
    for kind in ("action", "heartbeat", "join_game", "resign"):
        some = [f for f in frames if f'"type":"{kind}"' in f[:80]] or frames
        show(f"  decode {kind} only", per_item_us(decode, some, args.rounds))

    # --- encode ------------------------------------------------------------------------
    result = ActionResultMessage(
        game_id="game-1",
        request_message_id="8c1f6a2e-3b7d-4e55-9a0f-1d2c3b4a5e6f",
        success=True,
        action_type="attack",
        changes={
            "events": [
                {"seq": 41, "kind": "attack", "player": "p1", "data": {"attack": "Ember"}},
                {"seq": 42, "kind": "damage", "player": "p1", "data": {"amount": 30}},
            ]
        },
    )
    show("encode action_result", per_item_us(encode, [result] * 20_000, args.rounds))
    views = [view_data(s, PLAYERS[s.current]) for s in states]
    wire_views = [view_data(s, PLAYERS[s.current], wire=True) for s in states]
    size = statistics.mean(len(orjson.dumps(v)) for v in views) / 1024

    def model_path(view: dict[str, Any]) -> str:
        state = VisibleGameState.model_validate(view)
        return encode(GameStateMessage(game_id="game-1", state=state, event_id="42"))

    built = [
        GameStateMessage(game_id="game-1", state=VisibleGameState.model_validate(v), event_id="42")
        for v in views
    ]
    reps = max(1, 2000 // len(views))
    model_us = show(
        f"encode game_state, model path ({size:.1f} KiB)",
        per_item_us(model_path, views * reps, args.rounds),
        "(validate view + encode)",
    )
    show("encode game_state, model already built", per_item_us(encode, built * reps, args.rounds))
    now = time.time()
    dumps = orjson.dumps
    build = messages.game_state
    server_us = show(
        "encode game_state, server (session builder)",
        per_item_us(
            lambda v: dumps(build("game-1", v, 42, 0, now)), wire_views * reps, args.rounds
        ),
        "<- orjson.dumps(messages.game_state(...)), wire views",
    )
    print(f"ratio model path / server: {model_us / server_us:.1f}x")


if __name__ == "__main__":
    main()
