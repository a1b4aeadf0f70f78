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

from mantimon.engine.view import view_data
from mantimon.session.match import VIEWERS, Match, load
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


async def stored_views(store: Store, game: GameRecord) -> dict[str, dict[str, Any]]:
    """Each seat's last state as the earlier release sent and stored it (the final state of
    ``game_over``, else the newest ``game_state``)."""
    out = {}
    for viewer in VIEWERS:
        states = []
        for event in await store.events(game.id, viewer, 0):
            message = orjson.loads(event.message)
            state = message.get("final_state") or message.get("state")
            if state is not None:
                states.append(state)
        assert states, f"{game.id}: nothing stored for {viewer}"
        out[viewer] = states[-1]
    return out


async def rebuilt(store: Store, game: GameRecord) -> Match:
    """The match as the server loads it: record, snapshot (if any) and action log."""
    after = game.snapshot_seq if game.snapshot is not None else 0
    return load(game, await store.actions(game.id, after))


async def check_replays(store: Store) -> list[GameRecord]:
    """Every dealt game of the fixture, rebuilt by today's code, is what the earlier release
    stored: the same winner and end reason, and the same board in each seat's last state.
    Returns the games checked."""
    games = [
        *await store.games_with_status("finished"),
        *await store.games_with_status("active"),
    ]
    for game in games:
        match = await rebuilt(store, game)
        assert match.unplayable is None, f"{game.id}: {match.unplayable}"
        state = match.state
        assert state is not None
        if game.status == "finished":
            assert state.over, game.id
            winner = None if state.winner is None else game.seats[state.winner].user_id
            assert (winner, state.end_reason) == (game.winner_id, game.end_reason), game.id
        else:
            assert not state.over, game.id
        for seat, (viewer, old) in enumerate((await stored_views(store, game)).items()):
            now = orjson.loads(orjson.dumps(view_data(state, game.seats[seat].user_id)))
            assert board(now) == board(old), f"{game.id}: {viewer} sees another board"
    return games
