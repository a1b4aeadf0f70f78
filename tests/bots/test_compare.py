"""``mantimon compare``: two bots' games against one opponent, from two ledgers, matched
deal by deal (whichever seat the opponent was listed in) and compared paired."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from mantimon.bots.tournament import GameJob, GameResult
from mantimon.cli import app
from mantimon.cli.compare_cmds import scores_against
from mantimon.cli.ledger import Ledger

runner = CliRunner()


def _game(a: str, b: str, seed: int, a_first: bool, winner: str | None) -> GameResult:
    job = GameJob("mantimon", a, b, "ember-rush", "tidal-mind", seed, a_first)
    return GameResult(job, winner, "points", 10, (), ())


def _text(output: str) -> str:
    """The output's words, without the error panel's frame and line breaks."""
    return " ".join(output.replace("│", " ").split())


def _ledger(path: Path, games: list[GameResult]) -> Path:
    ledger = Ledger(path, fingerprint="0123456789abcdef")
    for g in games:
        ledger.add(g)
    ledger.close()
    return path


def test_a_deal_is_the_same_whichever_seat_lists_the_opponent() -> None:
    # The bot is seated first in both games: as ``a`` with a_first, as ``b`` without.
    one = scores_against([_game("new", "hard", 7, True, "a")], "new", "hard")
    other = scores_against([_game("hard", "new", 7, False, "a")], "new", "hard")
    assert one.keys() == other.keys()
    assert list(one.values()) == [1.0] and list(other.values()) == [0.0]
    draw = scores_against([_game("hard", "new", 7, False, None)], "new", "hard")
    assert list(draw.values()) == [0.5]
    assert scores_against([_game("hard", "other", 7, False, "a")], "new", "hard") == {}


def test_compare_prints_the_paired_difference_on_the_deals_both_played(tmp_path: Path) -> None:
    # ``old`` wins 2 of 4 deals; ``new`` wins those and one more; a fifth deal only ``new``
    # played, and a game against another opponent, are left out.
    old = _ledger(
        tmp_path / "old.jsonl",
        [
            _game("hard", "old", 1, True, "b"),
            _game("hard", "old", 2, True, "a"),
            _game("hard", "old", 3, False, "b"),
            _game("hard", "old", 4, False, "a"),
            _game("normal", "old", 1, True, "b"),
        ],
    )
    new = _ledger(
        tmp_path / "new.jsonl",
        [
            _game("new", "hard", 1, False, "a"),
            _game("new", "hard", 2, False, "a"),
            _game("new", "hard", 3, True, "a"),
            _game("new", "hard", 4, True, "b"),
            _game("new", "hard", 5, True, "a"),
        ],
    )
    result = runner.invoke(app, ["compare", str(old), "old", str(new), "new", "--against", "hard"])
    assert result.exit_code == 0, result.output
    out = _text(result.output)
    assert "4 deals in both" in out
    assert "old: 50.0% of the points" in out and "new: 75.0%" in out
    assert "+25.0 percentage points (95% interval -24.0 to +74.0)" in out


def test_compare_refuses_ledgers_without_common_deals_or_that_are_not_ledgers(
    tmp_path: Path,
) -> None:
    old = _ledger(tmp_path / "old.jsonl", [_game("hard", "old", 1, True, "b")])
    new = _ledger(tmp_path / "new.jsonl", [_game("hard", "new", 9, True, "b")])
    result = runner.invoke(app, ["compare", str(old), "old", str(new), "new", "--against", "hard"])
    assert result.exit_code == 2
    assert "fewer than two deals in both ledgers" in _text(result.output)
    junk = tmp_path / "junk.jsonl"
    junk.write_text("not json\n")
    result = runner.invoke(app, ["compare", str(junk), "old", str(new), "new", "--against", "hard"])
    assert result.exit_code == 2
    assert "is not a tournament ledger" in _text(result.output)
