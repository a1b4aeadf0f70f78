"""One game's action values: built once, shared by the steps of the game, then dropped.

What lives here: ``Built``, the constructors the legality enumerators use, each remembering
the actions it built, and each action's JSON for views; ``built(state)``, the game's
instance (``GameState.built``). Actions are frozen values, so equal ones can be shared:
building a pydantic model costs about a microsecond, finding a built one a tenth of that,
and a step lists mostly the actions the step before listed. What must not: legality
(``legal``) or what a view shows (``view``).

Per game, not per process: card ids are dealt at random per game (RULES.md "Hidden
information"), so the actions of one game are seldom those of another, and a process-wide
cache would keep every game's actions alive (measured: ~65 k cached actions after 1,000
random games and still growing, where the old position-based ids needed ~10 k).
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

import orjson

from mantimon.engine.actions import (
    Action,
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EvolveAction,
    PlayCreatureAction,
    PlayTrainerAction,
    PromoteAction,
    RetreatAction,
    SetupPlaceAction,
    UseAbilityAction,
)
from mantimon.engine.state import GameState
from mantimon.engine.view_parts import json_bytes

# Actions whose JSON a game remembers (``json``) before it starts afresh.
_JSON_LIMIT = 512


_new = object.__new__
_set = object.__setattr__


def _made(cls: type[Any], data: dict[str, Any], given: set[str]) -> Any:
    """An action of ``cls`` with ``data`` as its fields, without pydantic's validation: the
    engine made every value from its own state (ids are strings, indices are from ``range``),
    so there is nothing to validate. The result is what ``cls(**given fields)`` builds: the
    same ``__dict__`` (``type`` first, fields in declaration order) and the same
    ``model_fields_set`` (the fields passed, ``type`` not among them); a test compares them.
    Validation costs ~1 µs an action, and a game builds ~300 distinct actions.

    ``given`` is one set shared by every action of its shape: actions are frozen, so pydantic
    never adds to it (a copy gets its own), and a set per action was one more object for
    the garbage collector to walk, ~300 per live game (bench/RESULTS.md, 2026-12-06
    evening)."""
    action = _new(cls)
    _set(action, "__dict__", data)
    _set(action, "__pydantic_fields_set__", given)
    _set(action, "__pydantic_extra__", None)
    _set(action, "__pydantic_private__", None)
    return action


_CARD_POSITION = {"card_id", "position"}
_CARD = {"card_id"}
_CARD_TARGET = {"card_id", "target_id"}
_CREATURE_TARGET = {"creature_id", "target_id"}
_INDEX_TARGET = {"attack_index", "target_id"}
_RETREAT = {"new_active_id", "discard_energy"}
_SELECTIONS = {"selections"}


def _place(uid: str, position: Literal["active", "bench"]) -> SetupPlaceAction:
    data = {"type": "setup_place", "card_id": uid, "position": position}
    return _made(SetupPlaceAction, data, _CARD_POSITION)  # type: ignore[no-any-return]


def _bench(uid: str) -> PlayCreatureAction:
    data = {"type": "play_creature", "card_id": uid}
    return _made(PlayCreatureAction, data, _CARD)  # type: ignore[no-any-return]


def _evolve(uid: str, target: str) -> EvolveAction:
    data = {"type": "evolve", "card_id": uid, "target_id": target}
    return _made(EvolveAction, data, _CARD_TARGET)  # type: ignore[no-any-return]


def _attach(uid: str, target: str) -> AttachEnergyAction:
    data = {"type": "attach_energy", "card_id": uid, "target_id": target}
    return _made(AttachEnergyAction, data, _CARD_TARGET)  # type: ignore[no-any-return]


def _trainer(uid: str, target: str | None) -> PlayTrainerAction:
    data = {"type": "play_trainer", "card_id": uid, "target_id": target}
    return _made(PlayTrainerAction, data, _CARD_TARGET)  # type: ignore[no-any-return]


def _ability(uid: str, target: str | None) -> UseAbilityAction:
    data = {"type": "use_ability", "creature_id": uid, "target_id": target}
    return _made(UseAbilityAction, data, _CREATURE_TARGET)  # type: ignore[no-any-return]


def _attack(index: int, target: str | None) -> AttackAction:
    data = {"type": "attack", "attack_index": index, "target_id": target}
    return _made(AttackAction, data, _INDEX_TARGET)  # type: ignore[no-any-return]


def _retreat(uid: str, pay: tuple[str, ...]) -> RetreatAction:
    data = {"type": "retreat", "new_active_id": uid, "discard_energy": pay}
    return _made(RetreatAction, data, _RETREAT)  # type: ignore[no-any-return]


def _choose(picks: tuple[str, ...]) -> ChooseAction:
    return _made(ChooseAction, {"type": "choose", "selections": picks}, _SELECTIONS)  # type: ignore[no-any-return]


def _promote(uid: str) -> PromoteAction:
    return _made(PromoteAction, {"type": "promote", "card_id": uid}, _CARD)  # type: ignore[no-any-return]


class Built:
    """The action constructors of one game, and the JSON of the actions its views list."""

    __slots__ = (
        "ability",
        "attach",
        "attack",
        "bench",
        "choose",
        "data",
        "evolve",
        "hands",
        "held",
        "place",
        "promote",
        "retreat",
        "trainer",
        "wire",
    )

    def __init__(self) -> None:
        # Each constructor remembers every action it built in the game: ~310 in a random
        # starter game (a cap of 64 per constructor kept ~220 but cost more than it saved).
        self.place = cache(_place)
        self.bench = cache(_bench)
        self.evolve = cache(_evolve)
        self.attach = cache(_attach)
        self.trainer = cache(_trainer)
        self.ability = cache(_ability)
        self.attack = cache(_attack)
        self.retreat = cache(_retreat)
        self.choose = cache(_choose)
        self.promote = cache(_promote)
        # By identity (hashing a model costs more than this lookup): an action as
        # serialised JSON (``wire``, what the server sends) and as JSON data (``data``, what
        # bots read), each made when first asked for. ``held`` keeps every remembered
        # action alive, so an id is never reused while remembered. Plain entries, not a
        # tuple per action: fewer objects for the garbage collector to walk.
        self.held: dict[int, Action] = {}
        self.wire: dict[int, orjson.Fragment] = {}
        self.data: dict[int, dict[str, Any]] = {}
        # Hands split by kind (``legal._sort_hand``), by the hand's ids: a pure function of
        # them (an id names one card for the whole game), so clones share it.
        self.hands: dict[tuple[str, ...], Any] = {}

    def json_of(self, action: Action, wire: bool) -> Any:
        """``action`` as serialised JSON (``wire``) or as JSON data, remembered (see
        ``held``)."""
        key = id(action)
        if self.held.get(key) is not action:
            if len(self.held) >= _JSON_LIMIT:
                self.held.clear()
                self.wire.clear()
                self.data.clear()
            self.held[key] = action
        table: dict[int, Any] = self.wire if wire else self.data
        hit = table.get(key)
        if hit is None:
            # ``model_dump(mode="json")``, made directly: an action's fields are strings,
            # numbers, None and tuples of strings (lists in JSON).
            data = {k: list(v) if isinstance(v, tuple) else v for k, v in action.__dict__.items()}
            hit = table[key] = orjson.Fragment(json_bytes(data)) if wire else data
        return hit


def built(state: GameState) -> Built:
    """The game's ``Built``, made on first use (clones of a state share it: same ids)."""
    found: Built | None = state.built
    if found is None:
        found = state.built = Built()
    return found
