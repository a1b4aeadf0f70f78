"""Token buckets, driven by ``now``: one per socket (DESIGN.md §4: 20 messages/s, bursts of
40), and ``KeyedBuckets``, one bucket per key (an account, a client address) in a table of
bounded size.

What lives here: the arithmetic of refilling and spending, sans-I/O (the caller passes the
time; no clock, no locks, no asyncio). What must not: what a key means or what a refusal
answers (the server decides that).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass


@dataclass(slots=True)
class TokenBucket:
    rate: float = 20.0  # tokens added per second
    burst: float = 40.0  # bucket size
    tokens: float = 0.0
    stamp: float | None = None  # None: never used (full on first use)

    def _refill(self, now: float) -> None:
        if self.stamp is None:
            self.tokens, self.stamp = self.burst, now
        else:
            self.tokens = min(self.burst, self.tokens + max(0.0, now - self.stamp) * self.rate)
            self.stamp = max(self.stamp, now)

    def take(self, now: float) -> bool:
        """Spend one token if there is one; False means the message must be dropped."""
        self._refill(now)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def wait(self, now: float) -> float:
        """Seconds until a token is there (0: one is there now); spends nothing."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def full(self, now: float) -> bool:
        """True when the bucket is back to ``burst``: it then remembers nothing."""
        self._refill(now)
        return self.tokens >= self.burst


class KeyedBuckets:
    """A token bucket per key, at most ``max_keys`` of them.

    Why bounded: the keys come from clients (usernames tried, addresses), so an attacker
    cycling them must not grow the table without limit. A bucket that has refilled is the
    same as no bucket, so it is dropped; past ``max_keys`` the bucket touched longest ago is
    dropped even if not full (that key gets a fresh bucket if it comes back). The table is
    kept in the order keys were last touched, so both checks look only at its front (an
    ``OrderedDict``: a plain dict's first key gets slow to find after many deletions at
    the front).
    """

    def __init__(self, rate: float, burst: float, max_keys: int) -> None:
        if rate <= 0 or burst < 1 or max_keys < 1:
            raise ValueError("rate > 0, burst >= 1 and max_keys >= 1 are required")
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def _touch(self, key: str, now: float) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(self.rate, self.burst)
        else:
            self._buckets.move_to_end(key)  # now the most recently touched
        self._forget(now)
        return bucket

    def _forget(self, now: float) -> None:
        """Drop refilled buckets from the front, then the oldest ones past ``max_keys``."""
        while len(self._buckets) > 1:
            oldest = next(iter(self._buckets.values()))
            if not oldest.full(now) and len(self._buckets) <= self.max_keys:
                break
            self._buckets.popitem(last=False)

    def take(self, key: str, now: float) -> float:
        """Spend a token of ``key``'s bucket: 0.0 if one was there, else the seconds until
        one will be (nothing spent)."""
        bucket = self._touch(key, now)
        return 0.0 if bucket.take(now) else bucket.wait(now)

    def wait(self, key: str, now: float) -> float:
        """Seconds until ``key`` has a token (0: it has one now); spends nothing."""
        bucket = self._buckets.get(key)
        return 0.0 if bucket is None else bucket.wait(now)

    def spend(self, key: str, now: float) -> None:
        """Spend a token of ``key`` even when none is left (the bucket goes below zero, at
        most one burst deep, and takes that much longer to refill): for failures, counted
        after the fact, several of which may have been let in at once."""
        bucket = self._touch(key, now)
        if not bucket.take(now):
            bucket.tokens = max(-self.burst, bucket.tokens - 1)
