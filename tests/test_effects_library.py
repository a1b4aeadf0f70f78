"""Effects added with the 120-card pool (``effects/movement.py``, ``effects/disruption.py``,
and the newer handlers of ``attack_math``, ``card_flow`` and ``board``).

Covers bonus_if_defender (ex/mega and stage filters), move_damage (attack, ability, item;
a knockout by moved damage), move_energy (any type, typed only), discard_hand (attack,
supporter, an ability only usable from the Active; nothing hidden leaks), mill (to the
discard, a short deck, deck-out afterwards), draw_until (supporter and ability limits),
recycle (a choice among the discard, shuffled back, never the card itself) and protect's
``prevent_effects`` marker (effects of the opponent's attacks skipped, damage kept, own and
trainer effects unaffected, gone after one turn). Real bundled cards are used where one
exists, so the card texts are tested too.
"""

from mantimon.engine import (
    AttackAction,
    Condition,
    EndTurnAction,
    PlayTrainerAction,
    UseAbilityAction,
)
from tests.scenario import (
    Scenario,
    attack_json,
    covers,
    creature_json,
    eff,
    pool_with,
)

WALL = "t-wall"
POOL = pool_with(
    creature_json(WALL),
    creature_json("t-wall-ex", variant="ex"),
    creature_json(
        "t-hexer",
        attack_json(
            eff("inflict", condition="paralyzed"),
            eff("discard_energy", count=1, subject="defender"),
            eff("protect", kind="cant_retreat", subject="defender"),
            eff("move_damage", amount=30, source="self", dest="defender"),
            damage=20,
        ),
        attack_json(eff("switch", side="opp"), target="opp_bench"),
        attack_json(eff("damage", amount=30, subject="defender")),
    ),
    creature_json(
        "t-thief",
        attack_json(eff("discard_hand", count=2), eff("mill", count=3, who="own")),
    ),
)

GALVARON_EX = "m1-045"  # Charge Horn: 50, +40 to an ex or mega
UMBRASTAG = "m1-074"  # Eclipse Charge: 70, +30 to a stage 1 or stage 2
HEXMOTH = "m1-028"  # Pain Swap: 20, move all its damage to the defender
SOMNARCH = "m1-022"  # Dreamshift: move 10 damage from one of yours to the opposing Active
PATCH_KIT = "m1-109"  # move up to 30 damage from your Active to a benched creature
ENERGY_RELAY = "m1-114"  # move an energy from a benched creature to your Active
TEMPESTRAL = "m1-044"  # Storm Channel: move a Lightning energy from the bench to the Active
GRIMLET = "m1-076"  # Pickpocket: 10, opponent discards a random card
SLY_FENN = "m1-122"  # opponent discards a random card, you draw 2
NIGHTMAW = "m1-072"  # Pilfer (Active only); Devouring Night: 100, mill 2
NIBBLET = "m1-056"  # Gnaw: 10, mill 1
CAPTAIN_MARU = "m1-119"  # draw until 6 cards in hand
FROTHARE = "m1-019"  # Tide Pool: draw until 4 cards in hand
REWIND_REEL = "m1-116"  # shuffle up to 3 cards from the discard into the deck
MISTWHALE = "m1-092"  # Mist Veil: 30, prevent effects of attacks next turn


# --- bonus_if_defender ------------------------------------------------------------------------


@covers("bonus_if_defender")
def test_charge_horn_does_more_to_ex_and_mega_creatures_only() -> None:
    for target, expected in (("t-wall-ex", 90), (WALL, 50), ("m1-006", 90)):
        s = Scenario(pool=POOL)
        s.active(0, GALVARON_EX, energy=["lightning", "lightning"])
        defender = s.active(1, target)
        s.act(0, AttackAction(attack_index=0))
        assert s.damage_on(defender) == expected, target


