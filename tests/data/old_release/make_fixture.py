"""Regenerate ``release-2abf52b.db.xz``: a real database written by an earlier release.

What lives here: a launcher and a driver. The launcher checks the given commit out into a
temporary git worktree, runs this same file as the driver with that commit's ``src`` first
on ``PYTHONPATH`` (the dependencies are the same, so this repository's ``.venv`` serves),
and removes the worktree. The driver starts that release's own server (``mantimon
serve``) on a fresh SQLite file, plays games through its REST API and WebSocket with its
own client library and bots, stops the server and writes the database out compacted
(``VACUUM INTO``, then xz: a third of the size). What must not: anything of the current
code; the driver imports only what the old release had.

    .venv/bin/python tests/data/old_release/make_fixture.py            # 2abf52b -> here

What the database holds (``README.md`` beside this file lists it with the accounts):
finished games against server bots in both presets, a private game ended by resignation,
a game lost on time (timer-chosen actions and a forfeit in its log), two games in which
the player going first used Stoke the Kiln on turn 1 (one finished, one still active),
an active game against a bot several turns in, and an invitation nobody took.
"""

from __future__ import annotations

import argparse
import asyncio
import lzma
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
PASSWORD = "fixture-password-1"  # every account's password (test data only)
KILNBACK = "m1-009"  # Kilnback: Stoke the Kiln attaches the top of the energy deck


def launch(commit: str, out: Path) -> None:
    """Check ``commit`` out beside the repository, drive it, remove the checkout."""
    tmp = Path(tempfile.mkdtemp(prefix="mantimon-old-"))
    tree = tmp / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), commit], check=True
    )
    try:
        env = {**os.environ, "PYTHONPATH": str(tree / "src")}
        subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--drive", "--out", str(out)],
            env=env,
            check=True,
        )
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False
        )
        shutil.rmtree(tmp, ignore_errors=True)


