"""Effects that move cards between deck, hand and discard (``effects/card_flow.py``, and
``mulligan_draw`` from ``setup.py``).

Covers draw, shuffle_hand_draw (own, opponent, both), search_deck (to hand and to bench,
filters, the pending choice only its player sees, the deck shuffled afterwards, choosing
fewer than allowed or nothing), look_top, recover (cards to hand, energy to the energy zone
in the mantimon preset) and the setup-only mulligan_draw choice.
"""

from mantimon.cards import DeckList
from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    AttackAction,
    ChooseAction,
    EndTurnAction,
    Phase,
    PlayTrainerAction,
    ResignAction,
    RulesConfig,
    Transition,
    UseAbilityAction,
    apply_action,
    legal_actions,
    new_game,
    view_for,
)
from mantimon.engine.state import GameState
from tests.scenario import (
    PLAYERS,
    Scenario,
    ability_json,
    attack_json,
    covers,
    creature_json,
    eff,
    pool_with,
    trainer_json,
)

WALL = "t-wall"

POOL = pool_with(
    creature_json(WALL),
    trainer_json("t-reset", "supporter", eff("shuffle_hand_draw", count=4, who="both")),
    trainer_json("t-scrap", "item", eff("shuffle_hand_draw", count=0)),
    trainer_json(
        "t-salvage", "item", eff("recover", count=2, filter={"kind": "energy", "type": "fire"})
    ),
    trainer_json(
        "t-fire-call",
        "item",
        eff("search_deck", count=2, filter={"kind": "creature", "type": "fire"}),
    ),
    creature_json(
        "t-peeker",
        ability=ability_json(
            "activated", eff("look_top", look=4, take=2, filter={"kind": "trainer"})
        ),
    ),
    creature_json(
        "t-digger",
        attack_json(eff("search_deck", count=1, filter={"kind": "trainer"}), damage=10),
    ),
)

QUILL, IVO, NELL = "m1-110", "m1-111", "m1-112"
SCOUT_MAP, NEST_BASKET, PATHFINDER, RECALL_NET = "m1-103", "m1-104", "m1-113", "m1-106"


def board(rules: RulesConfig | None = None) -> Scenario:
    """Ana and Bo each have a Test Wall as their Active; Ana to play on turn 3."""
    s = Scenario(rules, pool=POOL)
    s.active(0, WALL)
    s.active(1, WALL)
    return s


def play(s: Scenario, uid: str, target: str | None = None) -> Transition:
    return s.act(0, PlayTrainerAction(card_id=uid, target_id=target))


# --- draw ---------------------------------------------------------------------------------


@covers("draw")
def test_professor_quill_draws_the_top_three_cards() -> None:
    s = board()
    top = s.deck(0, "m1-001", "m1-010", "m1-100", "m1-020", "m1-030")
    quill = s.hand(0, QUILL)[0]
    play(s, quill)
    assert s.player(0).hand == top[:3]
    assert s.player(0).deck == list(reversed(top[3:]))
    assert quill in s.player(0).discard


@covers("draw")
def test_draw_takes_what_a_short_deck_has() -> None:
    s = board()
    top = s.deck(0, "m1-001", "m1-010")
    play(s, s.hand(0, QUILL)[0])
    assert s.player(0).hand == top
    assert s.player(0).deck == []


@covers("draw")
def test_draw_is_not_playable_from_an_empty_deck() -> None:
    s = board()
    s.deck(0)
    quill = s.hand(0, QUILL)[0]
    assert "play_trainer" not in s.legal_types(0)
    s.refuse(0, PlayTrainerAction(card_id=quill), "action_not_allowed")


@covers("draw")
def test_the_opponent_sees_how_many_cards_were_drawn_but_not_which() -> None:
    s = board()
    s.deck(0, "m1-001", "m1-010", "m1-100")
    play(s, s.hand(0, QUILL)[0])
    (seen_by_bo,) = [e for e in s.view(1).events if e.kind == "draw"]
    assert seen_by_bo.data == {"count": 3}
    assert seen_by_bo.cards == []
    (seen_by_ana,) = [e for e in s.view(0).events if e.kind == "draw"]
    assert [c.card_id for c in seen_by_ana.cards if c] == ["m1-001", "m1-010", "m1-100"]


# --- shuffle_hand_draw --------------------------------------------------------------------


