"""What one viewer may see of a game: the single visibility function.

What lives here: ``view_data`` and ``view_for``, the only way game state leaves the engine
for a player, a spectator or a bot (the ``VisibleGameState`` models they fill, the wire
contract's ``GameStateMessage.state``, are in ``view_models`` and exported from here too).
A viewer sees both boards, discards, the stadium, scores, zone counts, their own hand, their
own pending choice and legal actions, and recent events in the form meant for them.
Never: the opponent's hand (but for cards a card revealed while they stay there), any deck's
order or contents, face-down prizes, the energy deck, the RNG state, the opponent's
face-down setup, or another player's pending choice.
The public parts every view of a state version shares are built in ``view_parts``.
"""

from __future__ import annotations

from typing import Any

import orjson

from mantimon.engine import legal
from mantimon.engine.actions import Action
from mantimon.engine.built import built
from mantimon.engine.enums import Phase
from mantimon.engine.narrate import phrase
from mantimon.engine.rules import RulesConfig
from mantimon.engine.state import Event, GameState, Pending
from mantimon.engine.view_models import (
    CardRef,
    ChoiceOption,
    VisibleCreature,
    VisibleEvent,
    VisibleGameState,
    VisiblePending,
    VisiblePlayer,
)
from mantimon.engine.view_parts import (
    Refs,
    board_of,
    hand_json,
    json_bytes,
    memo_of,
    own_side,
    refs_of,
    seen_by,
    side_fragment,
    side_models,
)

__all__ = [
    "CardRef",
    "ChoiceOption",
    "VisibleCreature",
    "VisibleEvent",
    "VisibleGameState",
    "VisiblePending",
    "VisiblePlayer",
    "render_events",
    "view_data",
    "view_for",
    "view_json",
    "visible_cards",
]


def visible_cards(state: GameState, viewer: int | None) -> set[str]:
    """Every card instance ``viewer`` may see right now (None: a spectator): the one
    visibility rule, shared by views, event texts and refusal texts. Made once per state
    version and viewer (``view_parts.seen_by``); the caller must not change the set."""
    return seen_by(state, board_of(state), viewer)


def view_for(state: GameState, viewer: str | None, *, events: bool = True) -> VisibleGameState:
    """``viewer``'s view of ``state`` as a model; None (or a non-player id) is a spectator.
    ``events=False`` leaves the recent events out (an empty list): a reader that never
    looks at them, such as a bot playing out an imagined game, skips rendering them."""
    return VisibleGameState.model_validate(_view(state, viewer, _MODELS, events))


def view_json(state: GameState, viewer: str | None) -> bytes:
    """``viewer``'s view as JSON, straight from ``view_data`` (what goes on the wire)."""
    return orjson.dumps(view_data(state, viewer))


def _rules_entry(state: GameState) -> tuple[RulesConfig, dict[str, Any], orjson.Fragment]:
    """The game's rules (frozen) as JSON data and as serialised JSON, remembered in the
    state's view memo: hashing the model on every view cost more. Per game, not per
    process: a process-wide memo by identity kept the rules of up to 65 finished games."""
    memo = memo_of(state)
    hit: tuple[RulesConfig, dict[str, Any], orjson.Fragment] | None = memo.get("rules")
    if hit is None or hit[0] is not state.rules:
        data = state.rules.model_dump(mode="json")
        hit = memo["rules"] = (state.rules, data, orjson.Fragment(orjson.dumps(data)))
    return hit


def _rules_data(state: GameState) -> dict[str, Any]:
    return _rules_entry(state)[1]


def _rules_wire(state: GameState) -> orjson.Fragment:
    return _rules_entry(state)[2]


def _actions_json(state: GameState, actions: list[Action], wire: bool) -> list[Any]:
    """Each action as serialised JSON (``wire``) or as JSON data (``Built.json_of``)."""
    game = built(state)
    entries: dict[int, Any] = game.wire if wire else game.data
    try:
        return [entries[id(a)] for a in actions]
    except KeyError:  # an action not seen before (most steps list a few new ones)
        get = entries.get
        return [get(id(a)) or game.json_of(a, wire) for a in actions]


# The forms a view is made in: JSON data, wire JSON (``orjson.Fragment`` parts), or data
# whose lasting parts are model instances (what ``view_for`` validates).
_DATA, _WIRE, _MODELS = "data", "wire", "models"


