"""A token bucket per socket (DESIGN.md §4: 20 messages/s, bursts of 40), driven by ``now``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class TokenBucket:
    rate: float = 20.0  # tokens added per second
    burst: float = 40.0  # bucket size
    tokens: float = -1.0  # -1: full on first use
    stamp: float = 0.0

    def take(self, now: float) -> bool:
        """Spend one token if there is one; False means the message must be dropped."""
        if self.tokens < 0:
            self.tokens, self.stamp = self.burst, now
        else:
            self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False
