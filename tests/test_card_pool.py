"""The bundled card pool meets the shape issue 3 asks for: size, types, evolution lines, ex
and mega cards, trainers of every kind, abilities, rarity and flavour on every card, and
five starter decks with one energy type each (grass, fire, water, psychic, lightning).

Counts are computed from the loaded pool, so a card removed or broken shows up here.
"""

from collections import Counter

from mantimon.cards import (
    CardPool,
    CreatureCard,
    EnergyCard,
    EnergyType,
    Rarity,
    Stage,
    TrainerCard,
    TrainerKind,
    Trigger,
    Variant,
)
from mantimon.engine import default_pool

POOL = default_pool()
M1 = [c for c in POOL if c.id.startswith("m1-")]
CREATURES = [c for c in M1 if isinstance(c, CreatureCard)]
TRAINERS = [c for c in M1 if isinstance(c, TrainerCard)]


def lines(pool: CardPool) -> list[list[str]]:
    """Every evolution line from a basic to a creature nothing evolves from (names)."""
    creatures = [c for c in pool if isinstance(c, CreatureCard)]
    next_of: dict[str, list[str]] = {}
    for c in creatures:
        if c.evolves_from is not None:
            next_of.setdefault(c.evolves_from, []).append(c.name)
    out: list[list[str]] = []

    def walk(path: list[str]) -> None:
        after = next_of.get(path[-1], [])
        if not after:
            out.append(path)
        for name in after:
            walk([*path, name])

    for c in creatures:
        if c.stage is Stage.BASIC and c.name in next_of:
            walk([c.name])
    return out


def test_the_set_has_at_least_120_original_cards_with_rarity_and_flavour() -> None:
    assert len(M1) >= 120
    assert all(c.flavor.strip() for c in M1), [c.id for c in M1 if not c.flavor.strip()]
    assert {c.rarity for c in M1} == set(Rarity)
    names = Counter(c.name for c in M1)
    assert [n for n, k in names.items() if k > 1] == [], "card names are unique in the set"


def test_every_energy_type_has_creatures() -> None:
    types = Counter(c.type for c in CREATURES)
    assert set(types) == set(EnergyType)
    assert min(types.values()) >= 5, types


def test_at_least_20_evolution_lines_a_third_of_them_three_stages() -> None:
    found = lines(POOL)
    assert len(found) >= 20, found
    three = [line for line in found if len(line) == 3]
    assert len(three) * 3 >= len(found), three


def test_ex_and_mega_cards() -> None:
    ex = [c for c in CREATURES if c.variant is Variant.EX]
    mega = [c for c in CREATURES if c.variant is Variant.MEGA]
    assert len(ex) >= 12
    assert len(mega) >= 4
    assert all(c.rarity is Rarity.EX for c in ex)
    assert all(c.rarity is Rarity.MEGA for c in mega)
    names = {c.name: c for c in CREATURES}
    for m in mega:  # every mega evolves from an ex
        assert m.evolves_from is not None and names[m.evolves_from].variant is Variant.EX


def test_at_least_30_trainers_of_every_kind() -> None:
    assert len(TRAINERS) >= 30
    kinds = Counter(c.trainer for c in TRAINERS)
    assert set(kinds) == set(TrainerKind)
    assert all(c.text for c in TRAINERS)


def test_at_least_15_creatures_have_abilities() -> None:
    with_ability = [c for c in CREATURES if c.ability is not None]
    assert len(with_ability) >= 15
    assert {c.ability.kind for c in with_ability if c.ability} == {"activated", "passive"}


def test_every_attack_with_effects_explains_them() -> None:
    silent = [
        (c.id, a.name) for c in CREATURES for a in c.attacks if a.effects and not a.text.strip()
    ]
    assert silent == []


def test_the_five_starters_cover_grass_fire_water_psychic_lightning() -> None:
    main = {d.id: d for d in POOL.starters.values() if d.preset == "mantimon"}
    types = {}
    for deck_id, deck in main.items():
        energy = {POOL[e].energy_type for e in deck.energy if isinstance(POOL[e], EnergyCard)}
        assert len(energy) == 1, deck_id
        types[deck_id] = energy.pop()
    assert sorted(types.values()) == sorted(
        [
            EnergyType.GRASS,
            EnergyType.FIRE,
            EnergyType.WATER,
            EnergyType.PSYCHIC,
            EnergyType.LIGHTNING,
        ]
    )


def test_the_line_finder_can_fail() -> None:
    """A pool without evolutions has no lines; a single line is found whole."""
    assert lines(CardPool({})) == []
    sub = {c.id: c for c in CREATURES if c.name in ("Cindercub", "Blazefang", "Pyrolisk")}
    assert lines(CardPool(sub)) == [["Cindercub", "Blazefang", "Pyrolisk"]]


M2 = [c for c in POOL if c.id.startswith("m2-")]


def test_the_second_set_brings_the_pool_past_220_cards_for_every_club() -> None:
    """Issue 14: at least 220 original cards, the second set with new creatures of every
    type (every club's theme), new trainers, every card with a rarity and flavour, names
    unique across both sets, and triggered abilities on its creatures."""
    cards = [c for c in POOL if c.id.startswith(("m1-", "m2-"))]
    assert len(cards) >= 220
    names = Counter(c.name for c in cards)
    assert [n for n, k in names.items() if k > 1] == []
    assert all(c.flavor.strip() for c in M2), [c.id for c in M2 if not c.flavor.strip()]
    assert {c.rarity for c in M2} == set(Rarity)
    types = Counter(c.type for c in M2 if isinstance(c, CreatureCard))
    assert set(types) == set(EnergyType) and min(types.values()) >= 5, types
    assert sum(isinstance(c, TrainerCard) for c in M2) >= 15
    triggers = {
        c.ability.trigger
        for c in M2
        if isinstance(c, CreatureCard) and c.ability is not None and c.ability.trigger
    }
    assert triggers == set(Trigger)
