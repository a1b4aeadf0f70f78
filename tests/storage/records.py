"""Record builders shared by the storage tests (and the durability writer subprocess)."""

from __future__ import annotations

import json
from typing import Any

from mantimon.storage.ports import (
    Commit,
    DeckRecord,
    GameRecord,
    GameStatus,
    GameUpdate,
    IdempotentResult,
    LoggedAction,
    SeatRecord,
    Snapshot,
    UserRecord,
)

VIEWERS = ("seat0", "seat1", "spectator")
CARDS = tuple(f"card-{i:02d}" for i in range(20))


def user(uid: str, username: str | None = None, at: float = 1.0) -> UserRecord:
    return UserRecord(
        id=uid,
        name=f"Player {uid}",
        created_at=at,
        username=username,
        password_hash=None if username is None else "$argon2id$v=19$m=65536$fake",
    )


def deck(did: str, owner: str, at: float = 1.0, name: str = "My deck") -> DeckRecord:
    return DeckRecord(
        id=did,
        owner_id=owner,
        name=name,
        preset="mantimon",
        cards=CARDS,
        energy=("fire", "water"),
        created_at=at,
        updated_at=at,
    )


def seat(uid: str, kind: str = "human", bot: str | None = None) -> SeatRecord:
    return SeatRecord(
        user_id=uid,
        name=f"Player {uid}",
        cards=CARDS,
        energy=("fire",),
        kind="bot" if kind == "bot" else "human",
        bot=bot,
    )


def game(
    gid: str,
    *players: str,
    status: GameStatus | None = None,
    at: float = 1.0,
    seed: int = 7,
) -> GameRecord:
    seats = tuple(seat(p) for p in players)
    return GameRecord(
        id=gid,
        status=status or ("active" if len(seats) == 2 else "waiting"),
        preset="mantimon",
        rules={"prize_cards": 4, "nested": {"list": [1, 2.5, None, True], "text": "é✓"}},
        seed=seed,
        seats=seats,
        created_at=at,
        updated_at=at,
        settings={"turn_seconds": 90, "invite": "abc"},
        timers={"deadline": 123.5, "timeouts": [0, 1]},
    )


def game_state_message(gid: str, event_id: int, viewer: str, size: int = 10_000) -> str:
    """A game_state-like message of about ``size`` bytes of JSON."""
    hand = [{"id": f"{viewer}-{event_id}-{i}", "card": CARDS[i % 20]} for i in range(size // 40)]
    body = {"type": "game_state", "game_id": gid, "event_id": event_id, "state": {"hand": hand}}
    return json.dumps(body, separators=(",", ":"))


def step(
    gid: str,
    seq: int,
    *,
    event_id: int | None = None,
    player: str = "u1",
    size: int = 10_000,
    update: bool = True,
    snapshot: bool = False,
    **changes: Any,
) -> Commit:
    """One realistic game step: action ``seq`` (publishing event ``event_id``, default
    ``seq``), the actor's stored result, a game update and, with ``snapshot``, a snapshot
    of about ``size`` bytes."""
    eid = seq if event_id is None else event_id
    return Commit(
        game_id=gid,
        actions=(
            LoggedAction(
                game_id=gid,
                seq=seq,
                player_id=player,
                kind="action",
                payload={"type": "end_turn", "n": seq},
                at=1000.0 + seq,
                event_id=eid,
            ),
        ),
        results=(
            IdempotentResult(gid, player, f"m-{seq}", f'{{"type":"action_result","n":{seq}}}'),
        ),
        update=GameUpdate(last_seq=seq, last_event_id=eid, **changes) if update else GameUpdate(),
        snapshot=Snapshot(gid, seq, eid, game_state_message(gid, eid, "seat0", size))
        if snapshot
        else None,
    )