@covers("bonus_if_defender")
def test_eclipse_charge_does_more_to_evolved_creatures() -> None:
    for target, expected in (("m1-061", 100), ("m1-012", 100), (WALL, 70)):
        s = Scenario(pool=POOL)
        s.active(0, UMBRASTAG, energy=["darkness"] * 3)
        defender = s.active(1, target)
        s.act(0, AttackAction(attack_index=1))
        assert s.damage_on(defender) == expected, target


# --- move_damage ------------------------------------------------------------------------------


@covers("move_damage")
def test_pain_swap_moves_all_damage_from_the_attacker_to_the_defender() -> None:
    s = Scenario(pool=POOL)
    me = s.active(0, HEXMOTH, damage=50, energy=["psychic", "psychic"])
    wall = s.active(1, WALL)
    t = s.act(0, AttackAction(attack_index=1))
    assert s.damage_on(me) == 0
    assert s.damage_from(t, wall) == 20
    assert s.damage_from(t, wall, "moved") == 50
    assert s.damage_on(wall) == 70


@covers("move_damage")
def test_moved_damage_can_knock_out_and_scores() -> None:
    s = Scenario(pool=POOL)
    s.active(0, HEXMOTH, damage=40, energy=["psychic", "psychic"])
    victim = s.active(1, "m1-010", damage=10)  # Drizzlet, 60 HP
    s.bench(1, WALL)
    s.act(0, AttackAction(attack_index=1))  # 20 + 40 moved + 10 already = 70
    assert not s.in_play(victim)
    assert s.player(0).points == 1


@covers("move_damage")
def test_dreamshift_moves_ten_damage_from_a_damaged_friend_to_the_opposing_active() -> None:
    s = Scenario(pool=POOL)
    host = s.active(0, SOMNARCH)
    hurt = s.bench(0, WALL, damage=30)
    s.bench(0, WALL)
    wall = s.active(1, WALL)
    uses = [a for a in s.legal(0) if isinstance(a, UseAbilityAction)]
    assert [a.target_id for a in uses] == [hurt], "only damaged creatures can give damage"
    s.act(0, UseAbilityAction(creature_id=host, target_id=hurt))
    assert s.damage_on(hurt) == 20
    assert s.damage_on(wall) == 10


@covers("move_damage")
def test_dreamshift_is_not_offered_when_nothing_is_damaged() -> None:
    s = Scenario(pool=POOL)
    s.active(0, SOMNARCH)
    s.bench(0, WALL)
    s.active(1, WALL)
    assert "use_ability" not in s.legal_types(0)


@covers("move_damage")
def test_patch_kit_moves_up_to_30_damage_from_the_active_to_a_benched_creature() -> None:
    s = Scenario(pool=POOL)
    active = s.active(0, WALL, damage=20)
    b1, b2 = s.bench(0, WALL), s.bench(0, WALL, damage=10)
    kit = s.hand(0, PATCH_KIT)[0]
    targets = {a.target_id for a in s.legal(0) if isinstance(a, PlayTrainerAction)}
    assert targets == {b1, b2}
    s.act(0, PlayTrainerAction(card_id=kit, target_id=b2))
    assert (s.damage_on(active), s.damage_on(b2), s.damage_on(b1)) == (0, 30, 0)


@covers("move_damage")
def test_patch_kit_is_not_playable_on_an_undamaged_active() -> None:
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    bench = s.bench(0, WALL, damage=50)
    kit = s.hand(0, PATCH_KIT)[0]
    assert "play_trainer" not in s.legal_types(0)
    s.refuse(0, PlayTrainerAction(card_id=kit, target_id=bench))


# --- move_energy ------------------------------------------------------------------------------


@covers("move_energy")
def test_energy_relay_moves_the_newest_energy_of_a_benched_creature_to_the_active() -> None:
    s = Scenario(pool=POOL)
    active = s.active(0, WALL, energy=["fire"])
    donor = s.bench(0, WALL, energy=["water", "grass"])
    s.bench(0, WALL)
    relay = s.hand(0, ENERGY_RELAY)[0]
    targets = {a.target_id for a in s.legal(0) if isinstance(a, PlayTrainerAction)}
    assert targets == {donor}, "the Active cannot give to itself; an empty bench cannot give"
    water, grass = s.creature(donor).energy
    t = s.act(0, PlayTrainerAction(card_id=relay, target_id=donor))
    assert s.creature(active).energy[-1] == grass
    assert s.creature(donor).energy == [water]
    assert len(s.events(t, "move_energy")) == 1


