"""Turn clocks and the token bucket, as pure functions of ``now``."""

from __future__ import annotations

import pytest

from mantimon.session.clocks import Clock, due, next_wake, sync, thresholds
from mantimon.session.ratelimit import TokenBucket


def test_warning_marks_follow_the_limit() -> None:
    assert thresholds(90) == [45.0, 22.5, 10.0]
    assert thresholds(12) == [6.0, 3.0]  # a 10 s warning would come before the 50 % one
    assert thresholds(30) == [15.0, 10.0, 7.5]


def test_a_clock_runs_while_its_seat_is_awaited_and_restarts_each_turn() -> None:
    clocks = [Clock(), Clock()]
    assert sync(clocks, [0], turn=1, now=100.0, limit=90)
    assert (clocks[0].deadline, clocks[1].deadline) == (190.0, None)
    assert not sync(clocks, [0], turn=1, now=150.0, limit=90)  # same turn: not restarted
    assert clocks[0].deadline == 190.0
    sync(clocks, [1], turn=2, now=160.0, limit=90)
    assert (clocks[0].deadline, clocks[1].deadline) == (None, 250.0)
    sync(clocks, [1], turn=4, now=300.0, limit=90)  # a new turn of the same seat restarts it
    assert clocks[1].deadline == 390.0


def test_warnings_then_expiry_each_once() -> None:
    clocks = [Clock(deadline=190.0, turn=1), Clock()]
    assert next_wake(clocks, 90) == pytest.approx(145.0)
    assert due(clocks, 140.0, 90) == []
    first = due(clocks, 145.5, 90)
    assert [(d.seat, d.remaining, d.expired) for d in first] == [(0, 45, False)]
    assert due(clocks, 146.0, 90) == []  # announced once
    both = due(clocks, 181.0, 90)  # 25 % and 10 s passed together: one warning
    assert [(d.remaining, d.expired) for d in both] == [(9, False)]
    assert next_wake(clocks, 90) == 190.0
    assert [d.expired for d in due(clocks, 190.0, 90)] == [True]


def test_clocks_round_trip_through_json() -> None:
    clock = Clock(deadline=12.5, turn=3, warned=2, timeouts=1)
    assert Clock.from_json(clock.to_json()) == clock


def test_the_token_bucket_allows_a_burst_then_the_rate() -> None:
    bucket = TokenBucket(rate=20, burst=40)
    assert all(bucket.take(0.0) for _ in range(40))
    assert not bucket.take(0.0)
    assert bucket.take(0.05)  # one token back after 1/20 s
    assert not bucket.take(0.05)
    assert sum(bucket.take(10.0) for _ in range(100)) == 40  # never more than the burst
