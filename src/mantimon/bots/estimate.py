"""How much damage an attack is likely to do, estimated from a view and the public card pool.

What lives here: the expected and the guaranteed damage of one attack against the defending
Active, reading the attack's damage effects (coin flips count half, bonuses that depend on
the board are counted), weakness and resistance, and the passive modifiers visible in play
(tools, the stadium, passive abilities, protection markers). What must not: anything hidden
(only the view and the card pool are read) or deciding what to play (``greedy``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mantimon.cards import Attack, CardPool, CreatureCard, EffectSpec, TrainerCard
from mantimon.engine import VisibleGameState
from mantimon.engine.effects.registry import ModParams
from mantimon.engine.view import VisibleCreature, VisiblePlayer

# Protection markers show their kind but not their amount; assume a typical reduction.
_ASSUMED_REDUCTION = 30


@dataclass(frozen=True, slots=True)
class Damage:
    """Expected damage (coin flips at even odds) and the damage certain to be dealt."""

    expected: int
    guaranteed: int


Passive = tuple[str | None, VisibleCreature | None, ModParams]


class _Memo:
    """What one view's estimates share (owners, passive effects by hook, their sums per
    hook and creature), kept for the most recent view only: a bot asks about many attacks
    of the same view in a row. The view is held, so its identity cannot be reused while the
    memo refers to it; a caller works on the entry it fetched, so two threads at worst
    compute an entry twice."""

    __slots__ = ("bonus", "owners", "passives", "pool", "view")

    def __init__(self, pool: CardPool | None, view: VisibleGameState | None) -> None:
        self.pool = pool
        self.view = view
        self.owners: dict[str, VisiblePlayer] = {}
        if view is not None:
            for p in view.players:
                for c in ([p.active] if p.active else []) + p.bench:
                    self.owners[c.uid] = p
        self.passives: dict[str, list[Passive]] = {}
        self.bonus: dict[tuple[str, str], int] = {}


_last = _Memo(None, None)


def _memo(view: VisibleGameState, pool: CardPool | None = None) -> _Memo:
    global _last
    entry = _last
    if entry.view is not view or (pool is not None and entry.pool is not pool):
        entry = _last = _Memo(pool, view)
    return entry


def _owner(view: VisibleGameState, c: VisibleCreature) -> VisiblePlayer:
    found = _memo(view).owners.get(c.uid)
    if found is not None:
        return found
    for p in view.players:
        if any(x.uid == c.uid for x in ([p.active] if p.active else []) + p.bench):
            return p
    raise LookupError(c.uid)


def _passives(
    pool: CardPool, view: VisibleGameState, hook: str
) -> list[tuple[str | None, VisibleCreature | None, ModParams]]:
    """(owner id, host creature or None, params) of every visible passive effect of ``hook``."""
    memo = _memo(view, pool).passives
    if hook not in memo:
        memo[hook] = _find_passives(pool, view, hook)
    return memo[hook]


def _find_passives(
    pool: CardPool, view: VisibleGameState, hook: str
) -> list[tuple[str | None, VisibleCreature | None, ModParams]]:
    out: list[tuple[str | None, VisibleCreature | None, ModParams]] = []

    def add(
        owner: str | None, host: VisibleCreature | None, effects: tuple[EffectSpec, ...]
    ) -> None:
        for spec in effects:
            if spec.effect == hook and isinstance(spec.params, ModParams):
                out.append((owner, host, spec.params))

    if view.stadium is not None:
        stadium = pool[view.stadium.card_id]
        if isinstance(stadium, TrainerCard):
            add(view.stadium_owner, None, stadium.effects)
    for p in view.players:
        for c in ([p.active] if p.active else []) + p.bench:
            card = pool[c.card_id]
            ability = card.ability if isinstance(card, CreatureCard) else None
            if (
                ability is not None
                and ability.kind == "passive"
                and (not ability.active_only or c is p.active)
            ):
                add(p.player_id, c, ability.effects)
            if c.tool is not None:
                tool = pool[c.tool.card_id]
                if isinstance(tool, TrainerCard):
                    add(p.player_id, c, tool.effects)
    return out


def _mod(pool: CardPool, view: VisibleGameState, hook: str, c: VisibleCreature, value: int) -> int:
    """``value`` changed by the visible passive effects of ``hook`` that apply to ``c``:
    a sum, worked out once per view, hook and creature."""
    bonus = _memo(view, pool).bonus
    key = (hook, c.uid)
    found = bonus.get(key)
    if found is None:
        found = bonus[key] = _bonus(pool, view, hook, c)
    return value + found


def _bonus(pool: CardPool, view: VisibleGameState, hook: str, c: VisibleCreature) -> int:
    passives = _passives(pool, view, hook)
    if not passives:  # the usual board: nothing in play changes damage
        return 0
    value = 0
    owner = _owner(view, c)
    for src_owner, host, p in passives:
        if p.scope == "self" and (host is None or host.uid != c.uid):
            continue
        if p.scope == "own" and src_owner != owner.player_id:
            continue
        if p.scope == "opponent" and (src_owner is None or src_owner == owner.player_id):
            continue
        if p.active_only and (owner.active is None or owner.active.uid != c.uid):
            continue
        if p.types and c.type not in p.types:
            continue
        value += p.amount
    return value


def _raw(
    pool: CardPool,
    attacker: VisibleCreature,
    index: int,
    defender: VisibleCreature | None,
    view: VisibleGameState,
) -> tuple[float, int]:
    """The attack's own damage before modifiers: (expected, guaranteed)."""
    card = pool[attacker.card_id]
    assert isinstance(card, CreatureCard)
    attack = card.attacks[index]
    exp: float = attack.damage
    low = attack.damage
    me = opp = None
    for eid, odds, _, p in effects_of(attack):
        if eid == "cancel":
            exp *= 1 - odds
            low = 0
        elif eid == "flip_multiplier":
            exp, low = p.flips * p.per_heads / 2, 0
        elif eid == "flip_until_tails":
            exp, low = float(p.per_heads), 0
        elif eid == "bonus":
            exp += odds * p.amount
            low += p.amount if odds == 1 else 0
        elif eid in _BOARD_BONUSES:
            if me is None:
                me = _owner(view, attacker)
                opp = next(p for p in view.players if p.player_id != me.player_id)
            assert opp is not None
            extra = _board_bonus(pool, eid, p, attacker, defender, me, opp)
            exp += extra
            low += extra
    return exp, max(0, low)


