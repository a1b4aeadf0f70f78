"""Terminal play and client bots: the async bodies of ``mantimon play`` and ``mantimon bot``."""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time

import httpx
from rich.table import Table

from mantimon.bots import make_bot
from mantimon.cli.app import console
from mantimon.client import ApiError, Client, GameSocket, PlayReport, play
from mantimon.client.describe import board, describe
from mantimon.engine import Action, ResignAction
from mantimon.protocol import (
    ActionResultMessage,
    ErrorMessage,
    GameOverMessage,
    GameStateMessage,
    OpponentStatusMessage,
    TurnTimeoutMessage,
)


async def _read_choice(count: int) -> int | None:
    """A number 1..count typed by the player (None at end of input)."""
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            return None
        line = line.strip()
        if line.isdigit() and 1 <= int(line) <= count:
            return int(line) - 1
        console.print(f"[red]type a number from 1 to {count}[/red]")


async def play_in_terminal(
    server: str, name: str, bot: str, deck: str, bot_deck: str | None, preset: str
) -> int:
    async with Client(server) as client:
        try:
            await client.guest(name)
            body = {"opponent": "bot", "bot": bot, "deck": deck, "preset": preset}
            if bot_deck:
                body["bot_deck"] = bot_deck
            game = await client.create_game(**body)
        except httpx.TransportError:
            console.print(
                f"[red]No server at {server}.[/red] Start one with [bold]make run[/bold]."
            )
            return 2
        except ApiError as exc:
            console.print(f"[red]{exc.message}[/red]")
            return 2
        opponent = game["players"][1]["name"]
        console.print(f"Game {game['id']} against {opponent} ({preset}). Type an action's number.")
        async with client.socket() as sock:
            await sock.join(game["id"])
            return await _terminal_loop(sock, game["id"], client.user_id)


async def _terminal_loop(sock: GameSocket, gid: str, me: str) -> int:
    latest: GameStateMessage | None = None  # newest state not yet acted on
    sent: tuple[str, Action] | None = None  # in flight: states before its result are stale
    while True:
        message = await sock.recv()
        if isinstance(message, GameStateMessage):
            if sent is None:
                latest = message
        elif isinstance(message, ActionResultMessage):
            sent = None
            if message.success:
                latest = None  # the state it changed is stale: the new one follows
            else:
                console.print(f"[red]{message.error_code}: {message.error_message}[/red]")
            for event in message.changes.get("events", []):
                console.print(f"  · {event['text']}")
        elif isinstance(message, TurnTimeoutMessage):
            left = f"{message.remaining_seconds} s left" if message.is_warning else "time ran out"
            console.print(f"[yellow]{message.player_id}: {left}[/yellow]")
        elif isinstance(message, OpponentStatusMessage):
            console.print(f"[dim]opponent is {message.status.value}[/dim]")
        elif isinstance(message, ErrorMessage):
            if sent is not None and message.request_message_id == sent[0]:
                if message.code.value == "rate_limited":  # dropped unread: send it again
                    await asyncio.sleep(0.5)
                    await sock.act(gid, sent[1], message_id=sent[0])
                    continue
                sent = None
            console.print(f"[red]{message.code.value}: {message.message}[/red]")
        elif isinstance(message, GameOverMessage):
            console.rule()
            console.print(board(message.final_state))
            won = message.winner_id == me
            result = "Draw" if message.winner_id is None else ("You win" if won else "You lose")
            console.print(f"[bold]{result}[/bold] ({message.end_reason.value})")
            return 0
        if latest is not None and sent is None and me in latest.state.waiting_for:
            state = latest.state
            console.rule()
            console.print(board(state))
            if state.pending is not None:
                console.print(f"[bold]{state.pending.prompt}[/bold]")
            for i, action in enumerate(state.legal_actions, 1):
                console.print(f"  {i:2d}) {describe(action, state)}")
            choice = await _read_choice(len(state.legal_actions))
            action = state.legal_actions[choice] if choice is not None else ResignAction()
            sent = (await sock.act(gid, action), action)  # end of input: give up cleanly


async def _one_game(
    a: Client, b: Client | None, bot_name: str, opponent: str, deck: str, seed: int
) -> list[PlayReport]:
    """One game of ``a`` against the client ``b``, or against a server bot when ``b`` is
    None."""
    if b is not None:
        game = await a.create_game(opponent="invite", deck=deck)
        await b.join_game(game["id"], deck)
        async with a.socket() as sa, b.socket() as sb:
            return list(
                await asyncio.gather(
                    play(sa, game["id"], a.user_id, make_bot(bot_name), random.Random(seed)),
                    play(sb, game["id"], b.user_id, make_bot(bot_name), random.Random(seed + 1)),
                )
            )
    game = await a.create_game(opponent="bot", bot=opponent, deck=deck)
    async with a.socket() as sa:
        return [await play(sa, game["id"], a.user_id, make_bot(bot_name), random.Random(seed))]


async def run_client_bots(
    server: str, games: int, bot: str, opponent: str, concurrency: int, deck: str
) -> None:
    reports: list[PlayReport] = []
    start = time.perf_counter()
    todo = iter(range(games))

    async def worker(w: int) -> None:
        """Signs in once (the server limits sign-ups per address), then plays games from
        ``todo`` until none are left."""
        async with Client(server) as a, Client(server) as b:
            await a.guest(f"Bot{w}a")
            if opponent == "client":
                await b.guest(f"Bot{w}b")
            for i in todo:
                other = b if opponent == "client" else None
                reports.extend(await _one_game(a, other, bot, opponent, deck, i * 2))

    await asyncio.gather(*(worker(w) for w in range(min(concurrency, games))))
    elapsed = time.perf_counter() - start
    latencies = sorted(x for r in reports for x in r.latencies)
    table = Table(title=f"{games} games on {server}")
    for col in ("game", "winner", "reason", "actions", "refused"):
        table.add_column(col)
    for r in reports:
        row = (
            r.game_id,
            r.winner_id or "draw",
            r.end_reason or "-",
            str(r.actions),
            str(r.refused),
        )
        table.add_row(*row)
    console.print(table)
    if latencies:
        p50 = statistics.median(latencies) * 1000
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
        resent = sum(r.rate_limited for r in reports)
        console.print(
            f"{len(latencies)} actions in {elapsed:.1f} s; "
            f"action -> result p50 {p50:.1f} ms, p99 {p99:.1f} ms"
            + (f" ({resent} sent again after rate limiting)" if resent else "")
        )
