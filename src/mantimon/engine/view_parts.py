"""The public parts of a game's views, built once per state version and shared by them.

What lives here: the memo hung on a state (``GameState.view_memo``) and what ``view`` builds
in it: card references, each side of the board as every viewer may see it (as data, as
serialised JSON, and with model instances for bots' views), the cards each seat can see, and
each hand's JSON. What must not: deciding
what a viewer may see — ``view.view_data`` is the one visibility function; a player's hand
and pending choice enter a view there, never through the shared parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson

from mantimon.cards import CreatureCard
from mantimon.engine import modifiers
from mantimon.engine.enums import Condition, Phase
from mantimon.engine.state import GameState
from mantimon.engine.view_models import CardRef, VisibleCreature


def json_bytes(data: Any) -> bytes:
    """``data`` as JSON, in bytes of exactly its size, for what a memo keeps: the bytes
    ``orjson.dumps`` returns hold a 4 KiB buffer whatever the length (measured: 4,122 bytes
    of RSS per kept 56-byte result, 106 for a copy)."""
    return bytes(memoryview(orjson.dumps(data)))


class Refs:
    """Card references by instance id, built once per game (``state.view_memo``) and shared
    by every view: a reference never changes (instance id, card id, name)."""

    __slots__ = ("cache", "card_of", "cards", "models")

    def __init__(self, state: GameState) -> None:
        self.card_of = state.card_of
        self.cards = state.pool.cards
        self.cache: dict[str, dict[str, str]] = memo_of(state).setdefault("refs", {})
        self.models: dict[str, CardRef] = {}

    def __call__(self, uid: str) -> dict[str, str]:
        r = self.cache.get(uid)
        if r is None:
            card_id = self.card_of[uid]
            r = self.cache[uid] = {"uid": uid, "card_id": card_id, "name": self.cards[card_id].name}
        return r

    def many(self, uids: Sequence[str]) -> list[dict[str, str]]:
        """References to ``uids`` in order (a plain lookup when all are remembered)."""
        cache = self.cache
        try:
            return [cache[u] for u in uids]
        except KeyError:
            return [self(u) for u in uids]

    def model(self, uid: str) -> CardRef:
        """The reference as a ``CardRef``, validated once per game and then shared."""
        m = self.models.get(uid)
        if m is None:
            m = self.models[uid] = CardRef.model_validate(self(uid))
        return m

    def many_models(self, uids: Sequence[str]) -> list[CardRef]:
        """``model`` of each of ``uids``, in order."""
        models = self.models
        try:
            return [models[u] for u in uids]
        except KeyError:
            return [self.model(u) for u in uids]


def refs_of(state: GameState) -> Refs:
    """The game's ``Refs``, made once (it holds only what never changes in a game)."""
    memo = memo_of(state)
    found: Refs | None = memo.get("ref")
    if found is None:
        found = memo["ref"] = Refs(state)
    return found


def memo_of(state: GameState) -> dict[str, Any]:
    """The state's view memo, made on first use (see ``GameState.view_memo``)."""
    if state.view_memo is None:
        state.view_memo = {}
    return state.view_memo


def board_of(state: GameState) -> dict[str, Any]:
    """What every viewer may see of the board, built once per state version and shared by
    all views of it: each player's public part (``full``: with the board; ``hidden``: the
    board face down, during setup) and the instance ids visible to everyone."""
    memo = memo_of(state)
    found: dict[str, Any] | None = memo.get("board")
    if found is not None and found["seq"] == state.event_seq:
        return found
    refs = refs_of(state).many
    setup = state.phase is Phase.SETUP
    # The creatures of the previous version (``_creatures_of`` takes what is unchanged)
    # and of this one. Only those are kept: a memo that grew to hundreds of creatures per
    # game was most of what the server's garbage collector walked.
    previous: dict[tuple[Any, ...], _Made] = memo.get("creatures") or {}
    made: dict[tuple[Any, ...], _Made] = {}
    folds = (
        modifiers.folder_if_any(state, "max_hp"),
        modifiers.folder_if_any(state, "retreat_cost"),
    )
    seen: set[str] = set()
    full: list[dict[str, Any]] = []
    boards: list[set[str]] = []
    sides: list[list[_Made]] = []
    for s, p in enumerate(state.players):
        on_board: set[str] = set()
        creatures = _creatures_of(state, s, folds, previous, made, on_board)
        sides.append(creatures)
        data = [c.data for c in creatures]
        active, bench = (data[0], data[1:]) if p.active is not None else (None, data)
        full.append(
            {
                "player_id": p.id,
                "points": p.points,
                "hand_count": len(p.hand),
                "hand": None,
                "deck_count": len(p.deck),
                "prizes_count": len(p.prizes),
                "discard": refs(p.discard),
                "energy_deck_count": len(p.energy_deck),
                "energy_zone": refs(p.energy_zone),
                "energy_discard": refs(p.energy_discard),
                "active": active,
                "bench": bench,
                "setup_done": p.setup_done,
                "mulligans": p.mulligans,
                "energy_attached": p.energy_attached,
                "supporters_played": p.supporters_played,
                "retreats": p.retreats,
                "revealed": refs(p.revealed),
            }
        )
        boards.append(on_board)
        if setup:  # each board is face down to the other player
            seen.update(p.discard, p.energy_zone, p.energy_discard)
        else:
            seen.update(on_board, p.discard, p.energy_zone, p.energy_discard)
        seen.update(p.revealed)  # cards of the hand both players have been shown
    if state.stadium is not None:
        seen.add(state.stadium)
    # During setup each board is face down to the other player.
    hidden = [{**side, "active": None, "bench": []} for side in full] if setup else []
    found = {
        "seq": state.event_seq,
        "full": full,
        "hidden": hidden,
        "seen": seen,
        "boards": boards,
        "seen_by": {},
        "made": sides,
        "last_json": memo.setdefault("last_json", [None, None]),
    }
    memo["board"] = found
    memo["creatures"] = made
    return found


