"""Themed decks for the campaign's duelists, built from the card pool by rule.

What lives here: ``themed_deck`` (the creature types a duelist plays and their tier ->
a legal deck of the mantimon preset). Why built and not listed by hand: 32 duelists'
decks written out would be ~1,300 lines of card ids to keep legal and themed as the pool
grows; a rule keeps every deck on theme (the evolution lines of its types), within its
tier's rarities (members play commons and uncommons, leaders add rares and ex, the Grand
Masters and the Champion everything) and legal by construction, and the world checks it
with the engine's own deck rules when it loads. What must not: which duelist plays what
(``data/world.json``) or the rules of legality (``engine.decks``).
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

from mantimon.cards import (
    CardPool,
    CreatureCard,
    DeckList,
    EnergyType,
    Rarity,
    Stage,
    TrainerCard,
    TrainerKind,
    Variant,
)
from mantimon.engine import PRESETS, DeckError, deck_problems
from mantimon.engine import rng as rng_mod

Tier = Literal["member", "leader", "master"]

RARITIES: dict[Tier, frozenset[Rarity]] = {
    "member": frozenset({Rarity.COMMON, Rarity.UNCOMMON}),
    "leader": frozenset({Rarity.COMMON, Rarity.UNCOMMON, Rarity.RARE, Rarity.EX}),
    "master": frozenset(Rarity),
}
# Copies of each card of an evolution line: its basic, stage 1 and stage 2 (an ex or mega
# counts for what it hands the opponent: fewer copies).
_COPIES = {Stage.BASIC: 4, Stage.STAGE1: 3, Stage.STAGE2: 2}
_CREATURES = 18  # creature cards a themed deck aims for; trainers fill the rest
# Trainers every deck wants, in the order they are added (draw, search, healing, switching),
# then the rest of the pool's trainers of the tier.
_CORE = ("Professor Quill", "Scout Map", "Tonic Berry", "Nest Basket", "Swap Whistle")


def themed_deck(pool: CardPool, types: tuple[EnergyType, ...], tier: Tier, salt: str) -> DeckList:
    """A legal mantimon deck of ``types``' evolution lines within ``tier``'s rarities.

    ``salt`` (the duelist's id) varies which lines two duelists of one type pick when
    their lines score alike; the same inputs always give the same deck. Raises
    ``DeckError`` when the pool cannot make one (too few creatures of those types).
    """
    rules = PRESETS["mantimon"]
    allowed = RARITIES[tier]
    creatures = [
        c for c in pool if isinstance(c, CreatureCard) and c.type in types and c.rarity in allowed
    ]
    state = rng_mod.seed_state(sum(salt.encode()) * 7919 + len(salt))
    lines: list[tuple[float, list[CreatureCard]]] = []
    for basic in (c for c in creatures if c.stage is Stage.BASIC):
        line = [basic]
        for stage1 in (c for c in creatures if c.evolves_from == basic.name):
            line.append(stage1)
            line.extend(c for c in creatures if c.evolves_from == stage1.name)
        state, jitter = rng_mod.below(state, 25)
        lines.append((_strength(line) + jitter, line))
    lines.sort(key=lambda x: (-x[0], x[1][0].id))
    # The first type is the deck's theme: its strongest line goes in first, whatever the
    # other types offer.
    first = next((i for i, (_, line) in enumerate(lines) if line[0].type is types[0]), None)
    if first is not None:
        lines.insert(0, lines.pop(first))
    counts: Counter[str] = Counter()
    for _, line in lines:
        if sum(counts.values()) >= _CREATURES:
            break
        for card in line:
            n = _COPIES[card.stage]
            if card.variant is not Variant.NORMAL:
                n = 1 if card.variant is Variant.MEGA else 2
            counts[card.id] = n
    _add_trainers(pool, counts, allowed, rules.deck_size, rules.max_copies)
    deck = DeckList.from_counts(dict(counts), _energy(pool, counts, types, rules.energy_deck_size))
    problems = deck_problems(rules, deck, pool)
    if problems:
        raise DeckError([f"themed deck of {', '.join(types)} ({tier}): {p}" for p in problems])
    return deck


def _strength(line: list[CreatureCard]) -> float:
    """How strong an evolution line's best form is: its hardest attack and its HP."""
    return max(max((a.damage for a in c.attacks), default=0) + c.hp / 4 for c in line)


def _add_trainers(
    pool: CardPool, counts: Counter[str], allowed: frozenset[Rarity], size: int, copies: int
) -> None:
    """Fill ``counts`` to ``size`` cards: the core trainers first, then the others of the
    tier, by name (stadiums and tools one copy each, at most two of every other)."""
    trainers = sorted(
        (c for c in pool if isinstance(c, TrainerCard) and c.rarity in allowed),
        key=lambda c: (c.name not in _CORE, _CORE.index(c.name) if c.name in _CORE else 0, c.id),
    )
    evolves = any(pool[cid].stage is not Stage.BASIC for cid in counts)  # type: ignore[union-attr]
    for card in trainers:
        room = size - sum(counts.values())
        if room <= 0:
            return
        if card.name == "Nest Basket" and not evolves:
            continue
        if card.trainer in (TrainerKind.STADIUM, TrainerKind.TOOL):
            want = 1
        elif card.name in _CORE:
            want = copies
        else:
            want = 2
        counts[card.id] = min(want, room)
    if sum(counts.values()) < size:  # a thin tier: more copies of the core
        for card in trainers:
            room = size - sum(counts.values())
            if room <= 0:
                return
            counts[card.id] += min(copies - counts[card.id], room)


def _energy(
    pool: CardPool, counts: Counter[str], types: tuple[EnergyType, ...], size: int
) -> dict[str, int]:
    """The energy deck: ``size`` basic energy split over the typed symbols the deck's
    attacks ask for (largest remainder), any single type for an all-colorless deck."""
    need: Counter[str] = Counter()
    for cid, n in counts.items():
        card = pool[cid]
        if isinstance(card, CreatureCard):
            for attack in card.attacks:
                for symbol in attack.cost:
                    if symbol is not EnergyType.COLORLESS:
                        need[symbol.value] += n
    if not need:
        typed = [t for t in types if t is not EnergyType.COLORLESS] or [EnergyType.FIGHTING]
        need[typed[0].value] = 1
    total = sum(need.values())
    shares = {t: size * k // total for t, k in need.items()}
    for t, _ in sorted(need.items(), key=lambda x: (-(size * x[1] % total), x[0])):
        if sum(shares.values()) >= size:
            break
        shares[t] += 1
    return {f"energy-{t}": n for t, n in sorted(shares.items()) if n}
