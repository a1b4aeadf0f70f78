"""The database an earlier release wrote (``tests/data/old_release``) and how its games are
checked against what that release stored.

Games are found by what they are (status, preset, end reason), never by id, so the checks
hold for any copy the fixture script makes again.
"""

from __future__ import annotations

import lzma
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson

from mantimon.engine import GameState
from mantimon.engine.view import view_data
from mantimon.session.match import VIEWERS, load, replay_entry, start_state
from mantimon.storage import GameRecord, Store

FIXTURE = Path(__file__).parents[1] / "data" / "old_release" / "release-2abf52b.db.xz"
POSITIONAL_ID = re.compile(r"p[12][ce]\d\d")
TABLES = ("users", "decks", "games", "game_actions", "game_events", "idempotency")
# What the earlier release wrote into every game it dealt, and into games not dealt yet.
OLD_DEAL = {"card_ids": "positional", "first_turn_effect_energy": True}
NEW_DEAL = {"card_ids": "opaque", "first_turn_effect_energy": False}


def unpack(folder: Path, name: str = "old.db") -> Path:
    """The fixture database as a SQLite file in ``folder`` (a fresh copy every time)."""
    db = folder / name
    db.write_bytes(lzma.decompress(FIXTURE.read_bytes()))
    return db


def sqlite_url(db: Path) -> str:
    return f"sqlite+aiosqlite:///{db}"


def rows(db: Path, table: str) -> list[dict[str, Any]]:
    """Every row of ``table`` as stored, straight from SQLite (no adapter in between)."""
    with closing(sqlite3.connect(db)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]


def board(view: dict[str, Any]) -> dict[str, Any]:
    """What a view says of the game: everything but what a later release words or offers
    differently on purpose (the event texts, the legal actions of today's rules, the rules
    themselves, which gained keys, and the revealed cards of hands, which are new)."""
    out = {k: v for k, v in view.items() if k not in ("events", "legal_actions", "rules")}
    out["players"] = [{k: v for k, v in p.items() if k != "revealed"} for p in view["players"]]
    return out


async def stored_boards(store: Store, game: GameRecord) -> dict[str, list[dict[str, Any]]]:
    """Each seat's boards in the order the earlier release sent and stored them (every
    ``game_state``, then the final state of ``game_over``), repeats dropped."""
    out: dict[str, list[dict[str, Any]]] = {}
    for viewer in VIEWERS:
        boards: list[dict[str, Any]] = []
        for event in await store.events(game.id, viewer, 0):
            message = orjson.loads(event.message)
            state = message.get("final_state") or message.get("state")
            if state is not None and (not boards or board(state) != boards[-1]):
                boards.append(board(state))
        assert boards, f"{game.id}: nothing stored for {viewer}"
        out[viewer] = boards
    return out


def _board_of(state: GameState, player_id: str) -> dict[str, Any]:
    return board(orjson.loads(orjson.dumps(view_data(state, player_id))))


async def check_replays(store: Store) -> list[GameRecord]:
    """Every dealt game of the fixture, rebuilt by today's code from its record and action
    log, is what the earlier release stored: the server's loader rebuilds it (with the
    same winner and end reason if it is over), and replaying the log entry by entry passes
    through every board each seat was sent, in order, ending on the last one. (A step
    may log several entries, e.g. a timeout that places and ends a setup, so the stored
    boards are a subsequence of the rebuilt ones.) Returns the games checked."""
    games = [
        *await store.games_with_status("finished"),
        *await store.games_with_status("active"),
    ]
    for game in games:
        log = await store.actions(game.id, 0)
        match = load(game, log)
        assert match.unplayable is None, f"{game.id}: {match.unplayable}"
        loaded = match.state
        assert loaded is not None
        if game.status == "finished":
            assert loaded.over, game.id
            winner = None if loaded.winner is None else game.seats[loaded.winner].user_id
            assert (winner, loaded.end_reason) == (game.winner_id, game.end_reason), game.id
        else:
            assert not loaded.over, game.id
        sent = await stored_boards(store, game)
        state = start_state(game)
        ids = [s.user_id for s in game.seats]
        seen = dict.fromkeys(VIEWERS, 0)  # stored boards met so far, per seat
        for entry in [None, *log]:
            if entry is not None:
                replay_entry(state, entry)
            for viewer, player_id in zip(VIEWERS, ids, strict=True):
                at = seen[viewer]
                if at < len(sent[viewer]) and _board_of(state, player_id) == sent[viewer][at]:
                    seen[viewer] += 1
        for viewer, player_id in zip(VIEWERS, ids, strict=True):
            assert seen[viewer] == len(sent[viewer]), f"{game.id}: {viewer} saw another game"
            assert _board_of(loaded, player_id) == sent[viewer][-1], f"{game.id}: {viewer}"
    return games
