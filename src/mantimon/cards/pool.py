"""Loading and validating the bundled card pool and starter decks.

What lives here: reading the JSON files shipped in ``mantimon/cards/data`` and ``decks``,
turning them into frozen card models, and cross-card checks (unique ids, evolution chains).
Every problem is reported with the file, the card and the field, so a card author can fix it
without reading code. What must not: effect behaviour; the engine hands in the parameter
models of the effects it knows (``effect_params``), so this layer never imports the engine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from mantimon.cards.schema import (
    AbilityKind,
    CardDef,
    CreatureCard,
    DeckList,
    EffectSpec,
    EnergyCard,
    EnergyType,
    Stage,
    TrainerCard,
    TrainerKind,
    Trigger,
)

_CARD_ADAPTER: TypeAdapter[CardDef] = TypeAdapter(CardDef)
_PREVIOUS_STAGE = {Stage.STAGE1: Stage.BASIC, Stage.STAGE2: Stage.STAGE1}

EffectParams = Mapping[str, type[BaseModel]]


class CardPoolError(ValueError):
    """A card or deck file is invalid; the message names file, card and field."""


class StarterDeck(BaseModel):
    """A named, described deck shipped with the game (JSON under ``cards/decks``)."""

    id: str
    name: str
    description: str = ""
    preset: str = "mantimon"
    cards: dict[str, int]
    energy: dict[str, int] = {}

    def decklist(self) -> DeckList:
        return DeckList.from_counts(self.cards, self.energy)


@dataclass(frozen=True)
class CardPool:
    """Every card definition by id (immutable once loaded), plus the starter decks."""

    cards: Mapping[str, CardDef]
    starters: Mapping[str, StarterDeck] = field(default_factory=dict)
    passives: Mapping[str, tuple[EffectSpec, ...]] = field(init=False, repr=False, compare=False)
    basics: frozenset[str] = field(init=False, repr=False, compare=False)
    energies: frozenset[str] = field(init=False, repr=False, compare=False)
    trainers: frozenset[str] = field(init=False, repr=False, compare=False)
    stadiums: frozenset[str] = field(init=False, repr=False, compare=False)
    evolves_from: Mapping[str, str] = field(init=False, repr=False, compare=False)
    activated: frozenset[str] = field(init=False, repr=False, compare=False)
    # Creatures with a triggered ability, by the trigger it answers (keyed by the
    # ``Trigger``'s value: a plain string hashes in C, an enum member in Python).
    triggered: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    energy_type_of: Mapping[str, EnergyType] = field(init=False, repr=False, compare=False)
    # Derived data that higher layers compute once per pool (e.g. the engine's index of
    # passive effects by hook); never part of the pool's identity.
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Indexes computed once so the engine's hot path answers "what kind of card is this?"
        # with a set lookup: which effects act passively while in play (tools, stadiums,
        # passive abilities), and the ids of basics, trainers and energy.
        cards = list(self.cards.values())
        creatures = [c for c in cards if isinstance(c, CreatureCard)]
        indexes = {
            "passives": _passive_index(self.cards),
            "basics": frozenset(c.id for c in creatures if c.stage is Stage.BASIC),
            "evolves_from": {c.id: c.evolves_from for c in creatures if c.evolves_from},
            "energies": frozenset(c.id for c in cards if isinstance(c, EnergyCard)),
            "trainers": frozenset(c.id for c in cards if isinstance(c, TrainerCard)),
            "stadiums": frozenset(
                c.id
                for c in cards
                if isinstance(c, TrainerCard) and c.trainer is TrainerKind.STADIUM
            ),
            "activated": frozenset(
                c.id for c in creatures if c.ability and c.ability.kind is AbilityKind.ACTIVATED
            ),
            "triggered": {
                t.value: frozenset(
                    c.id
                    for c in creatures
                    if c.ability
                    and c.ability.kind is AbilityKind.TRIGGERED
                    and c.ability.trigger is t
                )
                for t in Trigger
            },
            "energy_type_of": {c.id: c.energy_type for c in cards if isinstance(c, EnergyCard)},
        }
        for name, value in indexes.items():
            object.__setattr__(self, name, value)

    def __getitem__(self, card_id: str) -> CardDef:
        return self.cards[card_id]

    def __contains__(self, card_id: object) -> bool:
        return card_id in self.cards

    def __iter__(self) -> Iterator[CardDef]:
        return iter(self.cards.values())

    def __len__(self) -> int:
        return len(self.cards)

    def creature(self, card_id: str) -> CreatureCard:
        card = self.cards[card_id]
        assert isinstance(card, CreatureCard), f"{card_id} is not a creature"
        return card

    def by_name(self, name: str) -> list[CardDef]:
        return [c for c in self.cards.values() if c.name == name]

    def with_cards(self, extra: Iterable[CardDef]) -> CardPool:
        """A new pool with ``extra`` cards added or replaced (used by scenario tests)."""
        merged = dict(self.cards)
        merged.update((c.id, c) for c in extra)
        return CardPool(merged, self.starters)

    @classmethod
    def load(
        cls,
        card_files: Iterable[tuple[str, str]],
        effect_params: EffectParams,
        deck_files: Iterable[tuple[str, str]] = (),
        asks: frozenset[str] = frozenset(),
    ) -> CardPool:
        """Build a pool from ``(file name, JSON text)`` pairs, validating everything.

        ``effect_params`` maps each known effect id to its parameter model; ``asks`` names
        the effects that ask their player a question, which must end their effect list.
        """
        cards: dict[str, CardDef] = {}
        origin: dict[str, str] = {}
        for fname, text in card_files:
            for card in _parse_card_file(fname, text, effect_params, asks):
                if card.id in cards:
                    raise CardPoolError(
                        f"{fname}: card id '{card.id}' is already defined in {origin[card.id]}"
                    )
                cards[card.id] = card
                origin[card.id] = fname
        _check_evolutions(cards, origin)
        starters: dict[str, StarterDeck] = {}
        for fname, text in deck_files:
            deck = _parse_deck_file(fname, text, cards)
            starters[deck.id] = deck
        return cls(cards, starters)


def _passive_index(cards: Mapping[str, CardDef]) -> dict[str, tuple[EffectSpec, ...]]:
    out: dict[str, tuple[EffectSpec, ...]] = {}
    for card in cards.values():
        if isinstance(card, TrainerCard) and card.trainer in (
            TrainerKind.TOOL,
            TrainerKind.STADIUM,
        ):
            effects = card.effects
        elif (
            isinstance(card, CreatureCard)
            and card.ability
            and card.ability.kind is AbilityKind.PASSIVE
        ):
            effects = card.ability.effects
        else:
            continue
        if effects:
            out[card.id] = effects
    return out


def bundled_files(folder: str) -> list[tuple[str, str]]:
    """The ``(name, text)`` of every JSON file in a package data folder, sorted by name."""
    root = resources.files("mantimon.cards") / folder
    files = [p for p in root.iterdir() if p.name.endswith(".json")]
    return [(f"{folder}/{p.name}", p.read_text(encoding="utf-8")) for p in sorted(files, key=str)]


def read_files(paths: Iterable[Path]) -> list[tuple[str, str]]:
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths]


def _load_json(fname: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CardPoolError(f"{fname}: not valid JSON ({exc})") from None


def _parse_card_file(
    fname: str, text: str, effect_params: EffectParams, asks: frozenset[str]
) -> list[CardDef]:
    data = _load_json(fname, text)
    if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
        raise CardPoolError(f'{fname}: expected an object with a "cards" list')
    out: list[CardDef] = []
    for index, raw in enumerate(data["cards"]):
        label = _card_label(index, raw)
        if not isinstance(raw, dict):
            raise CardPoolError(f"{fname}: {label}: a card must be a JSON object")
        prepared = _prepare_effects(fname, label, raw, effect_params, asks)
        try:
            out.append(_CARD_ADAPTER.validate_python(prepared))
        except ValidationError as exc:
            raise CardPoolError(f"{fname}: {label}: {_describe(exc)}") from None
    return out


def _card_label(index: int, raw: Any) -> str:
    if isinstance(raw, dict) and "id" in raw:
        return f"cards[{index}] ('{raw['id']}')"
    return f"cards[{index}]"


def _prepare_effects(
    fname: str, label: str, raw: dict[str, Any], effect_params: EffectParams, asks: frozenset[str]
) -> dict[str, Any]:
    """Replace each flat effect object with an ``EffectSpec`` whose params are parsed."""
    card = dict(raw)

    def convert(effects: Any, where: str) -> Any:
        if not isinstance(effects, list):
            return effects  # let the schema report the wrong type
        specs = []
        for i, eff in enumerate(effects):
            path = f"{where}[{i}]"
            if not isinstance(eff, dict) or "effect" not in eff:
                raise CardPoolError(f'{fname}: {label}: {path}: needs an "effect" id')
            params = {k: v for k, v in eff.items() if k != "effect"}
            effect_id = eff["effect"]
            model = effect_params.get(effect_id)
            if model is None:
                raise CardPoolError(
                    f"{fname}: {label}: {path}.effect: unknown effect id '{effect_id}'"
                )
            try:
                parsed = model.model_validate(params)
            except ValidationError as exc:
                raise CardPoolError(
                    f"{fname}: {label}: {path} ({effect_id}): {_describe(exc)}"
                ) from None
            if i < len(effects) - 1 and effect_id in asks:
                raise CardPoolError(
                    f"{fname}: {label}: {path} ({effect_id}): asks the player a question, "
                    "so it must be the last effect of its list"
                )
            specs.append(EffectSpec(effect=effect_id, params=parsed))
        return specs

    if "effects" in card:
        card["effects"] = convert(card["effects"], "effects")
    if isinstance(card.get("attacks"), list):
        attacks = []
        for i, atk in enumerate(card["attacks"]):
            if isinstance(atk, dict) and "effects" in atk:
                atk = {**atk, "effects": convert(atk["effects"], f"attacks[{i}].effects")}
            attacks.append(atk)
        card["attacks"] = attacks
    ability = card.get("ability")
    if isinstance(ability, dict) and "effects" in ability:
        card["ability"] = {**ability, "effects": convert(ability["effects"], "ability.effects")}
    return card


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(
            str(p)
            for p in err["loc"]
            if not str(p).startswith(("creature", "trainer", "energy", "tagged-union"))
        )
        parts.append(f"{loc or '(card)'}: {err['msg']}")
    return "; ".join(parts)


def _check_evolutions(cards: Mapping[str, CardDef], origin: Mapping[str, str]) -> None:
    creatures = [c for c in cards.values() if isinstance(c, CreatureCard)]
    stages_by_name: dict[str, set[Stage]] = {}
    for c in creatures:
        stages_by_name.setdefault(c.name, set()).add(c.stage)
    for c in creatures:
        where = f"{origin[c.id]}: card '{c.id}'"
        if c.stage is Stage.BASIC:
            if c.evolves_from is not None:
                raise CardPoolError(f"{where}: evolves_from: a basic creature evolves from nothing")
            continue
        if c.evolves_from is None:
            raise CardPoolError(
                f"{where}: evolves_from: a {c.stage} creature must name what it evolves from"
            )
        below = stages_by_name.get(c.evolves_from)
        if below is None:
            raise CardPoolError(
                f"{where}: evolves_from: no card named '{c.evolves_from}' exists in the pool"
            )
        if _PREVIOUS_STAGE[c.stage] not in below:
            raise CardPoolError(
                f"{where}: evolves_from: '{c.evolves_from}' is not a "
                f"{_PREVIOUS_STAGE[c.stage]} creature"
            )


def _parse_deck_file(fname: str, text: str, cards: Mapping[str, CardDef]) -> StarterDeck:
    data = _load_json(fname, text)
    try:
        deck = StarterDeck.model_validate(data)
    except ValidationError as exc:
        raise CardPoolError(f"{fname}: {_describe(exc)}") from None
    for section, counts in (("cards", deck.cards), ("energy", deck.energy)):
        for cid, n in counts.items():
            if cid not in cards:
                raise CardPoolError(f"{fname}: {section}.{cid}: no such card in the pool")
            if n <= 0:
                raise CardPoolError(f"{fname}: {section}.{cid}: count must be positive")
            if section == "energy" and not isinstance(cards[cid], EnergyCard):
                raise CardPoolError(
                    f"{fname}: energy.{cid}: the energy deck holds energy cards only"
                )
    return deck
