"""Legality: the single source of what a player may do now.

What lives here: one enumerator per action type, ``legal_actions`` (everything a player may
do, targets included), ``owed_decision`` (who the game waits for) and the small predicates
they share with ``explain``. What must not: changing the state. ``apply_action`` accepts an
action only if it is enumerated here (retreat and choose answers, whose interchangeable
energy/cards are listed once per kind of card, are checked structurally instead).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import combinations_with_replacement

from mantimon.cards import (
    AbilityKind,
    CreatureCard,
    EnergyCard,
    EnergyType,
    Stage,
    TargetKind,
    TrainerCard,
    TrainerKind,
)
from mantimon.engine import modifiers
from mantimon.engine.actions import (
    Action,
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EndTurnAction,
    EvolveAction,
    PlayCreatureAction,
    PlayTrainerAction,
    PromoteAction,
    ResignAction,
    RetreatAction,
    SetupDoneAction,
    SetupPlaceAction,
    UseAbilityAction,
)
from mantimon.engine.effects.library import EFFECTS
from mantimon.engine.effects.registry import Ctx
from mantimon.engine.enums import Condition, Phase
from mantimon.engine.state import Creature, GameState, Pending

RESIGN = ResignAction()
END_TURN = EndTurnAction()
SETUP_DONE = SetupDoneAction()


def owed_decision(state: GameState, seat: int) -> Pending | None:
    """The pending decision ``seat`` must answer now, if any.

    In play, pending decisions are answered strictly in queue order. During setup both
    players act independently, so each answers their own first entry.
    """
    if not state.pending:
        return None
    if state.phase is Phase.SETUP:
        return next((q for q in state.pending if q.seat == seat), None)
    head = state.pending[0]
    return head if head.seat == seat else None


def waiting_for(state: GameState) -> list[int]:
    """The seats the game waits for (public: who, never what they are deciding)."""
    if state.phase is Phase.GAME_OVER:
        return []
    if state.phase is Phase.SETUP:
        return [
            s
            for s, p in enumerate(state.players)
            if not p.setup_done or any(q.seat == s for q in state.pending)
        ]
    if state.pending:
        return [state.pending[0].seat]
    return [state.current]


def legal_actions(state: GameState, player_id: str) -> list[Action]:
    """Every action ``player_id`` may take now, targets included (resign is always there)."""
    seat = state.seat_of(player_id)
    if seat is None or state.phase is Phase.GAME_OVER:
        return []
    out = legal_for_seat(state, seat)
    out.append(RESIGN)
    return out


def legal_for_seat(state: GameState, seat: int) -> list[Action]:
    """Like ``legal_actions`` without resignation (what bots and the timer choose among)."""
    if state.phase is Phase.GAME_OVER:
        return []
    owed = owed_decision(state, seat)
    if owed is not None:
        return answers(state, owed)
    if state.phase is Phase.SETUP:
        return _setup_actions(state, seat)
    if state.pending or state.phase is not Phase.MAIN or seat != state.current:
        return []
    out: list[Action] = []
    for enumerate_ in MAIN_ENUMERATORS.values():
        out.extend(enumerate_(state, seat))
    out.append(END_TURN)
    return out


def of_type(state: GameState, seat: int, action_type: str) -> list[Action]:
    """The legal actions of one type (what ``apply_action`` checks membership against)."""
    if state.phase is Phase.GAME_OVER:
        return []
    owed = owed_decision(state, seat)
    if owed is not None:
        return answers(state, owed) if action_type in ("promote", "choose") else []
    if state.phase is Phase.SETUP:
        return [a for a in _setup_actions(state, seat) if a.type == action_type]
    if state.pending or state.phase is not Phase.MAIN or seat != state.current:
        return []
    if action_type == "end_turn":
        return [END_TURN]
    enumerate_ = MAIN_ENUMERATORS.get(action_type)
    return list(enumerate_(state, seat)) if enumerate_ is not None else []


# --- setup -------------------------------------------------------------------------------


def is_basic(state: GameState, uid: str) -> bool:
    card = state.defn(uid)
    return isinstance(card, CreatureCard) and card.stage is Stage.BASIC


def _setup_actions(state: GameState, seat: int) -> list[Action]:
    p = state.players[seat]
    if p.setup_done:
        return []
    basics = [uid for uid in p.hand if is_basic(state, uid)]
    if p.active is None:
        return [SetupPlaceAction(card_id=uid, position="active") for uid in basics]
    out: list[Action] = []
    if len(p.bench) < state.rules.bench_size:
        out.extend(SetupPlaceAction(card_id=uid, position="bench") for uid in basics)
    out.append(SETUP_DONE)
    return out


# --- pending answers ------------------------------------------------------------------------


def answers(state: GameState, q: Pending) -> list[Action]:
    """The answers to a pending decision; identical cards are offered once per card kind."""
    if q.kind == "promote":
        return [PromoteAction(card_id=uid) for uid in q.options]
    groups: dict[str, list[str]] = {}
    for opt in q.options:
        key = state.card_of.get(opt, opt)
        groups.setdefault(key, []).append(opt)
    keys = sorted(groups)
    out: list[Action] = []
    for size in range(q.min, q.max + 1):
        for combo in combinations_with_replacement(keys, size):
            picks = _take(groups, combo)
            if picks is not None:
                out.append(ChooseAction(selections=tuple(picks)))
    return out


def _take(groups: dict[str, list[str]], combo: tuple[str, ...]) -> list[str] | None:
    used: dict[str, int] = {}
    picks = []
    for key in combo:
        i = used.get(key, 0)
        if i >= len(groups[key]):
            return None
        picks.append(groups[key][i])
        used[key] = i + 1
    return picks


# --- main phase ---------------------------------------------------------------------------


def first_turn(state: GameState) -> bool:
    """True on the first player's very first turn."""
    return state.turn == 1


