"""The game log's write path: everything ``SqlStore.commit`` writes, in one transaction.

What lives here: ``write`` (the actions, snapshots, answers and game-row updates of any
number of games' steps, with their campaign grants and ladder ratings) and the statements it
runs, built once. How it keeps the port's rules (one transaction per call, a bad commit
changes nothing, ``seq`` continuity checked in the same transaction) is told in ``store``'s
header. What must not: reads, or deciding what a step stores (the session does).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from mantimon.storage.ports import (
    CampaignResult,
    Commit,
    Conflict,
    GameUpdate,
    RankedResult,
    StoreError,
)
from mantimon.storage.sql import campaign_rows, codec, driver, rating_rows
from mantimon.storage.sql.schema import game_actions, game_snapshots, games, idempotency

_UPDATE_FIELDS = tuple(GameUpdate.__dataclass_fields__)
_INSERT_ACTION = sa.insert(game_actions)
_INSERT_SNAPSHOT = sa.insert(game_snapshots)
_INSERT_RESULT = sa.insert(idempotency)
_LAST_SEQS = sa.select(
    games.c.id,
    sa.select(sa.func.max(game_actions.c.seq))
    .where(game_actions.c.game_id == games.c.id)
    .scalar_subquery(),
).where(games.c.id.in_(sa.bindparam("ids", expanding=True)))
_LAST_SEQ = sa.select(
    games.c.id,
    sa.select(sa.func.max(game_actions.c.seq))
    .where(game_actions.c.game_id == games.c.id)
    .scalar_subquery(),
).where(games.c.id == sa.bindparam("id"))
_UPDATES: dict[tuple[str, ...], sa.Update] = {}


def _update_stmt(fields: tuple[str, ...]) -> sa.Update:
    """``UPDATE games SET <fields> WHERE id = :u_id`` for executemany (built once per set)."""
    stmt = _UPDATES.get(fields)
    if stmt is None:
        stmt = (
            sa.update(games)
            .where(games.c.id == sa.bindparam("u_id"))
            .values({f: sa.bindparam(f"u_{f}", type_=games.c[f].type) for f in fields})
        )
        _UPDATES[fields] = stmt
    return stmt


def write(conn: Connection, commits: Sequence[Commit]) -> None:
    """Write ``commits`` in the writer transaction ``conn`` (``SqlStore.commit``). Everything
    that can be checked without the database is checked before the first statement."""
    first_seq: dict[str, int] = {}
    next_seq: dict[str, int] = {}
    action_rows: list[dict[str, Any]] = []
    snapshot_rows: list[dict[str, Any]] = []
    result_rows: list[dict[str, Any]] = []
    updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    answered: set[tuple[str, str, str]] = set()
    grants: list[CampaignResult] = []
    ranked: list[RankedResult] = []
    for c in commits:
        rows_of_commit: list[dict[str, Any]] = []
        for a in c.actions:
            expected = next_seq.get(c.game_id)
            if a.game_id != c.game_id or (expected is not None and a.seq != expected):
                raise Conflict(f"action seq {a.seq} does not continue game '{c.game_id}'")
            if expected is None:
                first_seq[c.game_id] = a.seq
            next_seq[c.game_id] = a.seq + 1
            rows_of_commit.append(
                {
                    "game_id": a.game_id,
                    "seq": a.seq,
                    "player_id": a.player_id,
                    "kind": a.kind,
                    "chosen_by": a.by,
                    "payload": a.payload,
                    "at": a.at,
                    "event_id": a.event_id,
                    "message_id": None,
                    "result_z": None,
                }
            )
        action_rows.extend(rows_of_commit)
        if c.snapshot is not None:
            snap = c.snapshot
            snapshot_rows.append(
                {
                    "game_id": c.game_id,
                    "seq": snap.seq,
                    "event_id": snap.event_id,
                    "state_z": codec.compress(snap.state.encode()),
                }
            )
        for r in c.results:
            key = (r.game_id, r.user_id, r.message_id)
            if key in answered:
                raise Conflict(f"message '{r.message_id}' has two results in one call")
            answered.add(key)
            body = codec.compress(r.response.encode())
            # In the row of the commit's first action by that user (schema.py); an
            # answer without its action keeps to the old table.
            row = next(
                (
                    x
                    for x in rows_of_commit
                    if x["player_id"] == r.user_id and x["message_id"] is None
                ),
                None,
            )
            if row is not None and r.game_id == c.game_id:
                row["message_id"], row["result_z"] = r.message_id, body
            else:
                result_rows.append(
                    {
                        "game_id": r.game_id,
                        "user_id": r.user_id,
                        "message_id": r.message_id,
                        "response": None,
                        "response_z": body,
                    }
                )
        if c.campaign is not None:
            grants.append(c.campaign)
        if c.ranked is not None:
            ranked.append(c.ranked)
        u = c.update
        changed = tuple(f for f in _UPDATE_FIELDS if getattr(u, f) is not None)
        if changed:
            params = {f"u_{f}": getattr(u, f) for f in changed}
            params["u_id"] = c.game_id
            updates.setdefault(changed, []).append(params)

    game_ids = list(dict.fromkeys(c.game_id for c in commits))
    if conn.dialect.name == "sqlite":  # through the driver: one indexed lookup per game
        last = driver.fetch_each(conn, _LAST_SEQ, [{"id": gid} for gid in game_ids])
    else:  # one round trip (an expanding IN is compiled per call, which the driver skips)
        last = [tuple(r) for r in conn.execute(_LAST_SEQS, {"ids": game_ids})]
    found = {gid: seq or 0 for gid, seq in last}
    for gid in game_ids:
        if gid not in found:
            raise StoreError(f"no game '{gid}'")
    for gid, seq in first_seq.items():
        if seq != found[gid] + 1:
            raise Conflict(f"action seq {seq} does not continue game '{gid}'")
    driver.executemany(conn, _INSERT_ACTION, action_rows)
    driver.executemany(conn, _INSERT_SNAPSHOT, snapshot_rows)
    driver.executemany(conn, _INSERT_RESULT, result_rows)
    for fields, rows in updates.items():
        driver.executemany(conn, _update_stmt(fields), rows)
    for grant in grants:  # the steps that ended campaign games
        campaign_rows.grant(conn, grant)
    for result in ranked:  # the steps that ended ranked games (docs/LADDER.md)
        rating_rows.rate(conn, result)
