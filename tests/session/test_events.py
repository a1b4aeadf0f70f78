"""Derived events are the events sent live: byte for byte, from the deal or any snapshot.

Games are played through the authority (actions chosen by a seeded generator, with turn
clocks running out now and then, so timeouts log several entries in one step and forfeit
games), everything each viewer was sent is kept by event id, and then ``events.derive``
must give back exactly those texts after any event, from the deal and from every snapshot
the steps stored, also for a log stored before entries named their step.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field, replace

import orjson
import pytest

from mantimon.engine import RulesConfig, default_pool, state_to_json
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.session import authority, events
from mantimon.session.match import SPECTATOR, VIEWERS, Match, load
from mantimon.storage import GameRecord, LoggedAction, SeatRecord, Snapshot

T0 = 1_700_000_000.25


@dataclass
class Played:
    match: Match
    game: GameRecord  # as stored: with the deal's time
    log: list[LoggedAction] = field(default_factory=list)
    snapshots: list[Snapshot] = field(default_factory=list)
    sent: dict[str, dict[int, str]] = field(default_factory=dict)  # log key -> id -> text


def _record(played: Played, outcome: authority.Outcome) -> None:
    m = played.match
    targets = {m.player_ids[0]: VIEWERS[0], m.player_ids[1]: VIEWERS[1]}
    targets[authority.SPECTATORS] = SPECTATOR
    for send in outcome.sends:
        key = targets.get(send.to)
        message = orjson.loads(send.text)
        if key is not None and "event_id" in message:
            played.sent.setdefault(key, {})[int(message["event_id"])] = send.text
    if outcome.commit is not None:
        played.log.extend(outcome.commit.actions)
        if outcome.commit.snapshot is not None:
            played.snapshots.append(outcome.commit.snapshot)
        if outcome.commit.update.started_at is not None:
            played.game = replace(played.game, started_at=outcome.commit.update.started_at)


def _play(seed: int, preset: str, timeouts: float) -> Played:
    pool = default_pool()
    rng = random.Random(seed)
    starters = sorted(k for k, s in pool.starters.items() if s.preset == preset)
    decks = [pool.starters[rng.choice(starters)].decklist() for _ in range(2)]
    rules = RulesConfig.preset_named(preset).model_dump(mode="json")
    seats = tuple(
        SeatRecord(uid, uid.title(), d.cards, d.energy)
        for uid, d in zip(("ana", "bo"), decks, strict=True)
    )
    game = GameRecord(
        f"g{seed}", "active", preset, rules, seed, seats, T0, T0, {"turn_seconds": 30}
    )
    m = Match(game, spectators=1)
    played = Played(m, game)
    now = T0
    _record(played, authority.start(m, now))
    for n in range(3000):
        state = m.state
        assert state is not None
        if state.over:
            break
        now += rng.choice((0.5, 1.25, 2.0))
        wake = authority.next_wake(m)
        if wake is not None and rng.random() < timeouts:
            now = max(now, wake)
            _record(played, authority.tick(m, now))
            continue
        seat = rng.choice(waiting_for(state))
        action = rng.choice(legal_for_seat(state, seat))
        _record(played, authority.act(m, m.player_ids[seat], f"m{n}", action, now))
    assert m.over
    return played


GAMES = [(1, "mantimon", 0.0), (2, "mantimon", 0.15), (3, "classic", 0.1), (4, "mantimon", 0.6)]


@pytest.fixture(scope="module", params=GAMES, ids=lambda g: f"seed{g[0]}-{g[1]}-t{g[2]}")
def played(request: pytest.FixtureRequest) -> Played:
    return _play(*request.param)


def _expected(played: Played, key: str, after: int) -> list[str]:
    sent = played.sent[key]
    return [sent[i] for i in sorted(sent) if i > after]


def _viewer(played: Played, key: str) -> str | None:
    return None if key == SPECTATOR else played.match.player_ids[VIEWERS.index(key)]


def test_every_event_was_sent_to_every_viewer_once(played: Played) -> None:
    last = played.match.event_id
    for key in (*VIEWERS, SPECTATOR):
        assert sorted(played.sent[key]) == list(range(1, last + 1)), key


def test_derived_from_the_deal_is_what_was_sent(played: Played) -> None:
    m = played.match
    for key in (*VIEWERS, SPECTATOR):
        for after in sorted({0, 1, 2, m.event_id // 2, m.event_id - 1, m.event_id}):
            derived = events.derive(
                played.game, None, played.log, _viewer(played, key), key, after, m.event_id, 1
            )
            assert derived == _expected(played, key, after), (key, after)


def test_every_viewer_derived_in_one_replay_is_what_was_sent(played: Played) -> None:
    m = played.match
    keys = (*VIEWERS, SPECTATOR)
    viewers = [(_viewer(played, key), key) for key in keys]
    for after in (0, m.event_id // 2):
        derived = events.derive_for(played.game, None, played.log, viewers, after, m.event_id, 1)
        assert derived == {key: _expected(played, key, after) for key in keys}, after


def test_derived_from_each_snapshot_is_what_was_sent(played: Played) -> None:
    m = played.match
    assert played.snapshots, "a game this long stores snapshots"
    for snap in played.snapshots:
        entries = [e for e in played.log if e.seq > snap.seq]
        for after in (snap.event_id, snap.event_id + 3, m.event_id - 1):
            if after < snap.event_id or after > m.event_id:
                continue
            key = VIEWERS[after % 2]
            derived = events.derive(
                played.game, snap, entries, _viewer(played, key), key, after, m.event_id, 1
            )
            assert derived == _expected(played, key, after), (snap.seq, after)


def test_a_log_stored_before_entries_named_their_step_derives_the_same(played: Played) -> None:
    m = played.match
    legacy = [replace(e, event_id=None) for e in played.log]
    for key in VIEWERS:
        derived = events.derive(
            played.game, None, legacy, _viewer(played, key), key, 0, m.event_id, 1
        )
        assert derived == _expected(played, key, 0)


def test_a_log_that_does_not_account_for_the_events_derives_nothing(played: Played) -> None:
    m = played.match
    key = VIEWERS[0]
    viewer = _viewer(played, key)
    short = played.log[:-1]
    assert events.derive(played.game, None, short, viewer, key, 0, m.event_id, 1) is None
    wrong = [replace(e, event_id=(e.event_id or 0) + 1) for e in played.log]
    assert events.derive(played.game, None, wrong, viewer, key, 0, m.event_id, 1) is None


def test_the_stored_snapshots_and_log_rebuild_the_live_match(played: Played) -> None:
    m = played.match
    snap = played.snapshots[-1]
    game = replace(played.game, last_seq=m.seq, last_event_id=m.event_id)
    loaded = load(game, [e for e in played.log if e.seq > snap.seq], 0.0, snap)
    assert loaded.state is not None and m.state is not None
    assert state_to_json(loaded.state) == state_to_json(m.state)


def test_the_games_include_the_steps_grouping_must_get_right() -> None:
    """Guards the choice of games above: among them a timeout that logged several entries in
    one step, and two seats timing out in one tick (two steps logged at the same time)."""
    several = together = False
    for game in GAMES:
        steps = list(events.steps(_play(*game).log))
        several |= any(len(s) > 1 for s in steps)
        together |= any(
            a[0].by == b[0].by == "timer" and a[0].at == b[0].at
            for a, b in itertools.pairwise(steps)
        )
    assert several and together