def _creatures_of(
    state: GameState,
    seat: int,
    folds: tuple[modifiers.Fold | None, modifiers.Fold | None],
    previous: dict[tuple[Any, ...], _Made],
    made: dict[tuple[Any, ...], _Made],
    on_board: set[str],
) -> list[_Made]:
    """``seat``'s creatures in play, the Active first (when there is one); adds their cards
    to ``on_board``. ``folds``: ``modifiers.folder_if_any`` for max HP and retreat cost.

    Creature data is keyed by everything it is made of (see ``_creature_data``) and put in
    ``made``: most creatures do not change between two versions, so their data is taken
    from ``previous`` (the last version's) and built once for all the boards it lasts. Max
    HP and retreat cost are folded only when a modifier is in play.
    """
    cards = state.pool.cards
    turn = state.turn
    hp, retreat = folds
    p = state.players[seat]
    out: list[_Made] = []
    for c in (p.active, *p.bench) if p.active is not None else p.bench:
        card = cards[c.card]
        assert isinstance(card, CreatureCard)
        key = (
            c.uid,
            c.card,
            card.hp if hp is None else max(10, hp(seat, c, card.hp)),
            c.damage,
            card.retreat if retreat is None else max(0, retreat(seat, c, card.retreat)),
            tuple(c.energy),
            c.tool,
            c.special,
            c.poisoned,
            c.burned,
            tuple(c.below),
            tuple([m.kind for m in c.markers]) if c.markers else (),
            c.since_turn == turn,
        )
        entry = previous.get(key)
        if entry is None:
            entry = _creature_data(card, key, refs_of(state))
        made[key] = entry
        on_board.update(entry.uids)
        out.append(entry)
    return out


class _Made:
    """A creature as views show it: its data, the instance ids of its cards, the data as
    JSON, and the data as a ``VisibleCreature`` (validated on first use: only bots read
    models). All four last as long as the creature is unchanged."""

    __slots__ = ("data", "json", "model", "uids")

    def __init__(self, data: dict[str, Any], uids: tuple[str, ...]) -> None:
        self.data = data
        self.uids = uids
        self.json = orjson.Fragment(json_bytes(data))
        self.model: VisibleCreature | None = None

    def as_model(self) -> VisibleCreature:
        if self.model is None:
            self.model = VisibleCreature.model_validate(self.data)
        return self.model


def _creature_data(card: CreatureCard, key: tuple[Any, ...], ref: Refs) -> _Made:
    """``VisibleCreature`` data from ``card`` and the creature's ``key`` (see
    ``_creatures_of``): nothing else, so equal keys make equal data. With it, the instance
    ids of the creature's cards and the data serialised (for ``_side_json``)."""
    uid, card_id, hp, damage, retreat, energy, tool, special, poisoned, burned = key[:10]
    below, effects, fresh = key[10:]
    # In the order of ``Creature.conditions``.
    conditions = [special] if special is not None else []
    if poisoned:
        conditions.append(Condition.POISONED)
    if burned:
        conditions.append(Condition.BURNED)
    data = {
        "uid": uid,
        "card_id": card_id,
        "name": card.name,
        "stage": card.stage,
        "variant": card.variant,
        "type": card.type,
        "hp": hp,
        "damage": damage,
        "retreat_cost": retreat,
        "energy": [ref(u) for u in energy],
        "tool": ref(tool) if tool else None,
        "conditions": conditions,
        "below": [ref(u) for u in below],
        "effects": list(effects),
        "played_this_turn": fresh,
    }
    return _Made(data, (uid, *below, *energy, *((tool,) if tool is not None else ())))


