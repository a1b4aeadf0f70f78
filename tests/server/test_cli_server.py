"""``mantimon play`` (a whole game from the terminal, answers piped in) and ``mantimon bot``
(client bots over real sockets) against a running server.

Every game on the test server is dealt with the same seed and its bots are seeded, so a
piped script of answers plays the same game each time."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from mantimon.cli import app
from tests.server.harness import ServerThread

# Setup: a first option (placing a basic as Active, or answering a mulligan choice), the
# next two if they are still offered, then finish; every turn after: end it. A refused key
# is answered with a hint and the next line is read, so the script never plays a move it
# did not mean; when it runs out (say, at a forced promotion) the game is resigned.
SCRIPT = "1\n2\n3\ne\n" + "e\n" * 300


def _play(server: ServerThread, script: str) -> str:
    result = CliRunner().invoke(
        app,
        ["play", "--server", server.url, "--bot", "random", "--name", "Tester"],
        input=script,
    )
    assert result.exit_code == 0, result.output
    return result.output


def _events(output: str) -> list[str]:
    """The game log's lines (events are printed as "  · text"), unwrapped."""
    flat = re.sub(r"\n(?! |─)", " ", output)  # rich wraps long lines at 80 columns
    return [line.strip()[2:] for line in flat.splitlines() if line.strip().startswith("· ")]


def test_play_finishes_a_game_against_a_server_bot(server: ServerThread) -> None:
    output = _play(server, SCRIPT)
    assert "Place " in output and "e) End your turn" in output and "r) Resign" in output
    assert any(word in output for word in ("You win", "You lose", "Draw"))


def test_play_prints_the_opponents_moves_by_name_and_never_an_id(server: ServerThread) -> None:
    output = _play(server, SCRIPT)
    events = _events(output)
    assert re.fullmatch(r"Coin flip to decide who goes first: (heads|tails)\.", events[0])
    assert events[1] in ("You go first.", "RandomBot goes first.")
    assert any(e.startswith("You drew your opening hand: ") for e in events)  # one's own
    assert "RandomBot drew their opening hand of 7 cards." in events  # hidden: counted
    # The bot's own moves on its turns, which come to this player in game states only.
    start = events.index(next(e for e in events if e.startswith("Turn 1: ")))
    theirs = [e for e in events[start:] if e.startswith(("RandomBot ", "RandomBot's "))]
    assert [e for e in theirs if "drew" not in e], events
    assert "RandomBot ended their turn." in theirs or any(" used " in e for e in theirs)
    assert any(e.startswith("You ") for e in events)
    # Every event once, in order: a turn is announced once.
    turns = [e for e in events if e.startswith("Turn ")]
    assert len(turns) == len(set(turns)) > 2
    assert not re.search(r"\b[ub]-[0-9a-f]{12}\b", output)  # no user or bot id anywhere


def test_resigning_asks_first(server: ServerThread) -> None:
    output = _play(server, "r\nn\nr\ny\n")
    assert output.count("Resign this game? [y/N]") == 2
    assert "Not resigned" in output
    assert "You lose by resignation." in output


def test_a_stray_key_is_refused_with_a_hint(server: ServerThread) -> None:
    output = _play(server, "9\nr\ny\n")
    assert re.search(r"Type a number \([\d, ]+\) or r to resign", output), output
    assert "You lose by resignation." in output


def test_play_explains_when_no_server_is_running() -> None:
    result = CliRunner().invoke(app, ["play", "--server", "http://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "No server at" in result.output


def test_bot_plays_games_as_clients(server: ServerThread) -> None:
    result = CliRunner().invoke(
        app,
        ["bot", "--server", server.url, "--games", "2", "--concurrency", "2", "--bot", "random"],
    )
    assert result.exit_code == 0, result.output
    assert "games on" in result.output
    assert "p99" in result.output
    result = CliRunner().invoke(
        app, ["bot", "--server", server.url, "--games", "1", "--opponent", "greedy"]
    )
    assert result.exit_code == 0, result.output
