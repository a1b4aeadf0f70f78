"""Bots: players that see only a ``VisibleGameState`` (they cannot cheat).

Contract: ``Bot.choose(view, rng) -> Action`` returns one of ``view.legal_actions``.
``BOTS`` maps a bot name to its class; ``selfplay`` plays bots against each other.
The levels a player picks: ``easy`` (EasyBot) and ``normal`` (CarefulBot), rule players;
``hard`` (HardBot) and ``expert`` (ExpertBot), searches over sampled hidden information
(``search``); ``greedy`` and ``random`` stay as yardsticks.
"""

from mantimon.bots.base import BOTS, LEVELS, Bot, describe, make_bot
from mantimon.bots.careful import CarefulBot
from mantimon.bots.easy import EasyBot
from mantimon.bots.greedy import GreedyBot
from mantimon.bots.random_bot import RandomBot
from mantimon.bots.search import ExpertBot, HardBot

__all__ = [
    "BOTS",
    "LEVELS",
    "Bot",
    "CarefulBot",
    "EasyBot",
    "ExpertBot",
    "GreedyBot",
    "HardBot",
    "RandomBot",
    "describe",
    "make_bot",
]
