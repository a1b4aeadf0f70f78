"""Bots: players that see only a ``VisibleGameState`` (they cannot cheat).

Contract: ``Bot.choose(view, rng) -> Action`` returns one of ``view.legal_actions``.
``BOTS`` maps a bot name to its class; ``selfplay`` plays bots against each other.
The levels a player picks: ``easy`` (EasyBot) and ``normal`` (CarefulBot) here; ``greedy``
and ``random`` stay as yardsticks.
"""

from mantimon.bots.base import BOTS, LEVELS, Bot, describe, make_bot
from mantimon.bots.careful import CarefulBot
from mantimon.bots.easy import EasyBot
from mantimon.bots.greedy import GreedyBot
from mantimon.bots.random_bot import RandomBot

__all__ = [
    "BOTS",
    "LEVELS",
    "Bot",
    "CarefulBot",
    "EasyBot",
    "GreedyBot",
    "RandomBot",
    "describe",
    "make_bot",
]
