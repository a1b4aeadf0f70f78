"""The rule-based levels: legal moves only, every bot described, ``normal`` beats ``greedy``.

Games are played here with the engine's own ``legal_actions`` on the real state as the
judge of every decision (a bot sees only its view). Seeds are fixed, so every number is
the same on every run.
"""

from __future__ import annotations

import random

import pytest

from mantimon.bots import BOTS, CarefulBot, EasyBot, make_bot
from mantimon.bots.evaluate import DEFAULT, evaluate, trigger_worth
from mantimon.bots.tournament import play_match, starter_ids
from mantimon.cards import Trigger
from mantimon.engine import (
    PRESETS,
    PlayCreatureAction,
    ResignAction,
    apply_action,
    default_pool,
    legal_actions,
    new_game,
    view_for,
    waiting_for,
)
from tests.bots._games import decision_points
from tests.scenario import PLAYERS, Scenario, ability_json, creature_json, eff, pool_with

CHEAP = ("easy", "normal", "greedy", "random")


def _play_checked(preset: str, decks: tuple[str, str], bots: tuple[str, str], seed: int) -> int:
    """One game in which every decision must be legal on the real state; returns the
    number of decisions."""
    pool = default_pool()
    lists = [pool.starters[d].decklist() for d in decks]
    players = [make_bot(bots[0]), make_bot(bots[1])]
    ids = ("p1", "p2")
    state = new_game(PRESETS[preset], lists, ids, seed)
    rng = random.Random(seed)
    n = 0
    while not state.over:
        seats = waiting_for(state)
        seat = seats[0] if len(seats) == 1 else rng.choice(seats)
        pid = ids[seat]
        action = players[seat].choose(view_for(state, pid), rng)
        assert action in legal_actions(state, pid), (bots[seat], action)
        assert action != ResignAction(), bots[seat]
        apply_action(state, pid, action)
        n += 1
        assert n < 5000
    return n


def _games() -> list[tuple[str, tuple[str, str], int]]:
    """Every starter of both presets in seat 1, against the next starter."""
    out = []
    for preset in PRESETS:
        ids = starter_ids(preset)
        pairs = [(d, ids[(i + 1) % len(ids)]) for i, d in enumerate(ids)]
        out += [(preset, p, 17 + i) for i, p in enumerate(pairs)]
    return out


@pytest.mark.parametrize("bot", CHEAP)
def test_the_rule_bots_play_only_legal_actions(bot: str) -> None:
    for preset, decks, seed in _games():
        assert _play_checked(preset, decks, (bot, "greedy"), seed) > 0
        assert _play_checked(preset, decks[::-1], ("random", bot), seed + 100) > 0


_SEARCHING = sorted(set(BOTS) - set(CHEAP))


@pytest.mark.slow
@pytest.mark.parametrize("bot", _SEARCHING or ["none"])
def test_every_other_registered_bot_plays_only_legal_actions(bot: str) -> None:
    """Bots registered elsewhere (the search levels): one whole game each, the presets
    taken in turn (the levels share their code and differ in settings, so two levels
    cover both presets; a game of ``expert`` costs over a minute of CPU). Their own tests
    cover them at length."""
    if bot == "none":
        pytest.skip("no bots registered besides the rule bots")
    presets = sorted(PRESETS)
    preset = presets[_SEARCHING.index(bot) % len(presets)]
    ids = starter_ids(preset)
    assert _play_checked(preset, (ids[0], ids[1]), (bot, "random"), 5) > 0


def test_every_bot_has_a_short_player_facing_description() -> None:
    for name, cls in BOTS.items():
        text = cls.description
        assert isinstance(text, str) and 10 <= len(text) <= 90, name
        assert "heuristic" not in text.lower() and "ply" not in text.lower(), name
    assert CarefulBot.name == "normal" and EasyBot.name == "easy"
    # The server's bot list reads the class docstring's first line: the same words.
    for name in CHEAP:
        cls = BOTS[name]
        assert (cls.__doc__ or "").strip().splitlines()[0] == cls.description, name


def test_unknown_bot_names_list_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown bot 'nope'") as info:
        make_bot("nope")
    for name in ("easy", "normal", "greedy", "random"):
        assert name in str(info.value)


def test_normal_beats_greedy_over_all_starter_pairings() -> None:
    match = play_match("mantimon", "normal", "greedy", 40, seed=500)
    record = match.record
    assert record.games == 40
    assert record.score_a >= 0.6 * 40, record


def test_easy_loses_clearly_to_normal() -> None:
    match = play_match("mantimon", "easy", "normal", 20, seed=700)
    assert match.record.score_a <= 0.3 * 20, match.record


def test_easy_attacks_whenever_it_ends_a_turn_that_allowed_one() -> None:
    """``easy`` is weak, not passive: it never ends a turn in which it could attack."""
    pool = default_pool()
    lists = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    for seed in range(3):
        state = new_game(PRESETS["mantimon"], lists, ("p1", "p2"), seed)
        bot, rng = EasyBot(), random.Random(seed)
        while not state.over:
            seat = waiting_for(state)[0]
            pid = ("p1", "p2")[seat]
            view = view_for(state, pid)
            action = bot.choose(view, rng) if seat == 0 else make_bot("greedy").choose(view, rng)
            if seat == 0 and action.type == "end_turn":
                assert not any(a.type == "attack" for a in view.legal_actions)
            apply_action(state, pid, action)


def test_normal_s_weights_are_settings_that_change_its_play() -> None:
    """``CarefulBot``'s weights are per-bot settings (the experiments of ADR 0011 vary
    them one bot at a time): a bench limit of 0 keeps every basic in hand where the
    default player benches one, and the default instance is unchanged by it."""
    default, holding = CarefulBot(), CarefulBot()
    holding.bench_max = 0
    benched = held = 0
    for state, seat in decision_points("mantimon", seed=31, every=1):
        if state.phase.value != "main" or state.pending:
            continue
        view = view_for(state, state.players[seat].id)
        if not any(a.type == "play_creature" for a in view.legal_actions):
            continue
        benched += default.choose(view, random.Random(0)).type == "play_creature"
        held += holding.choose(view, random.Random(0)).type == "play_creature"
    assert benched > 0
    assert held == 0


def test_the_rule_player_and_the_evaluation_count_triggered_abilities() -> None:
    """A creature whose ability runs when it is played is benched before an otherwise equal
    one, and a standing triggered ability adds to a creature's worth in the evaluation."""
    pool = pool_with(
        creature_json("t-plain", hp=70),
        creature_json(
            "t-greeter",
            hp=70,
            ability=ability_json("triggered", eff("draw", count=1), trigger="played"),
        ),
        creature_json(
            "t-dawn",
            hp=70,
            ability=ability_json("triggered", eff("draw", count=1), trigger="turn_start"),
        ),
    )
    s = Scenario(pool=pool)
    s.active(0, "t-plain")
    s.active(1, "t-plain")
    _plain, greeter = s.hand(0, "t-plain", "t-greeter")
    bot = CarefulBot(pool)
    choice = bot.choose(view_for(s.state, PLAYERS[0]), random.Random(0))
    assert choice == PlayCreatureAction(card_id=greeter)
    assert trigger_worth(Trigger.TURN_START) == DEFAULT.triggered > 0
    before = evaluate(s.state, 0)
    s.bench(0, "t-dawn")
    with_dawn = evaluate(s.state, 0)
    s.state.players[0].bench.pop()
    s.bench(0, "t-plain")
    assert with_dawn - evaluate(s.state, 0) == DEFAULT.triggered
    assert with_dawn > before
