"""Game events in a player's words, for the terminal client and ``mantimon demo``.

What lives here: ``tell``, one English sentence per event as a viewer is sent it (a
``VisibleEvent``, or the same data as a dict from ``render_events``), naming players by
their display names ("you" for the viewer) and cards by name. What must not: deciding what
a viewer may see. ``tell`` reads only the event as the engine rendered it for that viewer
(a card hidden from them arrives as None and is said as "a card"); the engine's own
``narrate`` phrases name players by id, which is right for logs but not for a person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mantimon.engine import default_pool


@dataclass(frozen=True)
class Who:
    """A player as the sentence needs them: "You drew" / "Bo drew", "your deck" /
    "their deck", "your Blazefang" / "Bo's Blazefang"."""

    name: str
    you: bool = False

    @property
    def s(self) -> str:  # subject at the start of a sentence
        return "You" if self.you else self.name

    @property
    def pos(self) -> str:  # possessive inside a sentence
        return "your" if self.you else f"{self.name}'s"

    @property
    def their(self) -> str:  # possessive after the subject
        return "your" if self.you else "their"

    @property
    def o(self) -> str:  # inside a sentence
        return "you" if self.you else self.name

    def verb(self, plural: str, singular: str) -> str:
        return plural if self.you else singular


Phrase = Callable[[Who, dict[str, Any], Sequence[str | None]], str]


def _plural(n: int, word: str) -> str:
    if n == 0:
        return f"no {word}s"
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _cards(names: Sequence[str | None], n: int, word: str = "card") -> str:
    shown = [x for x in names if x]
    return ", ".join(shown) if shown else _plural(n, word)


def _card(names: Sequence[str | None], i: int = 0, fallback: str = "a creature") -> str:
    return (names[i] or fallback) if i < len(names) else fallback


def _n(d: dict[str, Any], key: str = "count") -> int:
    return int(d.get(key) or 0)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _card_names(card_ids: Sequence[str]) -> str:
    """Card definition ids (public, as a mulligan shows them) to names."""
    cards = default_pool().cards
    return ", ".join(cards[c].name if c in cards else c for c in card_ids)


_FLIP_FOR = {
    "effect": " for an attack",
    "damage": " for an attack",
    "burn": " for burn",
    "sleep": " to wake up",
    "confusion": " for confusion",
}

_ENDS = {
    "points": "on points",
    "prizes": "by taking all prize cards",
    "no_creatures": "with no creature left on the other side",
    "deck_out": "when the other side could not draw",
    "turn_limit": "at the turn limit",
    "resignation": "by resignation",
    "timeout": "on time",
}


def _flip(w: Who, d: dict[str, Any], c: Sequence[str | None]) -> str:
    result = d.get("result")
    if d.get("reason") == "first_player":
        return f"Coin flip to decide who goes first: {result}."
    return f"{w.s} flipped a coin{_FLIP_FOR.get(str(d.get('reason')), '')}: {result}."


def _place(w: Who, d: dict[str, Any], c: Sequence[str | None]) -> str:
    what = _card(c, 0, "a creature face down")
    where = f"as {w.their} Active" if d.get("position") == "active" else "on the bench"
    return f"{w.s} placed {what} {where}."


def _look_energy(w: Who, d: dict[str, Any], c: Sequence[str | None]) -> str:
    n = _n(d)
    top = "top card" if n == 1 else f"top {n} cards"
    seen = f" ({', '.join(d['cards'])})" if d.get("cards") else ""
    kind = f"{str(d['type']).title()} Energy" if d.get("type") else "energy"
    miss = "" if d.get("found") else f": no {kind} to attach"
    return f"{w.s} looked at the {top} of {w.their} energy deck{seen}{miss}."


def _search(w: Who, d: dict[str, Any], c: Sequence[str | None]) -> str:
    n = _n(d)
    text = f"{w.s} took {_cards(c, n)} from {w.their} deck"
    if d.get("to") == "bench" and n:
        text += " and put " + ("it" if n == 1 else "them") + " on the bench"
    elif d.get("reveal") and n:
        text += " and revealed " + ("it" if n == 1 else "them")
    return text + "."


def ending(reason: str) -> str:
    """How a game ended, after "Bo wins": "on points", "by resignation"."""
    return _ENDS.get(reason, f"by {reason.replace('_', ' ')}")


def _game_over(w: Who, d: dict[str, Any], c: Sequence[str | None]) -> str:
    how = ending(str(d.get("reason")))
    if not d.get("winner"):
        return f"Game over: a draw ({how})."
    return f"Game over: {w.o} {w.verb('win', 'wins')} {how}."


PHRASES: dict[str, Phrase] = {
    "flip": _flip,
    "first_player": lambda w, d, c: f"{w.s} {w.verb('go', 'goes')} first.",
    "draw": lambda w, d, c: f"{w.s} drew {_cards(c, _n(d))}.",
    "mulligan": lambda w, d, c: (
        f"{w.s} had no basic creature in {w.their} hand"
        + (f" ({_card_names(d['revealed'])})" if d.get("revealed") else "")
        + " and took a mulligan."
    ),
    "setup_place": _place,
    "setup_done": lambda w, d, c: f"{w.s} finished setting up.",
    "reveal_setup": lambda w, d, c: (
        f"{w.s} revealed {w.their} starting creatures: {_cards(c, _n(d), 'creature')}."
    ),
    "turn_start": lambda w, d, c: f"Turn {d.get('turn')}: {w.pos} turn.",
    "deck_out": lambda w, d, c: f"{w.s} cannot draw a card: {w.their} deck is empty.",
    "energy_reshuffle": lambda w, d, c: (
        f"{w.s} shuffled {w.their} energy discard back into {w.their} energy deck."
    ),
    "energy_flip": lambda w, d, c: (
        f"{w.s} flipped {_card(c, 0, 'an energy')} into {w.their} energy zone."
    ),
    "look_energy": _look_energy,
    "bench": lambda w, d, c: f"{w.s} put {_card(c)} on the bench.",
    "evolve": lambda w, d, c: f"{w.s} evolved {_card(c, 1)} into {_card(c)}.",
    "attach": lambda w, d, c: f"{w.s} attached {_card(c, 1, 'an energy')} to {_card(c)}.",
    "play_trainer": lambda w, d, c: (
        f"{w.s} played {_card(c, 0, 'a trainer')}"
        + (f" on {c[1]}" if len(c) > 1 and c[1] else "")
        + "."
    ),
    "ability": lambda w, d, c: f"{w.s} used {_card(c)}'s ability {d.get('ability')}.",
    "attack": lambda w, d, c: f"{_cap(w.pos)} {_card(c)} used {d.get('attack')}.",
    "confused": lambda w, d, c: f"{_cap(w.pos)} {_card(c)} is confused and hurt itself.",
    "attack_failed": lambda w, d, c: "The attack did nothing.",
    "damage": lambda w, d, c: f"{_cap(w.pos)} {_card(c)} took {d.get('amount')} damage.",
    "heal": lambda w, d, c: f"{_cap(w.pos)} {_card(c)} was healed of {d.get('amount')} damage.",
    "cure": lambda w, d, c: f"{_cap(w.pos)} {_card(c)} recovered from special conditions.",
    "condition": lambda w, d, c: f"{_cap(w.pos)} {_card(c)} is now {d.get('condition')}.",
    "condition_end": lambda w, d, c: f"{_cap(w.pos)} {_card(c)} is no longer {d.get('condition')}.",
    "discard_energy": lambda w, d, c: (
        f"{w.s} discarded {_plural(_n(d), 'energy card')} from {_card(c)}."
    ),
    "switch": lambda w, d, c: f"{_card(c)} is now {w.pos} Active.",
    "marker": lambda w, d, c: (
        f"{_cap(w.pos)} {_card(c)} is affected: {str(d.get('kind')).replace('_', ' ')}."
    ),
    "knockout": lambda w, d, c: f"{_cap(w.pos)} {_card(c)} was knocked out!",
    "score": lambda w, d, c: (
        f"{w.s} scored {_plural(_n(d, 'points'), 'point')} ({d.get('total')} in all)."
    ),
    "prize": lambda w, d, c: f"{w.s} took {_card(c, 0, 'a prize card')} as a prize.",
    "promote": lambda w, d, c: f"{w.s} promoted {_card(c)} to Active.",
    "choose": lambda w, d, c: f"{w.s} made a choice.",
    "search_start": lambda w, d, c: f"{w.s} searched {w.their} deck.",
    "search": _search,
    "shuffle_deck": lambda w, d, c: f"{w.s} shuffled {w.their} deck.",
    "look_top": lambda w, d, c: (
        f"{w.s} looked at the top {_plural(_n(d), 'card')} of {w.their} deck."
    ),
    "take_top": lambda w, d, c: f"{w.s} put {_cards(c, _n(d))} into {w.their} hand.",
    "recover": lambda w, d, c: f"{w.s} took {_cards(c, _n(d))} back from {w.their} discard pile.",
    "shuffle_hand": lambda w, d, c: (
        f"{w.s} shuffled {_plural(_n(d), 'card')} from {w.their} hand into {w.their} deck."
    ),
    "move_energy": lambda w, d, c: (
        f"{w.s} moved {_card(c, 2, 'an energy')} from {_card(c)} to {_card(c, 1)}."
    ),
    "discard_hand": lambda w, d, c: f"{w.s} discarded {_cards(c, _n(d))} from {w.their} hand.",
    "mill": lambda w, d, c: f"{w.s} discarded {_cards(c, _n(d))} from the top of {w.their} deck.",
    "recycle": lambda w, d, c: (
        f"{w.s} shuffled {_cards(c, _n(d))} from {w.their} discard pile into {w.their} deck."
    ),
    "end_turn": lambda w, d, c: f"{w.s} ended {w.their} turn.",
    "resign": lambda w, d, c: f"{w.s} resigned.",
}


def who(player: str | None, names: Mapping[str, str], me: str | None) -> Who:
    """``player`` (an id) as a ``Who``: the viewer ``me`` is "you"; others by display name
    (one not in ``names`` is "Opponent": an id is never shown)."""
    if player is not None and player == me:
        return Who("you", you=True)
    return Who(names.get(player or "", "Opponent"))


def tell(
    event: Mapping[str, Any],
    names: Mapping[str, str],
    me: str | None = None,
    *,
    setup: bool = False,
) -> str:
    """One event (``VisibleEvent`` data) as a sentence for ``me`` (None: a spectator).
    ``setup``: the event happened before the first turn (a draw is the opening hand)."""
    kind = str(event.get("kind"))
    data: dict[str, Any] = dict(event.get("data") or {})
    refs = event.get("cards") or []
    cards = [_ref_name(r) for r in refs]
    w = who(event.get("player"), names, me)
    if setup and kind == "draw":
        shown = [x for x in cards if x]
        if shown:
            return f"{w.s} drew {w.their} opening hand: {', '.join(shown)}."
        return f"{w.s} drew {w.their} opening hand of {_plural(_n(data), 'card')}."
    if kind == "mulligan_draw":
        other = who(next((p for p in names if p != event.get("player")), None), names, me)
        return f"{w.s} drew {_plural(_n(data), 'extra card')} for {other.pos} mulligans."
    if kind == "game_over":
        return _game_over(who(data.get("winner"), names, me), data, cards)
    fn = PHRASES.get(kind)
    return fn(w, data, cards) if fn else f"{w.s}: {kind.replace('_', ' ')}."


def _ref_name(ref: Any) -> str | None:
    if ref is None:
        return None
    if isinstance(ref, Mapping):
        return str(ref.get("name")) if ref.get("name") else None
    name = getattr(ref, "name", None)
    return str(name) if name else None
