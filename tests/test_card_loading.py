"""Load-time validation of card and deck files, and the bundled pool itself.

Every invalid file must be refused with a ``CardPoolError`` whose message names the file, the
card and the field, so a card author can fix it without reading code. The files are given
in memory as ``(file name, JSON text)`` pairs to ``load_pool`` (the engine's loader, which
also knows the effect registry) or ``CardPool.load``. Also checks that the bundled pool loads
and that the five starter decks (and their classic variants) are legal under their preset.
"""

import json
from typing import Any

import pytest

from mantimon.cards import CardPool, CardPoolError, CreatureCard
from mantimon.cards.pool import bundled_files
from mantimon.engine import PRESETS, deck_problems, default_pool, load_pool
from mantimon.engine.catalog import effect_params

ENERGY_FILE = next(f for f in bundled_files("data") if f[0].endswith("energy.json"))


def creature(card_id: str = "t-x", **fields: Any) -> dict[str, Any]:
    card: dict[str, Any] = {
        "id": card_id,
        "kind": "creature",
        "name": f"Name of {card_id}",
        "type": "fire",
        "hp": 60,
    }
    card.update(fields)
    return card


def with_attack_effects(*effects: dict[str, Any], card_id: str = "t-x") -> dict[str, Any]:
    return creature(card_id, attacks=[{"name": "Hit", "damage": 10, "effects": list(effects)}])


def cards_file(*cards: Any) -> str:
    return json.dumps({"cards": list(cards)})


def load_error(*files: tuple[str, str], decks: tuple[tuple[str, str], ...] = ()) -> str:
    """Load the files (plus the basic energy) and return the error message it must raise."""
    with pytest.raises(CardPoolError) as info:
        load_pool([ENERGY_FILE, *files], decks)
    return str(info.value)


def assert_names(message: str, *parts: str) -> None:
    missing = [p for p in parts if p not in message]
    assert not missing, f"{missing} not named in: {message}"


# --- files and cards ----------------------------------------------------------------------


def test_invalid_json_names_the_file() -> None:
    msg = load_error(("broken.json", '{"cards": [ {"id": "t-x",'))
    assert_names(msg, "broken.json", "not valid JSON")


def test_a_file_without_a_cards_list_is_refused() -> None:
    for text in ("[]", '{"cards": {}}', '{"set": "m9"}'):
        msg = load_error(("shape.json", text))
        assert_names(msg, "shape.json", '"cards" list')


def test_a_card_that_is_not_an_object_names_its_position() -> None:
    msg = load_error(("odd.json", cards_file(creature("t-ok"), "m1-001")))
    assert_names(msg, "odd.json", "cards[1]", "must be a JSON object")


def test_an_unknown_card_kind_is_refused() -> None:
    msg = load_error(("kind.json", cards_file({"id": "t-x", "kind": "spell", "name": "X"})))
    assert_names(msg, "kind.json", "'t-x'", "'kind'", "spell")


def test_an_unknown_field_on_a_card_is_refused() -> None:
    msg = load_error(("extra.json", cards_file(creature(colour="red"))))
    assert_names(msg, "extra.json", "'t-x'", "colour", "Extra inputs are not permitted")


def test_a_badly_formed_card_id_is_refused() -> None:
    msg = load_error(("ids.json", cards_file(creature("Bad ID"))))
    assert_names(msg, "ids.json", "'Bad ID'", "id:", "pattern")


# --- effects ------------------------------------------------------------------------------


def test_an_unknown_effect_id_is_refused() -> None:
    bad = with_attack_effects({"effect": "flip"}, {"effect": "explode", "amount": 10})
    msg = load_error(("fx.json", cards_file(bad)))
    assert_names(msg, "fx.json", "'t-x'", "attacks[0].effects[1].effect", "'explode'")


def test_an_effect_without_an_id_is_refused() -> None:
    msg = load_error(("fx.json", cards_file(with_attack_effects({"amount": 10}))))
    assert_names(msg, "fx.json", "'t-x'", "attacks[0].effects[0]", '"effect"')


