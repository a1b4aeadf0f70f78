"""``mantimon play`` (a whole game from the terminal, answers piped in) and ``mantimon bot``
(client bots over real sockets) against a running server."""

from __future__ import annotations

from typer.testing import CliRunner

from mantimon.cli import app
from tests.server.harness import ServerThread


def test_play_finishes_a_game_against_a_server_bot(server: ServerThread) -> None:
    result = CliRunner().invoke(
        app,
        ["play", "--server", server.url, "--bot", "random", "--name", "Tester"],
        input="1\n" * 3000,
    )
    assert result.exit_code == 0, result.output
    assert "place " in result.output and "end the turn" in result.output
    assert any(word in result.output for word in ("You win", "You lose", "Draw"))


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