@covers("shuffle_hand_draw")
def test_researcher_ivo_shuffles_the_rest_of_the_hand_back_and_draws_five() -> None:
    s = board()
    deck = s.deck(0, *["m1-050"] * 6)
    ivo, *rest = s.hand(0, IVO, "m1-001", "m1-100")
    play(s, ivo)
    p = s.player(0)
    assert len(p.hand) == 5
    assert sorted(p.hand + p.deck) == sorted(deck + rest)
    assert ivo in p.discard and ivo not in p.deck


@covers("shuffle_hand_draw")
def test_shuffle_hand_draw_with_count_zero_empties_the_hand_into_the_deck() -> None:
    s = board()
    deck = s.deck(0, "m1-050", "m1-050")
    scrap, *rest = s.hand(0, "t-scrap", "m1-001", "m1-010")
    play(s, scrap)
    assert s.player(0).hand == []
    assert sorted(s.player(0).deck) == sorted(deck + rest)


@covers("shuffle_hand_draw")
def test_trickster_nell_makes_the_opponent_shuffle_and_draw_three() -> None:
    s = board()
    bo_deck = s.deck(1, *["m1-050"] * 5)
    bo_hand = s.hand(1, "m1-001", "m1-010", "m1-020", "m1-030", "m1-040", "m1-100")
    nell, kept = s.hand(0, NELL, "m1-101")
    t = play(s, nell)
    assert s.player(0).hand == [kept]
    bo = s.player(1)
    assert len(bo.hand) == 3
    assert sorted(bo.hand + bo.deck) == sorted(bo_deck + bo_hand)
    shuffled = [e for e in t.events if e.kind == "shuffle_hand"]
    assert [(e.seat, e.data) for e in shuffled] == [(1, {"count": 6})]
    (seen_by_ana,) = [e for e in s.view(0).events if e.kind == "draw"]
    assert seen_by_ana.player == "bo"
    assert seen_by_ana.cards == []


@covers("shuffle_hand_draw")
def test_shuffle_hand_draw_for_both_players() -> None:
    s = board()
    s.deck(0, *["m1-050"] * 5)
    s.deck(1, *["m1-050"] * 5)
    reset, *_ = s.hand(0, "t-reset", "m1-001")
    s.hand(1, "m1-001", "m1-010")
    play(s, reset)
    assert (len(s.player(0).hand), len(s.player(1).hand)) == (4, 4)
    assert (len(s.player(0).deck), len(s.player(1).deck)) == (2, 3)


@covers("shuffle_hand_draw")
def test_researcher_ivo_is_not_playable_when_it_would_do_nothing() -> None:
    # Empty deck and Ivo alone in hand: nothing to shuffle back, nothing to draw.
    s = board()
    s.deck(0)
    ivo = s.hand(0, IVO)[0]
    assert PlayTrainerAction(card_id=ivo) not in s.legal(0)
    s.refuse(0, PlayTrainerAction(card_id=ivo))


@covers("shuffle_hand_draw")
def test_trickster_nell_is_playable_when_only_the_opponent_has_cards() -> None:
    s = board()
    s.deck(0)
    s.hand(1, "m1-001")
    nell = s.hand(0, NELL)[0]
    assert PlayTrainerAction(card_id=nell) in s.legal(0)


# --- search_deck --------------------------------------------------------------------------


def search_board() -> tuple[Scenario, dict[str, str]]:
    """Ana's deck holds one each of these cards (top first); returns card id -> instance."""
    s = board()
    ids = ["m1-100", "m1-001", "m1-002", "m1-010", "m1-110", "m1-050", "m1-041", "m1-020"]
    uids = s.deck(0, *ids)
    return s, dict(zip(ids, uids, strict=True))


@covers("search_deck")
def test_scout_map_offers_exactly_the_basic_creatures_of_the_deck() -> None:
    s, deck = search_board()
    play(s, s.hand(0, SCOUT_MAP)[0])
    (q,) = s.state.pending
    assert (q.seat, q.kind, q.effect, q.min, q.max) == (0, "choice", "search_deck", 0, 1)
    assert set(q.options) == {deck["m1-001"], deck["m1-010"], deck["m1-050"], deck["m1-020"]}


@covers("search_deck")
def test_search_choice_is_visible_only_to_its_player() -> None:
    s, deck = search_board()
    play(s, s.hand(0, SCOUT_MAP)[0])
    ana, bo, spectator = s.view(0), s.view(1), s.view(None)
    assert ana.pending is not None
    assert {o.card.card_id for o in ana.pending.options if o.card} == {
        "m1-001",
        "m1-010",
        "m1-050",
        "m1-020",
    }
    assert bo.pending is None and spectator.pending is None
    assert s.legal(1) == [ResignAction()]
    assert bo.waiting_for == ["ana"]
    # no instance id of Ana's deck leaks into Bo's view
    bo_text = bo.model_dump_json()
    assert not any(uid in bo_text for uid in deck.values())


