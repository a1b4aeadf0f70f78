"""The tournament command, and the all-pairings match that ``selfplay`` can play.

What lives here: options, a ``multiprocessing`` pool (bots are built by name inside the
workers), progress, printing, and writing ``tournament.md`` / ``elo.png``. The games come
from ``mantimon.bots.tournament``, the numbers from ``mantimon.bots.rating``, the files'
text from ``tournament_report``.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table as RichTable

from mantimon.bots import BOTS, LEVELS
from mantimon.bots.rating import elo_table
from mantimon.bots.spec import bot_from_spec
from mantimon.bots.tournament import (
    GameJob,
    GameResult,
    Mapper,
    Match,
    percentile,
    play_job,
    play_match,
    run_table,
    table_jobs,
)
from mantimon.cli.app import app, console
from mantimon.cli.ledger import Ledger, LedgerError
from mantimon.cli.tournament_report import report_markdown, share_line, write_elo_plot
from mantimon.engine import PRESETS

DEFAULT_OUT = Path("docs/ai")


def default_bots() -> list[str]:
    """Every registered level, then the yardsticks ``greedy`` and ``random``."""
    return [b for b in LEVELS if b in BOTS] + [b for b in ("greedy", "random") if b in BOTS]


def check_bots(names: Iterable[str]) -> None:
    """Every name must make a bot (a level, or a spec with settings: ``bots.spec``)."""
    for name in names:
        try:
            bot_from_spec(name)
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from None


def check_preset(preset: str) -> None:
    if preset not in PRESETS:
        raise typer.BadParameter(f"unknown preset '{preset}' (known: {', '.join(PRESETS)})")


@contextmanager
def game_mapper(jobs: int, total: int, label: str) -> Iterator[Mapper]:
    """A mapper over games (a pool of ``jobs`` processes, or in-process for 1) that
    advances a progress bar of ``total`` games."""
    with Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("games", total=total)

        def tracked(results: Iterable[GameResult]) -> Iterator[GameResult]:
            for r in results:
                progress.advance(task)
                yield r

        if jobs <= 1:

            def local(
                f: Callable[[GameJob], GameResult], js: Iterable[GameJob]
            ) -> Iterable[GameResult]:
                return tracked(map(f, js))

            yield local
            return
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:

            def pooled(
                f: Callable[[GameJob], GameResult], js: Iterable[GameJob]
            ) -> Iterable[GameResult]:
                return tracked(pool.imap(f, js, chunksize=4))

            yield pooled


def replay_ledger(
    ledger: Ledger, table: list[tuple[tuple[str, str], list[GameJob]]], n: int, jobs: int
) -> None:
    """Keep the saved games of each pair whose ``n`` sampled games (spread over the pair's
    saved ones) replay the same with the code installed now; drop the rest."""
    held = [[j for j in js if j in ledger.done] for _, js in table]
    samples = [[h[i * len(h) // n] for i in range(min(n, len(h)))] for h in held]
    console.print(
        f"{ledger.path}: saved by other code ({ledger.written_by}; installed now"
        f" {ledger.fingerprint}): replaying up to {n} games a pair to check"
    )
    todo = [j for sample in samples for j in sample]
    with game_mapper(jobs, len(todo), "checking") as mapper:
        replayed = {r.job: r for r in mapper(play_job, todo)}
    kept: list[GameResult] = []
    for ((a, b), _), h, sample in zip(table, held, samples, strict=True):
        if not h:
            continue
        same = sum(ledger.done[j].same_game(replayed[j]) for j in sample)
        if same == len(sample):
            kept += [replayed.get(j, ledger.done[j]) for j in h]
            console.print(f"  {a} vs {b}: {same} of {len(sample)} replayed the same; {len(h)} kept")
        else:
            console.print(
                f"  {a} vs {b}: {same} of {len(sample)} replayed the same; {len(h)} dropped"
            )
    others = len(ledger.done) - sum(len(h) for h in held)
    if others:
        console.print(f"  {others} games of other pairs or settings dropped")
    ledger.keep(kept)


def print_match(m: Match) -> None:
    r = m.record
    console.print(f"[bold]{m.a} vs {m.b}[/bold]: {r.games} games, draws {r.draws}")
    console.print("  " + share_line(m.a, r.score_a, r.games))
    console.print("  " + share_line(m.b, r.wins_b + r.draws / 2, r.games))
    for bot in (m.a, m.b):
        wall, cpu = m.times(bot), m.times(bot, cpu=True)
        console.print(
            f"  {bot}: {len(wall)} decisions, median {1000 * percentile(wall, 0.5):.2f} ms,"
            f" p95 {1000 * percentile(wall, 0.95):.2f} ms"
            f" (CPU {1000 * percentile(cpu, 0.5):.2f} / {1000 * percentile(cpu, 0.95):.2f} ms)"
        )


def pairings_table(m: Match) -> RichTable:
    table = RichTable(title=f"{m.a} vs {m.b} by deck pairing")
    for col in (f"{m.a}'s deck", f"{m.b}'s deck", "games", f"{m.a} share"):
        table.add_column(col)
    for (da, db), r in m.by_pairing().items():
        table.add_row(da, db, str(r.games), f"{100 * r.score_a / max(1, r.games):.1f}%")
    return table


def all_pairings_match(
    preset: str, a: str, b: str, games: int, seed: int, jobs: int, show_pairings: bool
) -> Match:
    """``selfplay --all-pairings``: one match over every starter pairing, printed."""
    check_preset(preset)
    check_bots((a, b))
    with game_mapper(jobs, games + games % 2, f"{a} vs {b}") as mapper:
        match = play_match(preset, a, b, games, seed, mapper)
    print_match(match)
    if show_pairings:
        console.print(pairings_table(match))
    return match


@app.command()
def tournament(
    bots: Annotated[
        list[str] | None,
        typer.Option(
            help="A bot (repeat; default: every level, greedy and random). For experiments, "
            "a bot with settings changed: expert:rounds=0:budget=48."
        ),
    ] = None,
    games: Annotated[int, typer.Option(min=2, help="Games per pair of bots.")] = 200,
    preset: Annotated[str, typer.Option(help=f"Rules preset: {', '.join(PRESETS)}.")] = "mantimon",
    seed: Annotated[int, typer.Option(help="Seed of the first deal.")] = 0,
    jobs: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 2,
    out: Annotated[Path, typer.Option(help="Folder for tournament.md and elo.png.")] = DEFAULT_OUT,
    anchor: Annotated[str, typer.Option(help="The bot rated 0 (default: random).")] = "random",
    pairings: Annotated[bool, typer.Option(help="Add each match by deck pairing.")] = False,
    reach: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Each bot plays only the next N bots named (a ladder; list them weakest "
            "first). Default: every pair.",
        ),
    ] = None,
    save: Annotated[
        Path | None,
        typer.Option(
            help="Keep each finished game in this file (JSON lines) and play only the games "
            "not in it yet: a stopped tournament, run again with the same command, goes on "
            "where it stopped. If the bots, engine or cards changed since, see --verify.",
        ),
    ] = None,
    verify: Annotated[
        int,
        typer.Option(
            min=0,
            help="With --save, after the bots, engine or cards changed: replay this many of "
            "each pair's saved games and keep the pairs whose games play the same (0: refuse "
            "a file saved by other code).",
        ),
    ] = 4,
) -> None:
    """Every pair of bots over every starter pairing; writes Elo ratings with intervals."""
    names = bots or default_bots()
    check_preset(preset)
    check_bots(names)
    if len(set(names)) < 2 or len(set(names)) != len(names):
        raise typer.BadParameter("need at least two different bots, each named once")
    anchor_name = anchor if anchor in names else names[0]
    try:
        ledger = Ledger(save) if save is not None else None
    except LedgerError as exc:
        raise typer.BadParameter(str(exc), param_hint="--save") from exc
    planned = table_jobs(preset, names, games, seed, reach)
    if ledger is not None and ledger.unverified:
        if not verify:
            raise typer.BadParameter(
                f"{save} holds games decided by other code (bots, engine or cards "
                f"{ledger.written_by}, installed now {ledger.fingerprint}): pass --verify N to "
                "replay N games a pair and keep the pairs that play the same, save to another "
                "file, or delete it to start over",
                param_hint="--save",
            )
        replay_ledger(ledger, planned, verify, jobs)
    done = ledger.done if ledger is not None else {}
    wanted = {j for _, js in planned for j in js}
    resumed = len(wanted & done.keys())
    if ledger is not None:
        cut = " (its last line was cut short: that game is played again)" if ledger.dropped else ""
        console.print(f"{save}: {resumed} of {len(wanted)} games already played{cut}")
    start = time.perf_counter()
    try:
        with game_mapper(jobs, len(wanted) - resumed, "tournament") as mapper:
            table = run_table(
                preset,
                names,
                games,
                seed,
                mapper,
                reach=reach,
                done=done,
                on_result=ledger.add if ledger is not None else None,
            )
    finally:
        if ledger is not None:
            ledger.close()
    seconds = time.perf_counter() - start
    for m in table.matches:
        print_match(m)
    ratings = elo_table(names, table.records(), anchor=anchor_name, seed=0)
    for r in ratings:
        console.print(f"{r.name:>8}: Elo {r.elo:6.0f}  (95% {r.low:.0f} .. {r.high:.0f})")
    command = (
        f"mantimon tournament {' '.join(f'--bots {n}' for n in names)} --games {games}"
        f" --preset {preset} --seed {seed} --jobs {jobs}"
        + (" --pairings" if pairings else "")
        + (f" --reach {reach}" if reach is not None else "")
        + (f" --save {save}" if save is not None else "")
    )
    out.mkdir(parents=True, exist_ok=True)
    md, png = out / "tournament.md", out / "elo.png"
    md.write_text(
        report_markdown(table, ratings, anchor_name, seconds, command, pairings, resumed),
        encoding="utf-8",
    )
    write_elo_plot(ratings, png, f"{preset}: {games} games per pair, anchored at {anchor_name} = 0")
    console.print(f"{seconds:.0f} s; wrote {md} and {png}")
