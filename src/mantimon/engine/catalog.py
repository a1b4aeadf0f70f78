"""The card pool as the engine sees it: bundled JSON checked against the effect registry.

What lives here: building a ``CardPool`` with every effect id and parameter validated, and
the engine-level checks the cards layer cannot make (an effect that asks the player a
question must be the last of its list). What must not: card data itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from mantimon.cards import CardPool, CardPoolError, CreatureCard, EffectSpec, TrainerCard
from mantimon.cards.pool import bundled_files
from mantimon.engine.effects.library import EFFECTS


def effect_params() -> dict[str, type]:
    """Every registered effect id with its parameter model (what the loader validates)."""
    return {eid: h.params for eid, h in EFFECTS.items()}


def load_pool(
    card_files: Iterable[tuple[str, str]], deck_files: Iterable[tuple[str, str]] = ()
) -> CardPool:
    """Load and validate a pool from ``(file name, JSON text)`` pairs."""
    pool = CardPool.load(card_files, effect_params(), deck_files)
    for card in pool:
        for where, effects in _effect_lists(card):
            _check_list(card.id, where, effects)
    return pool


@functools.cache
def default_pool() -> CardPool:
    """The bundled pool and starter decks, loaded once per process."""
    return load_pool(bundled_files("data"), bundled_files("decks"))


def _effect_lists(card: object) -> list[tuple[str, tuple[EffectSpec, ...]]]:
    if isinstance(card, CreatureCard):
        out = [(f"attacks[{i}]", a.effects) for i, a in enumerate(card.attacks)]
        if card.ability is not None:
            out.append(("ability", card.ability.effects))
        return out
    if isinstance(card, TrainerCard):
        return [("effects", card.effects)]
    return []


def _check_list(card_id: str, where: str, effects: tuple[EffectSpec, ...]) -> None:
    for i, spec in enumerate(effects):
        handler = EFFECTS[spec.effect]
        if handler.resume is not None and i != len(effects) - 1:
            raise CardPoolError(
                f"card '{card_id}': {where}.effects[{i}] ({spec.effect}) asks the player a "
                "question, so it must be the last effect of its list"
            )
