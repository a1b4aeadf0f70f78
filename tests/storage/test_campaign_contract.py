"""The storage contract for the campaign, on every adapter (memory, SQLite, PostgreSQL):
starting a campaign, granting a finished game's result exactly once in the commit that
records the game's end, and opening packs (docs/CAMPAIGN.md)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

from mantimon.campaign import open_pack
from mantimon.campaign.packs import pack_seed
from mantimon.campaign.progress import progress_to_json
from mantimon.campaign.world import bundled_world
from mantimon.engine import default_pool
from mantimon.storage.memory import MemoryStore
from mantimon.storage.ports import CampaignResult, Commit, Conflict, PackOpening, Store
from mantimon.storage.sql import SqlStore
from mantimon.storage.sql.schema import campaigns
from tests.storage.records import game, step

WORLD = bundled_world()
PROMOS = WORLD.promos
CLUB = WORLD.clubs[0]
MEMBER, LEADER = CLUB.members[0].id, CLUB.leader.id
STARTER = {"m1-030": 4, "m1-031": 3}


def ended(gid: str, seq: int, duelist: str, outcome: str = "win", user: str = "u1") -> Commit:
    """The step that ends campaign game ``gid``, with its result."""
    result = CampaignResult(user, gid, duelist, outcome, "deck-1", 2000.0 + seq)  # type: ignore[arg-type]
    return replace(step(gid, seq), campaign=result)


async def begun(store: Store, user: str = "u1") -> None:
    await store.start_campaign(user, STARTER, seed=42, now=1.0)


async def test_a_campaign_begins_once_with_its_starting_collection(store: Store) -> None:
    assert await store.campaign("u1") is None
    await begun(store)
    record = await store.campaign("u1")
    assert record is not None
    assert (record.seed, record.packs, record.opened, record.started_at) == (42, 0, 0, 1.0)
    assert record.collection == STARTER
    assert not record.progress.beaten
    with pytest.raises(Conflict):
        await store.start_campaign("u1", {}, seed=1, now=2.0)


async def test_the_step_that_ends_a_won_game_grants_its_reward(store: Store) -> None:
    await begun(store)
    await store.add_game(game("g1", "u1", "bot"))
    await store.commit([ended("g1", 1, MEMBER)])
    p = await store.campaign("u1")
    assert p is not None
    assert p.progress.beaten == {MEMBER}
    assert p.packs == 2
    await store.add_game(game("g2", "u1", "bot"))
    await store.commit([ended("g2", 1, LEADER)])
    p = await store.campaign("u1")
    assert p is not None
    assert p.progress.medals == {CLUB.id}
    assert p.packs == 6
    assert p.collection[CLUB.promo] == STARTER.get(CLUB.promo, 0) + 1


async def test_a_result_is_granted_once_however_often_it_is_committed(store: Store) -> None:
    await begun(store)
    await store.add_game(game("g1", "u1", "bot"))
    await store.commit([ended("g1", 1, MEMBER)])
    # The same result again (a retried step, a restart that wrote it again): a later step
    # of the same game carrying it changes nothing more.
    await store.commit([ended("g1", 2, MEMBER)])
    p = await store.campaign("u1")
    assert p is not None
    assert p.packs == 2
    assert p.progress.wins_against(MEMBER) == 1


async def test_the_history_lists_each_granted_result_once_with_what_it_earned(
    store: Store,
) -> None:
    await begun(store)
    for gid in ("g1", "g2", "g3"):
        await store.add_game(game(gid, "u1", "bot"))
    await store.commit([ended("g1", 1, MEMBER, outcome="loss")])
    await store.commit([ended("g2", 1, MEMBER)])
    await store.commit([ended("g2", 2, MEMBER)])  # the same result again: not listed twice
    await store.commit([ended("g3", 1, LEADER)])
    history = await store.campaign_history("u1")
    assert [(e.result.game_id, e.result.outcome, e.packs) for e in history] == [
        ("g1", "loss", 0),
        ("g2", "win", 2),
        ("g3", "win", 4),
    ]
    assert (history[2].medal, history[2].promo) == (CLUB.id, CLUB.promo)
    assert history[1].result == ended("g2", 1, MEMBER).campaign
    assert await store.campaign_history("nobody") == []


async def test_the_hall_of_fame_lists_who_became_champion_and_when(store: Store) -> None:
    assert await store.champions() == []
    await begun(store)
    world = bundled_world()
    medals = frozenset(c.id for c in world.clubs)
    gms = tuple(g.id for g in world.grand_masters)
    record = await store.campaign("u1")
    assert record is not None
    # Stand the player just before the Champion (what the run's wins would have stored).
    ready = replace(
        record.progress, beaten=medals | set(gms), medals=medals, run=gms, run_deck="deck-1"
    )
    await _set_progress(store, "u1", ready)
    await store.add_game(game("g9", "u1", "bot"))
    await store.commit([ended("g9", 1, world.champion.id)])
    assert await store.champions() == [("u1", 2001.0)]
    history = await store.campaign_history("u1")
    assert history[-1].crowned


async def _set_progress(store: Store, user: str, progress: Any) -> None:
    """Put ``progress`` in ``user``'s stored campaign (a test shortcut past 22 games)."""
    if isinstance(store, MemoryStore):
        store.campaigns[user] = replace(store.campaigns[user], progress=progress)
        return
    assert isinstance(store, SqlStore)
    stmt = (
        sa.update(campaigns)
        .where(campaigns.c.user_id == user)
        .values(progress=progress_to_json(progress))
    )
    await store.runner.write(lambda conn: conn.execute(stmt))


