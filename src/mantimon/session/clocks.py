"""Turn clocks: per-seat deadlines, warnings and timeouts, driven by a ``now`` argument.

What lives here: the rules of DESIGN.md §4 "Turn timer" as pure functions over small
records. A seat's clock runs while the game waits for that seat: it starts when the wait
begins (or when a new turn of that seat begins) and stops when the seat no longer owes a
decision; actions within the same turn do not restart it. Warnings go out when 50 %, 25 %
and 10 s of the limit remain; at the deadline the server acts for the player, and three
consecutive timeouts lose the game. Deadlines are absolute (epoch seconds) and stored, so a
restarted server resumes them. What must not: sending or storing anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

MAX_TIMEOUTS = 3


@dataclass(slots=True)
class Clock:
    deadline: float | None = None
    turn: int = -1  # engine turn number the clock was started in
    warned: int = 0  # how many of the thresholds have been announced
    timeouts: int = 0  # consecutive timeouts of this seat

    def to_json(self) -> dict[str, Any]:
        return {
            "deadline": self.deadline,
            "turn": self.turn,
            "warned": self.warned,
            "timeouts": self.timeouts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Clock:
        return cls(
            data.get("deadline"),
            int(data.get("turn", -1)),
            int(data.get("warned", 0)),
            int(data.get("timeouts", 0)),
        )


def thresholds(limit: float) -> list[float]:
    """Remaining-time marks at which a warning is sent, latest-first (45, 22.5, 10 for 90 s)."""
    marks = {limit * 0.5, limit * 0.25}
    if limit * 0.5 > 10:
        marks.add(10.0)
    return sorted(marks, reverse=True)


def sync(clocks: list[Clock], awaited: list[int], turn: int, now: float, limit: float) -> bool:
    """Start or stop each seat's clock for who the game now waits for; True if changed."""
    changed = False
    for seat, c in enumerate(clocks):
        if seat in awaited:
            if c.deadline is None or c.turn != turn:
                c.deadline, c.turn, c.warned = now + limit, turn, 0
                changed = True
        elif c.deadline is not None:
            c.deadline, c.warned = None, 0
            changed = True
    return changed


@dataclass(frozen=True, slots=True)
class Due:
    seat: int
    remaining: int  # whole seconds left (0 at expiry)
    expired: bool


def due(clocks: list[Clock], now: float, limit: float) -> list[Due]:
    """Warnings and expiries that are due at ``now`` (marks them as announced)."""
    out: list[Due] = []
    marks = thresholds(limit)
    for seat, c in enumerate(clocks):
        if c.deadline is None:
            continue
        remaining = c.deadline - now
        if remaining <= 0:
            out.append(Due(seat, 0, True))
            continue
        announced = False
        while c.warned < len(marks) and remaining <= marks[c.warned]:
            c.warned += 1
            announced = True
        if announced:
            out.append(Due(seat, math.ceil(remaining), False))
    return out


def next_wake(clocks: list[Clock], limit: float) -> float | None:
    """The next moment ``due`` has something to report (None when no clock runs)."""
    marks = thresholds(limit)
    times = []
    for c in clocks:
        if c.deadline is None:
            continue
        times.append(c.deadline if c.warned >= len(marks) else c.deadline - marks[c.warned])
    return min(times) if times else None