@covers("move_energy")
def test_storm_channel_moves_lightning_energy_only() -> None:
    s = Scenario(pool=POOL)
    host = s.active(0, TEMPESTRAL)
    only_fire = s.bench(0, WALL, energy=["fire"])
    mixed = s.bench(0, WALL, energy=["lightning", "fire"])
    uses = [a for a in s.legal(0) if isinstance(a, UseAbilityAction)]
    assert [a.target_id for a in uses] == [mixed]
    s.refuse(0, UseAbilityAction(creature_id=host, target_id=only_fire))
    s.act(0, UseAbilityAction(creature_id=host, target_id=mixed))
    assert len(s.creature(host).energy) == 1
    assert len(s.creature(mixed).energy) == 1


# --- discard_hand -----------------------------------------------------------------------------


@covers("discard_hand")
def test_pickpocket_discards_one_random_card_from_the_opponents_hand() -> None:
    s = Scenario(pool=POOL)
    s.active(0, GRIMLET, energy=["darkness"])
    s.active(1, WALL)
    hand = s.hand(1, "m1-100", "m1-101", "m1-110")
    t = s.act(0, AttackAction(attack_index=0))
    gone = [u for u in hand if u not in s.player(1).hand]
    assert len(gone) == 1 and s.player(1).discard == gone
    assert s.events(t, "discard_hand") == [{"count": 1}]
    # The discarded card is public now; the two left in Bo's hand stay hidden from Ana.
    seen = s.view(0).model_dump_json()
    assert gone[0] in seen
    assert all(u not in seen for u in s.player(1).hand)


@covers("discard_hand")
def test_the_random_discard_depends_on_the_games_seed() -> None:
    picked = set()
    for seed in range(12):
        s = Scenario(pool=POOL, seed=seed)
        s.active(0, GRIMLET, energy=["darkness"])
        s.active(1, WALL)
        s.hand(1, "m1-100", "m1-101", "m1-110")
        s.state.rng = seed * 7919 + 1
        s.act(0, AttackAction(attack_index=0))
        picked.add(s.card_ids(s.player(1).discard)[0])
    assert len(picked) >= 2, "the discarded card is not always the same one"


@covers("discard_hand", "mill")
def test_an_attack_against_an_empty_hand_and_own_mill_do_what_they_can() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-thief")
    s.active(1, WALL)
    s.deck(0, "m1-100", "m1-101")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.events(t, "discard_hand") == []
    assert s.player(0).deck == [] and len(s.player(0).discard) == 2


@covers("discard_hand", "draw")
def test_sly_fenn_discards_from_the_opponents_hand_and_draws_two() -> None:
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    s.active(1, WALL)
    fenn = s.hand(0, SLY_FENN)[0]
    (berry,) = s.hand(1, "m1-100")
    s.act(0, PlayTrainerAction(card_id=fenn))
    assert s.player(1).hand == [] and s.player(1).discard == [berry]
    assert len(s.player(0).hand) == 2


