"""Actions the engine builds without validation (``engine.built``) are indistinguishable
from the same actions validated by pydantic: fields, field order, fields set, equality,
hash and JSON."""

from __future__ import annotations

from typing import Any

from mantimon.engine import ACTION_ADAPTER
from mantimon.engine.built import Built

CASES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("place", ("c1", "active"), {"type": "setup_place", "card_id": "c1", "position": "active"}),
    ("place", ("c1", "bench"), {"type": "setup_place", "card_id": "c1", "position": "bench"}),
    ("bench", ("c2",), {"type": "play_creature", "card_id": "c2"}),
    ("evolve", ("c3", "c2"), {"type": "evolve", "card_id": "c3", "target_id": "c2"}),
    ("attach", ("e1", "c2"), {"type": "attach_energy", "card_id": "e1", "target_id": "c2"}),
    ("trainer", ("t1", None), {"type": "play_trainer", "card_id": "t1", "target_id": None}),
    ("trainer", ("t1", "c2"), {"type": "play_trainer", "card_id": "t1", "target_id": "c2"}),
    ("ability", ("c2", None), {"type": "use_ability", "creature_id": "c2", "target_id": None}),
    ("attack", (1, "c9"), {"type": "attack", "attack_index": 1, "target_id": "c9"}),
    ("attack", (0, None), {"type": "attack", "attack_index": 0, "target_id": None}),
    (
        "retreat",
        ("c4", ("e1", "e2")),
        {"type": "retreat", "new_active_id": "c4", "discard_energy": ["e1", "e2"]},
    ),
    ("retreat", ("c4", ()), {"type": "retreat", "new_active_id": "c4", "discard_energy": []}),
    ("choose", (("a", "b"),), {"type": "choose", "selections": ["a", "b"]}),
    ("promote", ("c5",), {"type": "promote", "card_id": "c5"}),
]


def test_built_actions_equal_validated_ones() -> None:
    built = Built()
    for name, args, wire in CASES:
        made = getattr(built, name)(*args)
        validated = ACTION_ADAPTER.validate_python(wire)
        assert type(made) is type(validated)
        assert made == validated and hash(made) == hash(validated)
        assert list(made.__dict__.items()) == list(validated.__dict__.items())
        # What the constructor call (every argument named, as the engine built them before)
        # records: the arguments given, never the ``type`` tag.
        keyword = type(validated)(**{k: v for k, v in validated.__dict__.items() if k != "type"})
        assert made.model_fields_set == keyword.model_fields_set
        assert made.model_dump_json() == validated.model_dump_json()
        assert made.model_dump() == validated.model_dump()
        assert ACTION_ADAPTER.validate_json(made.model_dump_json()) == made
        assert made is getattr(built, name)(*args)  # built once per game