def seen_by(state: GameState, board: dict[str, Any], seat: int | None) -> set[str]:
    """The card instances ``seat`` may see now (None: a spectator), from the shared board
    memo, made once per state version and seat: ``view.visible_cards`` (the one rule of
    card visibility) is this, and the seat's events, view and refusal texts share it."""
    seen: set[str] = board["seen"]
    if seat is not None:
        mine: dict[int, set[str]] = board["seen_by"]
        found = mine.get(seat)
        if found is not None:
            return found
        seen = seen.union(state.players[seat].hand)
        if state.phase is Phase.SETUP:
            seen |= board["boards"][seat]
        for q in state.pending:
            if q.seat == seat:
                seen = seen | {o for o in q.options if o in state.card_of}
        mine[seat] = seen
    return seen


def side_models(state: GameState, board: dict[str, Any], shown: str, seat: int) -> dict[str, Any]:
    """A player's public side (``shown``: "full" or "hidden") with its creatures and card
    references as model instances, for ``view.view_for``: an unchanged creature keeps its
    ``VisibleCreature`` and every card its ``CardRef`` from one state version to the next
    (validation takes a model instance as it is), so a bot's view validates little more
    than its own shell. The same data as ``board[shown][seat]``."""
    side = dict(board[shown][seat])
    p = state.players[seat]
    ref = refs_of(state)
    side["discard"] = ref.many_models(p.discard)
    side["energy_zone"] = ref.many_models(p.energy_zone)
    side["energy_discard"] = ref.many_models(p.energy_discard)
    side["revealed"] = ref.many_models(p.revealed)
    if side["active"] is not None or side["bench"]:
        creatures = [c.as_model() for c in board["made"][seat]]
        if side["active"] is None:
            side["bench"] = creatures
        else:
            side["active"], side["bench"] = creatures[0], creatures[1:]
    return side


def side_fragment(board: dict[str, Any], shown: str, seat: int) -> orjson.Fragment:
    """A player's public side as serialised JSON, made once per state version."""
    if shown == "full":
        return _side_json(board, seat)[0]
    frags: list[orjson.Fragment | None] = board.setdefault("hidden_json", [None, None])
    frag = frags[seat]
    if frag is None:
        frag = frags[seat] = orjson.Fragment(json_bytes(board[shown][seat]))
    return frag


def own_side(board: dict[str, Any], seat: int, hand: bytes) -> orjson.Fragment:
    """A player's side as they see it, their hand (JSON) included, as serialised JSON: the
    public side's JSON (see ``_side_json``) with the hand in place of its ``null``."""
    _, head, tail = _side_json(board, seat)
    return orjson.Fragment(b"".join((head, hand, tail)))


def hand_json(state: GameState, seat: int, ref: Refs) -> bytes:
    """``seat``'s hand as JSON card references, remembered per seat while it is unchanged
    (a player's hand often stays the same over the other player's actions)."""
    hand = tuple(state.players[seat].hand)
    hands: list[tuple[tuple[str, ...], bytes] | None]
    hands = memo_of(state).setdefault("hands", [None, None])
    known = hands[seat]
    if known is None or known[0] != hand:
        known = hands[seat] = (hand, json_bytes(ref.many(hand)))
    return known[1]


_HAND = b'"hand":null'


def _side_json(board: dict[str, Any], seat: int) -> tuple[orjson.Fragment, bytes, bytes]:
    """A player's full public side as JSON (``hand`` null: as the opponent sees it), and the
    same bytes cut around that ``null`` for ``own_side``: each side is serialised once per
    state version for both views.

    The first ``"hand":null`` in the bytes is the field: ``hand`` is the fourth field, after
    an id string and two numbers, and a JSON string cannot hold an unescaped quote.
    """
    parts: list[tuple[orjson.Fragment, bytes, bytes] | None]
    parts = board.setdefault("side_json", [None, None])
    found = parts[seat]
    if found is None:
        side = board["full"][seat]
        # Most actions change one side: the other's JSON is reused when its data is equal
        # (a cheap comparison: its lists and creatures are mostly the very same objects).
        last: list[tuple[dict[str, Any], tuple[orjson.Fragment, bytes, bytes]] | None]
        last = board["last_json"]
        previous = last[seat]
        if previous is not None and previous[0] == side:
            found = previous[1]
        else:
            # The creatures as the JSON made with their data (most are unchanged).
            creatures = [c.json for c in board["made"][seat]]
            wired = dict(side)
            if side["active"] is None:
                wired["bench"] = creatures
            else:
                wired["active"], wired["bench"] = creatures[0], creatures[1:]
            whole = orjson.dumps(wired)
            at = whole.index(_HAND) + len(_HAND) - 4
            found = (orjson.Fragment(whole), whole[:at], whole[at + 4 :])
            last[seat] = (side, found)
        parts[seat] = found
    return found
