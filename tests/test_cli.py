"""The ``mantimon`` command line through typer's ``CliRunner``: selfplay, demo, decks, errors.

Numbers printed by the CLI are checked against the same series run directly through
``mantimon.bots.selfplay`` (same seed, so the same games). Rich may wrap long lines at the
runner's 80 columns, so text checks use a flattened copy of the output (box-drawing
characters removed, whitespace collapsed).
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner, Result

from mantimon.bots import make_bot
from mantimon.bots.selfplay import Summary, play_game, run_series
from mantimon.cards import DeckList
from mantimon.cli import app
from mantimon.client.events import ending
from mantimon.engine import PRESETS, default_pool
from tests.test_client_events import mulligan_deal

runner = CliRunner()
_BOX = re.compile(r"[\u2500-\u257f\u2580-\u259f]")


def _flat(text: str) -> str:
    return " ".join(_BOX.sub(" ", text).split())


def _invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


def _decks(preset: str) -> list[DeckList]:
    starters = default_pool().starters
    suffix = "-classic" if preset == "classic" else ""
    return [starters[f"ember-rush{suffix}"].decklist(), starters[f"tidal-mind{suffix}"].decklist()]


def _expected(preset: str, games: int, bots: tuple[str, str], seed: int) -> Summary:
    return run_series(
        PRESETS[preset], _decks(preset), [make_bot(bots[0]), make_bot(bots[1])], games, seed
    )


def _assert_report(out: str, summary: Summary, games: int) -> None:
    flat = _flat(out)
    assert summary.wins, "a series always has results"
    for label, n in summary.wins.items():
        share = f"{100 * n / games:.1f}%"
        assert re.search(rf"{re.escape(label)}\s+{n}\s+{re.escape(share)}", flat), (label, flat)
    shown = sum(int(m) for m in re.findall(r"(?:A:\w+|B:\w+|draw)\s+(\d+)\s+[\d.]+%", flat))
    assert shown == games
    reasons = ", ".join(f"{r} {n}" for r, n in summary.reasons.most_common())
    assert f"end reasons: {reasons}" in flat
    assert f"average turns {summary.turns / games:.1f}" in flat
    assert f"average actions {summary.actions / games:.1f}" in flat
    assert f"first player won {100 * summary.first_player_wins / games:.1f}%" in flat
    assert re.search(r"[\d.]+ games/s", flat)


def test_selfplay_prints_win_rates_turns_and_end_reasons() -> None:
    result = _invoke("selfplay", "--games", "4", "--bots", "greedy", "random")
    assert result.exit_code == 0, result.output
    assert "4 games, preset mantimon" in _flat(result.output)
    assert "ember-rush (A) vs tidal-mind (B)" in _flat(result.output)
    _assert_report(result.output, _expected("mantimon", 4, ("greedy", "random"), 0), 4)


def test_selfplay_seed_option_is_honoured_and_reproducible() -> None:
    args = ("selfplay", "--games", "3", "--bots", "random", "random", "--seed", "41")
    first, second = _invoke(*args), _invoke(*args)
    assert first.exit_code == second.exit_code == 0
    _assert_report(first.output, _expected("mantimon", 3, ("random", "random"), 41), 3)
    _assert_report(second.output, _expected("mantimon", 3, ("random", "random"), 41), 3)


@pytest.mark.parametrize(
    "decks", [("ember-rush", "tidal-mind"), ("ember-rush-classic", "tidal-mind-classic")]
)
def test_selfplay_classic_preset_maps_starter_ids(decks: tuple[str, str]) -> None:
    result = _invoke("selfplay", "--games", "2", "--preset", "classic", "--decks", *decks)
    assert result.exit_code == 0, result.output
    assert "preset classic" in _flat(result.output)
    # Classic decks carry energy in the main deck: the report matches a classic series.
    _assert_report(result.output, _expected("classic", 2, ("greedy", "random"), 0), 2)


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--preset", "bogus"), ["unknown preset 'bogus'", "mantimon", "classic"]),
        (
            ("--decks", "nope", "tidal-mind"),
            ["no starter deck 'nope' for preset mantimon", "ember-rush", "tidal-mind"],
        ),
        (
            ("--decks", "ember-rush-classic", "tidal-mind"),
            ["no starter deck 'ember-rush-classic' for preset mantimon"],
        ),
        (
            ("--preset", "classic", "--decks", "ember-rush", "nope"),
            ["no starter deck 'nope' for preset classic", "ember-rush-classic"],
        ),
        (("--bots", "nope", "random"), ["unknown bot 'nope'", "greedy", "random"]),
        (("--bots", "greedy", "minimax"), ["unknown bot 'minimax'", "greedy", "random"]),
    ],
)
def test_selfplay_rejects_unknown_names_clearly(args: tuple[str, ...], needles: list[str]) -> None:
    result = _invoke("selfplay", "--games", "1", *args)
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit)  # a usage error, not a crash
    flat = _flat(result.output)
    assert "Traceback" not in result.output
    assert "Invalid value" in flat
    for needle in needles:
        assert needle in flat, (needle, flat)
    # Nothing was played.
    assert "end reasons" not in flat


@pytest.mark.parametrize("command", ["demo", "selfplay"])
def test_unknown_preset_fails_for_every_command(command: str) -> None:
    result = _invoke(command, "--preset", "nonesuch")
    assert result.exit_code != 0
    assert "unknown preset 'nonesuch'" in _flat(result.output)


def _demo_record(preset: str, bots: tuple[str, str], seed: int) -> str:
    """The demo's last line for the same game played directly."""
    record = play_game(
        PRESETS[preset],
        _decks(preset),
        [make_bot(bots[0]), make_bot(bots[1])],
        seed,
        player_ids=("Ana", "Bo"),
    )
    result = f"{record.winner} wins" if record.winner else "Draw"
    return f"{result} {ending(record.reason)} after {record.turns} turns"