@covers("search_deck")
def test_search_choice_must_be_answered_before_anything_else() -> None:
    s, _ = search_board()
    play(s, s.hand(0, SCOUT_MAP)[0])
    assert s.legal_types(0) == {"choose", "resign"}
    s.refuse(0, EndTurnAction(), "action_not_allowed")


@covers("search_deck")
def test_search_puts_the_chosen_card_in_hand_and_shuffles_the_deck() -> None:
    s, deck = search_board()
    play(s, s.hand(0, SCOUT_MAP)[0])
    before = list(s.player(0).deck)
    t = s.choose(0, deck["m1-010"])
    assert s.player(0).hand == [deck["m1-010"]]
    after = s.player(0).deck
    assert sorted(after) == sorted(u for u in before if u != deck["m1-010"])
    assert after != [u for u in before if u != deck["m1-010"]], "the deck was not shuffled"
    assert len(s.events(t, "shuffle_deck")) == 1
    (seen_by_bo,) = [e for e in s.view(1).events if e.kind == "search"]
    assert seen_by_bo.data == {"count": 1, "to": "hand", "reveal": True}  # "reveal it"
    assert [c.card_id for c in seen_by_bo.cards if c] == ["m1-010"]


@covers("search_deck")
def test_search_may_take_nothing_and_still_shuffles() -> None:
    s, _ = search_board()
    play(s, s.hand(0, SCOUT_MAP)[0])
    before = list(s.player(0).deck)
    t = s.choose(0)
    assert s.player(0).hand == []
    assert sorted(s.player(0).deck) == sorted(before)
    assert len(s.events(t, "shuffle_deck")) == 1
    assert s.state.phase is Phase.MAIN and s.state.pending == []


@covers("search_deck")
def test_search_rejects_a_card_outside_the_filter() -> None:
    s, deck = search_board()
    play(s, s.hand(0, SCOUT_MAP)[0])
    s.refuse(0, ChooseAction(selections=(deck["m1-002"],)), "invalid_action")  # a stage 1
    s.refuse(0, ChooseAction(selections=(deck["m1-001"], deck["m1-010"])), "invalid_action")


@covers("search_deck")
def test_search_with_a_type_filter_may_take_fewer_than_allowed() -> None:
    s, deck = search_board()
    play(s, s.hand(0, "t-fire-call")[0])
    (q,) = s.state.pending
    assert set(q.options) == {deck["m1-001"], deck["m1-002"]}
    assert q.max == 2
    s.choose(0, deck["m1-002"])
    assert s.player(0).hand == [deck["m1-002"]]


@covers("search_deck")
def test_pathfinder_oda_may_take_any_card() -> None:
    s, deck = search_board()
    play(s, s.hand(0, PATHFINDER)[0])
    (q,) = s.state.pending
    assert set(q.options) == set(deck.values())
    s.choose(0, deck["m1-110"])
    assert s.player(0).hand == [deck["m1-110"]]


@covers("search_deck")
def test_search_without_a_match_still_asks_with_no_options() -> None:
    s = board()
    s.deck(0, "m1-100", "m1-101", "m1-110")
    play(s, s.hand(0, SCOUT_MAP)[0])
    (q,) = s.state.pending
    assert (q.options, q.min, q.max) == ([], 0, 0)
    assert s.legal(0) == [ChooseAction(selections=()), ResignAction()]
    s.choose(0)
    assert s.player(0).hand == []


@covers("search_deck")
def test_nest_basket_benches_up_to_two_basics() -> None:
    s, deck = search_board()
    play(s, s.hand(0, NEST_BASKET)[0])
    (q,) = s.state.pending
    assert q.max == 2
    assert deck["m1-041"] not in q.options and deck["m1-100"] not in q.options
    t = s.choose(0, deck["m1-001"], deck["m1-020"])
    bench = s.player(0).bench
    assert [c.uid for c in bench] == [deck["m1-001"], deck["m1-020"]]
    assert all(c.since_turn == s.state.turn for c in bench), "they came into play this turn"
    assert len(s.events(t, "shuffle_deck")) == 1
    assert s.view(1).players[0].bench[1].card_id == "m1-020", "benched cards are public"


