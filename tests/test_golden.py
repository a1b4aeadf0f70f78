"""Golden playthroughs re-run: the same seed and actions must show each player exactly
what they were shown when the file was written (events in words, view digests, final
views). Regenerate deliberately with ``python -m tests.golden.playthrough``."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden.playthrough import CASES, HERE, load, record

FILES = sorted(HERE.glob("*.json"))


def test_every_case_has_a_file() -> None:
    assert {p.stem for p in FILES} == set(CASES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_golden_playthrough(path: Path) -> None:
    data, decks, actions = load(path)
    again = record(data["preset"], decks, actions, data["seed"])
    assert len(again["steps"]) == len(data["steps"])
    for i, (want, got) in enumerate(zip(data["steps"], again["steps"], strict=True)):
        assert got == want, f"step {i} ({want['player']}: {want['action']}) differs"
    assert again["final"] == data["final"]
    final = data["final"]
    assert final["ana"]["phase"] == "game_over"
    assert final["ana"]["winner"] == final["bo"]["winner"]
