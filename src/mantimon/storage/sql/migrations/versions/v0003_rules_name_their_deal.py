"""Every stored game's rules say how its card ids are dealt (and its first-turn energy rule).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06

The release that made card instance ids opaque also changed how much of a game's RNG its
deal consumes and ruled that no energy is attached from any source on the first player's
first turn. Games dealt before it replay only under the old ways: their action logs name
positional ids (``p1c00``) and their shuffles followed the old deal. So the rules of a game
dealt before this revision (it has published a state: ``last_event_id > 0``) gain
``card_ids: positional`` and ``first_turn_effect_energy: true``, the values that reproduce
how it was played; its snapshot (a cache, holding rules without these keys) is dropped and
rebuilt from the log on first load. A game not dealt yet (waiting for its second player)
gains today's values: whoever deals it now deals opaque ids. Nothing else is touched: the
action log, the event log and every other field stay byte for byte what they were.

Why a migration and not "a missing key means the old way" in code: after it every stored
rules dict is explicit, so anything reading a game (the server, a replay published by
``/api/games/{id}/replay``, a later tool) reads it with plain ``RulesConfig`` validation
and cannot get the scheme wrong; and a game created waiting before the upgrade but dealt
after it would otherwise be misread as old.

Downgrade removes the two keys from every game the earlier release can play (dealt with
positional ids, or not dealt yet), which is exactly what that release wrote. Games dealt
since keep them: the earlier release deals no opaque ids and cannot replay those.

Spelled out here (not from the engine's presets) so the revision stays what it was when the
rules change later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD_DEAL = {"card_ids": "positional", "first_turn_effect_energy": True}
NEW_DEAL = {"card_ids": "opaque", "first_turn_effect_energy": False}
BATCH = 500

_games = sa.table(
    "games",
    sa.column("id", sa.String),
    sa.column("rules", sa.JSON),
    sa.column("last_event_id", sa.Integer),
    sa.column("snapshot", sa.Text),
    sa.column("snapshot_seq", sa.Integer),
)


def _rewrite(change: Callable[[dict[str, Any], int], dict[str, Any] | None]) -> None:
    """Apply ``change`` (rules, last event id -> new column values, or None) to every game,
    a batch at a time in id order, so a large table is never held in memory at once."""
    connection = op.get_bind()
    after = ""
    while True:
        batch = connection.execute(
            sa.select(_games.c.id, _games.c.rules, _games.c.last_event_id)
            .where(_games.c.id > after)
            .order_by(_games.c.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        for game_id, rules, last_event_id in batch:
            values = change(rules, last_event_id)
            if values is not None:
                connection.execute(sa.update(_games).where(_games.c.id == game_id).values(**values))
        after = batch[-1][0]


def _upgrade_one(rules: dict[str, Any], last_event_id: int) -> dict[str, Any] | None:
    if "card_ids" in rules:
        return None
    if last_event_id > 0:
        return {"rules": {**rules, **OLD_DEAL}, "snapshot": None, "snapshot_seq": 0}
    return {"rules": {**rules, **NEW_DEAL}}


def _downgrade_one(rules: dict[str, Any], last_event_id: int) -> dict[str, Any] | None:
    if "card_ids" not in rules:
        return None
    if rules["card_ids"] != "positional" and last_event_id > 0:
        return None
    return {"rules": {k: v for k, v in rules.items() if k not in OLD_DEAL}}


def upgrade() -> None:
    _rewrite(_upgrade_one)


def downgrade() -> None:
    _rewrite(_downgrade_one)
