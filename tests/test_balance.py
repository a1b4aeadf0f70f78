"""The balance matrix (``mantimon.bots.balance``) and the ``mantimon balance`` command, on a
handful of games (the real report plays 200 per pairing and never runs in the suite).

Covers the pairings, seat alternation and win counting of one pairing, the matrix's
symmetry and its markdown, the first player's rate, the bar check, and the command writing
a markdown report and a PNG heat map.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from mantimon.bots import make_bot
from mantimon.bots.balance import (
    BalanceReport,
    PairingJob,
    PairingResult,
    jobs,
    pairings,
    play_pairing,
    run_balance,
)
from mantimon.bots.selfplay import play_game
from mantimon.cli import app
from mantimon.engine import MANTIMON, default_pool

DECKS = ["ember-rush", "tidal-mind", "storm-front"]


def test_pairings_are_every_unordered_pair_once() -> None:
    assert pairings(DECKS) == [
        ("ember-rush", "tidal-mind"),
        ("ember-rush", "storm-front"),
        ("tidal-mind", "storm-front"),
    ]
    assert pairings(["a"]) == []


def test_jobs_give_each_pairing_its_own_seeds() -> None:
    made = jobs(MANTIMON, DECKS, games=6, seed=100)
    assert [j.seed for j in made] == [100, 106, 112]
    starters = default_pool().starters
    assert made[0].decks == (starters["ember-rush"].decklist(), starters["tidal-mind"].decklist())


def test_one_pairing_alternates_seats_and_counts_every_game() -> None:
    job = jobs(MANTIMON, DECKS[:2], games=4, seed=7)[0]
    result = play_pairing(job)
    assert result.games == 4
    assert result.wins_a + result.wins_b + result.draws == 4
    # Game by game, the same seeds and seats as play_pairing uses.
    bots = [make_bot("greedy"), make_bot("greedy")]
    wins_a = 0
    for g in range(4):
        decks = list(job.decks) if g % 2 == 0 else [job.decks[1], job.decks[0]]
        record = play_game(job.rules, decks, bots, job.seed + g)
        wins_a += record.winner == ("p1" if g % 2 == 0 else "p2")
    assert result.wins_a == wins_a


def _report(*results: PairingResult) -> BalanceReport:
    return BalanceReport("mantimon", ["a", "b", "c"], 10, "greedy", list(results))


def test_the_matrix_is_symmetric_and_counts_draws_half() -> None:
    report = _report(
        PairingResult("a", "b", 10, 6, 3, 1, 5, 200),
        PairingResult("a", "c", 10, 2, 8, 0, 4, 200),
        PairingResult("b", "c", 10, 5, 5, 0, 6, 200),
    )
    assert report.rate("a", "b") == pytest.approx(0.65)
    assert report.rate("b", "a") == pytest.approx(0.35)
    assert report.rate("a", "a") is None
    assert report.matrix()[2] == [pytest.approx(0.8), pytest.approx(0.5), None]
    assert report.overall("a") == pytest.approx((0.65 + 0.2) / 2)
    assert report.games == 30
    assert report.first_player_rate == pytest.approx((5 + 4 + 6 + 0.5) / 30)
    assert report.out_of_band(0.35, 0.65) == [("a", "c", pytest.approx(0.2))]
    table = report.markdown().splitlines()
    assert table[0] == "| row vs column | a | b | c | overall |"
    assert table[2].startswith("| **a** | — | 65.0% | 20.0% |")


def test_run_balance_plays_every_pairing() -> None:
    report = run_balance("mantimon", DECKS, games=2, seed=3)
    assert [(r.a, r.b) for r in report.results] == pairings(DECKS)
    assert all(r.games == 2 for r in report.results)
    for a in DECKS:
        for b in DECKS:
            if a != b:
                x, y = report.rate(a, b), report.rate(b, a)
                assert x is not None and y is not None and x + y == pytest.approx(1.0)
    assert 0.0 <= report.first_player_rate <= 1.0


def test_the_balance_command_writes_a_markdown_table_and_a_png(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "balance",
            "--games", "2",
            "--deck", "ember-rush",
            "--deck", "verdant-surge",
            "--jobs", "1",
            "--out", str(tmp_path),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    md = (tmp_path / "mantimon.md").read_text()
    assert "| **ember-rush** | — |" in md
    assert "First player's win rate" in md
    assert "mantimon balance --preset mantimon --games 2" in md
    png = (tmp_path / "mantimon.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5_000


def test_the_balance_command_refuses_unknown_decks_and_can_fail_the_bar(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["balance", "--games", "2", "--deck", "nope", "--out", str(tmp_path)])
    assert bad.exit_code != 0
    # Two games cannot land inside an impossible band: --check turns that into exit code 1.
    strict = runner.invoke(
        app,
        ["balance", "--games", "2", "--deck", "ember-rush", "--deck", "tidal-mind",
         "--jobs", "1", "--low", "0.9", "--high", "0.95", "--check", "--out", str(tmp_path)],
    )  # fmt: skip
    assert strict.exit_code == 1, strict.output
    assert "Bar missed" in (tmp_path / "mantimon.md").read_text()


def test_a_job_is_plain_data() -> None:
    """Jobs cross process boundaries (the CLI's process pool), so they must pickle."""
    import pickle

    job = jobs(MANTIMON, DECKS[:2], games=2)[0]
    again = pickle.loads(pickle.dumps(job))
    assert isinstance(again, PairingJob) and again == job