@covers("search_deck")
def test_nest_basket_is_limited_by_the_room_on_the_bench() -> None:
    s, deck = search_board()
    for _ in range(4):
        s.bench(0, WALL)
    play(s, s.hand(0, NEST_BASKET)[0])
    (q,) = s.state.pending
    assert q.max == 1
    s.refuse(0, ChooseAction(selections=(deck["m1-001"], deck["m1-020"])), "invalid_action")
    s.choose(0, deck["m1-001"])
    assert len(s.player(0).bench) == 5


@covers("search_deck")
def test_search_is_not_playable_from_an_empty_deck_or_onto_a_full_bench() -> None:
    s = board()
    s.deck(0)
    s.hand(0, SCOUT_MAP)
    assert "play_trainer" not in s.legal_types(0)
    s2, _ = search_board()
    for _ in range(5):
        s2.bench(0, WALL)
    basket = s2.hand(0, NEST_BASKET)[0]
    assert "play_trainer" not in s2.legal_types(0)
    s2.refuse(0, PlayTrainerAction(card_id=basket), "action_not_allowed")


@covers("search_deck")
def test_search_in_an_attack_asks_before_the_turn_ends() -> None:
    s = Scenario(pool=POOL)
    s.active(0, "t-digger")
    wall = s.active(1, WALL)
    trainer, _ = s.deck(0, "m1-100", "m1-001")
    s.act(0, AttackAction(attack_index=0))
    assert s.damage_on(wall) == 10
    assert s.state.current == 0 and s.state.phase is Phase.END_OF_TURN
    s.choose(0, trainer)
    assert trainer in s.player(0).hand
    assert s.state.current == 1 and s.state.turn == 4


# --- look_top -----------------------------------------------------------------------------


@covers("look_top")
def test_scout_ahead_looks_at_the_top_three_and_takes_one() -> None:
    s = board()
    puff = s.bench(0, "m1-050")
    deck = s.deck(0, "m1-001", "m1-010", "m1-100", "m1-020", "m1-030")
    s.act(0, UseAbilityAction(creature_id=puff))
    (q,) = s.state.pending
    assert set(q.options) == set(deck[:3])
    assert (q.min, q.max) == (0, 1)
    t = s.choose(0, deck[1])
    assert s.player(0).hand == [deck[1]]
    assert sorted(s.player(0).deck) == sorted(deck[:1] + deck[2:])
    assert len(s.events(t, "shuffle_deck")) == 1


@covers("look_top")
def test_the_opponent_does_not_see_the_looked_at_cards() -> None:
    s = board()
    puff = s.bench(0, "m1-050")
    s.deck(0, "m1-001", "m1-010", "m1-100", "m1-020")
    s.act(0, UseAbilityAction(creature_id=puff))
    (looked,) = [e for e in s.view(1).events if e.kind == "look_top"]
    assert looked.data == {"count": 3}
    assert looked.cards == []
    assert s.view(1).pending is None
    (own,) = [e for e in s.view(0).events if e.kind == "look_top"]
    assert [c.card_id for c in own.cards if c] == ["m1-100", "m1-010", "m1-001"]


@covers("look_top")
def test_look_top_may_take_nothing() -> None:
    s = board()
    puff = s.bench(0, "m1-050")
    deck = s.deck(0, "m1-001", "m1-010", "m1-100", "m1-020")
    s.act(0, UseAbilityAction(creature_id=puff))
    s.choose(0)
    assert s.player(0).hand == []
    assert sorted(s.player(0).deck) == sorted(deck)


@covers("look_top")
def test_look_top_filter_and_take_two() -> None:
    s = board()
    peeker = s.bench(0, "t-peeker")
    deck = s.deck(0, "m1-100", "m1-001", "m1-110", "m1-101", "m1-102")
    s.act(0, UseAbilityAction(creature_id=peeker))
    (q,) = s.state.pending
    assert set(q.options) == {deck[0], deck[2], deck[3]}, "trainers among the top four"
    assert q.max == 2
    s.choose(0, deck[0], deck[3])
    assert sorted(s.player(0).hand) == sorted([deck[0], deck[3]])
    assert len(s.player(0).deck) == 3


@covers("look_top")
def test_look_top_with_a_short_deck_looks_at_what_there_is() -> None:
    s = board()
    puff = s.bench(0, "m1-050")
    deck = s.deck(0, "m1-001", "m1-010")
    s.act(0, UseAbilityAction(creature_id=puff))
    assert set(s.state.pending[0].options) == set(deck)


