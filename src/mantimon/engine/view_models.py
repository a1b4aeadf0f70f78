"""The shapes of what a viewer sees: the ``VisibleGameState`` models.

What lives here: the pydantic models of a view (the wire contract's ``GameStateMessage.state``)
and nothing else. What a viewer may see, and how a view is filled, is ``view`` (the one
visibility function); these models are shared by it and by ``view_parts``, which keeps the
parts of views that last from one state version to the next as model instances too.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from mantimon.cards import EnergyType, Stage, Variant
from mantimon.engine.actions import Action
from mantimon.engine.enums import Condition, GameEndReason, Phase
from mantimon.engine.rules import RulesConfig


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class CardRef(_View):
    """A card instance the viewer may see: its instance id, card id and name."""

    uid: str
    card_id: str
    name: str


class VisibleCreature(_View):
    uid: str
    card_id: str
    name: str
    stage: Stage
    variant: Variant
    type: EnergyType
    hp: int
    damage: int
    retreat_cost: int
    energy: list[CardRef]
    tool: CardRef | None
    conditions: list[Condition]
    below: list[CardRef]
    effects: list[str]
    played_this_turn: bool


class VisiblePlayer(_View):
    player_id: str
    points: int
    hand_count: int
    hand: list[CardRef] | None
    deck_count: int
    prizes_count: int
    discard: list[CardRef]
    energy_deck_count: int
    energy_zone: list[CardRef]
    energy_discard: list[CardRef]
    active: VisibleCreature | None
    bench: list[VisibleCreature]
    setup_done: bool
    mulligans: int
    energy_attached: int
    supporters_played: int
    retreats: int
    # Cards of this player's hand that a card revealed to both players ("reveal it"),
    # while they stay in the hand; shown to every viewer.
    revealed: list[CardRef] = []


class ChoiceOption(_View):
    id: str
    label: str
    card: CardRef | None = None


class VisiblePending(_View):
    kind: str
    prompt: str
    options: list[ChoiceOption]
    min: int
    max: int


class VisibleEvent(_View):
    seq: int
    kind: str
    player: str | None
    text: str
    data: dict[str, Any]
    cards: list[CardRef | None]


class VisibleGameState(_View):
    """One viewer's view of a game (``viewer`` None: a spectator)."""

    viewer: str | None
    rules: RulesConfig
    phase: Phase
    turn: int
    current_player: str
    first_player: str
    players: list[VisiblePlayer]
    stadium: CardRef | None
    stadium_owner: str | None
    waiting_for: list[str]
    pending: VisiblePending | None
    legal_actions: list[Action]
    events: list[VisibleEvent]
    winner: str | None
    end_reason: GameEndReason | None
