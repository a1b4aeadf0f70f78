"""Bots: legal moves only, views only, GreedyBot clearly better than random, determinism.

Games run through ``mantimon.bots.selfplay`` exactly as the CLI runs them. Wrapper bots
check every decision against the view they were given (the view's ``legal_actions`` and,
independently, the engine's ``legal_actions`` on the real state).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import pytest

from mantimon.bots import BOTS, Bot, GreedyBot, RandomBot, make_bot
from mantimon.bots.selfplay import GameRecord, play_game, run_series
from mantimon.cards import DeckList
from mantimon.engine import (
    CLASSIC,
    MANTIMON,
    Action,
    EndTurnAction,
    GameState,
    ResignAction,
    RulesConfig,
    VisibleGameState,
    apply_action,
    default_pool,
    legal_actions,
    new_game,
    view_for,
)

STARTERS = {
    "mantimon": ("ember-rush", "tidal-mind"),
    "classic": ("ember-rush-classic", "tidal-mind-classic"),
}


def _decks(preset: str = "mantimon", swap: bool = False) -> list[DeckList]:
    pool = default_pool()
    a, b = STARTERS[preset]
    decks = [pool.starters[a].decklist(), pool.starters[b].decklist()]
    return decks[::-1] if swap else decks


@dataclass
class Checked:
    """Wraps a bot; records what it was given and checks what it returns."""

    inner: Bot
    name: str = "checked"
    received: list[type] = field(default_factory=list)
    choices: list[tuple[VisibleGameState, Action]] = field(default_factory=list)

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        self.received.append(type(view))
        action = self.inner.choose(view, rng)
        assert action in view.legal_actions, (action, view.legal_actions)
        self.choices.append((view, action))
        return action


def test_random_bot_plays_only_legal_actions_and_never_resigns() -> None:
    for preset, rules in (("mantimon", MANTIMON), ("classic", CLASSIC)):
        for seed in range(6):
            bots = [Checked(RandomBot()), Checked(RandomBot())]
            record = play_game(rules, _decks(preset), bots, seed)
            assert record.reason != "resignation"
            for bot in bots:
                assert bot.choices
                for view, action in bot.choices:
                    others = [a for a in view.legal_actions if a.type != "resign"]
                    if others:
                        assert action.type != "resign"
                    else:
                        assert action == ResignAction()


def test_random_bot_resigns_only_when_nothing_else_is_legal() -> None:
    state = new_game(MANTIMON, _decks(), ("p1", "p2"), 3)
    view = view_for(state, "p1")
    only_resign = view.model_copy(update={"legal_actions": [ResignAction()]})
    assert RandomBot().choose(only_resign, random.Random(0)) == ResignAction()
    two = view.model_copy(update={"legal_actions": [ResignAction(), EndTurnAction()]})
    for seed in range(50):
        assert RandomBot().choose(two, random.Random(seed)) == EndTurnAction()


def test_random_bot_picks_among_all_playable_actions() -> None:
    # The first opening hand (by seed) with a choice of Active creature.
    for seed in range(100):
        state = new_game(MANTIMON, _decks(), ("p1", "p2"), seed)
        view = view_for(state, "p1")
        playable = [a for a in view.legal_actions if a.type != "resign"]
        if len(playable) >= 2:
            break
    assert len(playable) >= 2
    picked = {RandomBot().choose(view, random.Random(s)) for s in range(200)}
    assert picked == set(playable)


def test_bot_choices_are_legal_in_the_engine_too() -> None:
    """Replaying the recorded choices against the real state: each was legal right then."""
    for preset, rules in (("mantimon", MANTIMON), ("classic", CLASSIC)):
        for seed in range(4):
            bots = [Checked(GreedyBot()), Checked(RandomBot())]
            record = play_game(rules, _decks(preset), bots, seed)
            state = new_game(rules, _decks(preset), ("p1", "p2"), seed)
            for pid, action in record.actions:
                assert action in legal_actions(state, pid)
                apply_action(state, pid, action)
            assert state.over
            assert state == record.state


def test_greedy_bot_plays_only_legal_actions() -> None:
    for preset, rules in (("mantimon", MANTIMON), ("classic", CLASSIC)):
        for seed in range(6):
            bots = [Checked(GreedyBot()), Checked(GreedyBot())]
            record = play_game(rules, _decks(preset, swap=seed % 2 == 1), bots, seed)
            assert record.reason != "resignation"
            assert all(action.type != "resign" for b in bots for _, action in b.choices)
            assert sum(len(b.choices) for b in bots) == len(record.actions)


@dataclass
class Spy:
    """Records the type of everything it is handed, and for whom the view was made."""

    pid: str
    inner: Bot
    name: str = "spy"
    seen: list[tuple[type, str | None]] = field(default_factory=list)

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        self.seen.append((type(view), view.viewer))
        assert not isinstance(view, GameState)
        return self.inner.choose(view, rng)


def test_bots_receive_only_their_own_visible_state() -> None:
    spies = [Spy("p1", GreedyBot()), Spy("p2", RandomBot())]
    record = play_game(MANTIMON, _decks(), spies, 12)
    assert len(spies[0].seen) + len(spies[1].seen) == len(record.actions)
    for spy in spies:
        assert spy.seen
        assert {t for t, _ in spy.seen} == {VisibleGameState}
        assert {viewer for _, viewer in spy.seen} == {spy.pid}


def test_views_given_to_bots_hide_the_opponents_hand() -> None:
    @dataclass
    class HandCheck:
        inner: Bot
        name: str = "hand-check"
        checked: int = 0

        def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
            me = next(p for p in view.players if p.player_id == view.viewer)
            opp = next(p for p in view.players if p.player_id != view.viewer)
            assert me.hand is not None
            assert opp.hand is None
            self.checked += 1
            return self.inner.choose(view, rng)

    bots = [HandCheck(GreedyBot()), HandCheck(RandomBot())]
    play_game(MANTIMON, _decks(), bots, 21)
    assert bots[0].checked > 0
    assert bots[1].checked > 0


def _series(rules: RulesConfig, preset: str, games: int, seed: int) -> tuple[int, int, int]:
    """Greedy (A) vs random (B): seats alternate inside ``run_series``; decks alternate by
    running half the games with the decks swapped. Returns (greedy, random, draws)."""
    greedy = random_wins = draws = 0
    for swap, offset in ((False, 0), (True, games // 2)):
        summary = run_series(
            rules,
            _decks(preset, swap=swap),
            [make_bot("greedy"), make_bot("random")],
            games // 2,
            seed + offset,
        )
        assert summary.games == games // 2
        greedy += summary.wins["A:greedy"]
        random_wins += summary.wins["B:random"]
        draws += summary.wins["draw"]
    assert greedy + random_wins + draws == games
    return greedy, random_wins, draws


def test_greedy_beats_random_in_at_least_80_percent_of_200_games() -> None:
    games = 200
    greedy, random_wins, draws = _series(MANTIMON, "mantimon", games, seed=1000)
    share = greedy / games
    print(f"greedy vs random, mantimon preset: {share:.1%} ({greedy}-{random_wins}-{draws})")
    assert share >= 0.80


def test_selfplay_is_deterministic_for_a_seed() -> None:
    def run(seed: int) -> GameRecord:
        return play_game(MANTIMON, _decks(), [make_bot("greedy"), make_bot("random")], seed)

    a, b = run(77), run(77)
    assert a.actions == b.actions
    assert (a.winner, a.reason, a.turns) == (b.winner, b.reason, b.turns)
    assert a.state == b.state
    c = run(78)
    assert c.actions != a.actions

    def series() -> tuple[object, ...]:
        s = run_series(MANTIMON, _decks(), [make_bot("random"), make_bot("random")], 6, seed=5)
        return (s.games, dict(s.wins), dict(s.reasons), s.turns, s.actions, s.first_player_wins)

    assert series() == series()


def test_run_series_alternates_seats() -> None:
    finished: list[GameRecord] = []

    @dataclass
    class SeatRecorder:
        name: str
        inner: Bot
        seats: set[tuple[int, str | None]] = field(default_factory=set)

        def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
            self.seats.add((len(finished), view.viewer))
            return self.inner.choose(view, rng)

    bots = [SeatRecorder("alpha", RandomBot()), SeatRecorder("beta", RandomBot())]
    summary = run_series(MANTIMON, _decks(), bots, 4, seed=3, on_game=finished.append)
    assert summary.games == len(finished) == 4
    assert set(summary.wins) <= {"A:alpha", "B:beta", "draw"}
    # Bot A sits in seat p1 in even games and p2 in odd ones; B the other way round.
    assert bots[0].seats == {(0, "p1"), (1, "p2"), (2, "p1"), (3, "p2")}
    assert bots[1].seats == {(0, "p2"), (1, "p1"), (2, "p2"), (3, "p1")}


def test_make_bot_builds_known_bots() -> None:
    assert set(BOTS) >= {"greedy", "random"}
    for name in BOTS:
        bot = make_bot(name)
        assert bot.name == name
    assert isinstance(make_bot("greedy"), GreedyBot)
    assert isinstance(make_bot("random"), RandomBot)
    assert make_bot("random") is not make_bot("random")


def test_make_bot_rejects_unknown_names_listing_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown bot 'minimax'") as info:
        make_bot("minimax")
    message = str(info.value)
    for name in BOTS:
        assert name in message
    assert "greedy" in message
    assert "random" in message
