"""Engine commands: self-play series, a narrated demo game, the starter decks."""

from __future__ import annotations

import time
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from mantimon.bots import BOTS, Bot
from mantimon.bots.rating import wilson
from mantimon.bots.selfplay import play_game, run_series
from mantimon.bots.spec import bot_from_spec
from mantimon.cards import DeckList, StarterDeck
from mantimon.cli.app import app, console
from mantimon.cli.tournament_cmds import all_pairings_match
from mantimon.client.events import ending, tell
from mantimon.engine import PRESETS, RulesConfig, apply_action, default_pool, new_game
from mantimon.engine.view import render_events


def _rules(preset: str) -> RulesConfig:
    try:
        return RulesConfig.preset_named(preset)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _deck(name: str, preset: str) -> DeckList:
    """A starter deck by id; the classic variant is picked automatically for that preset."""
    return _starter(name, preset).decklist()


def _starter(name: str, preset: str) -> StarterDeck:
    """``_deck``'s starter itself (its name is for people)."""
    starters = default_pool().starters
    candidates = [name, f"{name}-classic"] if preset == "classic" else [name]
    for cid in candidates:
        deck = starters.get(cid)
        if deck is not None and deck.preset == preset:
            return deck
    known = sorted(d.id for d in starters.values() if d.preset == preset)
    raise typer.BadParameter(
        f"no starter deck '{name}' for preset {preset} (known: {', '.join(known)})"
    )


def _bot(name: str) -> Bot:
    try:
        return bot_from_spec(name)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


@app.command()
def selfplay(
    games: Annotated[int, typer.Option(min=1, help="Number of games to play.")] = 100,
    preset: Annotated[str, typer.Option(help=f"Rules preset: {', '.join(PRESETS)}.")] = "mantimon",
    decks: Annotated[tuple[str, str], typer.Option(help="Two starter deck ids.")] = (
        "ember-rush",
        "tidal-mind",
    ),
    bots: Annotated[
        tuple[str, str],
        typer.Option(
            help=f"Two bots: {', '.join(sorted(BOTS))} (for experiments with settings changed:"
            " hard:budget=60)."
        ),
    ] = (
        "greedy",
        "random",
    ),
    seed: Annotated[int, typer.Option(help="Seed of the first game (game i uses seed+i).")] = 0,
    all_pairings: Annotated[
        bool,
        typer.Option(
            help="Spread the games over every ordered pairing of the preset's starter decks,"
            " each deal played twice with the bots swapped (--decks is ignored)."
        ),
    ] = False,
    jobs: Annotated[int, typer.Option(min=1, help="Worker processes (--all-pairings).")] = 2,
    by_pairing: Annotated[
        bool, typer.Option(help="With --all-pairings: print the results per deck pairing.")
    ] = False,
) -> None:
    """Play bots against each other (seats alternate) and report win rates with 95%
    intervals."""
    if all_pairings:
        all_pairings_match(preset, bots[0], bots[1], games, seed, jobs, by_pairing)
        return
    rules = _rules(preset)
    deck_lists = [_deck(decks[0], preset), _deck(decks[1], preset)]
    players = [_bot(bots[0]), _bot(bots[1])]
    start = time.perf_counter()
    with Progress(
        TextColumn("[bold]selfplay"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("games", total=games)
        summary = run_series(
            rules,
            deck_lists,
            players,
            games,
            seed,
            on_game=lambda _r: progress.advance(task),
        )
    elapsed = time.perf_counter() - start
    table = Table(title=f"{games} games, preset {preset}, decks {decks[0]} (A) vs {decks[1]} (B)")
    table.add_column("result")
    table.add_column("games", justify="right")
    table.add_column("share", justify="right")
    table.add_column("95% interval", justify="right")
    for label, n in summary.wins.most_common():
        low, high = wilson(n, games)
        table.add_row(
            label, str(n), f"{100 * n / games:.1f}%", f"{100 * low:.1f}–{100 * high:.1f}%"
        )
    console.print(table)
    reasons = ", ".join(f"{r} {n}" for r, n in summary.reasons.most_common())
    console.print(f"end reasons: {reasons}")
    console.print(
        f"average turns {summary.turns / games:.1f}, "
        f"average actions {summary.actions / games:.1f}, "
        f"first player won {100 * summary.first_player_wins / games:.1f}%, "
        f"{games / elapsed:.1f} games/s"
    )


@app.command()
def demo(
    preset: Annotated[str, typer.Option(help=f"Rules preset: {', '.join(PRESETS)}.")] = "mantimon",
    decks: Annotated[tuple[str, str], typer.Option(help="Two starter deck ids.")] = (
        "ember-rush",
        "tidal-mind",
    ),
    bots: Annotated[tuple[str, str], typer.Option(help="Two bots.")] = ("greedy", "greedy"),
    seed: Annotated[int, typer.Option(help="Game seed.")] = 7,
) -> None:
    """Two bots play one game, told as a spectator sees it: who plays which deck, the coin
    flip, the opening hands and mulligans, then every move. The same seed tells the same
    game."""
    rules = _rules(preset)
    starters = [_starter(decks[0], preset), _starter(decks[1], preset)]
    deck_lists = [s.decklist() for s in starters]
    ids = ("Ana", "Bo")
    record = play_game(rules, deck_lists, [_bot(bots[0]), _bot(bots[1])], seed, player_ids=ids)
    console.print(f"[bold]Mantimon demo[/bold] · preset {preset} · seed {seed}")
    for pid, bot, starter in zip(ids, bots, starters, strict=True):
        console.print(escape(f"{pid + ':':4} {bot} bot, playing {starter.name} ({starter.id})"))
    console.print("[dim]A spectator sees no hand: drawn cards are counted, not named.[/dim]")
    console.rule("Setup")
    state = new_game(rules, deck_lists, ids, seed)
    names = {pid: pid for pid in ids}
    setup = _narrate(render_events(state, state.log, None), names, True)
    for pid, action in record.actions:
        transition = apply_action(state, pid, action)
        setup = _narrate(render_events(state, transition.events, None), names, setup)
    result = f"{record.winner} wins" if record.winner else "Draw"
    result += f" {ending(record.reason)}"
    console.print(f"\n[bold]{result}[/bold] after {record.turns} turns")


def _narrate(events: list[dict[str, Any]], names: dict[str, str], setup: bool) -> bool:
    """Print ``events`` for a spectator, a rule above each turn; returns whether the game is
    still in its setup (no turn has started yet)."""
    for event in events:
        if event["kind"] == "turn_start":
            setup = False
            console.rule(escape(tell(event, names).rstrip(".")))
            continue
        style = "bold" if event["kind"] in ("knockout", "game_over") else ""
        console.print(escape(tell(event, names, setup=setup)), style=style)
    return setup


@app.command()
def decks() -> None:
    """List the starter decks."""
    table = Table(title="Starter decks")
    for col in ("id", "preset", "name", "description"):
        table.add_column(col, no_wrap=col != "description")
    for deck in sorted(default_pool().starters.values(), key=lambda d: (d.preset, d.id)):
        table.add_row(deck.id, deck.preset, deck.name, deck.description)
    console.print(table)
