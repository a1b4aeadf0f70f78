"""The game's own pseudo-random generator (SplitMix64), as pure functions over an int.

What lives here: turning a 64-bit state into the next state and a value, coin flips, bounded
integers, shuffles and opaque bytes. What must not: Python's ``random`` (its sequences are
not promised across versions) or any hidden global state — the RNG state is a field of
``GameState``, so a saved game continues with exactly the same flips.
"""

from __future__ import annotations

import hashlib
import struct
from functools import cache
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

    Same draws as calling ``below(state, i + 1)`` for i from the end. All the draws are
    made at once (``_draws``); an output is rejected with a probability below
    ``n / 2**64``, so when none of them reaches ``_LOW`` (the lowest rejection bound) none is
    rejected, and otherwise the shuffle is redone one draw at a time (``_shuffle_each``).
    """
    m = len(items) - 1
    if m < 1:
        return state
    if m >= _TABLE:
        return _shuffle_long(state, items)
    values = _draws(state, m)
    if max(values) >= _LOW:
        return _shuffle_each(state, items)
    for i, z in zip(range(m, 0, -1), values, strict=True):
        j = z % (i + 1)
        items[i], items[j] = items[j], items[i]
    return (state + m * _GOLDEN) & _MASK


# Lanes of 128 bits: one draw's 64-bit value in the low half of each, so products by a
# 64-bit constant (< 2**128) never reach the next lane.
_LANE = 128


@cache
def _lanes(m: int) -> tuple[int, int, int, struct.Struct]:
    """For ``m`` draws: ``(ones, steps, masks, unpack)``: a 1, the generator's k-th
    increment and a 64-bit mask in lane k, and a reader of each lane's low 8 bytes."""
    ones = steps = masks = 0
    for k in range(m):
        shift = _LANE * k
        ones |= 1 << shift
        steps |= ((k + 1) * _GOLDEN) << shift
        masks |= _MASK << shift
    return ones, steps, masks, struct.Struct("<" + "Q8x" * m)


def _draws(state: int, m: int) -> tuple[int, ...]:
    """The next ``m`` outputs of the generator from ``state``, computed side by side in one
    big integer (``_lanes``): SplitMix64's k-th state is ``state + k * _GOLDEN``, so every
    lane takes the same dozen operations at once instead of a dozen per draw (a draw made
    alone costs ~6,800 instructions, most of them allocating 64-bit ints). Masking after
    each shift drops what the lane above shifted in; the last shift's spill sits in the
    high halves, which ``unpack`` skips."""
    ones, steps, masks, unpack = _lanes(m)
    z = (state * ones + steps) & masks
    z = ((z ^ (z >> 30)) & masks) * 0xBF58476D1CE4E5B9 & masks
    z = ((z ^ (z >> 27)) & masks) * 0x94D049BB133111EB & masks
    z ^= z >> 31
    return unpack.unpack(z.to_bytes(16 * m, "little"))


def _shuffle_each(state: int, items: list[T]) -> int:
    """``shuffle`` one draw at a time, with ``below``'s rejection (``_redraw``)."""
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
