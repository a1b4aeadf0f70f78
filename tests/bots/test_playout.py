"""The levels' rollouts: ``normal`` plays both seats of a sampled world for a fixed number
of turns, and the result is a win chance.

``SearchBot._played_out`` is what every candidate of ``hard`` and ``expert`` is judged by;
these tests pin how far it plays (the rest of the bot's turn and ``rounds`` more turns of
each seat, or to the end with ``rounds`` 0) and what it returns, on worlds sampled from
views of seeded games.
"""

from __future__ import annotations

import random

from mantimon.bots import make_bot
from mantimon.bots.determinize import can_determinize, determinize
from mantimon.bots.search import SearchBot
from mantimon.engine import GameState, Phase, default_pool, view_for
from tests.bots._games import decision_points


def _worlds(count: int) -> list[tuple[GameState, int]]:
    """(a world sampled from the mover's view, the mover's seat) at main-phase decisions."""
    out: list[tuple[GameState, int]] = []
    pool = default_pool()
    for state, seat in decision_points("mantimon", seed=31, every=15):
        view = view_for(state, state.players[seat].id)
        if state.phase is not Phase.MAIN or state.pending or not can_determinize(view):
            continue
        out.append((determinize(view, pool, random.Random(len(out))), seat))
        if len(out) == count:
            break
    return out


def test_a_playout_stops_when_the_next_turns_are_played() -> None:
    for rounds in (1, 2):
        bot = make_bot("hard")
        assert isinstance(bot, SearchBot)
        bot.rounds = rounds
        checked = 0
        for world, seat in _worlds(8):
            state = world.clone()
            turn = state.turn
            chance = bot._played_out(state, seat, 0)
            if state.over:
                assert chance in (0.0, 0.5, 1.0)
                continue
            # The rest of this turn, then each seat's turn ``rounds`` more times.
            assert state.turn == turn + 2 * rounds + 1, (rounds, turn, state.turn)
            assert 0.0 < chance < 1.0
            checked += 1
        assert checked >= 4


def test_a_playout_to_the_end_scores_the_result() -> None:
    bot = make_bot("expert")
    assert isinstance(bot, SearchBot)
    bot.rounds = 0
    results = []
    for world, seat in _worlds(4):
        state = world.clone()
        results.append(bot._played_out(state, seat, 0))
        assert state.over
        if state.winner is not None:
            assert results[-1] == (1.0 if state.winner == seat else 0.0)
    assert set(results) <= {0.0, 0.5, 1.0}


def test_the_same_world_and_index_play_the_same_game() -> None:
    bot = make_bot("hard")
    assert isinstance(bot, SearchBot)
    for world, seat in _worlds(3):
        a, b = world.clone(), world.clone()
        assert bot._played_out(a, seat, 7) == bot._played_out(b, seat, 7)
        assert a.turn == b.turn and a.players[0].hand == b.players[0].hand


def test_playout_noise_varies_the_playout_and_stays_seeded() -> None:
    plain, noisy = make_bot("expert"), make_bot("expert")
    assert isinstance(plain, SearchBot) and isinstance(noisy, SearchBot)
    noisy.playout_noise = 0.5
    differ = 0
    for world, seat in _worlds(4):
        a, b, c = world.clone(), world.clone(), world.clone()
        assert noisy._played_out(a, seat, 5) == noisy._played_out(b, seat, 5)
        assert a.players[0].hand == b.players[0].hand
        plain._played_out(c, seat, 5)
        differ += a.players[0].hand != c.players[0].hand or a.players[1].hand != c.players[1].hand
    assert differ >= 2
