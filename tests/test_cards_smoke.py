"""Smoke tests over the bundled card pool: every card can be used without error.

For every attack of every bundled creature: the attacker gets energy of its cost types and
attacks a "Test Wall" (300 HP, no weakness or resistance) with a bench; the attack must be
legal, resolve, and pass the turn (answering any choice it asks). Attacks without effects
must deal exactly their printed damage (unless the attacker's own passive ability changes
it). Likewise every activated ability and every trainer is used on a board where it has
something to do.
"""

import pytest

from mantimon.cards import AbilityKind, CreatureCard, EnergyType, TrainerCard, TrainerKind
from mantimon.engine import (
    AttackAction,
    ChooseAction,
    Condition,
    Phase,
    PlayTrainerAction,
    UseAbilityAction,
    default_pool,
)
from tests.scenario import Scenario, creature_json, pool_with

WALL = "t-wall"
POOL = pool_with(creature_json(WALL))
BUNDLED = default_pool()
SETS = ("m1-", "m2-")  # the bundled sets: every card of each is smoke-tested

CREATURES = sorted(
    (c for c in BUNDLED if isinstance(c, CreatureCard) and c.id.startswith(SETS)),
    key=lambda c: c.id,
)
ATTACKS = [
    pytest.param(c.id, i, id=f"{c.id}-{a.name}") for c in CREATURES for i, a in enumerate(c.attacks)
]
ABILITIES = [
    pytest.param(c.id, id=f"{c.id}-{c.ability.name}")
    for c in CREATURES
    if c.ability is not None and c.ability.kind is AbilityKind.ACTIVATED
]
TRAINERS = sorted(
    (c.id for c in BUNDLED if isinstance(c, TrainerCard) and c.id.startswith(SETS)),
)


def energy_for(card: CreatureCard, index: int) -> list[str]:
    """Energy paying the attack's cost: typed symbols as printed, colorless in the card's
    own type (fire for a colorless creature)."""
    own = card.type if card.type is not EnergyType.COLORLESS else EnergyType.FIRE
    return [(own if t is EnergyType.COLORLESS else t).value for t in card.attacks[index].cost]


def rich_board(s: Scenario) -> None:
    """Both sides have a bench, damage, energy around, a deck and a discard worth using."""
    s.active(1, WALL)
    s.bench(1, WALL)
    s.bench(1, WALL)
    s.bench(0, WALL, damage=40, energy=["lightning", "water"])
    s.energy_zone(0, *[t for t in EnergyType if t is not EnergyType.COLORLESS])
    s.energy_discard(0, "fire", "grass")
    s.deck(0, "m1-001", "m1-100", "m1-010", "m1-002", "m1-050", "m1-110", "m1-020")
    s.discard(0, "m1-030", "m1-101")
    s.hand(1, "m1-050", "m1-100")


def finish_choices(s: Scenario) -> None:
    """Answer any choice Ana owes with her first legal answer."""
    for _ in range(5):
        answers = [a for a in s.legal(0) if isinstance(a, ChooseAction)]
        if not answers:
            return
        s.act(0, answers[0])


def test_the_bundled_pool_has_attacks_abilities_and_trainers_to_smoke() -> None:
    assert len(ATTACKS) >= 30
    assert len(ABILITIES) >= 3
    assert len(TRAINERS) >= 15


@pytest.mark.parametrize(("card_id", "index"), ATTACKS)
def test_every_bundled_attack_can_be_used(card_id: str, index: int) -> None:
    card = BUNDLED.creature(card_id)
    attack = card.attacks[index]
    s = Scenario(pool=POOL)
    rich_board(s)
    s.active(0, card_id, energy=energy_for(card, index))
    wall = s.player(1).active
    assert wall is not None
    options = [a for a in s.legal(0) if isinstance(a, AttackAction) and a.attack_index == index]
    assert options, f"{attack.name} is not legal with {energy_for(card, index)}"
    t = s.act(0, options[0])
    assert s.events(t, "attack")[0] == {"attack": attack.name}
    finish_choices(s)
    assert s.state.phase is Phase.MAIN
    assert (s.state.current, s.state.turn) == (1, 4), "the attack passed the turn"
    assert s.damage_on(wall.uid) % 10 == 0
    if not attack.effects and not (card.ability and card.ability.kind is AbilityKind.PASSIVE):
        assert s.damage_on(wall.uid) == attack.damage


@pytest.mark.parametrize("card_id", ABILITIES)
def test_every_bundled_activated_ability_can_be_used(card_id: str) -> None:
    s = Scenario(pool=POOL)
    rich_board(s)
    host = s.active(0, card_id, damage=20)
    own_type = BUNDLED.creature(card_id).type
    if own_type is not EnergyType.COLORLESS:
        s.energy_deck(0, own_type)  # for abilities that take the top of the energy deck
    options = [a for a in s.legal(0) if isinstance(a, UseAbilityAction)]
    assert options and all(a.creature_id == host for a in options)
    t = s.act(0, options[0])
    assert len(s.events(t, "ability")) == 1
    finish_choices(s)
    assert s.state.phase is Phase.MAIN and s.state.pending == []
    assert s.player(0).ability_uses == {host: 1}


@pytest.mark.parametrize("card_id", TRAINERS)
def test_every_bundled_trainer_can_be_played(card_id: str) -> None:
    s = Scenario(pool=POOL)
    rich_board(s)
    s.active(0, WALL, damage=20, conditions=[Condition.POISONED])
    uid = s.hand(0, card_id)[0]
    options = [a for a in s.legal(0) if isinstance(a, PlayTrainerAction) and a.card_id == uid]
    assert options, f"{card_id} is not playable on a board made for it"
    s.act(0, options[0])
    finish_choices(s)
    assert uid not in s.player(0).hand
    trainer = BUNDLED[card_id]
    assert isinstance(trainer, TrainerCard)
    if trainer.trainer is TrainerKind.STADIUM:
        assert s.state.stadium == uid
    elif trainer.trainer is TrainerKind.TOOL:
        target = options[0].target_id
        assert target is not None and s.creature(target).tool == uid
    else:
        assert uid in s.player(0).discard
    assert s.state.phase is Phase.MAIN and s.state.pending == []
