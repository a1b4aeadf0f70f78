"""A tournament saved to a ledger survives a stop: run again, it plays only the games the
ledger lacks (a last line cut short by the stop included) and reports the same table as a
run that never stopped. After a code change, a pair's saved games stand only if some of
them replay the same; a ledger damaged before its end is refused."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from mantimon.bots.tournament import play_job, schedule
from mantimon.cli import app
from mantimon.cli.ledger import Ledger, LedgerError, code_fingerprint, decode, encode

runner = CliRunner()
ARGS = ["tournament", "--bots", "random", "--bots", "easy", "--bots", "greedy", "--reach", "1"]


def _run(out: Path, save: Path | None) -> str:
    extra = ["--save", str(save)] if save is not None else []
    result = runner.invoke(app, [*ARGS, "--games", "6", "--jobs", "1", "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def _results(out: Path) -> str:
    """The report's pair results and ratings (its decision times differ run to run)."""
    md = (out / "tournament.md").read_text(encoding="utf-8")
    return md[md.index("## Results by pair") : md.index("## Time per decision")]


def test_a_stopped_tournament_goes_on_where_it_stopped(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    _run(whole, None)
    ledger = tmp_path / "games.jsonl"
    first = _run(tmp_path / "first", ledger)
    assert "0 of 12 games already played" in first
    lines = ledger.read_bytes().splitlines()
    assert len(lines) == 1 + 12  # the header, then one line per game
    # A stop: the last four games never written, the one before cut mid-line.
    ledger.write_bytes(b"\n".join(lines[:8]) + b"\n" + lines[8][:25])
    again = _run(tmp_path / "again", ledger)
    assert "7 of 12 games already played (its last line was cut short" in again
    assert len(ledger.read_bytes().splitlines()) == 13
    assert _results(tmp_path / "again") == _results(whole) == _results(tmp_path / "first")
    md = (tmp_path / "again" / "tournament.md").read_text(encoding="utf-8")
    assert re.search(r"for the 5 games this run played; 7 came from its ledger", md)
    # Once complete, a run plays nothing more.
    assert "12 of 12 games already played" in _run(tmp_path / "third", ledger)


def test_a_ledger_of_other_code_or_damaged_inside_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    Ledger(other, fingerprint="0123456789abcdef").close()
    args = [*ARGS, "--games", "2", "--out", str(tmp_path), "--save", str(other), "--verify", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert "decided by other code" in " ".join(result.output.split())
    assert not (tmp_path / "tournament.md").exists()

    damaged = tmp_path / "damaged.jsonl"
    ledger = Ledger(damaged)
    for job in schedule("mantimon", "random", "easy", 4)[:3]:
        ledger.add(play_job(job))
    ledger.close()
    lines = damaged.read_bytes().splitlines()
    damaged.write_bytes(b"\n".join([*lines[:2], b"{not json", *lines[2:]]) + b"\n")
    with pytest.raises(LedgerError, match="line 3: not a game"):
        Ledger(damaged)
    assert damaged.read_bytes().count(b"\n") == 5  # left as it was


def test_a_game_reads_back_as_it_was_written() -> None:
    result = play_job(schedule("mantimon", "greedy", "random", 2, seed=5)[1])
    back = decode(encode(result))
    assert (back.job, back.winner, back.reason, back.turns) == (
        result.job,
        result.winner,
        result.reason,
        result.turns,
    )
    assert len(back.times_a) == len(result.times_a) > 0
    assert all(abs(x - y) <= 1e-6 for x, y in zip(back.cpu_b, result.cpu_b, strict=True))
    assert len(code_fingerprint()) == 16
    # A replay of the job is the same game, to the action; another digest is not.
    assert len(back.digest) == 16 and play_job(result.job).digest == back.digest
    assert back.same_game(result)
    assert not back.same_game(replace(result, digest="0" * 16))
    assert back.same_game(replace(result, digest=""))  # a line saved without one


def test_a_last_line_without_its_newline_is_kept_and_the_next_game_starts_a_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "games.jsonl"
    jobs = schedule("mantimon", "random", "easy", 4)
    ledger = Ledger(path)
    for job in jobs[:2]:
        ledger.add(play_job(job))
    ledger.close()
    path.write_bytes(path.read_bytes().rstrip(b"\n"))  # stopped between a line and its newline
    ledger = Ledger(path)
    assert set(ledger.done) == set(jobs[:2]) and not ledger.dropped
    ledger.add(play_job(jobs[2]))
    ledger.close()
    assert set(Ledger(path).done) == set(jobs[:3])
    assert len(path.read_bytes().splitlines()) == 4


def test_after_a_code_change_only_the_pairs_that_replay_the_same_are_kept(tmp_path: Path) -> None:
    ledger = tmp_path / "games.jsonl"
    _run(tmp_path / "first", ledger)
    games = ledger.read_bytes().splitlines()[1:]
    # Other code wrote it; under that code, easy against greedy went otherwise.
    changed = []
    for line in games:
        d = orjson.loads(line)
        if d["job"][1:3] == ["easy", "greedy"]:
            d["turns"] += 1
        changed.append(orjson.dumps(d))
    ledger.write_bytes(b"\n".join([b'{"ledger":1,"code":"0123456789abcdef"}', *changed]) + b"\n")
    args = [*ARGS, "--games", "6", "--jobs", "1", "--out", str(tmp_path / "again")]
    result = runner.invoke(app, [*args, "--save", str(ledger), "--verify", "2"])
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "random vs easy: 2 of 2 replayed the same; 6 kept" in flat
    assert "easy vs greedy: 0 of 2 replayed the same; 6 dropped" in flat
    assert "6 of 12 games already played" in flat
    assert _results(tmp_path / "again") == _results(tmp_path / "first")
    assert orjson.loads(ledger.read_bytes().splitlines()[0])["code"] == code_fingerprint()
    assert len(Ledger(ledger).done) == 12
