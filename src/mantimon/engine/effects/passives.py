"""Passive modifiers carried by tools, stadiums and passive abilities.

What lives here: the value transforms; ``modifiers.py`` decides which creatures each one
reaches (``scope``, ``types``, ``active_only`` in ``ModParams``).
"""

from __future__ import annotations

from mantimon.engine.effects.registry import ModParams, passive


@passive("mod_damage_dealt", "damage_dealt")
def _dealt(value: int, p: ModParams) -> int:
    """Attacks by creatures in scope do ``amount`` more (or less) damage to the Active."""
    return value + p.amount


@passive("mod_damage_taken", "damage_taken")
def _taken(value: int, p: ModParams) -> int:
    """Creatures in scope take ``amount`` more (negative: less) damage from attacks."""
    return value + p.amount


@passive("mod_retreat", "retreat_cost")
def _retreat(value: int, p: ModParams) -> int:
    """Creatures in scope retreat for ``amount`` more (negative: less) energy."""
    return value + p.amount


@passive("mod_hp", "max_hp")
def _hp(value: int, p: ModParams) -> int:
    """Creatures in scope have ``amount`` more (or less) HP."""
    return value + p.amount
