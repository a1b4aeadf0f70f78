"""The balance command: every starter deck against every other, written to ``docs/balance/``.

What lives here: options, a process pool for the pairings, the markdown report and the PNG
heat map (matplotlib, imported only when the command runs). The games and the matrix come
from ``mantimon.bots.balance``.
"""

from __future__ import annotations

import math
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

from mantimon.bots.balance import BalanceReport, run_balance
from mantimon.cli.app import app, console
from mantimon.engine import PRESETS, default_pool

DEFAULT_OUT = Path("docs/balance")


def _starter_ids(preset: str) -> list[str]:
    """The starter decks of a preset, by id, with the classic suffix dropped from labels."""
    return sorted(d.id for d in default_pool().starters.values() if d.preset == preset)


def report_markdown(report: BalanceReport, seconds: float, low: float, high: float) -> str:
    """The whole report file: how it was made, the matrix, the first-player rate, the bar."""
    bad = report.out_of_band(low, high)
    turns = sum(r.turns for r in report.results) / max(1, report.games)
    verdict = (
        f"**Bar met**: every pairing lies between {low:.0%} and {high:.0%}."
        if not bad
        else "**Bar missed** by: " + ", ".join(f"{a} vs {b} {100 * x:.1f}%" for a, b, x in bad)
    )
    return "\n".join(
        [
            f"# Balance report: {report.preset} preset",
            "",
            f"Every starter deck against every other, {report.bot} bot against {report.bot} bot,"
            f" {report.games_per_pairing} games per pairing (seats alternate game by game;"
            " who goes first is the game's coin flip). Each cell is the row deck's share of"
            " the games against the column deck, a draw counting half.",
            "",
            report.markdown(),
            "",
            f"* First player's win rate: **{100 * report.first_player_rate:.1f}%**"
            f" of {report.games} games (draws {report.draws}, counted half).",
            f"* Average game length: {turns:.1f} turns.",
            f"* {verdict}",
            "",
            "![win-rate heat map](" + f"{report.preset}.png)",
            "",
            f"Reproduce: `mantimon balance --preset {report.preset}"
            f" --games {report.games_per_pairing}` ({seconds:.0f} s on this machine).",
            "",
        ]
    )


def write_heatmap(report: BalanceReport, path: Path) -> None:
    """The matrix as a PNG heat map (row deck's win rate against the column deck)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(report.decks)
    values = [[math.nan if x is None else x for x in row] for row in report.matrix()]
    fig, ax = plt.subplots(figsize=(1.6 * n + 2.5, 1.3 * n + 1.8), dpi=100)
    image = ax.imshow(values, cmap="RdYlGn", vmin=0.2, vmax=0.8)
    ax.set_xticks(range(n), report.decks, rotation=30, ha="right")
    ax.set_yticks(range(n), report.decks)
    for i, row in enumerate(values):
        for j, x in enumerate(row):
            label = "—" if math.isnan(x) else f"{100 * x:.0f}%"
            ax.text(j, i, label, ha="center", va="center", fontsize=11)
    ax.set_title(
        f"{report.preset}: row deck's win rate vs column deck\n"
        f"{report.games_per_pairing} games per pairing, {report.bot} vs {report.bot}; "
        f"first player wins {100 * report.first_player_rate:.1f}%",
        fontsize=10,
    )
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


@app.command()
def balance(
    games: Annotated[
        int, typer.Option(min=2, help="Games per pairing (split between seats).")
    ] = 200,
    preset: Annotated[str, typer.Option(help=f"Rules preset: {', '.join(PRESETS)}.")] = "mantimon",
    deck: Annotated[
        list[str] | None, typer.Option(help="A starter deck id (repeat; default: all).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of the first game.")] = 0,
    jobs: Annotated[int, typer.Option(min=1, help="Worker processes.")] = os.cpu_count() or 1,
    out: Annotated[
        Path, typer.Option(help="Folder for <preset>.md and <preset>.png.")
    ] = DEFAULT_OUT,
    low: Annotated[float, typer.Option(help="Lowest acceptable win rate of a pairing.")] = 0.35,
    high: Annotated[float, typer.Option(help="Highest acceptable win rate of a pairing.")] = 0.65,
    check: Annotated[bool, typer.Option(help="Exit with 1 if a pairing misses the bar.")] = False,
) -> None:
    """Play every starter deck against every other (GreedyBot vs GreedyBot) and write the
    win-rate matrix as a markdown table and a PNG heat map."""
    if preset not in PRESETS:
        raise typer.BadParameter(f"unknown preset '{preset}' (known: {', '.join(PRESETS)})")
    known = _starter_ids(preset)
    decks = deck or known
    unknown = [d for d in decks if d not in known]
    if unknown or len(decks) < 2:
        raise typer.BadParameter(
            f"need at least two starter decks of preset {preset} (known: {', '.join(known)})"
        )
    start = time.perf_counter()
    with console.status(f"playing {len(decks) * (len(decks) - 1) // 2} pairings x {games} games"):
        if jobs > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                report = run_balance(preset, decks, games, seed, mapper=pool.map)
        else:
            report = run_balance(preset, decks, games, seed)
    seconds = time.perf_counter() - start
    out.mkdir(parents=True, exist_ok=True)
    md, png = out / f"{preset}.md", out / f"{preset}.png"
    md.write_text(report_markdown(report, seconds, low, high), encoding="utf-8")
    write_heatmap(report, png)
    console.print(report.markdown())
    console.print(
        f"first player won {100 * report.first_player_rate:.1f}% of {report.games} games; "
        f"{seconds:.0f} s; wrote {md} and {png}"
    )
    bad = report.out_of_band(low, high)
    for a, b, x in bad:
        console.print(f"[red]outside {low:.0%}..{high:.0%}[/red]: {a} vs {b} {100 * x:.1f}%")
    if check and bad:
        raise typer.Exit(1)
