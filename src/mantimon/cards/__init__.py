"""Card definitions as data: the JSON schema, the bundled pool and the loader.

What lives here: pydantic models describing cards and decks, and the code that reads and
validates the bundled JSON. What must not: game rules or effect behaviour (that is the
engine's), anything that imports from a higher layer.
"""

from mantimon.cards.pool import CardPool, CardPoolError, StarterDeck
from mantimon.cards.schema import (
    Ability,
    AbilityKind,
    Attack,
    CardDef,
    CardKind,
    CreatureCard,
    DeckList,
    EffectSpec,
    EnergyCard,
    EnergyType,
    Rarity,
    Stage,
    TargetKind,
    TrainerCard,
    TrainerKind,
    Trigger,
    Variant,
    WeaknessSpec,
)

__all__ = [
    "Ability",
    "AbilityKind",
    "Attack",
    "CardDef",
    "CardKind",
    "CardPool",
    "CardPoolError",
    "CreatureCard",
    "DeckList",
    "EffectSpec",
    "EnergyCard",
    "EnergyType",
    "Rarity",
    "Stage",
    "StarterDeck",
    "TargetKind",
    "TrainerCard",
    "TrainerKind",
    "Trigger",
    "Variant",
    "WeaknessSpec",
]
