"""Every registered effect has at least one scenario test.

Effect tests declare what they exercise with ``@covers("effect_id", ...)`` (in
``tests/scenario.py``). This test imports every ``tests/test_effects_*.py`` module and fails
for any id in ``EFFECTS`` that no test covers, so a new effect without a test fails the suite.
As a second, independent check, each id must also appear quoted in those files' text.
"""

import importlib
from pathlib import Path

from mantimon.engine.effects.library import EFFECTS
from tests.scenario import COVERED_EFFECTS

HERE = Path(__file__).parent
EFFECT_TEST_FILES = sorted(
    p for p in HERE.glob("test_effects_*.py") if p.name != Path(__file__).name
)


def test_there_are_effect_test_files() -> None:
    assert len(EFFECT_TEST_FILES) >= 4


def test_every_registered_effect_has_a_covering_test() -> None:
    for path in EFFECT_TEST_FILES:
        importlib.import_module(f"tests.{path.stem}")
    missing = sorted(set(EFFECTS) - COVERED_EFFECTS)
    assert missing == [], f"effects without a @covers test: {missing}"


def test_every_registered_effect_id_appears_in_the_effect_tests() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in EFFECT_TEST_FILES)
    missing = sorted(eid for eid in EFFECTS if f'"{eid}"' not in text)
    assert missing == [], f"effect ids never named in tests/test_effects_*.py: {missing}"
