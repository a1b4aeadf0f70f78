"""The rules in force for one game: every number of DESIGN.md §3 and RULES.md as data.

What lives here: ``RulesConfig`` and its two presets. What must not: logic that reads the
rules (that is spread through the engine, always via a ``RulesConfig``, never a literal).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class RulesConfig(BaseModel):
    """All tunable rules. Two presets: ``mantimon`` (default) and ``classic``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    preset: Literal["mantimon", "classic", "custom"] = "mantimon"
    # deck building
    deck_size: int = Field(default=40, ge=1)
    max_copies: int = Field(default=4, ge=1)
    energy_in_deck: bool = False
    energy_deck_size: int = Field(default=20, ge=0)
    # setup
    opening_hand: int = Field(default=7, ge=1)
    bench_size: int = Field(default=5, ge=0)
    prize_count: int = Field(default=0, ge=0)
    # energy
    energy_per_turn: int = Field(default=1, ge=0)
    first_turn_energy: bool = False
    # Whether abilities and trainers may still attach energy on the first player's first
    # turn when ``first_turn_energy`` is off. Off since RULES.md ruled "no energy from any
    # source" on that turn; on only in games dealt before that ruling (see ``card_ids``).
    first_turn_effect_energy: bool = False
    # first turn of the first player
    first_turn_attack: bool = True
    first_turn_supporter: bool = True
    evolve_first_turn: bool = False
    # per turn
    supporters_per_turn: int = Field(default=1, ge=0)
    stadiums_per_turn: int = Field(default=1, ge=0)
    retreats_per_turn: int = Field(default=1, ge=0)
    # winning
    use_prizes: bool = False
    points_to_win: int = Field(default=4, ge=1)
    points_normal: int = Field(default=1, ge=0)
    points_ex: int = Field(default=2, ge=0)
    points_mega: int = Field(default=3, ge=0)
    turn_limit: int | None = Field(default=30, ge=1)
    # damage
    weakness_mode: Literal["add", "multiply"] = "add"
    weakness_bonus: int = 20
    weakness_multiplier: int = 2
    resistance_value: int = 20
    # special conditions
    poison_damage: int = 10
    burn_damage: int = 20
    confusion_damage: int = 30
    # how many recent events a view carries
    view_event_window: int = Field(default=12, ge=0)
    # How card instance ids are dealt (``setup.new_game``). ``opaque``: drawn from the
    # game's RNG (RULES.md "Hidden information"), in every new game. ``positional``
    # (``p1c00``: seat, pile and place in the deck list; no RNG draw): how games were dealt
    # before. Only games stored by then carry it (storage migration 0003 wrote it into
    # their rules, with ``first_turn_effect_energy``), so their action logs, which name
    # those ids, still replay (docs/ENGINE.md "Card ids").
    card_ids: Literal["opaque", "positional"] = "opaque"

    @property
    def effect_energy_on_first_turn(self) -> bool:
        """Whether abilities and trainers may attach energy on the first player's first turn."""
        return self.first_turn_energy or self.first_turn_effect_energy

    @classmethod
    def mantimon(cls) -> RulesConfig:
        return MANTIMON

    @classmethod
    def classic(cls) -> RulesConfig:
        return CLASSIC

    @classmethod
    def preset_named(cls, name: str) -> RulesConfig:
        """The preset called ``name``; raises ``ValueError`` naming the known presets."""
        try:
            return PRESETS[name]
        except KeyError:
            raise ValueError(f"unknown preset '{name}' (known: {', '.join(PRESETS)})") from None


MANTIMON = RulesConfig()

CLASSIC = RulesConfig(
    preset="classic",
    deck_size=60,
    energy_in_deck=True,
    energy_deck_size=0,
    prize_count=6,
    first_turn_energy=True,
    first_turn_attack=False,
    first_turn_supporter=False,
    use_prizes=True,
    points_to_win=6,
    turn_limit=None,
    weakness_mode="multiply",
    resistance_value=30,
)

PRESETS: dict[str, RulesConfig] = {"mantimon": MANTIMON, "classic": CLASSIC}
