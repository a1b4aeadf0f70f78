"""Terminal play and client bots: the async bodies of ``mantimon play`` and ``mantimon bot``.

Terminal play prints every event the player is sent, in order and once, the opponent's
moves as well as their own, worded by ``client.events``; options keep their keys for the
turn (``client.menu``).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx
from rich.markup import escape
from rich.table import Table

from mantimon.bots import make_bot
from mantimon.cli.app import console
from mantimon.client import ApiError, Client, GameSocket, PlayReport, play
from mantimon.client.describe import board, describe
from mantimon.client.events import ending, tell
from mantimon.client.menu import END, RESIGN, Menu
from mantimon.engine import Action, ResignAction
from mantimon.engine.view import VisibleEvent
from mantimon.protocol import (
    ActionResultMessage,
    ErrorMessage,
    GameOverMessage,
    GameStateMessage,
    OpponentStatusMessage,
    TurnTimeoutMessage,
)


async def _read_stdin() -> str | None:
    """One line typed by the player (None at end of input)."""
    line = await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    return line or None


Reader = Callable[[], Awaitable[str | None]]


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
            console.print(f"[red]{escape(exc.message)}[/red]")
            return 2
        names = {p["user_id"]: p["name"] for p in game["players"] if p.get("user_id")}
        opponent = next(
            (p["name"] for p in game["players"] if p.get("user_id") != client.user_id), "?"
        )
        console.print(
            escape(
                f"Game {game['id']}: you ({name}) against {opponent}, {bot} bot, preset {preset}."
            )
        )
        console.print(
            f"Type an option's number, {END} to end your turn, {RESIGN} to resign. "
            "Numbers stay the same for the whole turn."
        )
        async with client.socket() as sock:
            await sock.join(game["id"])
            return await _terminal_loop(sock, game["id"], client.user_id, names)


class _Log:
    """Prints each event the player is sent once, in order: their own moves and the
    opponent's alike, from whichever message brings it first (a state, an action result or
    the game's end)."""

    def __init__(self, names: dict[str, str], me: str) -> None:
        self.names, self.me = names, me
        self.last_seq = 0
        self.setup = True  # until the first turn starts (a draw is an opening hand)

    def show(self, events: Sequence[VisibleEvent | dict[str, Any]]) -> None:
        items = [e.model_dump() if isinstance(e, VisibleEvent) else e for e in events]
        for event in sorted(items, key=lambda e: int(e["seq"])):
            if int(event["seq"]) <= self.last_seq:
                continue
            self.last_seq = int(event["seq"])
            self.setup = self.setup and event["kind"] != "turn_start"
            style = "bold" if event["kind"] in ("turn_start", "knockout", "game_over") else ""
            text = tell(event, self.names, self.me, setup=self.setup)
            console.print(f"  · {escape(text)}", style=style)


async def _choose(menu: Menu, read: Reader) -> Action:
    """The action the player types a key for; resigning is asked again ("y" to confirm);
    end of input resigns (nothing more can be typed)."""
    while True:
        line = await read()
        if line is None:
            return ResignAction()
        key = line.strip().lower()
        if key == RESIGN:
            console.print("Resign this game? \\[y/N]")
            answer = await read()
            if answer is None or answer.strip().lower() in ("y", "yes"):
                return ResignAction()
            console.print("Not resigned: pick an option.")
            continue
        action = menu.pick(key)
        if action is not None:
            return action
        console.print(f"[red]{escape(menu.hint())}[/red]")


async def _terminal_loop(
    sock: GameSocket, gid: str, me: str, names: dict[str, str], read: Reader = _read_stdin
) -> int:
    latest: GameStateMessage | None = None  # newest state not yet acted on
    sent: tuple[str, Action] | None = None  # in flight: states before its result are stale
    log, menu = _Log(names, me), Menu()

    def who(pid: str) -> str:
        return "You" if pid == me else names.get(pid, "Your opponent")

    while True:
        message = await sock.recv()
        if isinstance(message, GameStateMessage):
            log.show(message.state.events)
            if sent is None:
                latest = message
        elif isinstance(message, ActionResultMessage):
            sent = None
            if message.success:
                latest = None  # the state it changed is stale: the new one follows
            else:
                refused = message.error_message or str(message.error_code or "refused")
                console.print(f"[red]{escape(refused)}[/red]")
            log.show(message.changes.get("events", []))
        elif isinstance(message, TurnTimeoutMessage):
            left = f"{message.remaining_seconds} s left" if message.is_warning else "time ran out"
            console.print(f"[yellow]{escape(who(message.player_id))}: {left}[/yellow]")
        elif isinstance(message, OpponentStatusMessage):
            status = message.status.value
            console.print(f"[dim]{escape(who(message.opponent_id))} is {status}[/dim]")
        elif isinstance(message, ErrorMessage):
            if sent is not None and message.request_message_id == sent[0]:
                if message.code.value == "rate_limited":  # dropped unread: send it again
                    await asyncio.sleep(0.5)
                    await sock.act(gid, sent[1], message_id=sent[0])
                    continue
                sent = None
            console.print(f"[red]{escape(message.message)}[/red]")
        elif isinstance(message, GameOverMessage):
            log.show(message.final_state.events)
            console.rule()
            console.print(escape(board(message.final_state, names)))
            won = message.winner_id == me
            result = "Draw" if message.winner_id is None else ("You win" if won else "You lose")
            console.print(f"[bold]{result}[/bold] {ending(message.end_reason.value)}.")
            return 0
        if latest is not None and sent is None and me in latest.state.waiting_for:
            state = latest.state
            console.rule()
            console.print(escape(board(state, names)))
            if state.pending is not None:
                console.print(f"[bold]{escape(state.pending.prompt)}[/bold]")
            for key, action in menu.options(state):
                console.print(escape(f"  {key:>2}) {describe(action, state)}"))
            action = await _choose(menu, read)
            sent = (await sock.act(gid, action), action)


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
