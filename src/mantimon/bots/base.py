"""The bot protocol and the registry of bots by name."""

from __future__ import annotations

import random
from typing import Protocol

from mantimon.engine import Action, VisibleGameState


class Bot(Protocol):
    """A player program. It sees exactly what a human in its seat would see."""

    name: str
    # One short line a player reads when picking an opponent (no developer jargon).
    description: str

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        """One of ``view.legal_actions`` (never called when that list is empty)."""
        ...


BOTS: dict[str, type[Bot]] = {}
LEVELS = ("easy", "normal", "hard", "expert")  # the levels offered to players, easiest first


def register(cls: type[Bot]) -> type[Bot]:
    BOTS[cls.name] = cls
    return cls


def make_bot(name: str) -> Bot:
    """A new bot by name; ``ValueError`` lists the known names."""
    try:
        return BOTS[name]()
    except KeyError:
        raise ValueError(f"unknown bot '{name}' (known: {', '.join(sorted(BOTS))})") from None


def playable(view: VisibleGameState) -> list[Action]:
    """The legal actions without resignation (bots never give up)."""
    acts: list[Action] = [a for a in view.legal_actions if a.type != "resign"]
    return acts or list(view.legal_actions)


def describe(name: str) -> str:
    """A bot's one-line description for players (its ``description``; the first line of
    its docstring for a bot registered without one)."""
    cls = BOTS[name]
    text = getattr(cls, "description", None) or cls.__doc__ or name
    return str(text).strip().splitlines()[0]
