"""How the search levels weigh the anchor (``normal``'s own move, or with ``anchor_level``
another level's) against their best candidate: the test that decides an overruling pairs
the two on the worlds both were tried in, and ``keep_anchor`` keeps the anchor in the
successive halving so that is every world the best was tried in."""

from __future__ import annotations

import random

from mantimon.bots.search import SearchBot
from mantimon.bots.spec import bot_from_spec
from mantimon.engine import Phase, view_for
from tests.bots._games import decision_points


def _compared(spec: str, comparisons: int) -> list[tuple[int, int]]:
    """(worlds of the best candidate, worlds of the anchor) at each anchor test of the
    first main-phase decisions of seeded games."""
    bot = bot_from_spec(spec)
    assert isinstance(bot, SearchBot)
    seen: list[tuple[int, int]] = []
    weigh = bot._clear_gain

    def recorded(mine: list[float], anchor: list[float]) -> bool:
        seen.append((len(mine), len(anchor)))
        return weigh(mine, anchor)

    bot._clear_gain = recorded  # type: ignore[method-assign]
    for state, seat in decision_points("mantimon", seed=31, every=6):
        if state.phase is Phase.MAIN and not state.pending:
            bot.choose(view_for(state, state.players[seat].id), random.Random(0))
            if len(seen) >= comparisons:
                break
    return seen


def test_keep_anchor_compares_the_anchor_on_every_world_of_the_best() -> None:
    kept = _compared("expert:keep_anchor=1:budget=48:max_worlds=8", 4)
    assert len(kept) == 4 and all(best == anchor for best, anchor in kept), kept
    # Without it, an anchor that left the halving early is compared on its first worlds.
    plain = _compared("expert:budget=48:max_worlds=8", 4)
    assert any(anchor < best for best, anchor in plain), plain


def test_a_level_that_never_overrules_plays_its_anchors_move() -> None:
    """With a margin no win chance can clear, the search plays the anchor: ``normal``'s
    move, or with ``anchor_level`` that level's, made from the same view and ``rng``
    state (the anchor draws its worlds first)."""
    normal, hard = bot_from_spec("normal"), bot_from_spec("hard")
    on_normal = bot_from_spec("expert:anchor_bonus=10:budget=16:max_worlds=4")
    on_hard = bot_from_spec("expert:anchor_level=hard:anchor_bonus=10:budget=16:max_worlds=4")
    checked = differ = 0
    for state, seat in decision_points("mantimon", seed=31, every=9):
        if state.phase is not Phase.MAIN or state.pending:
            continue
        view = view_for(state, state.players[seat].id)
        assert on_normal.choose(view, random.Random(checked)) == normal.choose(
            view, random.Random(0)
        )
        mine = on_hard.choose(view, random.Random(checked))
        assert mine == hard.choose(view, random.Random(checked))
        differ += mine != normal.choose(view, random.Random(0))
        checked += 1
        if checked == 5:
            break
    assert checked == 5
    assert differ >= 1  # so the two anchors are told apart