def test_demo_prints_a_game_log_ending_with_the_result() -> None:
    result = _invoke("demo")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) > 20
    assert any(re.search(r"Turn 1: (Ana|Bo)'s turn", line) for line in lines)
    assert any(line.startswith("Game over:") for line in lines)
    # The same game played directly (demo defaults: mantimon, greedy vs greedy, seed 7).
    last = _demo_record("mantimon", ("greedy", "greedy"), 7)
    assert lines[-1] == last


def test_demo_names_the_seed_the_bots_and_the_decks_then_tells_the_setup() -> None:
    seed, state = mulligan_deal(("Ana", "Bo"))  # a deal where Bo takes a mulligan
    args = ("demo", "--bots", "greedy", "random", "--seed", str(seed))
    result = _invoke(*args)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[0] == f"Mantimon demo · preset mantimon · seed {seed}"
    assert lines[1] == "Ana: greedy bot, playing Ember Rush (ember-rush)"
    assert lines[2] == "Bo:  random bot, playing Tidal Mind (tidal-mind)"
    flat = _flat(result.output)
    setup = flat[flat.index("Setup") : flat.index("Turn 1:")]
    flip = next(e.data["result"] for e in state.log if e.kind == "flip")
    first = ("Ana", "Bo")[state.first]
    taken = sum(e.kind == "mulligan" for e in state.log)
    assert f"Coin flip to decide who goes first: {flip}. {first} goes first." in setup
    assert "Ana drew their opening hand of 7 cards." in setup  # a spectator sees counts
    assert setup.count("Bo drew their opening hand of 7 cards.") == taken + 1
    assert setup.count("Bo had no basic creature in their hand (") == taken
    assert "for Bo's mulligans." in setup
    assert "Ana placed a creature face down as their Active." in setup
    assert "Ana revealed their starting creatures:" in setup
    # Deterministic: the same seed tells the same game, word for word.
    assert _invoke(*args).output == result.output


def test_demo_accepts_preset_bots_and_seed() -> None:
    result = _invoke("demo", "--preset", "classic", "--bots", "random", "greedy", "--seed", "3")
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert "seed 3" in result.output.splitlines()[0]
    assert last == _demo_record("classic", ("random", "greedy"), 3)


def test_decks_lists_the_starter_decks() -> None:
    result = _invoke("decks")
    assert result.exit_code == 0, result.output
    flat = _flat(result.output)
    assert "Starter decks" in flat
    starters = default_pool().starters
    assert {"ember-rush", "tidal-mind", "ember-rush-classic", "tidal-mind-classic"} <= set(starters)
    tokens = set(flat.split())
    for deck in starters.values():
        assert deck.id in tokens, deck.id
        assert deck.name in flat, deck.name
    assert {"mantimon", "classic"} <= tokens


def test_no_arguments_shows_help() -> None:
    result = _invoke()
    flat = _flat(result.output)
    for command in ("selfplay", "demo", "decks"):
        assert command in flat
    assert "Usage" in flat
