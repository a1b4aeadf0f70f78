"""Everything a player can do, as a pydantic discriminated union on ``type``.

What lives here: the action models (the wire contract's ``ActionMessage.action``) and one
``TypeAdapter`` built once. What must not: legality (``legal.py``) or effects (``apply.py``).
Actions are frozen, so they hash and compare by value: ``apply_action`` checks membership in
the enumerated legal set.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    # Value semantics by class and fields. pydantic's generic __eq__ also compares private
    # and extra attributes (actions have none) and costs several microseconds; legality
    # checks compare actions constantly.
    def __eq__(self, other: object) -> bool:
        return other.__class__ is self.__class__ and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((self.__class__, *self.__dict__.values()))


class SetupPlaceAction(_Action):
    """Setup: put a basic creature from hand face down as the Active or on the bench."""

    type: Literal["setup_place"] = "setup_place"
    card_id: str
    position: Literal["active", "bench"]


class SetupDoneAction(_Action):
    """Setup: this player's placement is complete (an Active must be placed)."""

    type: Literal["setup_done"] = "setup_done"


class PlayCreatureAction(_Action):
    """Put a basic creature from hand onto the bench."""

    type: Literal["play_creature"] = "play_creature"
    card_id: str


class EvolveAction(_Action):
    """Put a stage card from hand onto the in-play creature ``target_id`` it evolves from."""

    type: Literal["evolve"] = "evolve"
    card_id: str
    target_id: str


class AttachEnergyAction(_Action):
    """Attach an energy (from the energy zone, or from hand in classic) to a creature."""

    type: Literal["attach_energy"] = "attach_energy"
    card_id: str
    target_id: str


class PlayTrainerAction(_Action):
    """Play an item, supporter, stadium or tool; tools and targeted cards name ``target_id``."""

    type: Literal["play_trainer"] = "play_trainer"
    card_id: str
    target_id: str | None = None


class UseAbilityAction(_Action):
    """Use the activated ability of the in-play creature ``creature_id``."""

    type: Literal["use_ability"] = "use_ability"
    creature_id: str
    target_id: str | None = None


class AttackAction(_Action):
    """Attack with the Active's attack number ``attack_index``; this ends the turn."""

    type: Literal["attack"] = "attack"
    attack_index: int = Field(ge=0)
    target_id: str | None = None


class RetreatAction(_Action):
    """Swap the Active with a benched creature, discarding attached energy to pay the cost."""

    type: Literal["retreat"] = "retreat"
    new_active_id: str
    discard_energy: tuple[str, ...] = ()


class EndTurnAction(_Action):
    type: Literal["end_turn"] = "end_turn"


class PromoteAction(_Action):
    """Forced after a knockout: move a benched creature up to the empty Active spot."""

    type: Literal["promote"] = "promote"
    card_id: str


class ChooseAction(_Action):
    """Answer this player's pending choice with the selected option ids."""

    type: Literal["choose"] = "choose"
    selections: tuple[str, ...] = ()


class ResignAction(_Action):
    """Concede the game; always legal for a player while the game is running."""

    type: Literal["resign"] = "resign"


Action = Annotated[
    SetupPlaceAction
    | SetupDoneAction
    | PlayCreatureAction
    | EvolveAction
    | AttachEnergyAction
    | PlayTrainerAction
    | UseAbilityAction
    | AttackAction
    | RetreatAction
    | EndTurnAction
    | PromoteAction
    | ChooseAction
    | ResignAction,
    Field(discriminator="type"),
]

ACTION_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)

ACTION_TYPES: tuple[str, ...] = (
    "setup_place",
    "setup_done",
    "play_creature",
    "evolve",
    "attach_energy",
    "play_trainer",
    "use_ability",
    "attack",
    "retreat",
    "end_turn",
    "promote",
    "choose",
    "resign",
)
