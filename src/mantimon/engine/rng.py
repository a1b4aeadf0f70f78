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


# Below every rejection bound of ``_LIMITS`` (each is ``_MASK - (_MASK % n)`` with
# ``_MASK % n < n < _TABLE``): an output under it is accepted without looking the bound up.
_LOW = _MASK - _TABLE


def shuffle(state: int, items: list[T]) -> int:
    """Fisher-Yates shuffle of ``items`` in place; returns the new RNG state.

    Same draws as calling ``below(state, i + 1)`` for i from the end, with the generator
    inlined: a 40-card deck costs one Python loop instead of 80 function calls. An output
    is rejected with a probability below ``n / 2**64``, so the exact bound is looked at
    only for outputs at or above ``_LOW`` (``_redraw``).
    """
    if len(items) > _TABLE:
        return _shuffle_long(state, items)
    mask, golden, low = _MASK, _GOLDEN, _LOW
    for i in range(len(items) - 1, 0, -1):
        state = (state + golden) & mask
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z ^= z >> 31
        if z >= low:
            state, z = _redraw(state, z, i + 1)
        j = z % (i + 1)
        items[i], items[j] = items[j], items[i]
    return state


def _redraw(state: int, value: int, n: int) -> tuple[int, int]:
    """``below``'s rejection for an output ``value`` already drawn: draw again while it is
    at or above the bound for ``n``."""
    limit = _MASK - (_MASK % n)
    while value >= limit:
        state, value = next_u64(state)
    return state, value


def _shuffle_long(state: int, items: list[T]) -> int:
    """``shuffle`` for more than ``_TABLE`` items (no hand or pile is that long)."""
    for i in range(len(items) - 1, 0, -1):
        state, j = below(state, i + 1)
        items[i], items[j] = items[j], items[i]
    return state