# The effects whose damage bonus depends on the board (``_board_bonus``); any other effect
# adds no damage.
_BOARD_BONUSES = frozenset(
    {
        "per_energy_bonus",
        "per_damage_bonus",
        "per_bench_bonus",
        "bonus_if_condition",
        "bonus_if_defender",
    }
)
Effects = tuple[tuple[str, float, str | None, Any], ...]
_effects: dict[int, tuple[Attack, Effects]] = {}


def effects_of(attack: Attack) -> Effects:
    """(effect id, odds, subject, params) of each of ``attack``'s effects, worked out once
    per attack: odds are 0.5 for an effect that waits on a coin (params with a ``when``),
    else 1; the subject is the params' ``subject`` (None without one).
    Reading a missing field of a params model goes through pydantic's slow
    ``__getattr__``, a tenth of a rule player's decision when done on every estimate."""
    found = _effects.get(id(attack))
    if found is None or found[0] is not attack:
        plan = tuple(
            (
                spec.effect,
                1.0 if getattr(spec.params, "when", None) is None else 0.5,
                getattr(spec.params, "subject", None),
                spec.params,
            )
            for spec in attack.effects
        )
        found = _effects[id(attack)] = (attack, plan)
    return found[1]


def _board_bonus(
    pool: CardPool,
    eid: str,
    p: object,
    attacker: VisibleCreature,
    defender: VisibleCreature | None,
    me: VisiblePlayer,
    opp: VisiblePlayer,
) -> int:
    amount: int = getattr(p, "amount", 0)
    if eid in ("per_energy_bonus", "per_damage_bonus"):
        who = attacker if getattr(p, "whose", "self") == "self" else defender
        if who is None:
            return 0
        if eid == "per_damage_bonus":
            return amount * (who.damage // 10)
        return amount * max(0, len(who.energy) - getattr(p, "beyond", 0))
    if eid == "per_bench_bonus":
        side = getattr(p, "side", "own")
        n = {"own": len(me.bench), "opp": len(opp.bench), "both": len(me.bench) + len(opp.bench)}
        return amount * n[side]
    if defender is None:
        return 0
    if eid == "bonus_if_condition":
        return amount if getattr(p, "condition", None) in defender.conditions else 0
    if eid == "bonus_if_defender":
        variants, stages, types = (getattr(p, k, ()) for k in ("variants", "stages", "types"))
        ok = (
            (not variants or defender.variant in variants)
            and (not stages or defender.stage in stages)
            and (not types or defender.type in types)
        )
        return amount if ok else 0
    return 0


def attack_damage(
    pool: CardPool,
    view: VisibleGameState,
    attacker: VisibleCreature,
    index: int,
    defender: VisibleCreature | None,
) -> Damage:
    """What attack ``index`` of ``attacker`` should do to ``defender`` (the opposing Active)."""
    exp, low = _raw(pool, attacker, index, defender, view)
    if defender is None:
        return Damage(int(exp), low)
    rules = view.rules
    d = pool[defender.card_id]
    assert isinstance(d, CreatureCard)

    def finish(amount: float) -> int:
        if amount <= 0:
            return 0
        amount = _mod(pool, view, "mod_damage_dealt", attacker, int(amount))
        if d.weakness is not None and d.weakness.type == attacker.type:
            if (d.weakness.mode or rules.weakness_mode) == "multiply":
                amount *= d.weakness.value or rules.weakness_multiplier
            else:
                amount += rules.weakness_bonus if d.weakness.value is None else d.weakness.value
        if d.resistance is not None and d.resistance.type == attacker.type:
            amount -= rules.resistance_value if d.resistance.value is None else d.resistance.value
        amount = _mod(pool, view, "mod_damage_taken", defender, int(amount))
        if "prevent_damage" in defender.effects:
            return 0
        if "reduce_damage" in defender.effects:
            amount -= _ASSUMED_REDUCTION
        return max(0, int(amount))

    return Damage(finish(exp), finish(low))
