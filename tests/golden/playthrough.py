"""Golden playthroughs: a seed, the actions of a whole game, and what each player saw.

Each file under ``tests/golden/`` holds the game's set-up, every action with the events
each player was shown (in words) and a digest of each player's full view, plus both final
views in full. ``test_golden.py`` replays them; a change in rules, visibility or wording
shows up as a readable diff. Regenerate deliberately with::

    .venv/bin/python -m tests.golden.playthrough
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import orjson

from mantimon.bots import make_bot
from mantimon.bots.selfplay import play_game
from mantimon.cards import DeckList
from mantimon.engine import ACTION_ADAPTER, PRESETS, apply_action, default_pool, new_game
from mantimon.engine.view import render_events, view_data, view_json

HERE = Path(__file__).parent
PLAYERS = ("ana", "bo")

CASES: dict[str, dict[str, Any]] = {
    "mantimon-greedy-vs-greedy": {
        "preset": "mantimon",
        "decks": ("ember-rush", "tidal-mind"),
        "bots": ("greedy", "greedy"),
        "seed": 7,
    },
    "mantimon-greedy-vs-random": {
        "preset": "mantimon",
        "decks": ("tidal-mind", "ember-rush"),
        "bots": ("greedy", "random"),
        "seed": 11,
    },
    "mantimon-new-starters": {
        "preset": "mantimon",
        "decks": ("dream-veil", "storm-front"),
        "bots": ("greedy", "greedy"),
        "seed": 5,
    },
    "classic-greedy-vs-greedy": {
        "preset": "classic",
        "decks": ("ember-rush-classic", "tidal-mind-classic"),
        "bots": ("greedy", "greedy"),
        "seed": 3,
    },
}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def record(
    preset: str, decks: list[DeckList], actions: list[tuple[str, Any]], seed: int
) -> dict[str, Any]:
    """Replay ``actions`` and write down what each player saw after each of them."""
    rules = PRESETS[preset]
    state = new_game(rules, decks, PLAYERS, seed)
    steps = []
    for pid, action in actions:
        transition = apply_action(state, pid, action)
        seen = {}
        for seat, viewer in enumerate(PLAYERS):
            seen[viewer] = {
                "events": [e["text"] for e in render_events(state, transition.events, seat)],
                "view": digest(view_json(state, viewer)),
            }
        steps.append({"player": pid, "action": action.model_dump(mode="json"), "seen": seen})
    return {
        "preset": preset,
        "seed": seed,
        "players": list(PLAYERS),
        "decks": [d.model_dump(mode="json") for d in decks],
        "steps": steps,
        "final": {v: orjson.loads(orjson.dumps(view_data(state, v))) for v in PLAYERS},
    }


def generate(name: str) -> dict[str, Any]:
    case = CASES[name]
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in case["decks"]]
    bots = [make_bot(b) for b in case["bots"]]
    game = play_game(PRESETS[case["preset"]], decks, bots, case["seed"], player_ids=PLAYERS)
    data = record(case["preset"], decks, game.actions, case["seed"])
    data["description"] = (
        f"{case['bots'][0]} ({case['decks'][0]}) vs {case['bots'][1]} ({case['decks'][1]})"
    )
    return data


def load(path: Path) -> tuple[dict[str, Any], list[DeckList], list[tuple[str, Any]]]:
    data = json.loads(path.read_text())
    decks = [DeckList.model_validate(d) for d in data["decks"]]
    actions = [(s["player"], ACTION_ADAPTER.validate_python(s["action"])) for s in data["steps"]]
    return data, decks, actions


def dumps(data: dict[str, Any]) -> str:
    """JSON with one line per step, so a behaviour change diffs as the steps it touched."""
    head = {k: v for k, v in data.items() if k not in ("steps", "final")}
    lines = ["{"]
    lines += [f" {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    lines.append(' "steps": [')
    steps = data["steps"]
    lines += [
        f"  {json.dumps(st)}{',' if i < len(steps) - 1 else ''}" for i, st in enumerate(steps)
    ]
    lines.append(" ],")
    final = json.dumps(data["final"], indent=1).replace("\n", "\n ")
    lines.append(f' "final": {final}')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    for name in CASES:
        path = HERE / f"{name}.json"
        path.write_text(dumps(generate(name)))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
