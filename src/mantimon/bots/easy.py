"""EasyBot (level ``easy``): fair moves picked at random, but it always attacks in the end.

What lives here: a beginner's opponent. It never resigns, never retreats (that throws energy
away) and never ends a turn while an attack is available; otherwise it does whatever legal
thing comes to hand, so it misses knockouts, spreads its energy and benches at random.
What must not: any planning (that is ``normal`` and up) or hidden information.
"""

from __future__ import annotations

import random

from mantimon.bots.base import playable, register
from mantimon.engine import Action, VisibleGameState

# Chance of doing one more random thing before attacking, when there is something to do.
_DAWDLE = 0.6
_SKIPPED = {"end_turn", "retreat", "attack"}


class EasyBot:
    """Learning the game: plays fair moves but misses chances."""

    name = "easy"
    description = "Learning the game: plays fair moves but misses chances."

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        acts = playable(view)
        if len(acts) == 1:
            return acts[0]
        attacks = [a for a in acts if a.type == "attack"]
        others = [a for a in acts if a.type not in _SKIPPED]
        if others and (not attacks or rng.random() < _DAWDLE):
            return rng.choice(others)
        if attacks:
            return rng.choice(attacks)
        ends = [a for a in acts if a.type == "end_turn"]
        return ends[0] if ends else rng.choice(acts)


register(EasyBot)
