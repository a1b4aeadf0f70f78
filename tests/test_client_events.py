"""Game events in a player's words (``client.events.tell``), as the terminal client and
``mantimon demo`` print them: players by display name ("you" for the viewer), cards by
name, hidden cards counted, never an id."""

from __future__ import annotations

import re
from typing import Any

from mantimon.bots import make_bot
from mantimon.bots.selfplay import play_game
from mantimon.client.events import PHRASES, tell
from mantimon.engine import (
    AttackAction,
    EndTurnAction,
    RulesConfig,
    apply_action,
    default_pool,
    new_game,
    view_for,
)
from mantimon.engine.narrate import PHRASES as ENGINE_PHRASES
from mantimon.engine.state import GameState
from tests.scenario import Scenario

KNUCKLET, DRIZZLET, PUFFPAW = "m1-063", "m1-010", "m1-050"
NAMES = {"ana": "Marigold", "bo": "Rook"}


def _told(s: Scenario, seat: int | None, since: int) -> list[str]:
    me = ("ana", "bo")[seat] if seat is not None else None
    return [tell(e.model_dump(), NAMES, me) for e in s.view(seat).events if e.seq > since]


def test_an_attack_is_told_to_each_side_with_names_and_you() -> None:
    s = Scenario()
    s.active(0, KNUCKLET, energy=["fighting"])
    s.active(1, DRIZZLET)
    s.deck(1, PUFFPAW)
    s.act(0, AttackAction(attack_index=0))
    assert _told(s, 0, 0) == [
        "Your Knucklet used Jab.",
        "Rook's Drizzlet took 20 damage.",
        "Turn 4: Rook's turn.",
        "Rook drew 1 card.",  # the opponent's draw: counted, not named
    ]
    assert _told(s, 1, 0) == [
        "Marigold's Knucklet used Jab.",
        "Your Drizzlet took 20 damage.",
        "Turn 4: your turn.",
        "You drew Puffpaw.",
    ]
    s.act(1, EndTurnAction())
    assert _told(s, 0, 4)[0] == "Rook ended their turn."
    assert _told(s, 1, 4)[0] == "You ended your turn."


def mulligan_deal(ids: tuple[str, str]) -> tuple[int, GameState]:
    """The first seed from 0 whose deal (mantimon, ember-rush against tidal-mind) makes the
    second seat take a mulligan, and the game dealt: found, not remembered, so a change to
    the starter decks moves the seed, not the test's meaning."""
    rules = RulesConfig.preset_named("mantimon")
    starters = default_pool().starters
    decks = [starters["ember-rush"].decklist(), starters["tidal-mind"].decklist()]
    for seed in range(2000):
        state = new_game(rules, decks, ids, seed)
        if any(e.kind == "mulligan" and e.seat == 1 for e in state.log):
            return seed, state
    raise AssertionError("no deal with a mulligan in 2000 seeds")


def test_the_setup_is_told_with_the_coin_flip_opening_hands_and_mulligans() -> None:
    _, state = mulligan_deal(("ana", "bo"))
    first = ("ana", "bo")[state.first]
    flip = next(e.data["result"] for e in state.log if e.kind == "flip")
    taken = sum(e.kind == "mulligan" for e in state.log)
    view = view_for(state, "ana")
    lines = [tell(e.model_dump(), NAMES, "ana", setup=True) for e in view.events]
    assert lines[0] == f"Coin flip to decide who goes first: {flip}."
    assert lines[1] == ("You go first." if first == "ana" else "Rook goes first.")
    assert lines[2].startswith("You drew your opening hand: ")
    assert lines.count("Rook drew their opening hand of 7 cards.") == taken + 1
    mulligans = [line for line in lines if "took a mulligan" in line]
    assert len(mulligans) == taken
    assert mulligans[0].startswith("Rook had no basic creature in their hand (")


def test_game_over_and_unknown_players_never_show_ids() -> None:
    over: dict[str, Any] = {
        "seq": 9,
        "kind": "game_over",
        "player": "bo",
        "data": {"winner": "bo", "reason": "points"},
        "cards": [],
    }
    assert tell(over, NAMES, "bo") == "Game over: you win on points."
    assert tell(over, NAMES, "ana") == "Game over: Rook wins on points."
    draw = {**over, "player": None, "data": {"winner": None, "reason": "turn_limit"}}
    assert tell(draw, NAMES, None) == "Game over: a draw (at the turn limit)."
    placed = {
        "seq": 3,
        "kind": "setup_place",
        "player": "bo",
        "data": {"position": "bench"},
        "cards": [None],
    }
    assert tell(placed, NAMES, "ana") == "Rook placed a creature face down on the bench."


def test_no_event_of_a_played_game_shows_an_id() -> None:
    """Every event of a whole bot game, told to each side: no player id, no card id."""
    rules = RulesConfig.preset_named("mantimon")
    starters = default_pool().starters
    decks = [starters["ember-rush"].decklist(), starters["tidal-mind"].decklist()]
    ids = ("u-0123456789ab", "b-ba9876543210")
    names = {ids[0]: "Marigold", ids[1]: "Rook"}
    record = play_game(rules, decks, [make_bot("greedy"), make_bot("greedy")], 5, player_ids=ids)
    state = new_game(rules, decks, ids, 5)
    told: list[str] = []
    seen = {0: 0, 1: 0}
    for pid, action in [(None, None), *record.actions]:
        if pid is not None and action is not None:
            apply_action(state, pid, action)
        for seat, me in enumerate(ids):
            for e in view_for(state, me).events:
                if e.seq > seen[seat]:
                    seen[seat] = e.seq
                    told.append(tell(e.model_dump(), names, me))
    uids = set(state.card_of)
    assert len(told) > 100
    for line in told:
        assert not re.search(r"\b[ub]-[0-9a-f]{6,}", line), line
        assert not set(re.findall(r"[\w-]+", line)) & uids, line
    assert any(line.startswith("Rook ") for line in told)
    assert any(line.startswith("You ") for line in told)


def test_every_event_kind_the_engine_narrates_has_player_words() -> None:
    """A new event kind in the engine needs its sentence here too (else the player reads
    "Rook: some kind")."""
    special = {"game_over", "mulligan_draw"}  # told with the other player's name
    assert set(ENGINE_PHRASES) - special <= set(PHRASES)
