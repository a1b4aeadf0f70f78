"""The terminal client's options menu: keys a player can remember within a turn.

What lives here: ``Menu``, which gives each legal action a key and keeps it for the whole
turn. A number, once given to an option (an action and what it does, in words), stays that
option's while it is legal and comes back with it (after a choice, say); a new option takes
a number never used in that turn, so a number typed from memory is either the same move or
refused, never another move.
Ending the turn (or finishing setup) is always ``e`` and resigning ``r``: neither is ever
the next number, so a stray digit cannot end a turn. What must not: printing or reading
input (``cli.terminal`` does both).
"""

from __future__ import annotations

from mantimon.client.describe import describe
from mantimon.engine import Action, VisibleGameState

END = "e"
RESIGN = "r"
_LETTERS = {"end_turn": END, "setup_done": END, "resign": RESIGN}


class Menu:
    def __init__(self) -> None:
        self._turn: int | None = None
        # Every option numbered this turn: the action and its words, as an action can mean
        # another move later in the turn (attack 1 of an Active that evolved or retreated).
        self._numbered: list[tuple[Action, str, int]] = []
        self._shown: list[tuple[str, Action]] = []

    def options(self, view: VisibleGameState) -> list[tuple[str, Action]]:
        """The view's legal actions with their keys: numbers in the order they were first
        offered this turn, then ``e``, then ``r``."""
        if view.turn != self._turn:
            self._turn, self._numbered = view.turn, []
        numbered: list[tuple[int, Action]] = []
        letters: list[tuple[str, Action]] = []
        for action in view.legal_actions:
            letter = _LETTERS.get(action.type)
            if letter is not None:
                letters.append((letter, action))
                continue
            words = describe(action, view)
            number = next((n for a, w, n in self._numbered if a == action and w == words), None)
            if number is None:
                number = len(self._numbered) + 1
                self._numbered.append((action, words, number))
            numbered.append((number, action))
        numbered.sort(key=lambda item: item[0])
        letters.sort(key=lambda item: (item[0] != END, item[0]))
        self._shown = [(str(n), a) for n, a in numbered] + letters
        return list(self._shown)

    def pick(self, key: str) -> Action | None:
        """The action shown under ``key`` (None: no such option right now)."""
        key = key.strip().lower()
        return next((a for k, a in self._shown if k == key), None)

    def hint(self) -> str:
        """What may be typed now, for a refused key."""
        numbers = [k for k, _ in self._shown if k.isdigit()]
        parts = [f"a number ({', '.join(numbers)})"] if numbers else []
        for key, action in self._shown:
            if key == END:
                what = "end your turn" if action.type == "end_turn" else "finish setting up"
                parts.append(f"{END} to {what}")
            elif key == RESIGN:
                parts.append(f"{RESIGN} to resign")
        return "Type " + (" or ".join(parts) if parts else "nothing: no option is open")
