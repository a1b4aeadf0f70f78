"""The campaign's world (data/world.json) and the decks and packs built for it."""

import json
from collections import Counter
from fractions import Fraction

import pytest

from mantimon.bots import LEVELS
from mantimon.campaign import PACK_SLOTS, open_pack
from mantimon.campaign.decks import RARITIES, themed_deck
from mantimon.campaign.packs import odds
from mantimon.campaign.world import WorldError, bundled_world, deck_of, load_world
from mantimon.cards import CreatureCard, EnergyCard, EnergyType, Rarity
from mantimon.engine import PRESETS, deck_problems, default_pool

POOL = default_pool()
PROMOS = bundled_world().promos
WORLD = bundled_world()
TEXT = json.dumps(json.loads(WORLD.model_dump_json()))


def test_eight_clubs_of_two_or_three_members_and_a_leader_then_three_masters_and_a_champion() -> (
    None
):
    assert len(WORLD.clubs) == 8
    assert all(2 <= len(c.members) <= 3 for c in WORLD.clubs)
    assert len(WORLD.grand_masters) == 3
    main = {EnergyType(t) for t in ("grass", "fire", "water", "lightning", "psychic", "fighting")}
    assert main <= {c.types[0] for c in WORLD.clubs}
    assert sum(len(c.types) > 1 or c.types[0] is EnergyType.COLORLESS for c in WORLD.clubs) >= 2


def test_every_duelist_plays_a_legal_deck_on_its_club_s_theme_at_a_level_players_see() -> None:
    for duelist in WORLD.duelists.values():
        deck = deck_of(duelist, POOL)
        assert deck_problems(PRESETS["mantimon"], deck, POOL) == [], duelist.id
        assert duelist.level in LEVELS
    for club in WORLD.clubs:
        for d in (*club.members, club.leader):
            types = {
                POOL[c].type for c in deck_of(d, POOL).cards if isinstance(POOL[c], CreatureCard)
            }
            assert types & set(club.types), d.id


def test_a_member_s_themed_deck_holds_only_commons_and_uncommons() -> None:
    deck = themed_deck(POOL, (EnergyType.FIRE,), "member", "someone")
    assert {POOL[c].rarity for c in deck.cards} <= RARITIES["member"]
    assert deck == themed_deck(POOL, (EnergyType.FIRE,), "member", "someone")  # a rule, no luck


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda w: w["clubs"][0]["members"][0].update(level="grandmaster"), "unknown level"),
        (
            lambda w: w["clubs"][0]["members"][0]["deck"].update(starter="nope", types=[]),
            "unknown starter",
        ),
        (
            lambda w: w["clubs"][1]["members"][0].update(id=w["clubs"][0]["members"][0]["id"]),
            "used twice",
        ),
        (lambda w: w["clubs"][0].update(promo="m9-999"), "unknown promo"),
        (lambda w: w["clubs"][0]["members"][0].update(role="leader"), "stands as member"),
    ],
)
def test_a_world_file_with_a_mistake_is_refused_with_the_place_named(change, message) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(TEXT)
    change(data)
    with pytest.raises(WorldError, match=message):
        load_world(json.dumps(data), POOL)


def test_a_pack_is_ten_cards_by_its_slots_and_the_same_seed_opens_the_same_pack() -> None:
    pack = open_pack(POOL, 12345, PROMOS)
    assert len(pack) == len(PACK_SLOTS) == 10
    rarities = [POOL[c].rarity for c in pack]
    assert rarities[:6] == [Rarity.COMMON] * 6
    assert rarities[6:9] == [Rarity.UNCOMMON] * 3
    assert rarities[9] in (Rarity.RARE, Rarity.EX, Rarity.MEGA)
    assert not any(isinstance(POOL[c], EnergyCard) and POOL[c].basic for c in pack)
    assert open_pack(POOL, 12345, PROMOS) == pack
    assert open_pack(POOL, 12346, PROMOS) != pack


def test_a_clubs_promo_is_never_in_a_pack() -> None:
    """Promos are rare creatures, so without the rule the rare slot would hand them out."""
    assert len(PROMOS) == len(bundled_world().clubs) == 8
    assert all(POOL[c].rarity is Rarity.RARE for c in PROMOS)
    opened = {c for seed in range(2000) for c in open_pack(POOL, seed, PROMOS)}
    assert not opened & PROMOS
    assert {c for seed in range(2000) for c in open_pack(POOL, seed, frozenset())} & PROMOS


def test_the_rare_slot_follows_its_published_odds() -> None:
    published = odds()[9]
    assert sum(published.values()) == 1
    seen = Counter(POOL[open_pack(POOL, seed, PROMOS)[9]].rarity.value for seed in range(3000))
    for rarity, share in published.items():
        assert abs(Fraction(seen[rarity], 3000) - share) < Fraction(3, 100), (rarity, seen)
