"""The step that ends a ranked game carries its ``RankedResult`` (docs/LADDER.md): the
engine's winner, so a resignation and a timeout are losses; no other step, and no
unranked game, carries one."""

from __future__ import annotations

from dataclasses import replace

from mantimon.session import authority
from mantimon.session.match import Match
from tests.session.test_authority import NOW, _match


def _ranked(turn_seconds: float = 90) -> Match:
    m = _match(turn_seconds)
    m.game = replace(m.game, settings={**m.game.settings, "ranked": True})
    return m


def test_a_resignation_ends_a_ranked_game_with_the_opponent_as_winner() -> None:
    m = _ranked()
    assert authority.start(m, NOW).commit.ranked is None  # type: ignore[union-attr]
    out = authority.act(m, "ana", "quit", authority.resign_action(), NOW + 3)
    assert out.commit is not None and out.commit.update.status == "finished"
    result = out.commit.ranked
    assert result is not None
    assert (result.game_id, result.players, result.winner_id, result.at) == (
        "g1",
        ("ana", "bo"),
        "bo",
        NOW + 3,
    )
    plain = _match()
    authority.start(plain, NOW)
    out = authority.act(plain, "ana", "quit", authority.resign_action(), NOW)
    assert out.commit is not None and out.commit.ranked is None


def test_running_out_of_time_loses_a_ranked_game() -> None:
    m = _ranked(turn_seconds=10)
    authority.start(m, NOW)
    now, out = NOW, None
    for _ in range(40):
        wake = authority.next_wake(m)
        assert wake is not None
        now = wake
        out = authority.tick(m, now)
        if m.over:
            break
        assert out.commit is None or out.commit.ranked is None
    assert out is not None and out.commit is not None and out.commit.ranked is not None
    loser = out.commit.actions[-1].player_id
    assert out.commit.ranked.winner_id not in (None, loser)
    assert set(out.commit.ranked.players) == {"ana", "bo"}
