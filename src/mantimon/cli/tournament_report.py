"""The tournament's written results: ``tournament.md`` and the Elo plot ``elo.png``.

What lives here: turning a played ``Table`` (and its Elo table) into markdown tables (pair
results with Wilson intervals, per deck pairing on request, Elo with bootstrap intervals,
decision times) and a PNG (matplotlib with the Agg backend, imported inside the plotting
function only, so nothing else that imports the CLI pays for it). What must not: playing
games or statistics (``mantimon.bots.tournament`` and ``mantimon.bots.rating``).
"""

from __future__ import annotations

from pathlib import Path

from mantimon.bots import BOTS
from mantimon.bots.rating import Rating, wilson
from mantimon.bots.tournament import Match, Table, percentile


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def match_rows(matches: list[Match]) -> list[str]:
    """One markdown row per match: games, wins, draws, ``a``'s share and its interval."""
    rows = [
        "| bot A | bot B | games | A wins | B wins | draws | A's share | 95% interval |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for m in matches:
        r = m.record
        share, low, high = m.rate()
        rows.append(
            f"| {m.a} | {m.b} | {r.games} | {r.wins_a} | {r.wins_b} | {r.draws} |"
            f" **{_pct(share)}** | {_pct(low)} – {_pct(high)} |"
        )
    return rows


def pairing_rows(m: Match) -> list[str]:
    """``m`` per deck pairing (A's deck, B's deck)."""
    rows = [
        f"| {m.a}'s deck | {m.b}'s deck | games | {m.a} wins | {m.b} wins | draws | share |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for (da, db), r in m.by_pairing().items():
        share = r.score_a / r.games if r.games else 0.5
        rows.append(
            f"| {da} | {db} | {r.games} | {r.wins_a} | {r.wins_b} | {r.draws} | {_pct(share)} |"
        )
    return rows


def elo_rows(ratings: list[Rating]) -> list[str]:
    rows = ["| bot | Elo | 95% interval | what a player reads |", "|---|---:|---|---|"]
    for r in ratings:
        about = getattr(BOTS.get(r.name), "description", "")
        rows.append(f"| {r.name} | **{r.elo:.0f}** | {r.low:.0f} – {r.high:.0f} | {about} |")
    return rows


def time_rows(table: Table) -> list[str]:
    rows = [
        "| bot | decisions | median | p95 | CPU median | CPU p95 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for bot in table.bots:
        wall, cpu = table.times(bot), table.times(bot, cpu=True)
        rows.append(
            f"| {bot} | {len(wall)} | {_ms(percentile(wall, 0.5))} | {_ms(percentile(wall, 0.95))}"
            f" | {_ms(percentile(cpu, 0.5))} | {_ms(percentile(cpu, 0.95))} |"
        )
    return rows


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def report_markdown(
    table: Table,
    ratings: list[Rating],
    anchor: str,
    seconds: float,
    command: str,
    by_pairing: bool = False,
    resumed: int = 0,
) -> str:
    """The whole ``tournament.md``; ``resumed``: games taken from a ledger, not played
    in the ``seconds`` of this run."""
    who = (
        "Every pair of bots"
        if table.reach is None
        else f"Each bot, against the next {table.reach} of the list ({', '.join(table.bots)}),"
    )
    lines = [
        f"# Bot tournament: {table.preset} preset",
        "",
        f"{who} played {table.games} games over every ordered pairing of the"
        " preset's starter decks (mirror matches included), spread evenly. Each deal (deck"
        " pairing and seed) is played twice with the bots swapped, so both bots meet the"
        " same shuffles and coin flips from the same seat. A draw counts half. Intervals on"
        " a share are 95% Wilson score intervals.",
        "",
        "## Results by pair",
        "",
        *match_rows(table.matches),
        "",
        "## Elo ratings",
        "",
        f"Bradley-Terry maximum likelihood on the Elo scale (400 points: 10 to 1 odds),"
        f" anchored at {anchor} = 0, with one virtual draw per pair so a clean sweep stays"
        " finite; 95% intervals from 200 bootstrap resamples of each pair's games (seed 0).",
        "",
        *elo_rows(ratings),
        "",
        "![Elo ratings with 95% intervals](elo.png)",
        "",
        "## Time per decision",
        "",
        "Each bot's `choose` call, timed in the worker processes: wall clock, and the CPU"
        " time of the thread (the wall clock also counts waits for a shared CPU).",
        "",
        *time_rows(table),
        "",
    ]
    if by_pairing:
        lines += ["## By deck pairing", ""]
        for m in table.matches:
            lines += [f"### {m.a} vs {m.b}", "", *pairing_rows(m), ""]
    took = f"{seconds:.0f} s on this machine"
    if resumed:
        played = sum(len(m.results) for m in table.matches) - resumed
        took += f" for the {played} games this run played; {resumed} came from its ledger"
    lines += [f"Reproduce: `{command}` ({took}).", ""]
    return "\n".join(lines)


def write_elo_plot(ratings: list[Rating], path: Path, title: str) -> None:
    """Ratings as points with their 95% intervals, best at the top."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ordered = list(reversed(ratings))
    ys = range(len(ordered))
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(ordered) + 1.6), dpi=100)
    ax.errorbar(
        [r.elo for r in ordered],
        ys,
        xerr=[[r.elo - r.low for r in ordered], [r.high - r.elo for r in ordered]],
        fmt="o",
        capsize=5,
        color="#2a6f97",
    )
    for y, r in zip(ys, ordered, strict=True):
        ax.annotate(f"{r.elo:.0f}", (r.elo, y), textcoords="offset points", xytext=(0, 8))
    ax.set_yticks(list(ys), [r.name for r in ordered])
    ax.set_xlabel("Elo (95% interval)")
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def share_line(name: str, score: float, games: int) -> str:
    """``name``: share and 95% interval, for printing."""
    low, high = wilson(score, games)
    share = score / games if games else 0.5
    return f"{name}: {_pct(share)} (95% interval {_pct(low)} – {_pct(high)})"
