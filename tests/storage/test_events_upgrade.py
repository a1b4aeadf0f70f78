"""A database written by the last release that stored events (8930fcc, revision 0003): after
the upgrade to head its events are gone from storage, and every one of them is derived
again, the same message as stored but for its ``message_id`` (drawn at random then, derived
from the game, event and viewer now) and ``spectator_count`` (how many watch at the time of
asking; docs/PROTOCOL.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from mantimon.session.events import derive
from mantimon.session.match import SPECTATOR, VIEWERS
from mantimon.storage import Commit, IdempotentResult, LoggedAction
from mantimon.storage.sql import create_store
from mantimon.storage.sql.migrate import downgrade_runner
from tests.storage.old_release import STORED_EVENTS, rows, sqlite_url, stored_events, unpack

LIVE_ONLY = ("message_id", "spectator_count")


def _comparable(message: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in message.items() if k not in LIVE_ONLY}


async def test_every_stored_event_is_derived_again_after_the_upgrade(tmp_path: Path) -> None:
    db = unpack(tmp_path, "8930fcc.db", STORED_EVENTS)
    sent = stored_events(db)
    store = await create_store(sqlite_url(db))
    try:
        games = [
            *await store.games_with_status("finished"),
            *await store.games_with_status("active"),
        ]
        assert len(games) >= 6
        compared = 0
        for game in games:
            log = await store.actions(game.id)
            assert all(a.event_id is None for a in log)  # stored before steps were named
            keys = [k for k in (*VIEWERS, SPECTATOR) if k in sent[game.id]]
            for key in keys:
                stored = sent[game.id][key]
                viewer = None if key == SPECTATOR else game.seats[VIEWERS.index(key)].user_id
                after = min(stored) - 1  # spectator logs start when someone first watched
                derived = derive(game, None, log, viewer, key, after, game.last_event_id, 0)
                assert derived is not None, (game.id, key)
                got = {int(m["event_id"]): m for m in map(orjson.loads, derived)}
                if key != SPECTATOR:
                    assert sorted(got) == sorted(stored) == list(range(1, game.last_event_id + 1))
                for eid, message in stored.items():
                    assert _comparable(got[eid]) == _comparable(message), (game.id, key, eid)
                    compared += 1
        assert compared > 500
    finally:
        await store.close()
    assert "game_events" not in {r["name"] for r in rows(db, "sqlite_master")}


async def test_stored_responses_are_served_after_the_upgrade_and_back(tmp_path: Path) -> None:
    """Idempotency responses stored as text before the upgrade are still answered; those
    stored after it (compressed, in the action's row) become text in ``idempotency`` again
    on a downgrade to 0003."""
    db = unpack(tmp_path, "8930fcc.db", STORED_EVENTS)
    before = rows(db, "idempotency")
    assert before
    store = await create_store(sqlite_url(db))
    try:
        for row in before:
            assert (
                await store.result(row["game_id"], row["user_id"], row["message_id"])
                == (row["response"])
            )
        game = before[0]["game_id"]
        last = len(await store.actions(game))
        entry = LoggedAction(game, last + 1, before[0]["user_id"], "action", {}, 1.0, "player", 9)
        result = IdempotentResult(game, before[0]["user_id"], "after-upgrade", '{"ok":"é"}')
        await store.commit([Commit(game, actions=(entry,), results=(result,))])
        # stored compressed in the action's row (revision 0005), not in the old table
        (logged,) = [r for r in rows(db, "game_actions") if r["message_id"] == "after-upgrade"]
        assert logged["result_z"] and logged["seq"] == last + 1
        assert len(rows(db, "idempotency")) == len(before)
        assert await store.result(game, before[0]["user_id"], "after-upgrade") == '{"ok":"é"}'
        await downgrade_runner(store.runner, "0003")
    finally:
        await store.close()
    after = {r["message_id"]: r for r in rows(db, "idempotency")}
    assert after["after-upgrade"]["response"] == '{"ok":"é"}'
    assert "response_z" not in after["after-upgrade"]
    assert all(after[r["message_id"]] == r for r in before)
