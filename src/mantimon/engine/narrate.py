"""Events in words, for game logs, the CLI and the browser ("Ana attached a Fire energy").

What lives here: one phrase per event kind, built only from what the viewer is shown (a
hidden card is "a card"). What must not: deciding visibility (``view`` hands in only what
the viewer may see).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

Phrase = Callable[[str, dict[str, Any], Sequence[str | None]], str]


def _n(data: dict[str, Any], key: str = "count") -> int:
    return int(data.get(key, 0))


def _cards(names: Sequence[str | None], fallback: str) -> str:
    shown = [n for n in names if n]
    return ", ".join(shown) if shown else fallback


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _top(n: int) -> str:
    return "card" if n == 1 else f"{n} cards"


def _energy(energy_type: object) -> str:
    return f"{str(energy_type).title()} energy" if energy_type else "energy"


def _first(names: Sequence[str | None], fallback: str = "a creature") -> str:
    return names[0] if names and names[0] else fallback


PHRASES: dict[str, Phrase] = {
    "flip": lambda who, d, c: f"{who} flipped a coin: {d.get('result')}",
    "first_player": lambda who, d, c: f"{who} goes first",
    "draw": lambda who, d, c: f"{who} drew {_cards(c, _plural(_n(d), 'card'))}",
    "mulligan": lambda who, d, c: f"{who} had no basic creature and took a mulligan",
    "mulligan_draw": lambda who, d, c: f"{who} drew {_plural(_n(d), 'extra card')} for mulligans",
    "setup_place": lambda who, d, c: (
        f"{who} placed {_first(c, 'a creature face down')} ({d.get('position')})"
    ),
    "setup_done": lambda who, d, c: f"{who} finished setup",
    "reveal_setup": lambda who, d, c: f"{who} revealed {_cards(c, 'their creatures')}",
    "turn_start": lambda who, d, c: f"Turn {d.get('turn')}: {who}'s turn",
    "deck_out": lambda who, d, c: f"{who} cannot draw a card",
    "energy_reshuffle": lambda who, d, c: f"{who} shuffled the energy discard into the energy deck",
    "energy_flip": lambda who, d, c: f"{who} flipped {_first(c, 'an energy')} into the energy zone",
    "look_energy": lambda who, d, c: (
        f"{who} looked at the top {_top(_n(d))} of their energy deck"
        + (f" ({', '.join(d['cards'])})" if d.get("cards") else "")
        + ("" if d.get("found") else f": no {_energy(d.get('type'))} to attach")
    ),
    "bench": lambda who, d, c: f"{who} put {_first(c)} on the bench",
    "evolve": lambda who, d, c: (
        f"{who} evolved {c[1] if len(c) > 1 and c[1] else 'a creature'} into {_first(c)}"
    ),
    "attach": lambda who, d, c: (
        f"{who} attached {c[1] if len(c) > 1 and c[1] else 'an energy'} to {_first(c)}"
    ),
    "play_trainer": lambda who, d, c: f"{who} played {_first(c, 'a trainer')}",
    "ability": lambda who, d, c: f"{who} used {d.get('ability')} of {_first(c)}",
    "attack": lambda who, d, c: f"{_first(c)} of {who} used {d.get('attack')}",
    "confused": lambda who, d, c: f"{_first(c)} is confused and hurt itself",
    "attack_failed": lambda who, d, c: "The attack did nothing",
    "damage": lambda who, d, c: f"{_first(c)} of {who} took {d.get('amount')} damage",
    "heal": lambda who, d, c: f"{_first(c)} of {who} healed {d.get('amount')} damage",
    "cure": lambda who, d, c: f"{_first(c)} of {who} recovered from special conditions",
    "condition": lambda who, d, c: f"{_first(c)} of {who} is now {d.get('condition')}",
    "condition_end": lambda who, d, c: f"{_first(c)} of {who} is no longer {d.get('condition')}",
    "discard_energy": lambda who, d, c: (
        f"{who} discarded {_plural(_n(d), 'energy')} from {_first(c)}"
    ),
    "switch": lambda who, d, c: f"{_first(c)} became {who}'s Active",
    "marker": lambda who, d, c: (
        f"{_first(c)} of {who} is affected: {str(d.get('kind')).replace('_', ' ')}"
    ),
    "knockout": lambda who, d, c: f"{_first(c)} of {who} was knocked out",
    "score": lambda who, d, c: (
        f"{who} scored {_plural(_n(d, 'points'), 'point')} ({d.get('total')} in all)"
    ),
    "prize": lambda who, d, c: f"{who} took {_cards(c, 'a prize card')} as a prize",
    "promote": lambda who, d, c: f"{who} promoted {_first(c)} to Active",
    "choose": lambda who, d, c: f"{who} made a choice",
    "search_start": lambda who, d, c: f"{who} searched their deck",
    "search": lambda who, d, c: (
        f"{who} took {_cards(c, _plural(_n(d), 'card'))} from their deck"
        + (" and revealed " + ("it" if _n(d) == 1 else "them") if d.get("reveal") and _n(d) else "")
    ),
    "shuffle_deck": lambda who, d, c: f"{who} shuffled their deck",
    "look_top": lambda who, d, c: f"{who} looked at the top {_plural(_n(d), 'card')} of their deck",
    "take_top": lambda who, d, c: f"{who} put {_cards(c, _plural(_n(d), 'card'))} into their hand",
    "recover": lambda who, d, c: (
        f"{who} took {_cards(c, _plural(_n(d), 'card'))} back from the discard"
    ),
    "shuffle_hand": lambda who, d, c: (
        f"{who} shuffled {_plural(_n(d), 'card')} from hand into the deck"
    ),
    "move_energy": lambda who, d, c: (
        f"{who} moved {c[2] if len(c) > 2 and c[2] else 'an energy'} from {_first(c)} "
        f"to {c[1] if len(c) > 1 and c[1] else 'a creature'}"
    ),
    "discard_hand": lambda who, d, c: (
        f"{who} discarded {_cards(c, _plural(_n(d), 'card'))} from their hand"
    ),
    "mill": lambda who, d, c: (
        f"{who} discarded {_cards(c, _plural(_n(d), 'card'))} from the top of their deck"
    ),
    "recycle": lambda who, d, c: (
        f"{who} shuffled {_cards(c, _plural(_n(d), 'card'))} from the discard into their deck"
    ),
    "end_turn": lambda who, d, c: f"{who} ended the turn",
    "resign": lambda who, d, c: f"{who} resigned",
    "game_over": lambda who, d, c: (
        f"Game over: {d.get('winner')} wins ({d.get('reason')})"
        if d.get("winner")
        else f"Game over: draw ({d.get('reason')})"
    ),
}


def phrase(kind: str, who: str, data: dict[str, Any], names: Sequence[str | None]) -> str:
    """The sentence for one event as a viewer sees it (unknown kinds fall back to the kind)."""
    fn = PHRASES.get(kind)
    return fn(who, data, names) if fn else f"{who}: {kind.replace('_', ' ')}"
