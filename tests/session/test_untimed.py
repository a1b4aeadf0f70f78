"""An untimed game (``turn_seconds`` stored as None: a bot game by default) starts no turn
clock: nothing is ever due, however long a player thinks, the setup included; a game
stored before the setting existed keeps the default clock."""

from __future__ import annotations

from mantimon.engine import RulesConfig, default_pool
from mantimon.engine.legal import legal_for_seat
from mantimon.session.live import Hosting, LiveGame
from mantimon.session.match import DEFAULT_TURN_SECONDS, Match
from mantimon.storage import GameRecord, SeatRecord

NOW = 1_000.0


def _record(settings: dict[str, object]) -> GameRecord:
    pool = default_pool()
    a, b = pool.starters["ember-rush"].decklist(), pool.starters["tidal-mind"].decklist()
    seats = (
        SeatRecord("ana", "Ana", a.cards, a.energy),
        SeatRecord("bot-1", "Greedy", b.cards, b.energy, "bot", "greedy"),
    )
    rules = RulesConfig().model_dump(mode="json")
    return GameRecord("g1", "active", "mantimon", rules, 42, seats, NOW, NOW, settings)


def _dealt(settings: dict[str, object]) -> LiveGame[str]:
    record = _record(settings)
    live: LiveGame[str] = LiveGame(Match(record), Hosting(think_seconds=0.5, seed=7))
    live.start(record, NOW)
    live.join("a1", "ana", None, NOW)
    return live


def test_an_untimed_setup_waits_for_ever_and_no_clock_runs() -> None:
    live = _dealt({"turn_seconds": None, "grace_seconds": 5})
    state = live.match.state
    assert state is not None and state.phase == "setup"
    assert live.clocks_left(NOW) == {}
    assert all(c.deadline is None for c in live.match.clocks)
    later = NOW + 100_000  # a day later: still nothing due
    out = live.tick(later)
    assert not out.sends and out.commit is None
    assert live.match.state is state and state.phase == "setup"  # nobody acted for Ana
    action = legal_for_seat(state, 0)[0]
    moved = live.act("a1", "ana", "m1", action, later)  # she still may
    assert moved.commit is not None and not moved.errors
    assert live.clocks_left(later) == {}


def test_a_timed_game_and_a_game_stored_without_the_setting_run_the_clock() -> None:
    timed = _dealt({"turn_seconds": 30, "grace_seconds": 5})
    assert timed.clocks_left(NOW + 10)["ana"] == 20.0
    legacy = _dealt({"grace_seconds": 5})
    assert legacy.clocks_left(NOW)["ana"] == DEFAULT_TURN_SECONDS
