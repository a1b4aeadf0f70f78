"""Bots: players that see only a ``VisibleGameState`` (they cannot cheat).

Contract: ``Bot.choose(view, rng) -> Action`` returns one of ``view.legal_actions``.
``BOTS`` maps a bot name to its class; ``selfplay`` plays bots against each other.
"""

from mantimon.bots.base import BOTS, Bot, make_bot
from mantimon.bots.greedy import GreedyBot
from mantimon.bots.random_bot import RandomBot
from mantimon.bots.search import ExpertBot, HardBot

__all__ = ["BOTS", "Bot", "ExpertBot", "GreedyBot", "HardBot", "RandomBot", "make_bot"]
