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
from mantimon.session.events import derive
from mantimon.session.match import VIEWERS, load
from mantimon.storage import GameRecord, Store
from mantimon.storage.sql import codec

DATA = Path(__file__).parents[1] / "data" / "old_release"
FIXTURE = DATA / "release-2abf52b.db.xz"
# The last release that stored events (revision 0003): its events are derived since.
STORED_EVENTS = DATA / "release-8930fcc.db.xz"
POSITIONAL_ID = re.compile(r"p[12][ce]\d\d")
TABLES = ("users", "decks", "games", "game_actions", "game_events", "idempotency")
KEPT = ("users", "decks")  # tables the upgrade to head leaves as they were
# What the earlier release wrote into every game it dealt, and into games not dealt yet.
OLD_DEAL = {"card_ids": "positional", "first_turn_effect_energy": True}
NEW_DEAL = {"card_ids": "opaque", "first_turn_effect_energy": False}


def unpack(folder: Path, name: str = "old.db", fixture: Path = FIXTURE) -> Path:
    """A fixture database as a SQLite file in ``folder`` (a fresh copy every time)."""
    db = folder / name
    db.write_bytes(lzma.decompress(fixture.read_bytes()))
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


def stored_events(db: Path) -> dict[str, dict[str, dict[int, dict[str, Any]]]]:
    """Every event the earlier release stored, read from its file before any upgrade (the
    upgrade drops them: they are derived since): game -> viewer -> event id -> message."""
    out: dict[str, dict[str, dict[int, dict[str, Any]]]] = {}
    for row in rows(db, "game_events"):
        text = row["message"] or codec.decompress(row["message_z"]).decode()
        per_game = out.setdefault(row["game_id"], {})
        per_game.setdefault(row["viewer"], {})[row["event_id"]] = orjson.loads(text)
    return out


def _same_event(derived: dict[str, Any], stored: dict[str, Any]) -> bool:
    """The same event as the earlier release sent it: id, type, time and what it says of
    the game (``board``: today's views word some things differently on purpose), all but
    the message id (the earlier release drew them at random)."""
    keys = ("type", "event_id", "timestamp", "player_id", "turn_number", "winner_id")
    if any(derived.get(k) != stored.get(k) for k in keys):
        return False
    for part in ("state", "final_state"):
        if (part in derived) != (part in stored):
            return False
        if part in derived and board(derived[part]) != board(stored[part]):
            return False
    return True


def _board_of(state: GameState, player_id: str) -> dict[str, Any]:
    return board(orjson.loads(orjson.dumps(view_data(state, player_id))))


async def check_replays(
    store: Store, sent: dict[str, dict[str, dict[int, dict[str, Any]]]]
) -> list[GameRecord]:
    """Every dealt game of the fixture, rebuilt by today's code from its record and action
    log, is what the earlier release stored (``sent``: ``stored_events`` of the file before
    the upgrade): the server's loader rebuilds it (with the same winner and end reason if
    it is over), and every event each seat was sent is derived again from the log with the
    same id, type, time and board. Returns the games checked."""
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
        for key, seat in zip(VIEWERS, game.seats, strict=True):
            stored = sent[game.id][key]
            assert sorted(stored) == list(range(1, game.last_event_id + 1)), game.id
            derived = derive(game, None, log, seat.user_id, key, 0, game.last_event_id, 0)
            assert derived is not None, f"{game.id}: {key}'s events cannot be derived"
            for text in derived:
                message = orjson.loads(text)
                eid = int(message["event_id"])
                assert _same_event(message, stored[eid]), f"{game.id}: {key} event {eid}"
            assert len(derived) == len(stored)
            boards = [m for _, m in sorted(stored.items()) if m["type"] != "turn_start"]
            last = boards[-1].get("final_state") or boards[-1]["state"]
            assert _board_of(loaded, seat.user_id) == board(last), f"{game.id}: {key}"
    return games
