"""The search bots are fair by construction: what they cannot see never changes their move.

At many decision points of seeded games (both presets, every starter pairing), a twin of the
real state differs only in what the player to move cannot see (``tests.invariants.
hidden_twin``: the opponent's hand and deck contents and order, the own deck's order,
prizes, the energy decks' order, the RNG state), and on top of that the opponent's unseen
cards are given other identities from the whole card pool (another deck list altogether).
The two views must be equal, and ``hard`` must choose the same action from both with
equally seeded rngs. Also: the same view and the same rng state give the same action, from
one bot instance or two; and trivial decisions return at once, without sampling.
"""

from __future__ import annotations

import random

import pytest

from mantimon.bots import make_bot
from mantimon.bots.search import SearchBot
from mantimon.engine import GameState, Phase, default_pool, view_for
from tests.bots._games import decision_points
from tests.invariants import hidden_from, hidden_twin


def _other_deck_list(twin: GameState, seat: int, rng: random.Random) -> None:
    """Give the unseen cards of the opponent of ``seat`` new identities drawn from the whole
    pool (creatures stay creatures only where the board needs it: face-down setup cards
    are not touched)."""
    hidden = hidden_from(twin, seat)
    other = twin.players[1 - seat]
    pool = sorted(twin.pool.cards)
    for uid in [*other.hand, *other.deck, *other.prizes]:
        if uid in hidden:
            twin.card_of[uid] = rng.choice(pool)
    twin.legal_cache = None
    twin.view_memo = None


@pytest.mark.parametrize("preset", ["mantimon", "classic"])
def test_hard_decides_the_same_whatever_is_hidden(preset: str) -> None:
    bot = make_bot("hard")
    compared = 0
    for state, seat in decision_points(preset, seed=21, every=18):
        if state.phase is Phase.SETUP:
            continue
        pid = state.players[seat].id
        twin = hidden_twin(state, seat, random.Random(compared))
        _other_deck_list(twin, seat, random.Random(compared + 1))
        assert (
            twin.players[1 - seat].deck != state.players[1 - seat].deck
            or not twin.players[1 - seat].deck
        )
        real_view, twin_view = view_for(state, pid), view_for(twin, pid)
        assert real_view == twin_view
        if len(real_view.legal_actions) <= 2:
            continue
        a = bot.choose(real_view, random.Random(compared))
        b = bot.choose(twin_view, random.Random(compared))
        assert a == b, (preset, compared)
        compared += 1
    assert compared >= 20


def test_same_view_and_rng_give_the_same_action() -> None:
    hard, again = make_bot("hard"), make_bot("hard")
    checked = 0
    for state, seat in decision_points("mantimon", seed=8, every=30):
        view = view_for(state, state.players[seat].id)
        if len(view.legal_actions) <= 2:
            continue
        first = hard.choose(view, random.Random(99))
        assert hard.choose(view, random.Random(99)) == first
        assert again.choose(view, random.Random(99)) == first
        checked += 1
    assert checked >= 10


def test_trivial_decisions_return_without_search() -> None:
    bot = make_bot("expert")
    assert isinstance(bot, SearchBot)
    for state, seat in decision_points("mantimon", seed=4, every=1):
        view = view_for(state, state.players[seat].id)
        playable = [a for a in view.legal_actions if a.type != "resign"]
        if len(playable) == 1 and state.phase is not Phase.SETUP:
            before = bot.rollouts
            assert bot.choose(view, random.Random(0)) == playable[0]
            assert bot.rollouts == before
            return
    pytest.fail("no trivial decision")


def test_levels_have_player_facing_descriptions() -> None:
    for name in ("hard", "expert"):
        bot = make_bot(name)
        assert isinstance(bot, SearchBot)
        assert bot.description and "\n" not in bot.description
        # The server's bot list shows the class docstring's first line to players.
        doc = type(bot).__doc__ or ""
        assert doc.strip().splitlines()[0] == bot.description
    assert default_pool()  # the bots read only the public pool
