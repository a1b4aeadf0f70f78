"""Legality: the single source of what a player may do now.

What lives here: one enumerator per action type, ``legal_actions`` (everything a player may
do, targets included), ``owed_decision`` (who the game waits for) and the small predicates
they share with ``explain``. What must not: changing the state. ``apply_action`` accepts an
action only if it is enumerated here (retreat and choose answers, whose interchangeable
energy/cards are listed once per kind of card, are checked structurally instead).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations_with_replacement
from typing import Any

from mantimon.cards import (
    CardPool,
    CreatureCard,
    EffectSpec,
    EnergyType,
    TargetKind,
    TrainerCard,
    TrainerKind,
)
from mantimon.engine import modifiers
from mantimon.engine.actions import (
    Action,
    EndTurnAction,
    ResignAction,
    SetupDoneAction,
)
from mantimon.engine.built import Built, built
from mantimon.engine.effects.library import EFFECTS
from mantimon.engine.effects.registry import Ctx
from mantimon.engine.enums import Condition, Phase
from mantimon.engine.state import Creature, GameState, Pending, PlayerState

# Enum members as module constants: reading one off its class is not specialised by the
# interpreter and costs several times a global's lookup, on paths run every enumeration.
_MAIN_PHASE = Phase.MAIN
_SETUP = Phase.SETUP
_OVER = Phase.GAME_OVER
_TOOL = TrainerKind.TOOL
_ITEM = TrainerKind.ITEM
_SUPPORTER = TrainerKind.SUPPORTER
_STADIUM = TrainerKind.STADIUM
_ASLEEP = Condition.ASLEEP
_PARALYZED = Condition.PARALYZED
_OWN_CREATURE = TargetKind.OWN_CREATURE
_OWN_BENCH = TargetKind.OWN_BENCH
_OWN_DAMAGED = TargetKind.OWN_DAMAGED
_OWN_WITH_ENERGY = TargetKind.OWN_WITH_ENERGY
_OPP_CREATURE = TargetKind.OPP_CREATURE
_OPP_BENCH = TargetKind.OPP_BENCH

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
    if state.phase is _SETUP:
        return next((q for q in state.pending if q.seat == seat), None)
    head = state.pending[0]
    return head if head.seat == seat else None


def waiting_for(state: GameState) -> list[int]:
    """The seats the game waits for (public: who, never what they are deciding)."""
    if state.phase is _OVER:
        return []
    if state.phase is _SETUP:
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
    return [] if seat is None else seat_actions(state, seat)


def seat_actions(state: GameState, seat: int) -> list[Action]:
    """``legal_actions`` for the player in ``seat`` (for callers that know the seat)."""
    if state.phase is _OVER:
        return []
    out = legal_for_seat(state, seat)
    out.append(RESIGN)
    return out


def legal_for_seat(state: GameState, seat: int) -> list[Action]:
    """Like ``legal_actions`` without resignation (what bots and the timer choose among)."""
    cache = state.legal_cache
    if cache is not None:
        hit = cache.get(seat)
        if hit is not None and hit[0] == state.event_seq:
            return list(hit[1])
    out = _enumerate_all(state, seat)
    if cache is None:
        cache = state.legal_cache = {}
    cache[seat] = (state.event_seq, out)
    return list(out)


def cached_legal(state: GameState, seat: int) -> list[Action] | None:
    """The memoised legal actions of ``seat`` if they are current, else None."""
    cache = state.legal_cache
    if cache is None:
        return None
    hit = cache.get(seat)
    return hit[1] if hit is not None and hit[0] == state.event_seq else None


def _enumerate_all(state: GameState, seat: int) -> list[Action]:
    if state.phase is _MAIN_PHASE and not state.pending:  # the usual case, tested first
        if seat != state.current:
            return []
        main: list[Action] = []
        hand = _sort_hand(state, seat, None)
        for enumerate_ in MAIN_ENUMERATORS.values():
            enumerate_(state, seat, hand, main)
        main.append(END_TURN)
        return main
    if state.phase is _OVER:
        return []
    owed = owed_decision(state, seat)
    if owed is not None:
        return answers(state, owed)
    if state.phase is _SETUP:
        return _setup_actions(state, seat)
    # The main phase with nothing pending was answered first; with a decision pending that
    # is not this seat's, the seat waits.
    return []


def of_type(state: GameState, seat: int, action: Action) -> list[Action]:
    """The legal actions of ``action``'s type that use the same card (what ``apply_action``
    checks membership against). Enumerating only that card keeps the check cheap while
    the enumerators stay the single definition of legality."""
    if state.phase is _OVER:
        return []
    action_type = action.type
    owed = owed_decision(state, seat)
    if owed is not None:
        return answers(state, owed) if action_type in ("promote", "choose") else []
    if state.phase is _SETUP:
        return [a for a in _setup_actions(state, seat) if a.type == action_type]
    if state.pending or state.phase is not _MAIN_PHASE or seat != state.current:
        return []
    if action_type == "end_turn":
        return [END_TURN]
    enumerate_ = MAIN_ENUMERATORS.get(action_type)
    if enumerate_ is None:
        return []
    out: list[Action] = []
    enumerate_(state, seat, _sort_hand(state, seat, getattr(action, "card_id", None)), out)
    return out


# --- setup -------------------------------------------------------------------------------


def is_basic(state: GameState, uid: str) -> bool:
    return state.card_of[uid] in state.pool.basics


def _setup_actions(state: GameState, seat: int) -> list[Action]:
    p = state.players[seat]
    if p.setup_done:
        return []
    basics = [uid for uid in p.hand if is_basic(state, uid)]
    if p.active is None:
        return [built(state).place(uid, "active") for uid in basics]
    out: list[Action] = []
    if len(p.bench) < state.rules.bench_size:
        out.extend(built(state).place(uid, "bench") for uid in basics)
    out.append(SETUP_DONE)
    return out


# --- pending answers ------------------------------------------------------------------------


def answers(state: GameState, q: Pending) -> list[Action]:
    """The answers to a pending decision; identical cards are offered once per card kind."""
    if q.kind == "promote":
        return [built(state).promote(uid) for uid in q.options]
    groups: dict[str, list[str]] = {}
    for opt in q.options:
        key = state.card_of.get(opt, opt)
        groups.setdefault(key, []).append(opt)
    keys = sorted(groups)
    choose = built(state).choose
    out: list[Action] = []
    for size in range(q.min, q.max + 1):
        if size == 1:  # the usual question: one card of each kind, nothing to combine
            for key in keys:
                out.append(choose((groups[key][0],)))
            continue
        for combo in combinations_with_replacement(keys, size):
            picks = _take(groups, combo)
            if picks is not None:
                out.append(choose(tuple(picks)))
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


@dataclass(slots=True)
class _Hand:
    """A hand split by card kind in one pass (each enumerator reads only its part), with
    the game's action constructors and tables (``game``), the player and their creatures
    in play (Active first; read by most enumerators, so listed once)."""

    basics: Sequence[str]
    evolutions: Sequence[str]
    trainers: Sequence[str]
    game: Built
    p: PlayerState
    creatures: list[Creature]
    only: str | None = None  # set when one action's card is being checked
    # One context for the trainer and ability checks of an enumeration (made on first use;
    # each use sets its source and host, and ``_plan_targets`` its target).
    ctx: Ctx | None = None


def _sort_hand(state: GameState, seat: int, only: str | None) -> _Hand:
    """The hand by kind; with ``only``, just that card (if it is in hand). A whole hand's
    split is remembered per game by its ids (``Built.hands``: 43% of main-phase hands in
    random games were split before)."""
    game = state.built or built(state)
    p = state.players[seat]
    hand = p.hand
    parts: _Parts | None
    if only is not None:
        parts = _split(state, [only] if only in hand else [])
    else:
        key = tuple(hand)
        hands = game.hands
        parts = hands.get(key)
        if parts is None:
            if len(hands) >= _HANDS_LIMIT:
                hands.clear()
            parts = hands[key] = _split(state, hand)
    active = p.active
    creatures = [active, *p.bench] if active is not None else p.bench[:]
    return _Hand(parts[1], parts[2], parts[0], game, p, creatures, only)


_HANDS_LIMIT = 512  # hands a game remembers before it starts afresh


_Parts = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _split(state: GameState, hand: list[str]) -> _Parts:
    """(trainers, basics, evolutions) of ``hand``, in hand order. Tuples, not lists: a game
    remembers ~40 splits, and tuples of strings are objects the garbage collector stops
    walking after its first pass over them."""
    pool = state.pool
    kinds = pool.memo.get("hand_kinds") or _hand_kinds(pool)
    card_of = state.card_of
    parts: tuple[list[str], list[str], list[str]] = ([], [], [])
    for uid in hand:
        kind = kinds.get(card_of[uid])
        if kind is not None:
            parts[kind].append(uid)
    return tuple(parts[0]), tuple(parts[1]), tuple(parts[2])


def _hand_kinds(pool: CardPool) -> dict[str, int]:
    """Card id -> 0 trainer, 1 basic, 2 evolution (the order ``_sort_hand`` tests them in);
    other cards are absent. Memoised per pool (the pool's indices are fixed)."""
    kinds: dict[str, int] | None = pool.memo.get("hand_kinds")
    if kinds is None:
        kinds = {}
        for card_id in pool.evolves_from:
            kinds[card_id] = 2
        for card_id in pool.basics:
            kinds[card_id] = 1
        for card_id in pool.trainers:
            kinds[card_id] = 0
        pool.memo["hand_kinds"] = kinds
    return kinds


def _play_creature(state: GameState, seat: int, hand: _Hand, out: list[Action]) -> None:
    if hand.basics and len(hand.p.bench) < state.rules.bench_size:
        bench = hand.game.bench
        for uid in hand.basics:
            out.append(bench(uid))


def _evolve(state: GameState, seat: int, hand: _Hand, out: list[Action]) -> None:
    turn = state.turn
    if not hand.evolutions or not (turn > 2 or state.rules.evolve_first_turn):
        return
    # Active first, then the bench; not those put down this turn. Most evolution cards in
    # a hand have nothing to go on: one set test skips them.
    ready = [c for c in hand.creatures if c.since_turn < turn]
    if not ready:
        return
    cards = {c.card for c in ready}
    onto = state.pool.memo.get("evolves_onto") or _evolves_onto(state.pool)
    card_of = state.card_of
    evolve = hand.game.evolve
    for uid in hand.evolutions:
        bases = onto[card_of[uid]]
        if bases.isdisjoint(cards):
            continue
        for c in ready:
            if c.card in bases:
                out.append(evolve(uid, c.uid))


def _evolves_onto(pool: CardPool) -> dict[str, frozenset[str]]:
    """Evolution card id -> the ids of the creature cards it may be put on (those named
    what it evolves from). Memoised per pool (the pool's indices are fixed)."""
    onto: dict[str, frozenset[str]] | None = pool.memo.get("evolves_onto")
    if onto is None:
        by_name: dict[str, set[str]] = {}
        for card in pool:
            if isinstance(card, CreatureCard):
                by_name.setdefault(card.name, set()).add(card.id)
        onto = {
            card_id: frozenset(by_name.get(base, ())) for card_id, base in pool.evolves_from.items()
        }
        pool.memo["evolves_onto"] = onto
    return onto


def energy_sources(state: GameState, seat: int) -> list[str]:
    p = state.players[seat]
    if not state.rules.energy_in_deck:
        return p.energy_zone
    energies = state.pool.energies
    return [uid for uid in p.hand if state.card_of[uid] in energies]


def may_attach(state: GameState, seat: int) -> bool:
    p = state.players[seat]
    if p.energy_attached >= state.rules.energy_per_turn:
        return False
    return not (first_turn(state) and not state.rules.first_turn_energy)


def _attach(state: GameState, seat: int, hand: _Hand, out: list[Action]) -> None:
    # ``may_attach`` and ``energy_sources``, inlined (every main-phase enumeration asks).
    p = hand.p
    rules = state.rules
    if p.energy_attached >= rules.energy_per_turn or (
        state.turn == 1 and not rules.first_turn_energy
    ):
        return
    if rules.energy_in_deck:
        energies = state.pool.energies
        card_of = state.card_of
        sources = [uid for uid in p.hand if card_of[uid] in energies]
    else:
        sources = p.energy_zone
    if hand.only is not None:
        sources = [hand.only] if hand.only in sources else []
    if not sources:
        return
    targets = hand.creatures
    attach = hand.game.attach
    for uid in sources:
        for c in targets:
            out.append(attach(uid, c.uid))


def target_candidates(state: GameState, seat: int, kind: TargetKind) -> list[Creature]:
    me, opp = state.players[seat], state.players[1 - seat]
    if kind is _OWN_CREATURE:
        return me.in_play()
    if kind is _OWN_BENCH:
        return me.bench[:]
    if kind is _OWN_DAMAGED:
        return [c for c in me.in_play() if c.damage > 0]
    if kind is _OWN_WITH_ENERGY:
        return [c for c in me.in_play() if c.energy]
    if kind is _OPP_CREATURE:
        return opp.in_play()
    return opp.bench[:]


def target_seat(seat: int, kind: TargetKind) -> int:
    """Whose creatures a target kind points at."""
    return 1 - seat if kind is _OPP_CREATURE or kind is _OPP_BENCH else seat


Check = tuple[Callable[[Ctx, Any], bool], Any]
_CHECKS: dict[int, tuple[tuple[EffectSpec, ...], tuple[Check, ...]]] = {}


def _checks(effects: tuple[EffectSpec, ...]) -> tuple[Check, ...]:
    """The ``can_use`` functions of an effect list's parts with their parameters; the list
    may be used when any one of them passes (RULES.md: a card whose text has several parts
    can be played when at least one part can happen). A part without a check can always
    happen, so then there is nothing to check (an empty tuple); coin flips and damage math
    (``before_damage`` handlers) only shape the parts after them and are not parts.
    Memoised by identity: effect lists are immutable, and the memo keeps each list alive so
    its id cannot be reused."""
    entry = _CHECKS.get(id(effects))
    if entry is None:
        found: list[Check] = []
        for spec in effects:
            handler = EFFECTS[spec.effect]
            if handler.can_use is not None:
                found.append((handler.can_use, spec.params))
            elif handler.timing != "before_damage":
                found = []
                break
        entry = (effects, tuple(found))
        _CHECKS[id(effects)] = entry
    return entry[1]


def trainer_block(state: GameState, seat: int, card: TrainerCard) -> str | None:
    """Why a trainer of this kind may not be played now (None when it may)."""
    p = state.players[seat]
    if card.trainer is _SUPPORTER:
        if p.supporters_played >= state.rules.supporters_per_turn:
            return "you already played a supporter this turn"
        if state.turn == 1 and not state.rules.first_turn_supporter:  # ``first_turn``
            return "the first player may not play a supporter on the first turn"
    if card.trainer is _STADIUM:
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


@dataclass(frozen=True, slots=True)
class _Plan:
    """What legality needs to know about a trainer or an activated ability, precomputed
    once per card: its kind, its target, its ``can_use`` checks and its use limits."""

    trainer: TrainerKind | None
    target: TargetKind | None
    checks: tuple[Check, ...]
    per_turn: int = 0
    active_only: bool = False
    card: TrainerCard | None = None


def _plans(pool: CardPool) -> dict[str, _Plan]:
    plans: dict[str, _Plan] | None = pool.memo.get("legal_plans")
    if plans is None:
        plans = {}
        for card in pool:
            if isinstance(card, TrainerCard):
                plans[card.id] = _Plan(card.trainer, card.target, _checks(card.effects), card=card)
            elif isinstance(card, CreatureCard) and card.id in pool.activated:
                a = card.ability
                assert a is not None
                plans[card.id] = _Plan(
                    None, a.target, _checks(a.effects), a.per_turn, a.active_only
                )
        pool.memo["legal_plans"] = plans
    return plans


_UNTARGETED: list[str | None] = [None]  # shared answers: the enumerators only read them
_NOWHERE: list[str | None] = []


def _plan_targets(ctx: Ctx, plan: _Plan) -> list[str | None]:
    """The target ids (None: untargeted) with which a trainer or ability may be used.

    ``ctx`` names the player, the card (``source``) and its host creature; it is reused
    across the cards of one enumeration, so its target fields are reset here. The result
    may be shared: callers only read it. A use passes when it has no checks or any one of
    them passes (see ``_checks``).
    """
    checks = plan.checks
    kind = plan.target
    ctx.target = None
    ctx.target_seat = None
    if kind is None:
        if not checks:
            return _UNTARGETED
        for can_use, params in checks:
            if can_use(ctx, params):
                return _UNTARGETED
        return _NOWHERE
    candidates = target_candidates(ctx.state, ctx.seat, kind)
    if not candidates:
        return _NOWHERE
    if not checks:
        return [c.uid for c in candidates]
    ctx.target_seat = target_seat(ctx.seat, kind)
    out: list[str | None] = []
    for c in candidates:
        ctx.target = c
        for can_use, params in checks:
            if can_use(ctx, params):
                out.append(c.uid)
                break
    return out


def _play_trainer(state: GameState, seat: int, hand: _Hand, out: list[Action]) -> None:
    if not hand.trainers:
        return
    plans = state.pool.memo.get("legal_plans") or _plans(state.pool)
    card_of = state.card_of
    act = hand.game.trainer
    # Copies of one card in hand are playable with the same targets: decide once per card.
    decided: dict[str, list[str | None]] = {}
    for uid in hand.trainers:
        card_id = card_of[uid]
        targets = decided.get(card_id)
        if targets is None:
            plan = plans[card_id]  # every trainer card has one (``_plans``)
            kind = plan.trainer
            if kind is _TOOL:
                targets = [c.uid for c in hand.creatures if c.tool is None]
            elif (
                kind is not _ITEM
                and plan.card is not None
                and trainer_block(state, seat, plan.card)
            ):
                targets = _NOWHERE
            else:
                ctx = hand.ctx
                if ctx is None:
                    ctx = hand.ctx = Ctx(state, seat, uid)
                else:
                    ctx.source = uid
                    ctx.creature = None
                targets = _plan_targets(ctx, plan)
            decided[card_id] = targets
        for target in targets:
            out.append(act(uid, target))


def _use_ability(state: GameState, seat: int, hand: _Hand, out: list[Action]) -> None:
    p = hand.p
    activated = state.pool.activated
    creatures = hand.creatures
    plans = state.pool.memo.get("legal_plans") or _plans(state.pool)
    act = hand.game.ability
    for c in creatures:
        if c.card not in activated:
            continue
        plan = plans[c.card]
        if p.ability_uses.get(c.uid, 0) >= plan.per_turn or (
            plan.active_only and c is not p.active
        ):
            continue
        ctx = hand.ctx
        if ctx is None:
            ctx = hand.ctx = Ctx(state, seat, c.uid, c)
        else:
            ctx.source = c.uid
            ctx.creature = c
        for target in _plan_targets(ctx, plan):
            out.append(act(c.uid, target))


def cannot_act_reason(c: Creature) -> str | None:
    if c.special is _ASLEEP:
        return "asleep"
    if c.special is _PARALYZED:
        return "paralyzed"
    return None


def retreat_block(state: GameState, seat: int, cost: int | None = None) -> str | None:
    """Why the Active may not retreat now (None when it may). ``cost``: the retreat cost
    if the caller already computed it."""
    why = _retreat_rule_block(state, seat)
    if why is not None:
        return why
    active = state.players[seat].active
    assert active is not None
    if cost is None:
        cost = modifiers.retreat_cost(state, seat, active)
    if len(active.energy) < cost:
        return "not enough energy attached to pay the retreat cost"
    return None


def _retreat_rule_block(state: GameState, seat: int) -> str | None:
    """``retreat_block`` before the cost: the checks that need no modifier query."""
    p = state.players[seat]
    active = p.active
    if active is None or not p.bench:
        return "there is no benched creature to swap with"
    if p.retreats >= state.rules.retreats_per_turn:
        return "you already retreated this turn"
    if active.special is not None:
        why = cannot_act_reason(active)
        if why:
            return f"the Active is {why}"
    if active.markers and modifiers.has_marker(active, "cant_retreat"):
        return "an effect prevents the Active from retreating this turn"
    return None


def _retreat(state: GameState, seat: int, hand: _Hand, out: list[Action]) -> None:
    p = hand.p
    active = p.active
    # The rule checks first (the cheapest inlined): the cost, a modifier query, only when
    # they all pass.
    if active is None or not p.bench or p.retreats >= state.rules.retreats_per_turn:
        return
    if (active.special is not None or active.markers) and _retreat_rule_block(
        state, seat
    ) is not None:
        return
    cost = modifiers.retreat_cost(state, seat, active)
    if len(active.energy) < cost:
        return
    payments = _payments(state, active, cost)
    retreat = hand.game.retreat
    for c in p.bench:
        for pay in payments:
            out.append(retreat(c.uid, pay))


def _payments(state: GameState, active: Creature, cost: int) -> list[tuple[str, ...]]:
    """Ways to pay ``cost`` with the attached energy, one per multiset of energy cards."""
    if cost == 0:
        return [()]
    groups: dict[str, list[str]] = {}
    for uid in active.energy:
        groups.setdefault(state.card_of[uid], []).append(uid)
    if len(groups) == 1:
        return [tuple(active.energy[:cost])]
    return [
        tuple(pick)
        for combo in combinations_with_replacement(sorted(groups), cost)
        if (pick := _take(groups, combo)) is not None
    ]


def energy_types(state: GameState, c: Creature) -> list[EnergyType]:
    """The energy types attached to ``c`` (one per energy card)."""
    type_of = state.pool.energy_type_of
    card_of = state.card_of
    return [type_of[card_of[uid]] for uid in c.energy]


def cost_paid(cost: tuple[EnergyType, ...], attached: list[EnergyType]) -> bool:
    """Typed symbols need their own type; colorless is paid by whatever is left."""
    if len(attached) < len(cost):
        return False
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
    active = state.players[seat].active
    if active is None:
        return "you have no Active creature"
    if state.turn == 1 and not state.rules.first_turn_attack:
        return "the first player may not attack on the first turn"
    if active.special is not None:
        why = cannot_act_reason(active)
        if why:
            return f"the Active is {why}"
    if active.markers and modifiers.has_marker(active, "cant_attack"):
        return "an effect prevents the Active from attacking this turn"
    return None


def _attack(state: GameState, seat: int, hand: _Hand, out: list[Action]) -> None:
    active = hand.p.active
    # ``attack_block``, its cheapest checks inlined (every main-phase enumeration asks).
    if active is None or (state.turn == 1 and not state.rules.first_turn_attack):
        return
    if (active.special is not None or active.markers) and attack_block(state, seat) is not None:
        return
    affordable = _affordable(state, active)
    if not affordable:
        return
    attacks = state.creature_def(active).attacks
    act = hand.game.attack
    for i in affordable:
        kind = attacks[i].target
        if kind is None:
            out.append(act(i, None))
            continue
        for target in _targets(state, seat, kind, required=False):
            out.append(act(i, target.uid if target else None))


def _affordable(state: GameState, c: Creature) -> tuple[int, ...]:
    """Indices of ``c``'s attacks its attached energy pays for. Energy changes rarely, so
    the answer is remembered per pool by (card id, energy card ids)."""
    card_of = state.card_of
    key = (c.card, *[card_of[uid] for uid in c.energy])
    memo: dict[tuple[str, ...], tuple[int, ...]] | None = state.pool.memo.get("affordable")
    if memo is None:
        memo = state.pool.memo["affordable"] = {}
    found = memo.get(key)
    if found is None:
        attached = energy_types(state, c)
        attacks = state.creature_def(c).attacks
        found = tuple(i for i, a in enumerate(attacks) if cost_paid(a.cost, attached))
        if len(memo) < 1 << 16:
            memo[key] = found
    return found


Enumerator = Callable[[GameState, int, _Hand, list[Action]], None]

MAIN_ENUMERATORS: dict[str, Enumerator] = {
    "play_creature": _play_creature,
    "evolve": _evolve,
    "attach_energy": _attach,
    "play_trainer": _play_trainer,
    "use_ability": _use_ability,
    "retreat": _retreat,
    "attack": _attack,
}