# --- the driver (runs on the old release's code) --------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """The old release's ``mantimon serve`` as a child process on a SQLite file."""

    def __init__(self, db: Path, var: Path, **env: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        settings = {
            "MANTIMON_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
            "MANTIMON_VAR_DIR": str(var),
            "MANTIMON_JWT_SECRET": "fixture-secret-" + "x" * 40,
            "MANTIMON_BOT_THINK_SECONDS": "0",
            "MANTIMON_PORT": str(self.port),
            **env,
        }
        code = "from mantimon.cli import app; app()"
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code, "serve", "--log-level", "warning"],
            env={**os.environ, **settings},
        )

    def wait_ready(self) -> None:
        import httpx

        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                if httpx.get(self.url + "/ready", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the old server did not start")

    def stop(self) -> None:
        self.proc.send_signal(2)  # SIGINT: uvicorn shuts down and the store closes cleanly
        self.proc.wait(timeout=30)


class Stop(Exception):
    """Raised by a player's bot to leave a game where it stands."""


class Player:
    """A bot over the old client library that may prefer abilities, resign, or stop."""

    def __init__(
        self,
        inner: Any,
        *,
        abilities: bool = False,
        stop_after: int | None = None,
        resign_after: int | None = None,
    ) -> None:
        self.name = inner.name
        self.inner = inner
        self.abilities = abilities
        self.stop_after = stop_after
        self.resign_after = resign_after

    def choose(self, view: Any, rng: random.Random) -> Any:
        from mantimon.engine import ResignAction

        if self.stop_after is not None and view.turn > self.stop_after:
            raise Stop
        if self.resign_after is not None and view.turn > self.resign_after:
            return ResignAction()
        if self.abilities:
            for action in view.legal_actions:
                if action.type == "use_ability":
                    return action
            me = next(p for p in view.players if p.player_id == view.viewer)
            kiln = {c.uid for c in me.hand or () if c.card_id == KILNBACK}
            for action in view.legal_actions:
                if action.type == "setup_place" and action.card_id in kiln:
                    return action
        return self.inner.choose(view, rng)


async def _account(url: str, username: str) -> Any:
    from mantimon.client import Client

    client = Client(url)
    await client.register(username, PASSWORD, username.capitalize())
    return client


async def _play(client: Any, game_id: str, bot: Any, seed: int) -> Any:
    from mantimon.client import play

    async with client.socket() as sock:
        return await play(sock, game_id, client.user_id, bot, random.Random(seed))


async def _play_two(first: tuple[Any, Any], second: tuple[Any, Any], game_id: str) -> None:
    """Both seats of a private game play at once until the game ends or a bot stops."""
    tasks = [
        asyncio.create_task(_play(client, game_id, bot, i))
        for i, (client, bot) in enumerate((first, second))
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    for task in done:
        error = task.exception()
        if error is not None and not isinstance(error, Stop):
            raise error


async def _stop_at(client: Any, game_id: str, bot: Any, seed: int) -> None:
    try:
        await _play(client, game_id, bot, seed)
    except Stop:
        return
    raise RuntimeError(f"game {game_id} ended before the turn it was to stop at")


async def first_run(url: str) -> dict[str, str]:
    """Games dealt from random seeds."""
    from mantimon.bots import make_bot

    ana, ben, cara, dana = [await _account(url, n) for n in ("ana", "ben", "cara", "dana")]
    games: dict[str, str] = {}

    g = await ben.create_game(
        opponent="bot",
        bot="random",
        preset="classic",
        deck="storm-front-classic",
        bot_deck="verdant-surge-classic",
    )
    games["bot_classic"] = g["id"]
    await _play(ben, g["id"], make_bot("greedy"), 2)

    g = await ana.create_game(opponent="invite", deck="dream-veil")
    games["resigned"] = g["id"]
    await ben.join_game(g["id"], deck="verdant-surge")
    await _play_two(
        (ana, make_bot("greedy")), (ben, Player(make_bot("random"), resign_after=3)), g["id"]
    )

    g = await cara.create_game(opponent="bot", bot="greedy", deck="tidal-mind", turn_seconds=1)
    games["timeout"] = g["id"]
    while (await cara.game(g["id"]))["status"] != "finished":
        await asyncio.sleep(0.5)

    g = await cara.create_game(
        opponent="bot", bot="greedy", preset="classic", deck="tidal-mind-classic"
    )
    games["active_bot"] = g["id"]
    await _stop_at(cara, g["id"], Player(make_bot("greedy"), stop_after=4), 3)

    g = await dana.create_game(opponent="invite", deck="storm-front")
    games["waiting"] = g["id"]
    for client in (ana, ben, cara, dana):
        await client.close()
    return games


async def second_run(url: str) -> dict[str, str]:
    """Games dealt from ``_kiln_seed``: the first player uses Stoke the Kiln on turn 1."""
    from mantimon.bots import make_bot
    from mantimon.client import Client

    ana, ben = Client(url), Client(url)
    await ana.login("ana", PASSWORD)
    await ben.login("ben", PASSWORD)
    games: dict[str, str] = {}

    g = await ana.create_game(
        opponent="bot", bot="random", deck="ember-rush", bot_deck="ember-rush"
    )
    games["kiln_finished"] = g["id"]
    await _play(ana, g["id"], Player(make_bot("greedy"), abilities=True), 4)

    g = await ana.create_game(opponent="invite", deck="ember-rush")
    games["kiln_active"] = g["id"]
    await ben.join_game(g["id"], deck="ember-rush")
    await _play_two(
        (ana, Player(make_bot("greedy"), abilities=True, stop_after=5)),
        (ben, Player(make_bot("greedy"), stop_after=5)),
        g["id"],
    )
    for client in (ana, ben):
        await client.close()
    return games


def _kiln_seed() -> int:
    """The first seed whose ember-rush mirror puts seat 0 first with a Kilnback in hand."""
    from mantimon.engine import MANTIMON, default_pool, new_game

    deck = default_pool().starters["ember-rush"].decklist()
    for seed in range(1000):
        state = new_game(MANTIMON, [deck, deck], ["a", "b"], seed)
        hand = state.players[0].hand
        if state.first == 0 and any(state.card_of[u] == KILNBACK for u in hand):
            return seed
    raise RuntimeError("no seed found")


def drive(out: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="mantimon-fixture-"))
    db = work / "mantimon.db"
    try:
        server = Server(db, work)
        try:
            server.wait_ready()
            games = asyncio.run(first_run(server.url))
        finally:
            server.stop()
        seed = _kiln_seed()
        server = Server(db, work, MANTIMON_GAME_SEED=str(seed))
        try:
            server.wait_ready()
            games |= asyncio.run(second_run(server.url))
        finally:
            server.stop()
        compact = work / "compact.db"
        with sqlite3.connect(db) as conn:
            conn.execute("VACUUM INTO ?", (str(compact),))
        out.write_bytes(lzma.compress(compact.read_bytes(), preset=9 | lzma.PRESET_EXTREME))
        for name, game_id in games.items():
            print(f"{name}: {game_id}")
        print(f"kiln seed: {seed}; wrote {out} ({out.stat().st_size} bytes)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commit", default="2abf52b", help="the release to run")
    parser.add_argument("--out", type=Path, default=HERE / "release-2abf52b.db.xz")
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        drive(args.out.resolve())
    else:
        launch(args.commit, args.out.resolve())


if __name__ == "__main__":
    main()
