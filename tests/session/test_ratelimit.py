"""Keyed token buckets: each key limited on its own, waits that say when to come back, and
a table that stays bounded however many keys an attacker cycles through."""

from __future__ import annotations

import pytest

from mantimon.session.ratelimit import KeyedBuckets, TokenBucket


def test_each_key_has_its_own_bucket_and_refills() -> None:
    table = KeyedBuckets(rate=0.5, burst=3, max_keys=100)
    assert [table.take("a", 0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert table.take("a", 0.0) == pytest.approx(2.0)  # one token back after 2 s
    assert table.take("b", 0.0) == 0.0
    assert table.take("a", 1.0) == pytest.approx(1.0)
    assert table.take("a", 2.0) == 0.0
    assert table.wait("a", 2.0) == pytest.approx(2.0)
    assert table.wait("never-seen", 2.0) == 0.0


def test_spent_failures_go_below_zero_at_most_one_burst() -> None:
    table = KeyedBuckets(rate=1.0, burst=2, max_keys=100)
    for _ in range(10):
        table.spend("a", 0.0)
    assert table.wait("a", 0.0) == pytest.approx(3.0)  # from -2 back to 1 token
    assert table.wait("a", 3.0) == 0.0


def test_the_table_forgets_refilled_buckets_and_stays_bounded() -> None:
    table = KeyedBuckets(rate=1.0, burst=5, max_keys=1000)
    for i in range(100_000):  # an attacker cycling usernames, one attempt each
        table.spend(f"user{i}", i * 0.001)
    assert len(table) <= 1000
    # Buckets that have refilled are dropped as soon as they reach the front.
    quiet = KeyedBuckets(rate=1.0, burst=2, max_keys=1000)
    for i in range(500):
        quiet.spend(f"k{i}", float(i) * 10)  # each refills long before the next comes
    assert len(quiet) == 1


def test_a_victim_is_forgotten_only_past_the_bound() -> None:
    table = KeyedBuckets(rate=0.001, burst=1, max_keys=3)
    table.spend("victim", 0.0)
    table.spend("x", 0.0)
    table.spend("y", 0.0)
    assert table.wait("victim", 0.0) > 0
    table.spend("z", 0.0)  # the fourth key pushes out the least recently touched
    assert table.wait("victim", 0.0) == 0.0 and len(table) == 3


def test_a_bucket_never_used_is_full_and_time_going_back_is_harmless() -> None:
    bucket = TokenBucket(rate=1.0, burst=2)
    assert bucket.full(5.0) and bucket.take(5.0) and bucket.take(5.0)
    assert not bucket.take(4.0)  # a clock step back adds nothing
    assert bucket.wait(4.0) == pytest.approx(1.0)
