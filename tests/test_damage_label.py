"""The damage an attack shows ("50", "30×", "20+") comes from its card data and agrees with
what the attack does.

Over every attack of the pool, the label from ``damage_label`` is checked against the
engine itself: the attack's before-damage effects are run on a quiet board (no energy, no
damage, no bench, a plain defender) and on loaded boards (energy, damage, full benches,
defenders of every variant, stage and type, each special condition), under every sequence
of four coin flips; the damages it can do must match the label's promise:

* ``"N"``: always N (or nothing, when a coin cancels it); ``""``: never any damage;
* ``"N+"``: N on the quiet board with every coin tails, more on some board or coin;
* ``"N×"``: a multiple of N, 0 with every coin tails, N with one heads.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import cache

import pytest

from mantimon.cards import Attack, CreatureCard, EnergyType, Stage, Variant
from mantimon.engine import damage_label, default_pool
from mantimon.engine import rng as rng_mod
from mantimon.engine.effects.library import EFFECTS
from mantimon.engine.effects.registry import Ctx
from mantimon.engine.effects.runner import run_effects
from mantimon.engine.enums import Condition
from mantimon.engine.state import GameState
from tests.scenario import Scenario

FLIPS = 4
PLAIN_DEFENDER = "m1-010"  # Drizzlet: a basic, normal Water creature


def _attacks() -> list[tuple[CreatureCard, int, Attack]]:
    return [
        (card, i, attack)
        for card in default_pool()
        if isinstance(card, CreatureCard)
        for i, attack in enumerate(card.attacks)
    ]


ATTACKS = _attacks()


@cache
def _seed_for(flips: tuple[bool, ...]) -> int:
    """An RNG state whose next coin flips come out as ``flips`` (True: heads)."""
    for seed in itertools.count():
        s, ok = seed, True
        for want in flips:
            s, v = rng_mod.below(s, 2)
            if (v == 1) != want:
                ok = False
                break
        if ok:
            return seed
    raise AssertionError("unreachable")


def _defenders() -> list[str]:
    """Creature cards covering every variant, stage and type of the pool."""
    pool = [c for c in default_pool() if isinstance(c, CreatureCard)]
    wanted: list[object] = [*Variant, *Stage, *(t for t in EnergyType)]
    out: list[str] = []
    for value in wanted:
        found = next(
            (c.id for c in pool if value in (c.variant, c.stage, c.type)),
            None,
        )
        if found is not None and found not in out:
            out.append(found)
    return out


def _board(defender: str, loaded: bool, condition: Condition | None) -> GameState:
    s = Scenario()
    if loaded:
        s.active(0, PLAIN_DEFENDER, damage=60, energy=["fire"] * 5)
        s.active(
            1,
            defender,
            damage=60,
            energy=["water"] * 3,
            conditions=[c for c in (condition, Condition.POISONED, Condition.BURNED) if c],
        )
        for seat in (0, 1):
            for _ in range(5):
                s.bench(seat, PLAIN_DEFENDER)
    else:
        s.active(0, PLAIN_DEFENDER)
        s.active(1, defender)
    return s.state


QUIET = _board(PLAIN_DEFENDER, loaded=False, condition=None)
LOADED = [
    _board(defender, loaded=True, condition=condition)
    for defender in _defenders()
    for condition in (Condition.ASLEEP, Condition.PARALYZED, Condition.CONFUSED)
]
PATTERNS = list(itertools.product((False, True), repeat=FLIPS))


def _damage(
    state: GameState, card: CreatureCard, attack: Attack, flips: tuple[bool, ...]
) -> int | None:
    """What ``attack`` of ``card`` does before modifiers on ``state`` (None: it was cancelled)."""
    attacker = state.players[0].active
    assert attacker is not None
    attacker.card = card.id
    state.card_of[attacker.uid] = card.id
    state.rng = _seed_for(flips)
    state.log.clear()
    ctx = Ctx(state, 0, attacker.uid, creature=attacker, attacking=True, damage=attack.damage)
    run_effects(ctx, attack.effects, "before_damage")
    return None if ctx.cancelled else ctx.damage


def _outcomes(card: CreatureCard, attack: Attack) -> Iterator[int]:
    shapes_damage = any(EFFECTS[e.effect].timing == "before_damage" for e in attack.effects)
    boards = [QUIET, *LOADED] if shapes_damage else [QUIET]
    patterns = PATTERNS if shapes_damage else PATTERNS[:1]
    for state in boards:
        for flips in patterns:
            done = _damage(state, card, attack, flips)
            if done is not None:
                yield done


@pytest.mark.parametrize(
    ("card", "index", "attack"), ATTACKS, ids=[f"{c.name}-{a.name}" for c, _, a in ATTACKS]
)
def test_the_damage_label_agrees_with_what_the_attack_does(
    card: CreatureCard, index: int, attack: Attack
) -> None:
    label = damage_label(attack)
    shape = re.fullmatch(r"(\d*)([×+]?)", label)
    assert shape is not None, f"unexpected label {label!r}"
    amount, sign = int(shape[1] or 0), shape[2]
    outcomes = set(_outcomes(card, attack))
    floor = _damage(QUIET, card, attack, (False,) * FLIPS)
    where = (
        f"{card.name} / {attack.name} ({attack.text!r}) shows {label!r}, does {sorted(outcomes)}"
    )
    if not label:
        assert outcomes == {0}, where
    elif sign == "":
        assert outcomes == {amount}, where
    elif sign == "+":
        assert floor == amount == min(outcomes) and max(outcomes) > amount, where
    else:
        assert {0, amount} <= outcomes and all(d % amount == 0 for d in outcomes), where


def test_knucklets_one_two_shows_thirty_per_heads() -> None:
    (knucklet,) = [c for c in default_pool() if c.name == "Knucklet"]
    assert isinstance(knucklet, CreatureCard)
    assert [damage_label(a) for a in knucklet.attacks] == ["20", "30×"]


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("Needle Volley", "30×"),  # flip 3 coins, 30 for each heads
        ("Kindle Pounce", "20+"),  # 20 plus 30 more for each heads
        ("Gravel Spit", "20+"),  # 20 plus 20 more for each heads until tails
        ("Ambush", "30+"),  # if heads, 30 more
        ("Haymaker", "80+"),  # more for each damage counter on itself
        ("Iron Charge", "50"),  # if tails, nothing: the card still shows 50
        ("Tailwind", "20"),  # a coin that does not change the damage
    ],
)
def test_well_known_attacks_show_their_printed_damage(name: str, label: str) -> None:
    (attack,) = [a for _, _, a in ATTACKS if a.name == name]
    assert damage_label(attack) == label


def test_no_attack_prints_a_base_damage_that_its_effects_throw_away() -> None:
    """An attack's ``damage`` must count: the label changes with it (One-Two printed 10 that
    its coin multiplier replaced)."""
    for card, _, attack in ATTACKS:
        if attack.damage:
            more = attack.model_copy(update={"damage": attack.damage + 10})
            assert damage_label(more) != damage_label(attack), (card.name, attack.name)


def test_every_before_damage_effect_says_how_it_shapes_the_printed_damage() -> None:
    for handler in EFFECTS.values():
        if handler.timing == "before_damage":
            assert handler.printed is not None, handler.id
