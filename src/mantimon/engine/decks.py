"""Deck legality under a ``RulesConfig`` (DESIGN.md §3 deck-building rows).

What lives here: one function listing every problem of a deck, each in words a deck builder
understands. The server's deck validation and ``new_game`` both call it.
"""

from __future__ import annotations

from collections import Counter

from mantimon.cards import CardPool, CreatureCard, DeckList, EnergyCard, Stage
from mantimon.engine.rules import RulesConfig


class DeckError(ValueError):
    """A deck is not legal; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _is_basic(card: object) -> bool:
    return isinstance(card, CreatureCard) and card.stage is Stage.BASIC


def deck_problems(rules: RulesConfig, deck: DeckList, pool: CardPool) -> list[str]:
    """Every reason ``deck`` is illegal under ``rules`` (empty when it is legal)."""
    problems: list[str] = []
    unknown = sorted({cid for cid in (*deck.cards, *deck.energy) if cid not in pool})
    if unknown:
        return [f"unknown card id(s): {', '.join(unknown)}"]
    if len(deck.cards) != rules.deck_size:
        problems.append(
            f"the deck has {len(deck.cards)} cards; it must have exactly {rules.deck_size}"
        )
    names: Counter[str] = Counter()
    for cid in deck.cards:
        card = pool[cid]
        if isinstance(card, EnergyCard):
            if not rules.energy_in_deck:
                problems.append(
                    f"'{card.name}' is an energy card; "
                    "in this preset energy goes in the energy deck"
                )
                continue
            if card.basic:
                continue
        names[card.name] += 1
    for name, n in sorted(names.items()):
        if n > rules.max_copies:
            problems.append(f"{n} copies of '{name}'; at most {rules.max_copies} are allowed")
    if not any(_is_basic(pool[c]) for c in deck.cards):
        problems.append("the deck needs at least one basic creature")
    if rules.energy_in_deck:
        if deck.energy:
            problems.append("this preset has no energy deck; put energy cards in the main deck")
    else:
        if len(deck.energy) != rules.energy_deck_size:
            problems.append(
                f"the energy deck has {len(deck.energy)} cards; "
                f"it must have exactly {rules.energy_deck_size}"
            )
        for cid in sorted(set(deck.energy)):
            card = pool[cid]
            if not (isinstance(card, EnergyCard) and card.basic):
                problems.append(
                    f"'{card.name}' is not a basic energy; the energy deck holds basic energy only"
                )
    return problems
