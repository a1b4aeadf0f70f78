"""The game's own pseudo-random generator (SplitMix64), as pure functions over an int.

What lives here: turning a 64-bit state into the next state and a value, coin flips, bounded
integers, shuffles and opaque bytes. What must not: Python's ``random`` (its sequences are
not promised across versions) or any hidden global state — the RNG state is a field of
``GameState``, so a saved game continues with exactly the same flips.
"""

from __future__ import annotations

import hashlib
from typing import TypeVar

_MASK = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15

T = TypeVar("T")

# The rejection bound of ``below`` for small ``n`` (decks and piles), precomputed for shuffle.
_TABLE = 128
_LIMITS = tuple(_MASK - (_MASK % n) if n else 0 for n in range(_TABLE))


def seed_state(seed: int) -> int:
    """The initial RNG state for a game seed (any int; negative and huge seeds are folded)."""
    return seed & _MASK


def next_u64(state: int) -> tuple[int, int]:
    """Advance ``state``; return ``(new_state, 64-bit output)``."""
    state = (state + _GOLDEN) & _MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return state, z ^ (z >> 31)


def opaque_bytes(state: int, n: int) -> tuple[int, bytes]:
    """``n`` bytes made from one draw through SHAKE-256, to key randomness whose results
    players see a lot of (which card got which id). SplitMix64's output function can be
    inverted, so letting players collect many of its outputs (or large parts of them)
    would help them rebuild the generator's state and with it every later shuffle; a hash
    of one unseen draw tells them nothing of it."""
    state, key = next_u64(state)
    return state, hashlib.shake_256(key.to_bytes(8, "little")).digest(n)


def below(state: int, n: int) -> tuple[int, int]:
    """A uniform int in ``[0, n)`` by rejection sampling (no modulo bias)."""
    if n <= 0:
        raise ValueError("below() needs a positive bound")
    limit = _MASK - (_MASK % n)
    while True:
        state, value = next_u64(state)
        if value < limit:
            return state, value % n


def shuffle(state: int, items: list[T]) -> int:
    """Fisher-Yates shuffle of ``items`` in place; returns the new RNG state.

    Same draws as calling ``below(state, i + 1)`` for i from the end, with the generator
    inlined: a 40-card deck costs one Python loop instead of 80 function calls.
    """
    mask, golden = _MASK, _GOLDEN
    limits = _LIMITS
    for i in range(len(items) - 1, 0, -1):
        n = i + 1
        limit = limits[n] if n < _TABLE else mask - (mask % n)
        while True:
            state = (state + golden) & mask
            z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            z ^= z >> 31
            if z < limit:
                break
        j = z % n
        items[i], items[j] = items[j], items[i]
    return state
