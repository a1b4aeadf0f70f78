"""Booster packs: their slots and published odds, and a seeded opening.

What lives here: ``PACK_SLOTS`` (each slot's rarity odds, the table the UI and
docs/CAMPAIGN.md publish), ``odds`` (those odds as fractions) and ``open_pack`` (a seed ->
the cards of one pack). Openings use the engine's counter-based RNG, so a stored seed shows
the same pack again and an audit can re-open it. What must not: choosing the seed (the
server draws it from the player's stored RNG state and stores it with the result) or
granting the cards (a collection is the server's business).

A pack holds ten cards: six common, three uncommon and one from the rare slot. Basic energy
is never in a pack (every deck gets it free), nor is a club's promo card (it is the
leader's reward: ``World.promos``). Within a rarity every other card of the pool is
equally likely.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from mantimon.cards import CardPool, EnergyCard, Rarity
from mantimon.engine import rng as rng_mod

# One entry per slot: the weight of each rarity (weights of a slot sum to 100).
PACK_SLOTS: tuple[Mapping[Rarity, int], ...] = (
    *({Rarity.COMMON: 100} for _ in range(6)),
    *({Rarity.UNCOMMON: 100} for _ in range(3)),
    {Rarity.RARE: 72, Rarity.EX: 22, Rarity.MEGA: 6},
)


def odds() -> list[dict[str, Fraction]]:
    """Each slot's odds per rarity, as exact fractions (what the UI shows)."""
    return [
        {r.value: Fraction(w, sum(slot.values())) for r, w in slot.items()} for slot in PACK_SLOTS
    ]


def _by_rarity(pool: CardPool, withheld: frozenset[str]) -> dict[Rarity, list[str]]:
    """The cards a pack may hold, per rarity, sorted (remembered per pool and ``withheld``)."""
    memo: dict[frozenset[str], dict[Rarity, list[str]]] = pool.memo.setdefault("packs", {})
    found = memo.get(withheld)
    if found is None:
        found = {r: [] for r in Rarity}
        for card in pool:
            if (isinstance(card, EnergyCard) and card.basic) or card.id in withheld:
                continue
            found[card.rarity].append(card.id)
        for ids in found.values():
            ids.sort()
        memo[withheld] = found
    return found


def open_pack(pool: CardPool, seed: int, withheld: frozenset[str]) -> list[str]:
    """The card ids of the pack opened with ``seed``, slot by slot, never one of
    ``withheld`` (the world's promos). A rarity with no card left falls back to the next
    commoner one."""
    cards = _by_rarity(pool, withheld)
    order = list(Rarity)
    state = rng_mod.seed_state(seed)
    out: list[str] = []
    for slot in PACK_SLOTS:
        state, roll = rng_mod.below(state, sum(slot.values()))
        rarity = next(iter(slot))
        for r, weight in slot.items():
            if roll < weight:
                rarity = r
                break
            roll -= weight
        while not cards[rarity] and order.index(rarity) > 0:
            rarity = order[order.index(rarity) - 1]
        state, i = rng_mod.below(state, len(cards[rarity]))
        out.append(cards[rarity][i])
    return out


def pack_seed(player_seed: int, number: int) -> int:
    """The seed of a player's ``number``-th pack (1-based), from the seed drawn once when
    their campaign began: every opening is fixed from the start, whatever order the player
    plays in, and an audit needs only the player's seed."""
    _, value = rng_mod.next_u64(rng_mod.seed_state(player_seed + number * 0x9E3779B97F4A7C15))
    return value