def test_an_effect_parameter_of_the_wrong_type_is_refused() -> None:
    bad = with_attack_effects({"effect": "damage", "amount": "lots"})
    msg = load_error(("fx.json", cards_file(bad)))
    assert_names(msg, "fx.json", "'t-x'", "attacks[0].effects[0] (damage)", "amount:", "integer")


def test_an_unknown_effect_parameter_is_refused() -> None:
    bad = with_attack_effects({"effect": "draw", "count": 2, "cards": 3})
    msg = load_error(("fx.json", cards_file(bad)))
    assert_names(msg, "fx.json", "'t-x'", "attacks[0].effects[0] (draw)", "cards:", "Extra")


def test_an_effect_parameter_out_of_range_is_refused() -> None:
    bad = with_attack_effects({"effect": "flip_multiplier", "flips": 0, "per_heads": 10})
    msg = load_error(("fx.json", cards_file(bad)))
    assert_names(msg, "fx.json", "'t-x'", "(flip_multiplier)", "flips:", "greater than or equal")


def test_a_bad_when_value_is_refused() -> None:
    bad = with_attack_effects({"effect": "bonus", "amount": 10, "when": "maybe"})
    msg = load_error(("fx.json", cards_file(bad)))
    assert_names(msg, "fx.json", "'t-x'", "(bonus)", "when:", "'heads' or 'tails'")


def test_a_bad_enum_inside_an_effect_parameter_is_refused() -> None:
    bad = with_attack_effects({"effect": "inflict", "condition": "frozen"})
    msg = load_error(("fx.json", cards_file(bad)))
    assert_names(msg, "fx.json", "'t-x'", "(inflict)", "condition:")


def test_bad_parameters_in_ability_and_trainer_effects_name_their_list() -> None:
    ability = {"name": "B", "kind": "activated", "effects": [{"effect": "heal", "amount": 0}]}
    msg = load_error(("ab.json", cards_file(creature(ability=ability))))
    assert_names(msg, "ab.json", "'t-x'", "ability.effects[0] (heal)", "amount:")
    trainer = {
        "id": "t-item",
        "kind": "trainer",
        "trainer": "item",
        "name": "Item",
        "effects": [{"effect": "draw", "count": "three"}],
    }
    msg = load_error(("tr.json", cards_file(trainer)))
    assert_names(msg, "tr.json", "'t-item'", "effects[0] (draw)", "count:")


def test_the_cards_layer_validates_against_the_effect_models_it_is_given() -> None:
    bad = with_attack_effects({"effect": "draw", "count": 1})
    with pytest.raises(CardPoolError) as info:
        CardPool.load([("alone.json", cards_file(bad))], {})
    assert_names(str(info.value), "alone.json", "'t-x'", "unknown effect id 'draw'")
    pool = CardPool.load([("alone.json", cards_file(bad))], effect_params())
    assert "t-x" in pool


# --- numbers and types --------------------------------------------------------------------


def test_an_attack_cost_with_an_unknown_energy_type_is_refused() -> None:
    bad = creature(attacks=[{"name": "Zap", "cost": ["fire", "plasma"], "damage": 10}])
    msg = load_error(("cost.json", cards_file(bad)))
    assert_names(msg, "cost.json", "'t-x'", "attacks.0.cost.1", "'fire'")


def test_damage_must_be_a_multiple_of_10() -> None:
    bad = creature(attacks=[{"name": "Nick", "damage": 25}])
    msg = load_error(("dmg.json", cards_file(bad)))
    assert_names(msg, "dmg.json", "'t-x'", "attacks.0.damage", "steps of 10")


def test_hp_must_be_a_multiple_of_10() -> None:
    msg = load_error(("hp.json", cards_file(creature(hp=65))))
    assert_names(msg, "hp.json", "'t-x'", "hp:", "steps of 10")


