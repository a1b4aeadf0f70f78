"""Campaign progression (docs/CAMPAIGN.md): who may be challenged, and what results earn."""

import dataclasses

import pytest

from mantimon.campaign import Progress, challengeable, record_result
from mantimon.campaign.world import bundled_world

WORLD = bundled_world()
CLUB = WORLD.clubs[0]
MEMBER, LEADER = CLUB.members[0], CLUB.leader
GMS = [g.id for g in WORLD.grand_masters]
CHAMPION = WORLD.champion.id


def open_ids(progress: Progress) -> set[str]:
    return {d.id for d in challengeable(WORLD, progress)}


def with_every_medal() -> Progress:
    return Progress(
        beaten=frozenset(c.leader.id for c in WORLD.clubs),
        medals=frozenset(c.id for c in WORLD.clubs),
    )


def test_a_new_player_may_challenge_every_club_member_and_no_one_else() -> None:
    members = {m.id for c in WORLD.clubs for m in c.members}
    assert open_ids(Progress()) == members


def test_beating_a_member_opens_that_club_s_leader_only() -> None:
    progress, reward = record_result(WORLD, Progress(), MEMBER.id, "win", "deck-1")
    assert LEADER.id in open_ids(progress)
    assert not any(c.leader.id in open_ids(progress) for c in WORLD.clubs[1:])
    assert (reward.packs, reward.first_win, reward.medal) == (2, True, None)


def test_a_repeat_win_earns_fewer_packs_and_no_second_medal() -> None:
    p, _ = record_result(WORLD, Progress(), MEMBER.id, "win", "d")
    p, first = record_result(WORLD, p, LEADER.id, "win", "d")
    assert (first.packs, first.medal, first.promo) == (4, CLUB.id, CLUB.promo)
    p, again = record_result(WORLD, p, LEADER.id, "win", "d")
    assert (again.packs, again.medal, again.promo, again.first_win) == (2, None, None, False)
    assert p.medals == {CLUB.id}
    assert p.wins_against(LEADER.id) == 2


@pytest.mark.parametrize("outcome", ["loss", "draw"])
def test_a_game_not_won_earns_nothing_and_changes_nothing(outcome: str) -> None:
    before = Progress()
    after, reward = record_result(WORLD, before, MEMBER.id, outcome, "d")  # type: ignore[arg-type]
    assert after == before
    assert reward.packs == 0 and reward.medal is None and not reward.first_win


def test_a_duelist_not_open_yet_cannot_be_recorded() -> None:
    with pytest.raises(ValueError, match="cannot be challenged"):
        record_result(WORLD, Progress(), LEADER.id, "win", "d")
    with pytest.raises(ValueError, match="cannot be challenged"):
        record_result(WORLD, Progress(), "nobody", "win", "d")


def test_the_grand_masters_open_with_every_medal_one_at_a_time_in_order() -> None:
    almost = dataclasses.replace(
        with_every_medal(), medals=frozenset(c.id for c in WORLD.clubs[1:])
    )
    assert not set(GMS) & open_ids(almost)
    p = with_every_medal()
    assert GMS[0] in open_ids(p) and GMS[1] not in open_ids(p)
    p, _ = record_result(WORLD, p, GMS[0], "win", "d")
    assert GMS[1] in open_ids(p) and CHAMPION not in open_ids(p)


def test_three_grand_masters_in_a_row_with_one_deck_then_the_champion() -> None:
    p = with_every_medal()
    for gm in GMS:
        p, _ = record_result(WORLD, p, gm, "win", "deck-a")
    assert CHAMPION in open_ids(p)
    p, reward = record_result(WORLD, p, CHAMPION, "win", "deck-a")
    assert p.champion and reward.became_champion and reward.packs == 5
    assert set(GMS) | {CHAMPION} <= open_ids(p)  # rematches stay open


def test_a_loss_in_the_run_starts_it_again() -> None:
    p = with_every_medal()
    p, _ = record_result(WORLD, p, GMS[0], "win", "deck-a")
    p, _ = record_result(WORLD, p, GMS[1], "loss", "deck-a")
    assert p.run == ()
    assert GMS[1] not in open_ids(p)  # not beaten yet: the run must start over
    assert GMS[0] in open_ids(p)


def test_another_deck_in_the_middle_of_the_run_does_not_continue_it() -> None:
    p = with_every_medal()
    p, _ = record_result(WORLD, p, GMS[0], "win", "deck-a")
    p, _ = record_result(WORLD, p, GMS[1], "win", "deck-b")
    assert p.run == ()
    assert CHAMPION not in open_ids(p)


def test_beating_the_champion_with_another_deck_than_the_run_s_does_not_crown() -> None:
    p = with_every_medal()
    for gm in GMS:
        p, _ = record_result(WORLD, p, gm, "win", "deck-a")
    p, reward = record_result(WORLD, p, CHAMPION, "win", "deck-b")
    assert not p.champion and not reward.became_champion
