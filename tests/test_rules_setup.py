"""Setup rules (RULES.md "Setup", DESIGN.md §3 "opening"): the coin flip for the first player,
7-card opening hands, the mulligan loop and the opponent's optional extra draws (a pending
choice), secret placement of the Active and bench (hidden from the opponent until both are
done), classic prize cards set aside from the top of the deck, and a first turn that begins
with a draw (and, in mantimon, no energy flip for the first player).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from mantimon.cards import CreatureCard, DeckList, Stage
from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    Action,
    ChooseAction,
    EndTurnAction,
    GameState,
    IllegalAction,
    Phase,
    PlayCreatureAction,
    RulesConfig,
    SetupDoneAction,
    SetupPlaceAction,
    apply_action,
    default_pool,
    legal_actions,
    new_game,
    rng,
    state_to_json,
    view_for,
    waiting_for,
)
from mantimon.engine.setup import card_ids

PLAYERS = ("ana", "bo")
STARTERS = {
    "mantimon": ("ember-rush", "tidal-mind"),
    "classic": ("ember-rush-classic", "tidal-mind-classic"),
}
PRESET = {"mantimon": MANTIMON, "classic": CLASSIC}

# A legal mantimon deck with a single basic creature (Cindercub): mulligans are very likely.
ONE_BASIC = DeckList(
    cards=(
        "m1-001",
        *["m1-002"] * 4,
        *["m1-003"] * 4,
        "m1-006",
        *["m1-011"] * 4,
        *["m1-012"] * 4,
        *["m1-021"] * 4,
        *["m1-031"] * 4,
        *["m1-032"] * 4,
        *["m1-041"] * 4,
        *["m1-061"] * 4,
        *["m1-110"] * 2,
    ),
    energy=("energy-fire",) * 20,
)
# A legal mantimon deck of basic creatures only: every opening hand is 7 basics.
ALL_BASICS = DeckList(
    cards=tuple(
        cid
        for cid in (
            "m1-001",
            "m1-004",
            "m1-007",
            "m1-010",
            "m1-013",
            "m1-014",
            "m1-020",
            "m1-030",
            "m1-040",
            "m1-050",
        )
        for _ in range(4)
    ),
    energy=("energy-water",) * 20,
)


def starters(preset: str) -> list[DeckList]:
    pool = default_pool()
    return [pool.starters[name].decklist() for name in STARTERS[preset]]


def is_basic(state: GameState, uid: str) -> bool:
    card = state.defn(uid)
    return isinstance(card, CreatureCard) and card.stage is Stage.BASIC


def basics_in_hand(state: GameState, seat: int) -> list[str]:
    return [u for u in state.players[seat].hand if is_basic(state, u)]


def act(state: GameState, seat: int, action: Action) -> None:
    apply_action(state, PLAYERS[seat], action)


def refuse(state: GameState, seat: int, action: Action, code: str) -> IllegalAction:
    before = state_to_json(state)
    with pytest.raises(IllegalAction) as info:
        apply_action(state, PLAYERS[seat], action)
    assert state_to_json(state) == before, "a refused action changed the state"
    assert info.value.code == code, info.value.message
    assert info.value.message
    return info.value


def place(state: GameState, seat: int, bench: int = 0) -> list[str]:
    """Place the first basic as Active and ``bench`` more on the bench; returns them."""
    basics = basics_in_hand(state, seat)
    act(state, seat, SetupPlaceAction(card_id=basics[0], position="active"))
    for uid in basics[1 : 1 + bench]:
        act(state, seat, SetupPlaceAction(card_id=uid, position="bench"))
    return basics[: 1 + bench]


def decline_extra_draws(state: GameState) -> None:
    """Answer every pending mulligan draw with "draw 0" (hands stay at 7 cards)."""
    for q in list(state.pending):
        act(state, q.seat, ChooseAction(selections=("0",)))


def mulligan_seed(decks: list[DeckList], want: Callable[[int, int], bool]) -> int:
    """The first seed whose mulligan counts satisfy ``want(ana, bo)``."""
    for seed in range(500):
        s = new_game(MANTIMON, decks, PLAYERS, seed)
        if want(s.players[0].mulligans, s.players[1].mulligans):
            return seed
    raise AssertionError("no seed gives the wanted mulligans")


# --- first player, opening hands --------------------------------------------------------------


def test_a_public_coin_flip_decides_who_goes_first() -> None:
    firsts = set()
    for seed in range(12):
        s = new_game(MANTIMON, starters("mantimon"), PLAYERS, seed)
        flips = [e for e in s.log if e.kind == "flip"]
        assert flips, "deciding the first player must flip a coin"
        assert flips[0].data["reason"] == "first_player"
        assert flips[0].private_to is None
        announced = [e for e in s.log if e.kind == "first_player"]
        assert announced[0].data["player"] == PLAYERS[s.first]
        assert s.current == s.first
        firsts.add(s.first)
    assert firsts == {0, 1}, "over a dozen seeds both players must sometimes go first"


def test_same_seed_same_opening() -> None:
    a = new_game(MANTIMON, starters("mantimon"), PLAYERS, 42)
    b = new_game(MANTIMON, starters("mantimon"), PLAYERS, 42)
    assert state_to_json(a) == state_to_json(b)


@pytest.mark.parametrize("preset", ["mantimon", "classic"])
def test_card_ids_are_opaque(preset: str) -> None:
    """RULES.md "Hidden information": card ids never encode which card they are, its owner,
    its zone or its place in a deck list (issue 11: ``p2c00`` was the first card of the
    public starter list). Over games of the same two decks each place in a list gets id
    after id, and no character of an id tells its seat or its deck apart; ids are short,
    distinct, never a word or a number, and the same for the same seed."""
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in STARTERS[preset]]
    per_game = sum(len(d.cards) + len(d.energy) for d in decks)
    by_place: dict[int, set[str]] = {}
    groups: dict[tuple[int, str], list[str]] = {}
    for seed in range(20):
        state = new_game(PRESET[preset], decks, PLAYERS, seed)
        ids = list(state.card_of)  # in deck-list order: seat 0's cards and energy, then seat 1's
        assert len(ids) == per_game == len(set(ids))
        assert list(new_game(PRESET[preset], decks, PLAYERS, seed).card_of) == ids
        for place, uid in enumerate(ids):
            by_place.setdefault(place, set()).add(uid)
        for seat, p in enumerate(state.players):
            for zone in ("deck", "hand", "energy_deck"):
                groups.setdefault((seat, zone), []).extend(getattr(p, zone))
    # 20 draws among 120 ids: ~18.5 different ones expected; 10 or fewer, about never.
    assert all(len(seen) > 10 for seen in by_place.values()), "a place in a list keeps its id"
    for (seat, zone), uids in groups.items():
        if len(uids) >= 20:
            for at in range(2):
                assert len({uid[at] for uid in uids}) > 1, f"character {at} tells {seat}/{zone}"
    every = set().union(*by_place.values())
    assert all(re.fullmatch(r"[a-z][0-9]", uid) for uid in every), sorted(every)[:5]


def test_card_ids_come_from_one_fixed_list_in_a_shuffled_order() -> None:
    """The ids of a game are always the first ``count`` of one list (so values built from
    them are shared across games), handed out in a new order each game; past 260 cards
    they grow longer and stay distinct."""
    first, again = card_ids(rng.seed_state(5), 120)[1], card_ids(rng.seed_state(6), 120)[1]
    assert set(first) == set(again) and first != again
    _, many = card_ids(rng.seed_state(5), 2_000)
    assert len(set(many)) == 2_000 and all(re.fullmatch(r"[a-z]([0-9][a-z]?)+", u) for u in many)


def test_only_games_stored_before_opaque_ids_are_dealt_positional_ids() -> None:
    """Every new game is dealt opaque ids: the presets and a ``RulesConfig`` made in code
    (its default). ``card_ids: positional``, which storage migration 0003 writes into the
    rules of games dealt before opaque ids (and nothing else chooses), deals as those games
    were dealt, so their logs replay (tests/storage/test_old_release.py replays real ones):
    the seat, the pile and the place in the deck list."""
    assert MANTIMON.card_ids == CLASSIC.card_ids == RulesConfig().card_ids == "opaque"
    decks = starters("mantimon")
    old = new_game(RulesConfig(card_ids="positional"), decks, PLAYERS, 3)
    for seat, deck in enumerate(decks):
        for pile, cards in (("c", deck.cards), ("e", deck.energy)):
            ids = [f"p{seat + 1}{pile}{i:02d}" for i in range(len(cards))]
            assert [old.card_of[uid] for uid in ids] == list(cards)
    assert len(old.card_of) == sum(len(d.cards) + len(d.energy) for d in decks)


@pytest.mark.parametrize("preset", ["mantimon", "classic"])
def test_opening_hands_are_seven_cards_with_a_basic(preset: str) -> None:
    rules = PRESET[preset]
    s = new_game(rules, starters(preset), PLAYERS, 3)
    assert s.phase is Phase.SETUP
    assert s.turn == 0
    for seat, p in enumerate(s.players):
        assert len(p.hand) == 7
        assert len(p.deck) == rules.deck_size - 7
        assert basics_in_hand(s, seat), "an opening hand always holds a basic"
        assert p.prizes == [], "prizes are set aside only after placement"
        assert p.active is None and p.bench == []
    if preset == "mantimon":
        assert all(len(p.energy_deck) == 20 for p in s.players)
        assert all(p.energy_zone == [] for p in s.players)
    assert sorted(waiting_for(s)) == [0, 1], "both players place at the same time"


@pytest.mark.parametrize("preset", ["mantimon", "classic"])
def test_new_game_rejects_a_bad_player_list(preset: str) -> None:
    with pytest.raises(ValueError, match="different"):
        new_game(PRESET[preset], starters(preset), ("ana", "ana"), 1)
    with pytest.raises(ValueError, match="two"):
        new_game(PRESET[preset], starters(preset)[:1], ("ana",), 1)


# --- mulligans --------------------------------------------------------------------------------


def test_mulligans_redraw_until_a_basic_and_reveal_the_hand() -> None:
    decks = [ONE_BASIC, starters("mantimon")[1]]
    seed = mulligan_seed(decks, lambda a, b: a >= 2 and b == 0)
    s = new_game(MANTIMON, decks, PLAYERS, seed)
    ana = s.players[0]
    assert len(ana.hand) == 7
    assert basics_in_hand(s, 0) != []
    assert len(ana.deck) == 33, "mulliganed cards go back into the deck"
    mulligans = [e for e in s.log if e.kind == "mulligan"]
    assert len(mulligans) == ana.mulligans
    for n, e in enumerate(mulligans, start=1):
        assert e.seat == 0
        assert e.private_to is None, "a mulligan reveals the hand to everyone"
        assert e.data["count"] == n
        revealed = e.data["revealed"]
        assert len(revealed) == 7
        assert not any(
            isinstance(c := default_pool()[cid], CreatureCard) and c.stage is Stage.BASIC
            for cid in revealed
        ), f"a mulligan hand must have no basic: {revealed}"
    bo_view = view_for(s, "bo")
    assert any(e.kind == "mulligan" for e in bo_view.events)


def test_opponent_may_draw_one_card_per_extra_mulligan() -> None:
    decks = [ONE_BASIC, starters("mantimon")[1]]
    seed = mulligan_seed(decks, lambda a, b: a >= 2 and b == 0)
    s = new_game(MANTIMON, decks, PLAYERS, seed)
    n = s.players[0].mulligans
    # Only bo gets the choice, and only bo sees it.
    assert [q.seat for q in s.pending] == [1]
    offered = [a for a in legal_actions(s, "bo") if a.type == "choose"]
    assert offered == [ChooseAction(selections=(str(k),)) for k in range(n + 1)]
    assert view_for(s, "bo").pending is not None
    assert view_for(s, "ana").pending is None
    assert view_for(s, None).pending is None
    deck_before = len(s.players[1].deck)
    act(s, 1, ChooseAction(selections=(str(n),)))
    assert len(s.players[1].hand) == 7 + n
    extra = [e for e in view_for(s, "ana").events if e.kind == "draw" and e.player == "bo"]
    assert extra[-1].data == {"count": n} and extra[-1].cards == [], "ana sees only a count"
    assert len(s.players[1].deck) == deck_before - n
    assert s.pending == []
    assert s.phase is Phase.SETUP


def test_extra_mulligan_draws_may_be_declined() -> None:
    decks = [ONE_BASIC, starters("mantimon")[1]]
    seed = mulligan_seed(decks, lambda a, b: a >= 1 and b == 0)
    s = new_game(MANTIMON, decks, PLAYERS, seed)
    act(s, 1, ChooseAction(selections=("0",)))
    assert len(s.players[1].hand) == 7
    assert len(s.players[1].deck) == 33
    refuse(s, 1, ChooseAction(selections=("0",)), "action_not_allowed")


def test_only_the_difference_in_mulligans_is_offered() -> None:
    decks = [ONE_BASIC, ONE_BASIC]
    seed = mulligan_seed(decks, lambda a, b: a >= 1 and b >= 1 and a != b)
    s = new_game(MANTIMON, decks, PLAYERS, seed)
    a, b = s.players[0].mulligans, s.players[1].mulligans
    fewer = 0 if a < b else 1
    assert [q.seat for q in s.pending] == [fewer]
    offered = [x for x in legal_actions(s, PLAYERS[fewer]) if x.type == "choose"]
    assert len(offered) == abs(a - b) + 1
    assert [x.type for x in legal_actions(s, PLAYERS[1 - fewer]) if x.type == "choose"] == []


def test_no_extra_draw_when_nobody_mulligans() -> None:
    s = new_game(MANTIMON, [ALL_BASICS, ALL_BASICS], PLAYERS, 5)
    assert [p.mulligans for p in s.players] == [0, 0]
    assert s.pending == []


def test_the_extra_draw_must_be_answered_before_placing() -> None:
    decks = [ONE_BASIC, starters("mantimon")[1]]
    seed = mulligan_seed(decks, lambda a, b: a >= 1 and b == 0)
    s = new_game(MANTIMON, decks, PLAYERS, seed)
    basic = basics_in_hand(s, 1)[0]
    err = refuse(s, 1, SetupPlaceAction(card_id=basic, position="active"), "action_not_allowed")
    assert "choice" in err.message
    # The player who mulliganed is not held up by the opponent's decision.
    place(s, 0)
    act(s, 0, SetupDoneAction())
    assert s.players[0].setup_done
    assert waiting_for(s) == [1]
    act(s, 1, ChooseAction(selections=("1",)))
    place(s, 1)
    act(s, 1, SetupDoneAction())
    assert s.phase is Phase.MAIN
    assert s.turn == 1


# --- placement --------------------------------------------------------------------------------


def test_active_is_placed_first_then_the_bench() -> None:
    s = new_game(MANTIMON, [ALL_BASICS, ALL_BASICS], PLAYERS, 2)
    hand = list(s.players[0].hand)
    legal = [a for a in legal_actions(s, "ana") if a.type != "resign"]
    assert legal == [SetupPlaceAction(card_id=u, position="active") for u in hand]
    refuse(s, 0, SetupPlaceAction(card_id=hand[0], position="bench"), "action_not_allowed")
    refuse(s, 0, SetupDoneAction(), "action_not_allowed")
    act(s, 0, SetupPlaceAction(card_id=hand[0], position="active"))
    assert s.players[0].active is not None and s.players[0].active.uid == hand[0]
    refuse(s, 0, SetupPlaceAction(card_id=hand[1], position="active"), "action_not_allowed")
    legal = [a for a in legal_actions(s, "ana") if a.type != "resign"]
    assert legal == [
        *(SetupPlaceAction(card_id=u, position="bench") for u in hand[1:]),
        SetupDoneAction(),
    ]


def test_the_bench_holds_at_most_bench_size_basics() -> None:
    s = new_game(MANTIMON, [ALL_BASICS, ALL_BASICS], PLAYERS, 2)
    hand = list(s.players[0].hand)
    act(s, 0, SetupPlaceAction(card_id=hand[0], position="active"))
    for uid in hand[1:6]:
        act(s, 0, SetupPlaceAction(card_id=uid, position="bench"))
    assert len(s.players[0].bench) == 5
    err = refuse(s, 0, SetupPlaceAction(card_id=hand[6], position="bench"), "action_not_allowed")
    assert "full" in err.message
    assert [a.type for a in legal_actions(s, "ana")] == ["setup_done", "resign"]


def test_bench_size_comes_from_the_rules() -> None:
    rules = RulesConfig(bench_size=2)
    s = new_game(rules, [ALL_BASICS, ALL_BASICS], PLAYERS, 2)
    hand = list(s.players[0].hand)
    act(s, 0, SetupPlaceAction(card_id=hand[0], position="active"))
    act(s, 0, SetupPlaceAction(card_id=hand[1], position="bench"))
    act(s, 0, SetupPlaceAction(card_id=hand[2], position="bench"))
    refuse(s, 0, SetupPlaceAction(card_id=hand[3], position="bench"), "action_not_allowed")


def test_only_basics_from_ones_own_hand_may_be_placed() -> None:
    s = new_game(MANTIMON, starters("mantimon"), PLAYERS, 7)
    ana = s.players[0]
    not_basic = [u for u in ana.hand if not is_basic(s, u)]
    assert not_basic, "seed 7 must give ana a non-basic card"
    err = refuse(s, 0, SetupPlaceAction(card_id=not_basic[0], position="active"), "invalid_action")
    assert "basic" in err.message
    bos_card = s.players[1].hand[0]
    err = refuse(s, 0, SetupPlaceAction(card_id=bos_card, position="active"), "invalid_action")
    assert "hand" in err.message
    refuse(s, 0, SetupPlaceAction(card_id="nope", position="active"), "invalid_action")


def test_main_phase_actions_are_refused_during_setup() -> None:
    s = new_game(MANTIMON, [ALL_BASICS, ALL_BASICS], PLAYERS, 2)
    basic = s.players[0].hand[0]
    refuse(s, 0, PlayCreatureAction(card_id=basic), "action_not_allowed")
    refuse(s, 0, EndTurnAction(), "action_not_allowed")


def test_placement_is_secret_until_both_players_are_done() -> None:
    s = new_game(MANTIMON, [ALL_BASICS, ALL_BASICS], PLAYERS, 2)
    placed = place(s, 0, bench=2)
    act(s, 0, SetupDoneAction())
    for viewer in ("bo", None):
        v = view_for(s, viewer)
        assert v.players[0].active is None
        assert v.players[0].bench == []
        assert v.players[0].setup_done is True
        for e in v.events:
            refs = [c.uid for c in e.cards if c is not None]
            assert not set(refs) & set(placed), f"{e.kind} leaks a face-down card"
    own = view_for(s, "ana")
    assert own.players[0].active is not None and own.players[0].active.uid == placed[0]
    assert [c.uid for c in own.players[0].bench] == placed[1:]
    # ana is done; only bo is waited for, and ana may do nothing but resign.
    assert waiting_for(s) == [1]
    assert [a.type for a in legal_actions(s, "ana")] == ["resign"]
    refuse(s, 0, SetupDoneAction(), "not_your_turn")
    bo_placed = place(s, 1, bench=1)
    assert s.phase is Phase.SETUP
    act(s, 1, SetupDoneAction())
    assert s.phase is Phase.MAIN
    for viewer in ("ana", "bo", None):
        v = view_for(s, viewer)
        p0, p1 = v.players
        assert p0.active is not None and p0.active.uid == placed[0]
        assert [c.uid for c in p0.bench] == placed[1:]
        assert p1.active is not None and p1.active.uid == bo_placed[0]
        assert [c.uid for c in p1.bench] == bo_placed[1:]


def test_players_place_independently_in_any_order() -> None:
    s = new_game(MANTIMON, [ALL_BASICS, ALL_BASICS], PLAYERS, 2)
    b0, b1 = s.players[0].hand[:2], s.players[1].hand[:2]
    act(s, 1, SetupPlaceAction(card_id=b1[0], position="active"))
    act(s, 0, SetupPlaceAction(card_id=b0[0], position="active"))
    act(s, 1, SetupPlaceAction(card_id=b1[1], position="bench"))
    act(s, 1, SetupDoneAction())
    assert s.phase is Phase.SETUP
    act(s, 0, SetupDoneAction())
    assert s.phase is Phase.MAIN
    assert [c.uid for c in s.players[1].bench] == [b1[1]]


# --- after placement: prizes and the first turn -----------------------------------------------


def test_classic_sets_six_prizes_from_the_top_then_the_first_player_draws() -> None:
    s = new_game(CLASSIC, starters("classic"), PLAYERS, 11)
    decline_extra_draws(s)
    placed = [place(s, seat) for seat in (0, 1)]
    act(s, 0, SetupDoneAction())
    top = {seat: s.players[seat].deck[-6:] for seat in (0, 1)}
    first = s.first
    next_draw = s.players[first].deck[-7]
    act(s, 1, SetupDoneAction())
    assert s.phase is Phase.MAIN
    assert s.turn == 1
    assert s.current == first
    for seat in (0, 1):
        p = s.players[seat]
        assert sorted(p.prizes) == sorted(top[seat]), "prizes are the top 6 cards"
        drew = 1 if seat == first else 0
        assert len(p.deck) == 60 - 7 - 6 - drew
        assert len(p.hand) == 7 - len(placed[seat]) + drew
    assert next_draw in s.players[first].hand
    v = view_for(s, PLAYERS[1 - first])
    assert v.players[first].prizes_count == 6


@pytest.mark.parametrize("first_seed", range(4))
def test_mantimon_first_turn_draws_but_flips_no_energy(first_seed: int) -> None:
    s = new_game(MANTIMON, starters("mantimon"), PLAYERS, first_seed)
    decline_extra_draws(s)
    for seat in (0, 1):
        place(s, seat)
        act(s, seat, SetupDoneAction())
    first, second = s.first, 1 - s.first
    assert s.turn == 1 and s.current == first and s.phase is Phase.MAIN
    assert all(p.prizes == [] for p in s.players)
    assert len(s.players[first].hand) == 7 - 1 + 1
    assert len(s.players[first].deck) == 40 - 7 - 1
    assert s.players[first].energy_zone == []
    assert len(s.players[first].energy_deck) == 20
    assert "attach_energy" not in {a.type for a in legal_actions(s, PLAYERS[first])}
    act(s, first, EndTurnAction())
    assert s.turn == 2 and s.current == second
    assert len(s.players[second].hand) == 7 - 1 + 1
    assert len(s.players[second].energy_zone) == 1, "the second player flips on turn 2"
    assert len(s.players[second].energy_deck) == 19