def can_evolve_now(state: GameState) -> bool:
    return state.rules.evolve_first_turn or state.turn > 2


def _play_creature(state: GameState, seat: int) -> Iterator[Action]:
    p = state.players[seat]
    if len(p.bench) >= state.rules.bench_size:
        return
    for uid in p.hand:
        if is_basic(state, uid):
            yield PlayCreatureAction(card_id=uid)


def evolves_onto(state: GameState, card: CreatureCard, c: Creature) -> bool:
    below = state.pool.cards[c.card]
    return (
        card.evolves_from == below.name
        and isinstance(below, CreatureCard)
        and c.since_turn < state.turn
    )


def _evolve(state: GameState, seat: int) -> Iterator[Action]:
    if not can_evolve_now(state):
        return
    p = state.players[seat]
    in_play = p.in_play()
    for uid in p.hand:
        card = state.defn(uid)
        if isinstance(card, CreatureCard) and card.stage is not Stage.BASIC:
            for c in in_play:
                if evolves_onto(state, card, c):
                    yield EvolveAction(card_id=uid, target_id=c.uid)


def energy_sources(state: GameState, seat: int) -> list[str]:
    p = state.players[seat]
    if not state.rules.energy_in_deck:
        return p.energy_zone
    return [uid for uid in p.hand if isinstance(state.defn(uid), EnergyCard)]


def may_attach(state: GameState, seat: int) -> bool:
    p = state.players[seat]
    if p.energy_attached >= state.rules.energy_per_turn:
        return False
    return not (first_turn(state) and not state.rules.first_turn_energy)


def _attach(state: GameState, seat: int) -> Iterator[Action]:
    if not may_attach(state, seat):
        return
    targets = state.players[seat].in_play()
    for uid in energy_sources(state, seat):
        for c in targets:
            yield AttachEnergyAction(card_id=uid, target_id=c.uid)


def target_candidates(state: GameState, seat: int, kind: TargetKind) -> list[Creature]:
    me, opp = state.players[seat], state.players[1 - seat]
    if kind is TargetKind.OWN_CREATURE:
        return me.in_play()
    if kind is TargetKind.OWN_BENCH:
        return me.bench[:]
    if kind is TargetKind.OWN_DAMAGED:
        return [c for c in me.in_play() if c.damage > 0]
    if kind is TargetKind.OWN_WITH_ENERGY:
        return [c for c in me.in_play() if c.energy]
    if kind is TargetKind.OPP_CREATURE:
        return opp.in_play()
    return opp.bench[:]


def usable(ctx: Ctx, effects: tuple[object, ...]) -> bool:
    """Every effect's ``can_use`` agrees (effects without one always agree)."""
    for spec in effects:
        handler = EFFECTS[spec.effect]  # type: ignore[attr-defined]
        if handler.can_use is not None and not handler.can_use(ctx, spec.params):  # type: ignore[attr-defined]
            return False
    return True


def trainer_block(state: GameState, seat: int, card: TrainerCard) -> str | None:
    """Why a trainer of this kind may not be played now (None when it may)."""
    p = state.players[seat]
    if card.trainer is TrainerKind.SUPPORTER:
        if p.supporters_played >= state.rules.supporters_per_turn:
            return "you already played a supporter this turn"
        if first_turn(state) and not state.rules.first_turn_supporter:
            return "the first player may not play a supporter on the first turn"
    if card.trainer is TrainerKind.STADIUM:
        if p.stadiums_played >= state.rules.stadiums_per_turn:
            return "you already played a stadium this turn"
        if state.stadium is not None and state.defn(state.stadium).name == card.name:
            return f"'{card.name}' is already the stadium in play"
    return None


def _targets(
    state: GameState, seat: int, kind: TargetKind | None, required: bool
) -> list[Creature | None]:
    if kind is None:
        return [None]
    found: list[Creature | None] = list(target_candidates(state, seat, kind))
    if not found and not required:
        return [None]
    return found


def _ctx_for(
    state: GameState, seat: int, source: str, creature: Creature | None, target: Creature | None
) -> Ctx:
    target_seat = None
    if target is not None:
        located = state.find(target.uid)
        target_seat = located[0] if located else None
    return Ctx(state, seat, source, creature=creature, target=target, target_seat=target_seat)


