"""The card pool as the engine sees it: bundled JSON checked against the effect registry.

What lives here: building a ``CardPool`` with every effect id and parameter validated against
the registry, including which effects ask the player a question (those must end their list).
What must not: card data itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from pydantic import BaseModel

from mantimon.cards import AbilityKind, CardPool, CardPoolError
from mantimon.cards.pool import bundled_files
from mantimon.engine.effects.library import EFFECTS


def effect_params() -> dict[str, type[BaseModel]]:
    """Every effect id a card may name, with its parameter model (what the loader checks)."""
    return {eid: h.params for eid, h in EFFECTS.items() if not h.internal}


def load_pool(
    card_files: Iterable[tuple[str, str]], deck_files: Iterable[tuple[str, str]] = ()
) -> CardPool:
    """Load and validate a pool from ``(file name, JSON text)`` pairs."""
    asks = frozenset(eid for eid, h in EFFECTS.items() if h.resume is not None)
    pool = CardPool.load(card_files, effect_params(), deck_files, asks)
    _check_triggered(pool)
    return pool


def _check_triggered(pool: CardPool) -> None:
    """A triggered ability runs its effects like an activated one: each must be an effect
    that does something when run, not a passive modifier (which only answers queries)."""
    for card in pool:
        ability = getattr(card, "ability", None)
        if ability is None or ability.kind is not AbilityKind.TRIGGERED:
            continue
        for spec in ability.effects:
            if EFFECTS[spec.effect].run is None:
                raise CardPoolError(
                    f"{card.id}: ability '{ability.name}' is triggered, but '{spec.effect}'"
                    " is a passive modifier: it never runs"
                )


@functools.cache
def default_pool() -> CardPool:
    """The bundled pool and starter decks, loaded once per process."""
    return load_pool(bundled_files("data"), bundled_files("decks"))
