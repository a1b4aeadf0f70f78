"""The tournament: its schedule (every ordered deck pairing, mirrored deals), a tiny table
end to end through the CLI into a temporary folder, and ``selfplay --all-pairings``."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from typer.testing import CliRunner

from mantimon.bots.tournament import play_job, play_match, schedule, starter_ids, table_pairs
from mantimon.cli import app
from mantimon.cli.tournament_cmds import default_bots

runner = CliRunner()


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_schedule_spreads_deals_over_every_ordered_pairing_with_both_seatings() -> None:
    decks = starter_ids("mantimon")
    assert len(decks) == 5
    jobs = schedule("mantimon", "normal", "greedy", 100, seed=40)
    assert len(jobs) == 100
    pairings = Counter((j.deck_1, j.deck_2) for j in jobs)
    assert set(pairings) == {(x, y) for x in decks for y in decks}  # mirrors included
    assert set(pairings.values()) == {4}  # spread evenly: 2 deals of 2 games each
    # Each deal is played twice, same seed and decks, the bots swapped between the seats.
    for first, second in zip(jobs[::2], jobs[1::2], strict=True):
        assert (first.seed, first.deck_1, first.deck_2) == (
            second.seed,
            second.deck_1,
            second.deck_2,
        )
        assert first.a_first and not second.a_first
    assert len({j.seed for j in jobs}) == 50
    assert len(schedule("mantimon", "a", "b", 7)) == 8  # rounded up to whole deals


def test_a_mirrored_deal_gives_each_bot_the_same_game() -> None:
    """The same bot on both sides of a deal: the two games are the same game."""
    first, second = schedule("mantimon", "greedy", "greedy", 2, seed=3)
    one, two = play_job(first), play_job(second)
    assert (one.reason, one.turns) == (two.reason, two.turns)
    assert {one.winner, two.winner} <= {"a", "b", None}
    assert one.winner == {"a": "b", "b": "a", None: None}[two.winner]
    assert len(one.times_a) == len(two.times_b) > 0 and len(one.cpu_a) == len(one.times_a)


def test_match_results_add_up_per_pairing() -> None:
    match = play_match("mantimon", "greedy", "random", 10, seed=9)
    record = match.record
    assert record.games == 10
    assert sum(r.games for r in match.by_pairing().values()) == 10
    share, low, high = match.rate()
    assert low <= share <= high
    assert len(match.times("greedy")) > 0 and len(match.times("random", cpu=True)) > 0


def test_tournament_writes_its_report_and_plot(tmp_path: Path) -> None:
    out = tmp_path / "ai"
    args = ["tournament", "--bots", "easy", "--bots", "random", "--bots", "greedy"]
    result = runner.invoke(app, [*args, "--games", "4", "--jobs", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    md = (out / "tournament.md").read_text(encoding="utf-8")
    png = (out / "elo.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 1000
    for needle in ("## Results by pair", "## Elo ratings", "## Time per decision", "elo.png"):
        assert needle in md
    # Three pairs, each with its share and interval; three ratings; three timed bots.
    assert len(re.findall(r"^\| \w+ \| \w+ \| 4 \|", md, flags=re.MULTILINE)) == 3
    assert re.search(r"^\| random \| \*\*0\*\* \|", md, flags=re.MULTILINE)
    assert len(re.findall(r" ms \| [\d.]+ ms \|$", md, flags=re.MULTILINE)) == 3
    assert "Elo" in _flat(result.output)


def test_a_ladder_plays_each_bot_against_its_next_neighbours(tmp_path: Path) -> None:
    bots = ["random", "easy", "greedy", "normal"]
    assert table_pairs(bots, 1) == [("random", "easy"), ("easy", "greedy"), ("greedy", "normal")]
    assert len(table_pairs(bots, 2)) == 5 and table_pairs(bots, 3) == table_pairs(bots)
    assert len(table_pairs(bots)) == 6
    args = ["tournament", *(x for b in bots[:3] for x in ("--bots", b)), "--reach", "1"]
    result = runner.invoke(app, [*args, "--games", "2", "--jobs", "1", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    md = (tmp_path / "tournament.md").read_text(encoding="utf-8")
    assert "Each bot, against the next 1 of the list (random, easy, greedy)" in md
    assert "--reach 1" in md
    assert len(re.findall(r"^\| \w+ \| \w+ \| 2 \|", md, flags=re.MULTILINE)) == 2  # not 3
    assert re.search(r"^\| greedy \|", md, flags=re.MULTILINE)  # rated through easy


def test_tournament_runs_in_worker_processes(tmp_path: Path) -> None:
    args = ["tournament", "--bots", "random", "--bots", "easy", "--games", "2", "--jobs", "2"]
    result = runner.invoke(app, [*args, "--out", str(tmp_path), "--pairings"])
    assert result.exit_code == 0, result.output
    assert "### random vs easy" in (tmp_path / "tournament.md").read_text(encoding="utf-8")


def test_unknown_bots_fail_clearly_listing_known_ones(tmp_path: Path) -> None:
    for args in (
        ["tournament", "--bots", "nope", "--bots", "easy", "--out", str(tmp_path)],
        ["selfplay", "--all-pairings", "--bots", "easy", "nope", "--games", "2"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code != 0
        flat = _flat(result.output)
        assert "unknown bot 'nope'" in flat and "normal" in flat and "greedy" in flat
    assert not (tmp_path / "tournament.md").exists()


def test_default_bots_are_the_levels_then_the_yardsticks() -> None:
    bots = default_bots()
    assert bots[:2] == ["easy", "normal"]
    assert bots[-2:] == ["greedy", "random"]


def test_selfplay_all_pairings_prints_shares_with_intervals() -> None:
    args = ["selfplay", "--all-pairings", "--bots", "normal", "random", "--games", "6"]
    result = runner.invoke(app, [*args, "--jobs", "1", "--by-pairing"])
    assert result.exit_code == 0, result.output
    flat = _flat(result.output)
    assert "normal vs random: 6 games" in flat
    assert re.search(r"normal: [\d.]+% \(95% interval [\d.]+% – [\d.]+%\)", flat)
    assert "median" in flat and "p95" in flat
    assert "by deck pairing" in flat
