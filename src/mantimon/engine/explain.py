"""Why an action was refused, as a protocol code and a sentence a player understands.

What lives here: diagnosis only, run after ``legal`` has already said no. The codes follow
DESIGN.md §3: ``not_your_turn`` (someone else must act), ``action_not_allowed`` (a legal kind
of action at the wrong moment, e.g. a second supporter) and ``invalid_action`` (the action
names cards or targets that make it impossible).

A sentence names a card only when the refused player may see that card right now
(``view.visible_cards``, the engine's one notion of visibility); any other id is echoed as
given, so probing with the ids of hidden cards learns nothing (RULES.md "Hidden
information"). Every other part of a sentence reads only what that player can see.
"""

from __future__ import annotations

from mantimon.cards import CreatureCard, EffectSpec, EnergyCard, TrainerCard, TrainerKind
from mantimon.engine import legal
from mantimon.engine.actions import (
    Action,
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EvolveAction,
    PlayCreatureAction,
    PlayTrainerAction,
    PromoteAction,
    RetreatAction,
    SetupPlaceAction,
    UseAbilityAction,
)
from mantimon.engine.enums import ActionErrorCode, Phase
from mantimon.engine.errors import IllegalAction
from mantimon.engine.state import GameState
from mantimon.engine.view import visible_cards

NOT_YOURS = ActionErrorCode.NOT_YOUR_TURN
NOT_NOW = ActionErrorCode.ACTION_NOT_ALLOWED
INVALID = ActionErrorCode.INVALID_ACTION
FIRST_TURN_ENERGY = "the first player may not attach energy on the first turn"


def refuse(state: GameState, seat: int, action: Action) -> IllegalAction:
    """The error to raise for an action ``legal`` did not list."""
    code, message = _diagnose(state, seat, action)
    return IllegalAction(code, message)


def _name(state: GameState, seat: int, uid: str) -> str:
    """A card as ``seat`` may read it: its name when they can see it now, else the id as
    they sent it (a hidden card and an id no game dealt read the same)."""
    if uid in visible_cards(state, seat):
        return f"'{state.defn(uid).name}' ({uid})"
    return _echo(uid)


ECHO_LIMIT = 24


def _echo(sent: str | None) -> str:
    """A string the client sent, quoted and cut to ``ECHO_LIMIT`` characters: card ids are
    4, so a refusal never repeats (nor makes anyone store) a long string back."""
    if sent is None:
        return "no target"
    return f"'{sent[:ECHO_LIMIT]}…'" if len(sent) > ECHO_LIMIT else f"'{sent}'"


def _diagnose(state: GameState, seat: int, action: Action) -> tuple[ActionErrorCode, str]:
    if state.phase is Phase.GAME_OVER:
        return NOT_NOW, "the game is over"
    owed = legal.owed_decision(state, seat)
    waiting = legal.waiting_for(state)
    if owed is None and seat not in waiting:
        other = state.players[waiting[0]].id if waiting else "the other player"
        if state.pending:
            return NOT_YOURS, f"waiting for {other} to answer a decision"
        return NOT_YOURS, f"it is {other}'s turn"
    if owed is not None:
        if action.type not in ("promote", "choose"):
            what = "promote a benched creature" if owed.kind == "promote" else "answer a choice"
            return NOT_NOW, f"you must first {what}: {owed.prompt}"
        if owed.kind == "promote" and not isinstance(action, PromoteAction):
            return NOT_NOW, "you must promote a benched creature (a 'promote' action)"
        if owed.kind == "choice" and not isinstance(action, ChooseAction):
            return NOT_NOW, "you must answer your pending choice (a 'choose' action)"
        if isinstance(action, PromoteAction):
            return (
                INVALID,
                f"{_name(state, seat, action.card_id)} is not one of your benched creatures",
            )
        return INVALID, "the selection does not match the choice's options"
    if action.type in ("promote", "choose"):
        return NOT_NOW, "there is no pending decision for you to answer"
    if state.phase is Phase.SETUP:
        return _setup(state, seat, action)
    if action.type in ("setup_place", "setup_done"):
        return NOT_NOW, "setup is over"
    return _main(state, seat, action)


def _setup(state: GameState, seat: int, action: Action) -> tuple[ActionErrorCode, str]:
    p = state.players[seat]
    if action.type not in ("setup_place", "setup_done"):
        return NOT_NOW, "during setup you may only place basic creatures and finish placement"
    if p.setup_done:
        return NOT_NOW, "your setup is already complete"
    if action.type == "setup_done":
        return NOT_NOW, "place an Active creature before finishing setup"
    assert isinstance(action, SetupPlaceAction)
    if action.card_id not in p.hand:
        return INVALID, f"{_name(state, seat, action.card_id)} is not in your hand"
    if not legal.is_basic(state, action.card_id):
        return INVALID, f"{_name(state, seat, action.card_id)} is not a basic creature"
    if action.position == "bench" and p.active is None:
        return NOT_NOW, "place your Active first"
    if action.position == "active" and p.active is not None:
        return NOT_NOW, "you already placed an Active"
    return NOT_NOW, "your bench is full"


