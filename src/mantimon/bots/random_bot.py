"""RandomBot: a uniformly random legal action (never resigns). The baseline to beat."""

from __future__ import annotations

import random

from mantimon.bots.base import playable, register
from mantimon.engine import Action, VisibleGameState


class RandomBot:
    """Pure chance: every move is a coin toss."""

    name = "random"
    description = "Pure chance: every move is a coin toss."

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        return rng.choice(playable(view))


register(RandomBot)