def test_a_weakness_of_an_unknown_type_is_refused() -> None:
    msg = load_error(("weak.json", cards_file(creature(weakness={"type": "plasma"}))))
    assert_names(msg, "weak.json", "'t-x'", "weakness.type")


# --- ids and evolutions -------------------------------------------------------------------


def test_a_duplicate_card_id_across_files_names_both_files() -> None:
    msg = load_error(
        ("first.json", cards_file(creature())), ("second.json", cards_file(creature()))
    )
    assert_names(msg, "second.json", "'t-x'", "first.json", "already defined")


def test_a_duplicate_card_id_within_a_file_is_refused() -> None:
    msg = load_error(("twice.json", cards_file(creature(), creature())))
    assert_names(msg, "twice.json", "'t-x'", "already defined")


def test_a_stage1_evolving_from_a_missing_card_is_refused() -> None:
    evo = creature("t-evo", stage="stage1", evolves_from="Nobody")
    msg = load_error(("evo.json", cards_file(evo)))
    assert_names(msg, "evo.json", "'t-evo'", "evolves_from", "'Nobody'")


def test_an_evolution_from_a_card_of_the_wrong_stage_is_refused() -> None:
    base = creature("t-base")
    s2 = creature("t-s2", stage="stage2", evolves_from="Name of t-base")
    msg = load_error(("evo.json", cards_file(base, s2)))
    assert_names(msg, "evo.json", "'t-s2'", "evolves_from", "is not a stage1")
    s1 = creature("t-s1", stage="stage1", evolves_from="Name of t-base")
    s1b = creature("t-s1b", stage="stage1", evolves_from="Name of t-s1")
    msg = load_error(("evo.json", cards_file(base, s1, s1b)))
    assert_names(msg, "evo.json", "'t-s1b'", "evolves_from", "is not a basic")


def test_a_basic_with_evolves_from_is_refused() -> None:
    base = creature("t-base")
    odd = creature("t-odd", evolves_from="Name of t-base")
    msg = load_error(("evo.json", cards_file(base, odd)))
    assert_names(msg, "evo.json", "'t-odd'", "evolves_from", "basic")


def test_a_stage1_must_name_what_it_evolves_from() -> None:
    msg = load_error(("evo.json", cards_file(creature("t-lost", stage="stage1"))))
    assert_names(msg, "evo.json", "'t-lost'", "evolves_from")


def test_an_evolution_may_come_from_another_file() -> None:
    base = creature("t-base")
    s1 = creature("t-s1", stage="stage1", evolves_from="Name of t-base")
    pool = load_pool([("b.json", cards_file(s1)), ("a.json", cards_file(base))])
    card = pool["t-s1"]
    assert isinstance(card, CreatureCard) and card.evolves_from == "Name of t-base"


# --- effects that ask the player ----------------------------------------------------------


def test_a_choice_effect_not_last_in_an_attack_names_file_card_and_field() -> None:
    bad = with_attack_effects({"effect": "recover"}, {"effect": "damage", "amount": 10})
    msg = load_error(("ask.json", cards_file(bad)))
    assert_names(msg, "ask.json", "'t-x'", "attacks[0].effects[0] (recover)", "last")


def test_a_choice_effect_not_last_in_a_trainer_names_file_card_and_field() -> None:
    trainer = {
        "id": "t-map",
        "kind": "trainer",
        "trainer": "item",
        "name": "Map",
        "effects": [{"effect": "search_deck"}, {"effect": "draw", "count": 1}],
    }
    msg = load_error(("ask.json", cards_file(trainer)))
    assert_names(msg, "ask.json", "'t-map'", ": effects[0] (search_deck)", "last")


def test_a_choice_effect_not_last_in_an_ability_is_refused() -> None:
    ability = {
        "name": "Peek",
        "kind": "activated",
        "effects": [{"effect": "look_top", "look": 2}, {"effect": "draw", "count": 1}],
    }
    msg = load_error(("ask.json", cards_file(creature(ability=ability))))
    assert_names(msg, "'t-x'", "ability.effects[0] (look_top)", "last")