async def test_a_game_not_won_grants_nothing(store: Store) -> None:
    await begun(store)
    await store.add_game(game("g1", "u1", "bot"))
    await store.commit([ended("g1", 1, MEMBER, outcome="loss")])
    p = await store.campaign("u1")
    assert p is not None
    assert (p.packs, p.progress.beaten) == (0, frozenset())


async def test_a_refused_commit_grants_nothing(store: Store) -> None:
    await begun(store)
    await store.add_game(game("g1", "u1", "bot"))
    with pytest.raises(Conflict):
        await store.commit([ended("g1", 5, MEMBER)])  # seq 5 does not continue the log
    p = await store.campaign("u1")
    assert p is not None
    assert p.packs == 0
    await store.commit([ended("g1", 1, MEMBER)])  # the real step later still grants
    p = await store.campaign("u1")
    assert p is not None and p.packs == 2


async def test_a_result_for_a_player_without_a_campaign_changes_no_campaign(store: Store) -> None:
    await store.add_game(game("g1", "u9", "bot"))
    await store.commit([ended("g1", 1, MEMBER, user="u9")])
    assert await store.campaign("u9") is None


async def test_packs_open_in_order_into_the_collection_and_are_kept(store: Store) -> None:
    await begun(store)
    await store.add_game(game("g1", "u1", "bot"))
    await store.commit([ended("g1", 1, MEMBER)])  # two packs
    pool = default_pool()
    record = await store.campaign("u1")
    assert record is not None
    seed = pack_seed(record.seed, 1)
    opening = PackOpening("u1", 1, seed, tuple(open_pack(pool, seed, PROMOS)), 3.0)
    after = await store.record_opening(opening)
    assert (after.packs, after.opened) == (1, 1)
    for card in set(opening.cards):
        expected = STARTER.get(card, 0) + opening.cards.count(card)
        assert after.collection[card] == expected
    with pytest.raises(Conflict):  # the same pack twice (two openings at once)
        await store.record_opening(opening)
    second = PackOpening(
        "u1", 2, pack_seed(42, 2), tuple(open_pack(pool, pack_seed(42, 2), PROMOS)), 4.0
    )
    await store.record_opening(second)
    with pytest.raises(Conflict):  # no pack left
        await store.record_opening(replace(second, number=3))
    assert await store.openings("u1") == [opening, second]
    assert list(open_pack(pool, (await store.openings("u1"))[0].seed, PROMOS)) == list(
        opening.cards
    )
