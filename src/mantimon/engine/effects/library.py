"""Importing this module registers every built-in effect handler in ``registry.EFFECTS``."""

from mantimon.engine.effects import (
    attack_math,
    board,
    card_flow,
    disruption,
    movement,
    passives,
)
from mantimon.engine.effects.registry import EFFECTS

__all__ = ["EFFECTS", "attack_math", "board", "card_flow", "disruption", "movement", "passives"]
