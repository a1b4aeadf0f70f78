"""The storage contract for the ladder, on every adapter (memory, SQLite, PostgreSQL): a
ranked game's result moves both players' Glicko-2 ratings exactly once, in the commit that
records the game's end; the leaderboard and each player's rating history read them back
(docs/LADDER.md)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from mantimon.storage import glicko2
from mantimon.storage.ports import Commit, Conflict, RankedResult, Store
from tests.storage.records import game, step, user


def ended(gid: str, seq: int, winner: str | None, a: str = "u1", b: str = "u2") -> Commit:
    """The step that ends ranked game ``gid`` between ``a`` and ``b``."""
    return replace(step(gid, seq, player=a), ranked=RankedResult(gid, (a, b), winner, 500.0 + seq))


async def played(store: Store, gid: str, winner: str | None, a: str = "u1", b: str = "u2") -> None:
    await store.add_game(game(gid, a, b))
    await store.commit([ended(gid, 1, winner, a, b)])


async def test_a_ranked_win_moves_both_ratings_by_glicko2(store: Store) -> None:
    await store.add_user(user("u1", "alice"))
    await store.add_user(user("u2", "bob"))
    assert await store.rating("u1") is None
    await played(store, "g1", "u1")
    one, two = await store.rating("u1"), await store.rating("u2")
    assert one is not None and two is not None
    new = glicko2.Rating()
    won, lost = (
        glicko2.update(new, [glicko2.Result(new, 1)]),
        glicko2.update(new, [glicko2.Result(new, 0)]),
    )
    assert (one.rating, one.rd, one.volatility) == pytest.approx(
        (won.rating, won.rd, won.volatility)
    )
    assert two.rating == pytest.approx(lost.rating)
    assert (one.games, two.games, one.updated_at) == (1, 1, 501.0)
    history = await store.rating_history("u1")
    assert len(history) == 1
    h = history[0]
    assert (h.game_id, h.opponent_id, h.score, h.before, h.at) == ("g1", "u2", 1.0, 1500.0, 501.0)
    assert h.after == pytest.approx(won.rating)
    assert (await store.rating_history("u2"))[0].score == 0.0


async def test_a_result_is_applied_once_however_often_it_is_committed(store: Store) -> None:
    await played(store, "g1", "u2")
    before = await store.rating("u2")
    # A later step of the same game carrying the result again (a retried step, a restart
    # that wrote it again) changes nothing more.
    await store.commit([ended("g1", 2, "u2")])
    assert await store.rating("u2") == before
    assert before is not None and before.games == 1
    assert len(await store.rating_history("u2")) == 1
    assert len(await store.rating_history("u1")) == 1


async def test_a_draw_counts_half_and_the_second_game_starts_from_the_first(store: Store) -> None:
    await played(store, "g1", None)
    one = await store.rating("u1")
    assert one is not None
    assert one.rating == pytest.approx(1500.0)
    assert one.rd < 350
    await played(store, "g2", "u1")
    history = await store.rating_history("u1")
    assert [h.game_id for h in history] == ["g1", "g2"]
    assert [h.score for h in history] == [0.5, 1.0]
    assert history[1].before == pytest.approx(history[0].after)
    after = await store.rating("u1")
    assert after is not None and after.games == 2
    assert after.rating == pytest.approx(history[1].after)


async def test_a_refused_commit_rates_nothing(store: Store) -> None:
    await store.add_game(game("g1", "u1", "u2"))
    with pytest.raises(Conflict):
        await store.commit([ended("g1", 5, "u1")])  # seq 5 does not continue the log
    assert await store.rating("u1") is None
    assert await store.ladder() == (0, [])
    await store.commit([ended("g1", 1, "u1")])  # the real step later still rates
    assert await store.rating("u1") is not None


async def test_the_ladder_ranks_by_rating_with_names_and_pages(store: Store) -> None:
    for uid, name in (("u1", "alice"), ("u2", "bob"), ("u3", "cleo")):
        await store.add_user(user(uid, name))
    await played(store, "g1", "u1")  # u1 up, u2 down
    await played(store, "g2", "u3", a="u3", b="u2")  # u3 up, u2 further down
    total, rows = await store.ladder()
    assert total == 3
    assert [e.rank for e in rows] == [1, 2, 3]
    assert rows[-1].rating.user_id == "u2"
    assert rows[-1].name == "Player u2"
    assert rows[0].rating.rating >= rows[1].rating.rating > rows[2].rating.rating
    total, page = await store.ladder(limit=1, offset=1)
    assert total == 3
    assert [(e.rank, e.rating.user_id) for e in page] == [(2, rows[1].rating.user_id)]
    assert (await store.ladder(limit=5, offset=3)) == (3, [])


async def test_history_is_the_latest_games_oldest_first(store: Store) -> None:
    for i in range(1, 5):
        await store.add_game(game(f"g{i}", "u1", "u2"))
        await store.commit(
            [replace(step(f"g{i}", 1), ranked=RankedResult(f"g{i}", ("u1", "u2"), "u1", 600.0 + i))]
        )
    assert [h.game_id for h in await store.rating_history("u1", limit=2)] == ["g3", "g4"]
    assert await store.rating_history("nobody") == []