@covers("look_top")
def test_look_top_is_not_usable_on_an_empty_deck() -> None:
    s = board()
    puff = s.bench(0, "m1-050")
    s.deck(0)
    assert "use_ability" not in s.legal_types(0)
    s.refuse(0, UseAbilityAction(creature_id=puff))


# --- recover ------------------------------------------------------------------------------


@covers("recover")
def test_recall_net_returns_a_creature_from_the_discard_to_hand() -> None:
    s = board()
    cub, berry, fang = s.discard(0, "m1-001", "m1-100", "m1-002")
    net = s.hand(0, RECALL_NET)[0]
    play(s, net)
    (q,) = s.state.pending
    assert set(q.options) == {cub, fang}
    assert (q.min, q.max) == (1, 1)
    s.choose(0, fang)
    assert s.player(0).hand == [fang]
    assert s.player(0).discard == [cub, berry, net]


@covers("recover")
def test_recall_net_is_not_playable_without_a_creature_in_the_discard() -> None:
    s = board()
    s.discard(0, "m1-100", "m1-110")
    net = s.hand(0, RECALL_NET)[0]
    assert "play_trainer" not in s.legal_types(0)
    s.refuse(0, PlayTrainerAction(card_id=net), "action_not_allowed")


@covers("recover")
def test_recovered_energy_returns_to_the_energy_zone_in_mantimon() -> None:
    s = board()
    f1, w, f2 = s.energy_discard(0, "fire", "water", "fire")
    play(s, s.hand(0, "t-salvage")[0])
    (q,) = s.state.pending
    assert set(q.options) == {f1, f2}
    s.choose(0, f2)  # fewer than the two allowed
    assert s.player(0).energy_zone == [f2]
    assert s.player(0).energy_discard == [f1, w]
    assert s.player(0).hand == []


@covers("recover")
def test_recovered_energy_goes_to_hand_in_classic() -> None:
    s = board(CLASSIC)
    f, w = s.discard(0, "energy-fire", "energy-water")
    play(s, s.hand(0, "t-salvage")[0])
    s.choose(0, f)
    assert s.player(0).hand == [f]
    assert w in s.player(0).discard


# --- mulligan_draw ------------------------------------------------------------------------

TRAINERS = ["m1-100", "m1-101", "m1-102", "m1-103", "m1-104", "m1-105", "m1-106", "m1-110"]
BASICS = ["m1-001", "m1-004", "m1-007", "m1-010", "m1-013", "m1-014", "m1-020", "m1-030"]
#: every card a basic: never a mulligan
ALL_BASICS = DeckList.from_counts(
    {**dict.fromkeys(BASICS, 4), "m1-040": 4, "m1-050": 4}, {"energy-fire": 20}
)
#: one basic in forty: mulligans almost every time
ONE_BASIC = DeckList.from_counts(
    {"m1-001": 1, **dict.fromkeys(TRAINERS, 4), "m1-111": 4, "m1-112": 3}, {"energy-fire": 20}
)


def game_with_mulligans() -> GameState:
    """A new game in which Bo took more mulligans than Ana."""
    for seed in range(50):
        state = new_game(MANTIMON, [ALL_BASICS, ONE_BASIC], PLAYERS, seed)
        if state.players[1].mulligans > state.players[0].mulligans:
            return state
    raise AssertionError("no seed gave Bo a mulligan")


@covers("mulligan_draw")
def test_mulligan_draw_offers_zero_to_n_extra_cards_to_the_other_player() -> None:
    state = game_with_mulligans()
    extra = state.players[1].mulligans - state.players[0].mulligans
    (q,) = state.pending
    assert (q.seat, q.kind, q.effect) == (0, "choice", "mulligan_draw")
    assert q.options == [str(n) for n in range(extra + 1)]
    assert (q.min, q.max) == (1, 1)
    assert view_for(state, "bo").pending is None
    answers = [a for a in legal_actions(state, "ana") if isinstance(a, ChooseAction)]
    assert {a.selections for a in answers} == {(str(n),) for n in range(extra + 1)}


@covers("mulligan_draw")
def test_mulligan_draw_draws_the_chosen_number() -> None:
    for pick in (0, 1):
        state = game_with_mulligans()
        t = apply_action(state, "ana", ChooseAction(selections=(str(pick),)))
        assert len(state.players[0].hand) == 7 + pick
        assert len(state.players[0].deck) == 40 - 7 - pick
        assert [e.data for e in t.events if e.kind == "mulligan_draw"] == [{"count": pick}]
        assert state.pending == [] and state.phase is Phase.SETUP