def _play_trainer(state: GameState, seat: int) -> Iterator[Action]:
    p = state.players[seat]
    for uid in p.hand:
        card = state.defn(uid)
        if not isinstance(card, TrainerCard) or trainer_block(state, seat, card) is not None:
            continue
        if card.trainer is TrainerKind.TOOL:
            for c in p.in_play():
                if c.tool is None:
                    yield PlayTrainerAction(card_id=uid, target_id=c.uid)
            continue
        for target in _targets(state, seat, card.target, required=True):
            if usable(_ctx_for(state, seat, uid, None, target), card.effects):
                yield PlayTrainerAction(card_id=uid, target_id=target.uid if target else None)


def _use_ability(state: GameState, seat: int) -> Iterator[Action]:
    p = state.players[seat]
    for c in p.in_play():
        card = state.pool.cards[c.card]
        if not isinstance(card, CreatureCard) or card.ability is None:
            continue
        ability = card.ability
        if (
            ability.kind is not AbilityKind.ACTIVATED
            or p.ability_uses.get(c.uid, 0) >= ability.per_turn
        ):
            continue
        if ability.active_only and c is not p.active:
            continue
        for target in _targets(state, seat, ability.target, required=True):
            if usable(_ctx_for(state, seat, c.uid, c, target), ability.effects):
                yield UseAbilityAction(creature_id=c.uid, target_id=target.uid if target else None)


def cannot_act_reason(c: Creature) -> str | None:
    if c.special is Condition.ASLEEP:
        return "asleep"
    if c.special is Condition.PARALYZED:
        return "paralyzed"
    return None


def retreat_block(state: GameState, seat: int) -> str | None:
    """Why the Active may not retreat now (None when it may)."""
    p = state.players[seat]
    if p.active is None or not p.bench:
        return "there is no benched creature to swap with"
    if p.retreats >= state.rules.retreats_per_turn:
        return "you already retreated this turn"
    why = cannot_act_reason(p.active)
    if why:
        return f"the Active is {why}"
    if modifiers.has_marker(p.active, "cant_retreat"):
        return "an effect prevents the Active from retreating this turn"
    if len(p.active.energy) < modifiers.retreat_cost(state, seat, p.active):
        return "not enough energy attached to pay the retreat cost"
    return None


def _retreat(state: GameState, seat: int) -> Iterator[Action]:
    if retreat_block(state, seat) is not None:
        return
    p = state.players[seat]
    active = p.active
    assert active is not None
    cost = modifiers.retreat_cost(state, seat, active)
    groups: dict[str, list[str]] = {}
    for uid in active.energy:
        groups.setdefault(state.card_of[uid], []).append(uid)
    payments = [
        tuple(pick)
        for combo in combinations_with_replacement(sorted(groups), cost)
        if (pick := _take(groups, combo)) is not None
    ]
    for c in p.bench:
        for pay in payments:
            yield RetreatAction(new_active_id=c.uid, discard_energy=pay)


def energy_types(state: GameState, c: Creature) -> list[EnergyType]:
    out = []
    for uid in c.energy:
        card = state.pool.cards[state.card_of[uid]]
        assert isinstance(card, EnergyCard)
        out.append(card.energy_type)
    return out


def cost_paid(cost: tuple[EnergyType, ...], attached: list[EnergyType]) -> bool:
    """Typed symbols need their own type; colorless is paid by whatever is left."""
    pool = list(attached)
    colorless = 0
    for symbol in cost:
        if symbol is EnergyType.COLORLESS:
            colorless += 1
        elif symbol in pool:
            pool.remove(symbol)
        else:
            return False
    return len(pool) >= colorless


def attack_block(state: GameState, seat: int) -> str | None:
    """Why the Active may not attack at all now (None when it may)."""
    p = state.players[seat]
    if p.active is None:
        return "you have no Active creature"
    if first_turn(state) and not state.rules.first_turn_attack:
        return "the first player may not attack on the first turn"
    why = cannot_act_reason(p.active)
    if why:
        return f"the Active is {why}"
    if modifiers.has_marker(p.active, "cant_attack"):
        return "an effect prevents the Active from attacking this turn"
    return None


def _attack(state: GameState, seat: int) -> Iterator[Action]:
    if attack_block(state, seat) is not None:
        return
    active = state.players[seat].active
    assert active is not None
    card = state.creature_def(active)
    attached = energy_types(state, active)
    for i, attack in enumerate(card.attacks):
        if not cost_paid(attack.cost, attached):
            continue
        for target in _targets(state, seat, attack.target, required=False):
            yield AttackAction(attack_index=i, target_id=target.uid if target else None)


MAIN_ENUMERATORS: dict[str, Callable[[GameState, int], Iterator[Action]]] = {
    "play_creature": _play_creature,
    "evolve": _evolve,
    "attach_energy": _attach,
    "play_trainer": _play_trainer,
    "use_ability": _use_ability,
    "retreat": _retreat,
    "attack": _attack,
}