def view_data(
    state: GameState, viewer: str | None, *, wire: bool = False, events: bool = True
) -> dict[str, Any]:
    """The single visibility function: ``viewer``'s view of ``state`` as JSON-ready data
    (the shape of ``VisibleGameState``). Every view, model or wire JSON, comes from here.

    The public part is computed once per state version (``board_of``, ``_public``); a
    view adds only the viewer's own hand, pending choice, legal actions and the events as
    they see them.
    With ``wire=True`` the parts shared between views (the other player's side, the rules,
    events, actions) are pre-serialised ``orjson.Fragment``s, built once and spliced into
    every view's JSON: the bytes are the same, for orjson only (not for pydantic).
    """
    return _view(state, viewer, _WIRE if wire else _DATA, events)


def _view(state: GameState, viewer: str | None, form: str, events: bool) -> dict[str, Any]:
    """``view_data`` in ``form``; ``_MODELS`` is ``view_for``'s: the same fields with each
    side's creatures and card references, the rules and the legal actions as the model
    instances they validate to, which validation keeps as they are."""
    wire = form is _WIRE
    seat = state.seat_of(viewer) if viewer is not None else None
    board = board_of(state)
    ref = refs_of(state)
    setup = state.phase is Phase.SETUP
    players: list[Any] = []
    for s, p in enumerate(state.players):
        if s == seat:
            if wire:
                players.append(own_side(board, s, hand_json(state, s, ref)))
            elif form is _MODELS:
                mine = side_models(state, board, "full", s)
                mine["hand"] = ref.many_models(p.hand)
                players.append(mine)
            else:
                mine = dict(board["full"][s])
                mine["hand"] = ref.many(p.hand)
                players.append(mine)
        else:
            shown = "hidden" if setup else "full"
            if wire:
                players.append(side_fragment(board, shown, s))
            elif form is _MODELS:
                players.append(side_models(state, board, shown, s))
            else:
                players.append(board[shown][s])
    view = dict(_public(state, board, ref, form))
    view["players"] = players
    if seat is not None:
        view["viewer"] = state.players[seat].id
        owed = legal.owed_decision(state, seat)
        if owed is not None:
            view["pending"] = _pending(state, owed, ref)
        acts = legal.seat_actions(state, seat)
        view["legal_actions"] = acts if form is _MODELS else _actions_json(state, acts, wire)
    else:
        view["legal_actions"] = []
    if events:
        view["events"] = _recent_events(state, seat, seen_by(state, board, seat), ref, wire)
    return view


def _public(state: GameState, board: dict[str, Any], ref: Refs, form: str) -> dict[str, Any]:
    """A view's fields as a spectator sees them, but for ``players`` and ``events``: made
    once per state version and form and copied by every view, which then sets its own."""
    key = "public_" + form
    found: dict[str, Any] | None = board.get(key)
    if found is None:
        names = [p.id for p in state.players]
        rules: Any = state.rules
        stadium: Any = None
        if form is _WIRE:
            rules = _rules_wire(state)
        elif form is _DATA:
            rules = _rules_data(state)
        if state.stadium:
            stadium = ref.model(state.stadium) if form is _MODELS else ref(state.stadium)
        found = board[key] = {
            "viewer": None,
            "rules": rules,
            "phase": state.phase,
            "turn": state.turn,
            "current_player": names[state.current],
            "first_player": names[state.first],
            "players": [],
            "stadium": stadium,
            "stadium_owner": names[state.stadium_owner]
            if state.stadium_owner is not None
            else None,
            "waiting_for": [names[w] for w in legal.waiting_for(state)],
            "pending": None,
            "legal_actions": [],
            "events": [],
            "winner": names[state.winner] if state.winner is not None else None,
            "end_reason": state.end_reason,
        }
    return found


def _pending(state: GameState, q: Pending, ref: Refs) -> dict[str, Any]:
    options = []
    for o in q.options:
        card = ref(o) if o in state.card_of else None
        label = q.labels.get(o, card["name"] if card else o)
        options.append({"id": o, "label": label, "card": card})
    return {"kind": q.kind, "prompt": q.prompt, "options": options, "min": q.min, "max": q.max}


