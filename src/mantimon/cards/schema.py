"""The JSON shape of cards and decks, as pydantic models (validated once, at load time).

What lives here: card kinds, stages, energy types, attacks, abilities, effect references and
deck lists. What must not: what an effect *does* (the engine registers handlers by effect id)
or any rule that depends on a preset (deck legality lives in the engine's rules).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class EnergyType(StrEnum):
    """Creature types and energy symbols. Colorless is a cost any energy pays."""

    GRASS = "grass"
    FIRE = "fire"
    WATER = "water"
    LIGHTNING = "lightning"
    PSYCHIC = "psychic"
    FIGHTING = "fighting"
    DARKNESS = "darkness"
    METAL = "metal"
    COLORLESS = "colorless"


class CardKind(StrEnum):
    CREATURE = "creature"
    TRAINER = "trainer"
    ENERGY = "energy"


class Stage(StrEnum):
    BASIC = "basic"
    STAGE1 = "stage1"
    STAGE2 = "stage2"


class Variant(StrEnum):
    """Knocking out a normal, ex or mega creature is worth 1 / 2 / 3 points (or prizes)."""

    NORMAL = "normal"
    EX = "ex"
    MEGA = "mega"


class TrainerKind(StrEnum):
    ITEM = "item"
    SUPPORTER = "supporter"
    STADIUM = "stadium"
    TOOL = "tool"


class Rarity(StrEnum):
    COMMON = "common"
    UNCOMMON = "uncommon"
    RARE = "rare"
    EX = "ex"
    MEGA = "mega"


class AbilityKind(StrEnum):
    """Activated abilities are used with an action; passive ones modify the rules while in
    play; triggered ones run by themselves when the rules raise their ``Trigger``."""

    ACTIVATED = "activated"
    PASSIVE = "passive"
    TRIGGERED = "triggered"


class Trigger(StrEnum):
    """The moments a triggered ability answers (docs/ENGINE.md "Triggered abilities" gives
    when each is raised and in which order several run)."""

    PLAYED = "played"  # put into play from the hand: benched, or evolved into this card
    ENERGY_ATTACHED = "energy_attached"  # an energy was attached to this creature
    TURN_START = "turn_start"  # its owner's turn began (after the draw and energy flip)
    DAMAGED = "damaged"  # an attack damaged this creature
    KNOCKED_OUT = "knocked_out"  # this creature was knocked out


class TargetKind(StrEnum):
    """What a card asks its player to point at when it is used.

    The target is part of the action (public information only); choices that depend on hidden
    information (deck searches, looking at the top cards) are pending choices instead.
    """

    OWN_CREATURE = "own_creature"
    OWN_BENCH = "own_bench"
    OWN_DAMAGED = "own_damaged"
    OWN_WITH_ENERGY = "own_with_energy"
    OPP_CREATURE = "opp_creature"
    OPP_BENCH = "opp_bench"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EffectSpec(_Frozen):
    """A reference to an effect handler plus its parameters.

    In JSON an effect is one flat object: ``{"effect": "bench_damage", "amount": 20}``. The
    loader validates the parameters against the handler's own params model and stores the
    parsed model in ``params``, so handlers never re-parse at play time.
    """

    effect: str
    params: Any = None


class Attack(_Frozen):
    name: str = Field(min_length=1)
    cost: tuple[EnergyType, ...] = ()
    damage: int = Field(default=0, ge=0)
    text: str = ""
    effects: tuple[EffectSpec, ...] = ()
    target: TargetKind | None = None

    @field_validator("damage")
    @classmethod
    def _steps_of_ten(cls, value: int) -> int:
        if value % 10:
            raise ValueError("damage is counted in steps of 10")
        return value


class Ability(_Frozen):
    name: str = Field(min_length=1)
    kind: AbilityKind
    text: str = ""
    effects: tuple[EffectSpec, ...] = ()
    per_turn: int = Field(default=1, ge=1)
    target: TargetKind | None = None
    active_only: bool = False
    trigger: Trigger | None = None  # triggered abilities only: the moment it answers

    @model_validator(mode="after")
    def _trigger_fits_kind(self) -> Ability:
        if (self.kind is AbilityKind.TRIGGERED) != (self.trigger is not None):
            raise ValueError("a triggered ability names its trigger; other kinds name none")
        if self.kind is AbilityKind.TRIGGERED and self.target is not None:
            raise ValueError("a triggered ability has no target: nobody chooses when it runs")
        if self.trigger is Trigger.KNOCKED_OUT and self.active_only:
            raise ValueError("a knocked-out creature has left play: 'active_only' never holds")
        return self


class WeaknessSpec(_Frozen):
    """Weakness or resistance. ``mode``/``value`` override the preset for this card only."""

    type: EnergyType
    mode: Literal["add", "multiply"] | None = None
    value: int | None = None


class _CardBase(_Frozen):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str = Field(min_length=1)
    rarity: Rarity = Rarity.COMMON
    flavor: str = ""


class CreatureCard(_CardBase):
    kind: Literal[CardKind.CREATURE] = CardKind.CREATURE
    stage: Stage = Stage.BASIC
    variant: Variant = Variant.NORMAL
    type: EnergyType
    hp: int = Field(gt=0)
    evolves_from: str | None = None
    attacks: tuple[Attack, ...] = ()
    ability: Ability | None = None
    weakness: WeaknessSpec | None = None
    resistance: WeaknessSpec | None = None
    retreat: int = Field(default=1, ge=0)

    @field_validator("hp")
    @classmethod
    def _hp_steps(cls, value: int) -> int:
        if value % 10:
            raise ValueError("hp is counted in steps of 10")
        return value


class TrainerCard(_CardBase):
    kind: Literal[CardKind.TRAINER] = CardKind.TRAINER
    trainer: TrainerKind
    text: str = ""
    effects: tuple[EffectSpec, ...] = ()
    target: TargetKind | None = None


class EnergyCard(_CardBase):
    kind: Literal[CardKind.ENERGY] = CardKind.ENERGY
    energy_type: EnergyType
    basic: bool = True


CardDef = Annotated[CreatureCard | TrainerCard | EnergyCard, Field(discriminator="kind")]


class DeckList(_Frozen):
    """A deck as the engine takes it: card ids with repeats, plus the separate energy deck."""

    cards: tuple[str, ...]
    energy: tuple[str, ...] = ()

    @classmethod
    def from_counts(cls, cards: dict[str, int], energy: dict[str, int] | None = None) -> DeckList:
        """Expand ``{"card-id": count}`` maps (the JSON form of decks) into a deck list."""
        return cls(
            cards=tuple(cid for cid, n in cards.items() for _ in range(n)),
            energy=tuple(cid for cid, n in (energy or {}).items() for _ in range(n)),
        )
