"""The fast rule policy the search plays its imagined turns with (rollouts).

What lives here: ``rollout_action(state, seat, actions)``, a cheap, deterministic choice among
legal actions made straight from a full ``GameState`` (no views: building a view costs
more than applying an action), and the per-pool card classification it reads. What must
not: search, scoring of whole states (``evaluate``), or use on a real game: like the
evaluation, it runs only inside worlds the bot sampled (``determinize``).

Priorities: answer forced decisions; knock out the Active if the printed damage allows;
evolve; fill the bench to three; attach energy where it brings an attack closest; play the
trainers that only help; use abilities; retreat an Active that cannot attack for one that
can; the hardest attack; end the turn.
"""

from __future__ import annotations

from mantimon.bots.evaluate import best_damage, missing_energy
from mantimon.cards import CardPool, TrainerCard, TrainerKind
from mantimon.engine import Action, GameState
from mantimon.engine.actions import (
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EvolveAction,
    PlayTrainerAction,
    PromoteAction,
    RetreatAction,
)
from mantimon.engine.state import Creature

_HELPFUL = {
    "draw",
    "draw_until",
    "search_deck",
    "look_top",
    "recover",
    "accelerate",
    "heal",
    "cure",
}
_DRAWING = {"draw", "draw_until", "look_top", "shuffle_hand_draw"}
_BENCH_GOAL = 3


def _trainer_kinds(pool: CardPool) -> dict[str, tuple[TrainerKind, frozenset[str]]]:
    found: dict[str, tuple[TrainerKind, frozenset[str]]] | None = pool.memo.get("policy_trainers")
    if found is None:
        found = {
            c.id: (c.trainer, frozenset(e.effect for e in c.effects))
            for c in pool
            if isinstance(c, TrainerCard)
        }
        pool.memo["policy_trainers"] = found
    return found


def rollout_action(state: GameState, seat: int, acts: list[Action]) -> Action:
    """A reasonable legal action for ``seat`` (``acts``: its legal actions, not empty)."""
    if len(acts) == 1:
        return acts[0]
    first = acts[0]
    if first.type == "choose":
        return max(acts, key=lambda a: len(a.selections) if isinstance(a, ChooseAction) else -1)
    if first.type == "promote":
        return _promote(state, seat, acts)
    by: dict[str, list[Action]] = {}
    for a in acts:
        by.setdefault(a.type, []).append(a)
    p = state.players[seat]
    opp = state.players[1 - seat].active
    active = p.active
    attacks = by.get("attack", [])
    if attacks and active is not None and opp is not None:
        left = state.creature_def(opp).hp - opp.damage
        if best_damage(state, active, opp) >= left:
            return _hardest(state, active, opp, attacks)
    if "evolve" in by:
        evolves = [a for a in by["evolve"] if isinstance(a, EvolveAction)]
        on_active = [a for a in evolves if active is not None and a.target_id == active.uid]
        return (on_active or evolves)[0]
    if "play_creature" in by and len(p.bench) < _BENCH_GOAL:
        return by["play_creature"][0]
    if "attach_energy" in by:
        return _attach(state, seat, by["attach_energy"])
    trainer = _trainer(state, seat, by.get("play_trainer", []))
    if trainer is not None:
        return trainer
    if "use_ability" in by and len(p.deck) > 6:
        return by["use_ability"][0]
    if "retreat" in by and active is not None and missing_energy(state, active) > 0:
        ready = [
            a
            for a in by["retreat"]
            if isinstance(a, RetreatAction) and _ready(state, a.new_active_id, seat)
        ]
        if ready:
            return min(
                ready, key=lambda a: len(a.discard_energy) if isinstance(a, RetreatAction) else 0
            )
    if attacks and active is not None:
        return _hardest(state, active, opp, attacks)
    return by.get("end_turn", acts)[-1]


def _ready(state: GameState, uid: str, seat: int) -> bool:
    c = next((b for b in state.players[seat].bench if b.uid == uid), None)
    return c is not None and missing_energy(state, c) == 0


def _hardest(
    state: GameState, active: Creature, opp: Creature | None, attacks: list[Action]
) -> Action:
    """The attack with the most printed damage (the engine's order breaks ties)."""
    card = state.creature_def(active)
    best = attacks[0]
    most = -1
    for a in attacks:
        if isinstance(a, AttackAction):
            dmg = card.attacks[a.attack_index].damage
            if dmg > most:
                best, most = a, dmg
    return best


def _promote(state: GameState, seat: int, acts: list[Action]) -> Action:
    opp = state.players[1 - seat].active
    bench = {c.uid: c for c in state.players[seat].bench}

    def key(a: Action) -> tuple[int, int]:
        c = bench.get(a.card_id) if isinstance(a, PromoteAction) else None
        if c is None:
            return (-1, 0)
        return (best_damage(state, c, opp, extra=1), state.creature_def(c).hp - c.damage)

    return max(acts, key=key)


def _attach(state: GameState, seat: int, acts: list[Action]) -> Action:
    p = state.players[seat]
    active_uid = p.active.uid if p.active is not None else None
    mine = {c.uid: c for c in p.in_play()}

    def key(a: Action) -> tuple[int, int]:
        if not isinstance(a, AttachEnergyAction):
            return (-9, 0)
        c = mine[a.target_id]
        need = missing_energy(state, c)
        return (int(need > 0) * 2 + int(a.target_id == active_uid), -need)

    return max(acts, key=key)


def _trainer(state: GameState, seat: int, acts: list[Action]) -> Action | None:
    if not acts:
        return None
    kinds = _trainer_kinds(state.pool)
    p = state.players[seat]
    for a in acts:
        if not isinstance(a, PlayTrainerAction):
            continue
        kind, ids = kinds[state.card_of[a.card_id]]
        if kind is TrainerKind.TOOL:
            if p.active is not None and a.target_id == p.active.uid:
                return a
            continue
        if kind is TrainerKind.STADIUM:
            if state.stadium_owner != seat:
                return a
            continue
        if ids & _DRAWING and (len(p.hand) > 6 or len(p.deck) < 10):
            continue
        if ids & _HELPFUL or ("shuffle_hand_draw" in ids and len(p.hand) <= 3):
            return a
    return None