def _main(state: GameState, seat: int, action: Action) -> tuple[ActionErrorCode, str]:
    p = state.players[seat]
    if state.phase is not Phase.MAIN:
        return NOT_NOW, "the turn is ending; no more actions this turn"
    if isinstance(action, PlayCreatureAction):
        if action.card_id not in p.hand:
            return INVALID, f"{_name(state, seat, action.card_id)} is not in your hand"
        if not legal.is_basic(state, action.card_id):
            return (
                INVALID,
                f"{_name(state, seat, action.card_id)} is not a basic creature (evolve it instead)",
            )
        return NOT_NOW, "your bench is full"
    if isinstance(action, EvolveAction):
        return _evolve(state, seat, action)
    if isinstance(action, AttachEnergyAction):
        if not legal.may_attach(state, seat):
            if legal.first_turn(state) and not state.rules.first_turn_energy:
                return NOT_NOW, FIRST_TURN_ENERGY
            return NOT_NOW, "you already attached energy this turn"
        if action.card_id not in legal.energy_sources(state, seat):
            where = "your hand" if state.rules.energy_in_deck else "your energy zone"
            return INVALID, f"{_name(state, seat, action.card_id)} is not an energy in {where}"
        return (
            INVALID,
            f"{_name(state, seat, action.target_id)} is not one of your creatures in play",
        )
    if isinstance(action, PlayTrainerAction):
        return _trainer(state, seat, action)
    if isinstance(action, UseAbilityAction):
        return _ability(state, seat, action)
    if isinstance(action, RetreatAction):
        why = legal.retreat_block(state, seat)
        if why:
            return NOT_NOW, why
        if not any(c.uid == action.new_active_id for c in p.bench):
            return INVALID, f"{_name(state, seat, action.new_active_id)} is not on your bench"
        return INVALID, "the discarded energy must be exactly the retreat cost, from the Active"
    if isinstance(action, AttackAction):
        why = legal.attack_block(state, seat)
        if why:
            return NOT_NOW, why
        active = p.active
        assert active is not None
        attacks = state.creature_def(active).attacks
        if action.attack_index >= len(attacks):
            return (
                INVALID,
                f"the Active has {len(attacks)} attack(s); "
                f"there is no attack {action.attack_index}",
            )
        attack = attacks[action.attack_index]
        if not legal.cost_paid(attack.cost, legal.energy_types(state, active)):
            return NOT_NOW, f"not enough energy for '{attack.name}'"
        return INVALID, f"'{attack.name}' cannot target {_echo(action.target_id)}"
    return INVALID, "this action is not possible now"


def _evolve(state: GameState, seat: int, action: EvolveAction) -> tuple[ActionErrorCode, str]:
    p = state.players[seat]
    if action.card_id not in p.hand:
        return INVALID, f"{_name(state, seat, action.card_id)} is not in your hand"
    card = state.defn(action.card_id)
    if not isinstance(card, CreatureCard) or card.evolves_from is None:
        return INVALID, f"{_name(state, seat, action.card_id)} is not an evolution card"
    if not legal.can_evolve_now(state):
        return NOT_NOW, "no creature may evolve during either player's first turn"
    found = state.find(action.target_id)
    if found is None or found[0] != seat:
        return (
            INVALID,
            f"{_name(state, seat, action.target_id)} is not one of your creatures in play",
        )
    target = found[1]
    named = _name(state, seat, target.uid)
    if state.defn(target.uid).name != card.evolves_from:
        return INVALID, f"'{card.name}' evolves from '{card.evolves_from}', not {named}"
    return NOT_NOW, f"{named} came into play or evolved this turn"


def _trainer(state: GameState, seat: int, action: PlayTrainerAction) -> tuple[ActionErrorCode, str]:
    p = state.players[seat]
    if action.card_id not in p.hand:
        return INVALID, f"{_name(state, seat, action.card_id)} is not in your hand"
    card = state.defn(action.card_id)
    if isinstance(card, EnergyCard):
        return INVALID, f"{_name(state, seat, action.card_id)} is an energy; attach it instead"
    if not isinstance(card, TrainerCard):
        return INVALID, f"{_name(state, seat, action.card_id)} is not a trainer card"
    why = legal.trainer_block(state, seat, card)
    if why:
        return NOT_NOW, why
    if card.trainer is TrainerKind.TOOL:
        found = state.find(action.target_id or "")
        if found is None or found[0] != seat:
            return INVALID, "a tool must name one of your creatures in play as its target"
        return INVALID, f"{_name(state, seat, found[1].uid)} already has a tool attached"
    if card.target is not None and action.target_id is None:
        return INVALID, f"'{card.name}' needs a target ({card.target.value})"
    if card.target is None and action.target_id is not None:
        return INVALID, f"'{card.name}' takes no target"
    if _only_attaches_now_forbidden(state, card.effects):
        return NOT_NOW, FIRST_TURN_ENERGY
    return (
        NOT_NOW,
        f"'{card.name}' cannot be played now (no valid target or it would have no effect)",
    )


def _ability(state: GameState, seat: int, action: UseAbilityAction) -> tuple[ActionErrorCode, str]:
    found = state.find(action.creature_id)
    if found is None or found[0] != seat:
        return (
            INVALID,
            f"{_name(state, seat, action.creature_id)} is not one of your creatures in play",
        )
    card = state.creature_def(found[1])
    if card.ability is None or card.ability.kind != "activated":
        return INVALID, f"'{card.name}' has no ability you can use"
    if state.players[seat].ability_uses.get(found[1].uid, 0) >= card.ability.per_turn:
        return NOT_NOW, f"'{card.ability.name}' was already used this turn"
    if card.ability.active_only and state.players[seat].active is not found[1]:
        return NOT_NOW, f"'{card.ability.name}' works only while the creature is Active"
    if _only_attaches_now_forbidden(state, card.ability.effects):
        return NOT_NOW, FIRST_TURN_ENERGY
    return NOT_NOW, f"'{card.ability.name}' cannot be used now (no valid target or no effect)"


def _only_attaches_now_forbidden(state: GameState, effects: tuple[EffectSpec, ...]) -> bool:
    """True when ``effects`` only attach energy and this is the first player's first turn
    without energy (RULES.md: no energy from any source then, abilities included)."""
    return (
        legal.first_turn(state)
        and not state.rules.effect_energy_on_first_turn
        and all(spec.effect == "accelerate" for spec in effects)
    )