@covers("discard_hand", "draw")
def test_sly_fenn_is_played_when_one_of_its_parts_can_happen() -> None:
    """RULES.md "Hidden information": a card whose text has several parts can be played
    when at least one part can happen. With the opponent's hand empty Sly Fenn still
    draws 2; with the own deck empty it still makes the opponent discard; with both, it
    does nothing and is not offered."""
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    s.active(1, WALL)
    fenn = s.hand(0, SLY_FENN)[0]
    assert PlayTrainerAction(card_id=fenn) in s.legal(0), "the draw can happen"
    t = s.act(0, PlayTrainerAction(card_id=fenn))
    assert len(s.player(0).hand) == 2 and s.events(t, "discard_hand") == []

    s = Scenario(pool=POOL, deck_size=0)
    s.active(0, WALL)
    s.active(1, WALL)
    fenn = s.hand(0, SLY_FENN)[0]
    (berry,) = s.hand(1, "m1-100")
    s.act(0, PlayTrainerAction(card_id=fenn))
    assert s.player(1).discard == [berry] and s.player(0).hand == []

    s = Scenario(pool=POOL, deck_size=0)
    s.active(0, WALL)
    s.active(1, WALL)
    fenn = s.hand(0, SLY_FENN)[0]
    assert "play_trainer" not in s.legal_types(0)
    s.refuse(0, PlayTrainerAction(card_id=fenn), "action_not_allowed")


@covers("discard_hand")
def test_pilfer_works_only_from_the_active_spot() -> None:
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    benched = s.bench(0, NIGHTMAW)
    s.active(1, WALL)
    s.hand(1, "m1-100", "m1-101")
    assert "use_ability" not in s.legal_types(0)
    s.refuse(0, UseAbilityAction(creature_id=benched))
    s2 = Scenario(pool=POOL)
    host = s2.active(0, NIGHTMAW)
    s2.active(1, WALL)
    s2.hand(1, "m1-100", "m1-101")
    s2.act(0, UseAbilityAction(creature_id=host))
    assert len(s2.player(1).hand) == 1 and len(s2.player(1).discard) == 1


# --- mill -------------------------------------------------------------------------------------


@covers("mill")
def test_gnaw_discards_the_top_card_of_the_opponents_deck() -> None:
    s = Scenario(pool=POOL)
    s.active(0, NIBBLET, energy=["fire"])
    s.active(1, WALL)
    top, second = s.deck(1, "m1-100", "m1-101")
    t = s.act(0, AttackAction(attack_index=0))
    assert s.player(1).discard == [top]
    assert s.events(t, "mill") == [{"count": 1}]
    assert s.player(1).hand == [second], "Bo drew the next card at the start of the turn"


@covers("mill")
def test_devouring_night_mills_what_is_left_and_the_opponent_decks_out() -> None:
    s = Scenario(pool=POOL)
    s.active(0, NIGHTMAW, energy=["darkness"] * 4)
    s.active(1, WALL)
    only = s.deck(1, "m1-100")[0]
    s.act(0, AttackAction(attack_index=0))
    assert s.player(1).discard == [only]
    assert s.state.over and s.state.end_reason is not None
    assert s.state.end_reason.value == "deck_out"


# --- draw_until -------------------------------------------------------------------------------


@covers("draw_until")
def test_captain_maru_draws_until_six_cards_in_hand() -> None:
    s = Scenario(pool=POOL, deck_size=10)
    s.active(0, WALL)
    maru, *_ = s.hand(0, CAPTAIN_MARU, "m1-100", "m1-101")
    s.act(0, PlayTrainerAction(card_id=maru))
    assert len(s.player(0).hand) == 6
    assert len(s.player(0).deck) == 6


@covers("draw_until")
def test_captain_maru_is_not_playable_with_six_other_cards_or_an_empty_deck() -> None:
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    s.hand(0, CAPTAIN_MARU, *["m1-100"] * 6)
    assert "play_trainer" not in {a.type for a in s.legal(0) if getattr(a, "card_id", "")}
    s2 = Scenario(pool=POOL, deck_size=0)
    s2.active(0, WALL)
    maru = s2.hand(0, CAPTAIN_MARU)[0]
    s2.refuse(0, PlayTrainerAction(card_id=maru))