def test_a_choice_effect_last_in_its_list_loads() -> None:
    good = with_attack_effects({"effect": "damage", "amount": 10}, {"effect": "recover"})
    assert "t-x" in load_pool([("ok.json", cards_file(good))])


# --- starter decks ------------------------------------------------------------------------


def deck_file(**fields: Any) -> str:
    deck = {"id": "d-test", "name": "Test Deck", "cards": {"t-x": 4}, "energy": {}}
    deck.update(fields)
    return json.dumps(deck)


def test_a_starter_deck_with_an_unknown_card_is_refused() -> None:
    msg = load_error(
        ("c.json", cards_file(creature())),
        decks=(("decks/bad.json", deck_file(cards={"t-x": 4, "m9-999": 2})),),
    )
    assert_names(msg, "decks/bad.json", "cards.m9-999", "no such card")


def test_a_starter_deck_with_a_non_energy_card_in_the_energy_deck_is_refused() -> None:
    msg = load_error(
        ("c.json", cards_file(creature())),
        decks=(("decks/bad.json", deck_file(energy={"energy-fire": 19, "t-x": 1})),),
    )
    assert_names(msg, "decks/bad.json", "energy.t-x", "energy cards only")


def test_a_starter_deck_with_a_zero_count_is_refused() -> None:
    msg = load_error(
        ("c.json", cards_file(creature())),
        decks=(("decks/bad.json", deck_file(cards={"t-x": 0})),),
    )
    assert_names(msg, "decks/bad.json", "cards.t-x", "positive")


def test_a_starter_deck_missing_a_field_is_refused() -> None:
    text = json.dumps({"name": "No Id", "cards": {"t-x": 1}})
    msg = load_error(("c.json", cards_file(creature())), decks=(("decks/noid.json", text),))
    assert_names(msg, "decks/noid.json", "id:")


def test_a_starter_deck_file_with_invalid_json_is_refused() -> None:
    msg = load_error(("c.json", cards_file(creature())), decks=(("decks/x.json", "{"),))
    assert_names(msg, "decks/x.json", "not valid JSON")


# --- the bundled pool ---------------------------------------------------------------------


def test_the_bundled_pool_loads_with_at_least_40_cards() -> None:
    pool = load_pool(bundled_files("data"), bundled_files("decks"))
    assert len(pool) >= 40
    assert len([c for c in pool if isinstance(c, CreatureCard)]) >= 20
    assert pool.cards.keys() == default_pool().cards.keys()


STARTER_IDS = ["dream-veil", "ember-rush", "storm-front", "tidal-mind", "verdant-surge"]


def test_the_five_starter_decks_and_their_classic_variants_are_legal() -> None:
    pool = default_pool()
    assert sorted(pool.starters) == sorted([*STARTER_IDS, *(f"{d}-classic" for d in STARTER_IDS)])
    for deck_id, deck in pool.starters.items():
        assert deck.preset == ("classic" if deck_id.endswith("-classic") else "mantimon")
        assert deck.name and deck.description, deck_id
        rules = PRESETS[deck.preset]
        assert deck_problems(rules, deck.decklist(), pool) == [], deck_id
        assert len(deck.decklist().cards) == rules.deck_size, deck_id
        assert len(deck.decklist().energy) == (0 if rules.energy_in_deck else 20), deck_id


def test_a_classic_variant_is_its_starter_plus_twenty_energy() -> None:
    pool = default_pool()
    for deck_id in STARTER_IDS:
        base, classic = pool.starters[deck_id], pool.starters[f"{deck_id}-classic"]
        extra = {k: v for k, v in classic.cards.items() if k not in base.cards}
        assert {k: v for k, v in classic.cards.items() if k in base.cards} == base.cards
        assert extra == base.energy, deck_id


def test_a_starter_deck_is_not_legal_under_the_other_preset() -> None:
    pool = default_pool()
    mantimon_deck = pool.starters["ember-rush"].decklist()
    assert deck_problems(PRESETS["classic"], mantimon_deck, pool) != []