def render_events(
    state: GameState,
    events: list[Event],
    seat: int | None,
    seen: set[str] | None = None,
    ref: Refs | None = None,
    *,
    wire: bool = False,
) -> list[Any]:
    """The events as ``seat`` may see them (``VisibleEvent`` data): private forms only for
    their owner, and card references only to cards the viewer can see now (others render
    as ``None``). ``wire=True``: as ``orjson.Fragment``s (see ``view_data``)."""
    if seen is None:
        seen = seen_by(state, board_of(state), seat)
    items, _ = _render(state, events, seat, seen, ref, wire)
    return [item for item in items if item is not None]


_Rendered = tuple[list[Any], set[str]]


def _recent_events(
    state: GameState, seat: int | None, seen: set[str], ref: Refs, wire: bool
) -> list[Any]:
    """``render_events`` over the view's event window, remembered per seat.

    A seat's consecutive views share all but the newest events of their windows, and an
    event renders the same as long as the same of its cards are visible to the viewer. So
    the events carried over from the seat's previous view are reused when no card they show
    changed visibility since (set operations, no pass over the events), and only the new
    events are rendered.
    """
    window = state.rules.view_event_window
    events = state.log[-window:] if window else []
    if not events:
        return []
    memo: dict[tuple[int | None, bool], tuple[list[Event], set[str], _Rendered]]
    memo = memo_of(state).setdefault("recent", {})
    prev = memo.get((seat, wire))
    kept = 0
    if prev is not None:
        before, before_seen, (items, cards) = prev
        skip = events[0].seq - before[0].seq
        kept = len(before) - skip
        if not (
            skip >= 0
            and 0 < kept <= len(events)
            and before[skip:] == events[:kept]
            and (seen is before_seen or cards.isdisjoint(seen ^ before_seen))
        ):
            kept = 0
    if kept:
        new_items, new_cards = _render(state, events[kept:], seat, seen, ref, wire)
        # ``cards`` may keep cards of events that left the window: a harmless superset.
        rendered = (items[skip:] + new_items, cards | new_cards if new_cards else cards)
    else:
        rendered = _render(state, events, seat, seen, ref, wire)
    memo[(seat, wire)] = (events, seen, rendered)
    return [item for item in rendered[0] if item is not None]


def _render(
    state: GameState,
    events: list[Event],
    seat: int | None,
    seen: set[str],
    ref: Refs | None,
    wire: bool,
) -> _Rendered:
    """``render_events``, one entry per event (None: hidden from ``seat``), and the cards
    whose visibility the renderings depend on (see ``_recent_events``)."""
    memo = memo_of(state)
    # One form per key: the server asks only for wire JSON, bots only for data, and an entry
    # holding both was three objects more for the garbage collector to walk (a dict, a list
    # and a tuple, ~200 per live game; bench/RESULTS.md, 2026-12-06 evening).
    rendered: dict[tuple[int, int | None, tuple[bool, ...], bool], Any]
    rendered = memo.setdefault("events", {})
    window = max(1, state.rules.view_event_window)
    if len(rendered) > 8 * window:
        # Keep what the next views will ask for again: the events still in the window.
        log = state.log
        oldest = log[-window].seq if len(log) >= window else 0
        for key in [k for k in rendered if k[0] < oldest]:
            del rendered[key]
        if len(rendered) > 8 * window:
            rendered.clear()
    is_seen = seen.__contains__
    out: list[Any] = []
    depends: set[str] = set()
    for e in events:
        private_to = e.private_to
        full = private_to is None or private_to == seat
        if not full and e.public is None:
            out.append(None)
            continue
        # An event's rendering depends only on the form shown and which of its cards the
        # viewer can see now; both views of one step share most of it.
        shown = tuple(map(is_seen, e.cards)) if full and e.cards else ()
        key = (e.seq, seat if private_to is not None else None, shown, wire)
        item = rendered.get(key)
        if item is None:
            if ref is None:
                ref = refs_of(state)
            if full:
                data = e.data
                cards = [ref(u) if ok else None for u, ok in zip(e.cards, shown, strict=True)]
            else:
                data, cards = e.public or {}, []
            who = state.players[e.seat].id if e.seat is not None else ""
            text = phrase(e.kind, who, data, [c["name"] if c else None for c in cards])
            body = {
                "seq": e.seq,
                "kind": e.kind,
                "player": who or None,
                "text": text,
                "data": data,
                "cards": cards,
            }
            item = rendered[key] = orjson.Fragment(json_bytes(body)) if wire else body
        out.append(item)
        if shown:
            depends.update(e.cards)
    return out, depends