@covers("draw_until")
def test_tide_pool_draws_up_to_four_and_only_as_many_as_the_deck_has() -> None:
    s = Scenario(pool=POOL, deck_size=2)
    host = s.active(0, FROTHARE)
    s.hand(0, "m1-100")
    s.act(0, UseAbilityAction(creature_id=host))
    assert len(s.player(0).hand) == 3 and s.player(0).deck == []
    s2 = Scenario(pool=POOL)
    s2.active(0, FROTHARE)
    s2.hand(0, *["m1-100"] * 4)
    assert "use_ability" not in s2.legal_types(0)


# --- recycle ----------------------------------------------------------------------------------


@covers("recycle")
def test_rewind_reel_shuffles_chosen_discard_cards_into_the_deck() -> None:
    s = Scenario(pool=POOL, deck_size=3)
    s.active(0, WALL)
    a, b, c, d = s.discard(0, "m1-100", "m1-101", "m1-110", "m1-001")
    reel = s.hand(0, REWIND_REEL)[0]
    s.act(0, PlayTrainerAction(card_id=reel))
    q = s.state.pending[0]
    assert sorted(q.options) == sorted([a, b, c, d]), "never the Rewind Reel itself"
    assert (q.min, q.max) == (1, 3)
    t = s.choose(0, a, d)
    assert set(s.player(0).discard) == {b, c, reel}
    assert {a, d} <= set(s.player(0).deck) and len(s.player(0).deck) == 5
    assert s.events(t, "recycle") == [{"count": 2}]


@covers("recycle")
def test_rewind_reel_needs_something_in_the_discard() -> None:
    s = Scenario(pool=POOL)
    s.active(0, WALL)
    reel = s.hand(0, REWIND_REEL)[0]
    assert "play_trainer" not in s.legal_types(0)
    s.refuse(0, PlayTrainerAction(card_id=reel))
    s.discard(0, REWIND_REEL)  # another Reel in the discard is a fine target
    assert "play_trainer" in s.legal_types(0)


# --- protect: prevent_effects -----------------------------------------------------------------


def veiled() -> tuple[Scenario, str, str]:
    """Ana's Mistwhale used Mist Veil; it is Bo's turn, with Bo's t-hexer active."""
    s = Scenario(pool=POOL)
    whale = s.active(0, MISTWHALE, energy=["water", "water"])
    s.bench(0, WALL)
    hexer = s.active(1, "t-hexer", damage=40)
    s.act(0, AttackAction(attack_index=0))  # Mist Veil: 30
    assert "prevent_effects" in s.creature(whale).markers[0].kind
    return s, whale, hexer


@covers("protect")
def test_mist_veil_stops_every_effect_of_the_next_attack_but_its_damage() -> None:
    s, whale, hexer = veiled()
    t = s.act(1, AttackAction(attack_index=0))
    c = s.creature(whale)
    assert s.damage_from(t, whale) == 20, "the attack's damage still lands"
    assert s.damage_from(t, whale, "moved") == 0
    assert s.damage_on(hexer) == 70, "its own damage was not moved"
    assert c.special is not Condition.PARALYZED
    assert len(c.energy) == 2
    assert [m.kind for m in c.markers] == [], "the marker ran out; no cant_retreat was added"


@covers("protect")
def test_mist_veil_stops_gusts_and_effect_damage() -> None:
    s, whale, _ = veiled()
    target = s.player(0).bench[0].uid
    s.act(1, AttackAction(attack_index=1, target_id=target))
    assert s.active_uid(0) == whale
    s2, whale2, _ = veiled()
    t = s2.act(1, AttackAction(attack_index=2))
    assert s2.damage_from(t, whale2, "effect") == 0


@covers("protect")
def test_mist_veil_does_not_stop_trainers_or_outlast_the_opponents_turn() -> None:
    s, _, _ = veiled()
    bench = s.player(0).bench[0].uid
    rhea = s.hand(1, "m1-102")[0]  # Lure Keeper Rhea: switch the opponent's Active
    s.act(1, PlayTrainerAction(card_id=rhea, target_id=bench))
    assert s.active_uid(0) == bench
    s2, whale2, _ = veiled()
    s2.act(1, EndTurnAction())
    assert s2.creature(whale2).markers == []
