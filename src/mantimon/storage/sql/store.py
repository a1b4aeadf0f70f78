"""``SqlStore``: the ``Store`` port on SQLAlchemy 2 Core, for SQLite and PostgreSQL.

What lives here: the queries behind each ``Store`` method, the row <-> record conversions,
and ``create_store(url)`` (engine + migrations to head + store). What must not: game rules,
protocol handling, or the ORM (Core ``insert``/``select`` on ``Table`` objects only: the
hot path is ``commit``).

How the rules of the port are kept:

* **One transaction per ``commit`` call**, however many games it carries (group commit).
  Rows go in with one executemany per table; game-row updates are grouped by the set of
  fields they change, one executemany per group.
* **A bad commit changes nothing.** Action ``seq`` continuity is checked against the log in
  the same transaction (one query for every game of the call: the game exists, and the
  first new ``seq`` is its last one + 1; the rest is checked in Python before anything is
  sent); a duplicate event, result or ``seq`` breaks a primary key. Either way the
  transaction is rolled back and ``Conflict`` raised; an unknown game raises ``StoreError``.
  Two processes racing on one game are caught by the same primary key.
* **Taking a seat is atomic**: the game row is read ``SELECT ... FOR UPDATE`` (PostgreSQL)
  in a writer transaction (SQLite: ``BEGIN IMMEDIATE``, see ``engine.py``). On SQLite,
  writers of one process also queue on an ``asyncio.Lock`` rather than spin on the busy
  timeout: SQLite has one writer at a time anyway.
* Event messages longer than ``compress_min`` bytes are stored zlib-compressed
  (``message_z``); reads always return text. Numbers in ``bench/RESULTS.md``.
"""

from __future__ import annotations

import asyncio
import contextlib
import zlib
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, CursorResult, Row
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from mantimon.storage.ports import (
    Commit,
    Conflict,
    DeckRecord,
    GameRecord,
    GameStatus,
    GameUpdate,
    LoggedAction,
    SeatRecord,
    StoredEvent,
    StoreError,
    UserRecord,
)
from mantimon.storage.sql.engine import DEFAULT_URL, WRITER, Synchronous, is_sqlite, make_engine
from mantimon.storage.sql.migrate import upgrade_engine
from mantimon.storage.sql.schema import (
    decks,
    game_actions,
    game_events,
    games,
    idempotency,
    users,
)

COMPRESS_MIN = 1024  # bytes: shorter messages gain little from zlib
ZLIB_LEVEL = 1  # 4.4x on game_state JSON at ~85 µs per 10 KB; level 6: 5.3x at ~150 µs
_UPDATE_FIELDS = tuple(GameUpdate.__dataclass_fields__)


if TYPE_CHECKING:  # SQLAlchemy 2.1 rows are variadic generics
    AnyRow = Row[*tuple[Any, ...]]
    AnySelect = sa.Select[*tuple[Any, ...]]

# --- row <-> record -------------------------------------------------------------------------


def _seat_json(seat: SeatRecord) -> dict[str, Any]:
    return {
        "user_id": seat.user_id,
        "name": seat.name,
        "cards": list(seat.cards),
        "energy": list(seat.energy),
        "kind": seat.kind,
        "bot": seat.bot,
    }


def _seat(data: dict[str, Any]) -> SeatRecord:
    return SeatRecord(
        user_id=data["user_id"],
        name=data["name"],
        cards=tuple(data["cards"]),
        energy=tuple(data["energy"]),
        kind=data.get("kind", "human"),
        bot=data.get("bot"),
    )


def _seat_users(seats: Sequence[SeatRecord]) -> dict[str, str | None]:
    return {
        "seat0_user_id": seats[0].user_id if len(seats) > 0 else None,
        "seat1_user_id": seats[1].user_id if len(seats) > 1 else None,
    }


def _game_row(game: GameRecord) -> dict[str, Any]:
    return {
        "id": game.id,
        "status": game.status,
        "preset": game.preset,
        "rules": game.rules,
        "seed": str(game.seed),
        "seats": [_seat_json(s) for s in game.seats],
        **_seat_users(game.seats),
        "settings": game.settings,
        "timers": game.timers,
        "winner_id": game.winner_id,
        "end_reason": game.end_reason,
        "last_seq": game.last_seq,
        "last_event_id": game.last_event_id,
        "snapshot": game.snapshot,
        "snapshot_seq": game.snapshot_seq,
        "created_at": game.created_at,
        "updated_at": game.updated_at,
    }


def _game(row: AnyRow) -> GameRecord:
    return GameRecord(
        id=row.id,
        status=row.status,
        preset=row.preset,
        rules=row.rules,
        seed=int(row.seed),
        seats=tuple(_seat(s) for s in row.seats),
        created_at=row.created_at,
        updated_at=row.updated_at,
        settings=row.settings,
        winner_id=row.winner_id,
        end_reason=row.end_reason,
        last_seq=row.last_seq,
        last_event_id=row.last_event_id,
        timers=row.timers,
        snapshot=row.snapshot,
        snapshot_seq=row.snapshot_seq,
    )


def _user(row: AnyRow) -> UserRecord:
    return UserRecord(
        id=row.id,
        name=row.name,
        created_at=row.created_at,
        username=row.username,
        password_hash=row.password_hash,
    )


def _deck_row(deck: DeckRecord) -> dict[str, Any]:
    return {
        "id": deck.id,
        "owner_id": deck.owner_id,
        "name": deck.name,
        "preset": deck.preset,
        "cards": list(deck.cards),
        "energy": list(deck.energy),
        "created_at": deck.created_at,
        "updated_at": deck.updated_at,
    }


def _deck(row: AnyRow) -> DeckRecord:
    return DeckRecord(
        id=row.id,
        owner_id=row.owner_id,
        name=row.name,
        preset=row.preset,
        cards=tuple(row.cards),
        energy=tuple(row.energy),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _action(row: AnyRow) -> LoggedAction:
    return LoggedAction(
        game_id=row.game_id,
        seq=row.seq,
        player_id=row.player_id,
        kind=row.kind,
        payload=row.payload,
        at=row.at,
        by=row.chosen_by,
    )


def _decode(message: str | None, message_z: bytes | None) -> str:
    if message is not None:
        return message
    assert message_z is not None  # a CHECK constraint keeps exactly one set
    return zlib.decompress(message_z).decode()


# --- the store ------------------------------------------------------------------------------


class SqlStore:
    """The ``Store`` port on an ``AsyncEngine`` whose database is migrated to head (use
    ``create_store``). ``compress_min``: event messages of at least this many UTF-8 bytes are
    stored zlib-compressed (None: never)."""

    def __init__(self, engine: AsyncEngine, *, compress_min: int | None = COMPRESS_MIN) -> None:
        self.engine = engine
        self.compress_min = compress_min
        self._writer = engine.execution_options(**{WRITER: True})
        self._sqlite = engine.dialect.name == "sqlite"
        self._write_lock: contextlib.AbstractAsyncContextManager[Any] = (
            asyncio.Lock() if self._sqlite else contextlib.nullcontext()
        )
        self._updates: dict[tuple[str, ...], sa.Update] = {}
        self._insert_action = sa.insert(game_actions)
        self._insert_event = sa.insert(game_events)
        self._insert_result = sa.insert(idempotency)
        self._last_seqs = sa.select(
            games.c.id,
            sa.select(sa.func.max(game_actions.c.seq))
            .where(game_actions.c.game_id == games.c.id)
            .scalar_subquery(),
        ).where(games.c.id.in_(sa.bindparam("ids", expanding=True)))

    # --- plumbing ----------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        """A writer transaction: committed when the block ends, rolled back on any error.
        Integrity errors become ``Conflict``, other database errors ``StoreError``."""
        try:
            async with self._write_lock, self._writer.begin() as conn:
                yield conn
        except IntegrityError as e:
            raise Conflict(f"constraint violated: {e.orig}") from e
        except (SQLAlchemyError, OSError) as e:
            raise StoreError(f"storage failed: {e}") from e

    @contextlib.asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncConnection]:
        try:
            async with self.engine.connect() as conn:
                yield conn
        except (SQLAlchemyError, OSError) as e:
            raise StoreError(f"storage failed: {e}") from e

    async def _one(self, stmt: AnySelect) -> AnyRow | None:
        async with self._read() as conn:
            return (await conn.execute(stmt)).one_or_none()

    async def _all(self, stmt: AnySelect) -> Sequence[AnyRow]:
        async with self._read() as conn:
            return (await conn.execute(stmt)).all()

    # --- lifecycle ---------------------------------------------------------------------------

    async def ping(self) -> None:
        async with self._read() as conn:
            await conn.execute(sa.text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()

    # --- users -------------------------------------------------------------------------------

    async def add_user(self, user: UserRecord) -> None:
        row = {
            "id": user.id,
            "name": user.name,
            "username": user.username,
            "password_hash": user.password_hash,
            "created_at": user.created_at,
        }
        async with self._write() as conn:
            await conn.execute(sa.insert(users), row)

    async def get_user(self, user_id: str) -> UserRecord | None:
        row = await self._one(sa.select(users).where(users.c.id == user_id))
        return None if row is None else _user(row)

    async def user_by_username(self, username: str) -> UserRecord | None:
        row = await self._one(sa.select(users).where(users.c.username == username))
        return None if row is None else _user(row)

    # --- decks -------------------------------------------------------------------------------

    async def put_deck(self, deck: DeckRecord) -> None:
        row = _deck_row(deck)
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        stmt = dialect.insert(decks).values(row)
        stmt = stmt.on_conflict_do_update(
            index_elements=[decks.c.id],
            set_={k: stmt.excluded[k] for k in row if k != "id"},
        )
        async with self._write() as conn:
            await conn.execute(stmt)

    async def get_deck(self, deck_id: str) -> DeckRecord | None:
        row = await self._one(sa.select(decks).where(decks.c.id == deck_id))
        return None if row is None else _deck(row)

    async def decks_of(self, owner_id: str) -> list[DeckRecord]:
        stmt = (
            sa.select(decks)
            .where(decks.c.owner_id == owner_id)
            .order_by(decks.c.created_at, decks.c.id)
        )
        return [_deck(r) for r in await self._all(stmt)]

    async def delete_deck(self, deck_id: str) -> bool:
        async with self._write() as conn:
            result = await conn.execute(sa.delete(decks).where(decks.c.id == deck_id))
        return cast(CursorResult[Any], result).rowcount > 0

    # --- games -------------------------------------------------------------------------------

    async def add_game(self, game: GameRecord) -> None:
        async with self._write() as conn:
            await conn.execute(sa.insert(games), _game_row(game))

    async def get_game(self, game_id: str) -> GameRecord | None:
        row = await self._one(sa.select(games).where(games.c.id == game_id))
        return None if row is None else _game(row)

    async def take_seat(self, game_id: str, seat: SeatRecord, seed: int, now: float) -> GameRecord:
        async with self._write() as conn:
            locked = sa.select(games).where(games.c.id == game_id).with_for_update()
            row = (await conn.execute(locked)).one_or_none()
            if row is None:
                raise StoreError(f"no game '{game_id}'")
            game = _game(row)
            if game.status != "waiting" or len(game.seats) >= 2:
                raise Conflict("the game is full")
            seats = (*game.seats, seat)
            status: GameStatus = "active" if len(seats) == 2 else "waiting"
            await conn.execute(
                sa.update(games)
                .where(games.c.id == game_id)
                .values(
                    seats=[_seat_json(s) for s in seats],
                    **_seat_users(seats),
                    status=status,
                    seed=str(seed),
                    updated_at=now,
                )
            )
        return replace(game, seats=seats, status=status, seed=seed, updated_at=now)

    async def games_of(self, user_id: str, status: GameStatus | None = None) -> list[GameRecord]:
        stmt = sa.select(games).where(
            sa.or_(games.c.seat0_user_id == user_id, games.c.seat1_user_id == user_id)
        )
        if status is not None:
            stmt = stmt.where(games.c.status == status)
        stmt = stmt.order_by(games.c.created_at.desc(), games.c.id.desc())
        return [_game(r) for r in await self._all(stmt)]

    async def games_with_status(self, status: GameStatus) -> list[GameRecord]:
        stmt = (
            sa.select(games)
            .where(games.c.status == status)
            .order_by(games.c.created_at, games.c.id)
        )
        return [_game(r) for r in await self._all(stmt)]

    # --- the game log ------------------------------------------------------------------------

    def _update_stmt(self, fields: tuple[str, ...]) -> sa.Update:
        stmt = self._updates.get(fields)
        if stmt is None:
            stmt = (
                sa.update(games)
                .where(games.c.id == sa.bindparam("u_id"))
                .values({f: sa.bindparam(f"u_{f}", type_=games.c[f].type) for f in fields})
            )
            self._updates[fields] = stmt
        return stmt

    def _event_row(self, game_id: str, viewer: str, event_id: int, text: str) -> dict[str, Any]:
        row: dict[str, Any] = {"game_id": game_id, "viewer": viewer, "event_id": event_id}
        data = text.encode()
        if self.compress_min is not None and len(data) >= self.compress_min:
            row["message"], row["message_z"] = None, zlib.compress(data, ZLIB_LEVEL)
        else:
            row["message"], row["message_z"] = text, None
        return row

    async def commit(self, commits: Sequence[Commit]) -> None:
        if not commits:
            return
        # Everything that can be checked without the database, before it is touched.
        first_seq: dict[str, int] = {}
        next_seq: dict[str, int] = {}
        action_rows: list[dict[str, Any]] = []
        event_rows: list[dict[str, Any]] = []
        result_rows: list[dict[str, Any]] = []
        updates: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for c in commits:
            for a in c.actions:
                expected = next_seq.get(c.game_id)
                if a.game_id != c.game_id or (expected is not None and a.seq != expected):
                    raise Conflict(f"action seq {a.seq} does not continue game '{c.game_id}'")
                if expected is None:
                    first_seq[c.game_id] = a.seq
                next_seq[c.game_id] = a.seq + 1
                action_rows.append(
                    {
                        "game_id": a.game_id,
                        "seq": a.seq,
                        "player_id": a.player_id,
                        "kind": a.kind,
                        "chosen_by": a.by,
                        "payload": a.payload,
                        "at": a.at,
                    }
                )
            for e in c.events:
                event_rows.append(self._event_row(e.game_id, e.viewer, e.event_id, e.message))
            for r in c.results:
                result_rows.append(
                    {
                        "game_id": r.game_id,
                        "user_id": r.user_id,
                        "message_id": r.message_id,
                        "response": r.response,
                    }
                )
            u = c.update
            changed = tuple(f for f in _UPDATE_FIELDS if getattr(u, f) is not None)
            if changed:
                params = {f"u_{f}": getattr(u, f) for f in changed}
                params["u_id"] = c.game_id
                updates.setdefault(changed, []).append(params)
        game_ids = list(dict.fromkeys(c.game_id for c in commits))

        async with self._write() as conn:
            found = {
                gid: last or 0
                for gid, last in await conn.execute(self._last_seqs, {"ids": game_ids})
            }
            for gid in game_ids:
                if gid not in found:
                    raise StoreError(f"no game '{gid}'")
            for gid, seq in first_seq.items():
                if seq != found[gid] + 1:
                    raise Conflict(f"action seq {seq} does not continue game '{gid}'")
            if action_rows:
                await conn.execute(self._insert_action, action_rows)
            if event_rows:
                await conn.execute(self._insert_event, event_rows)
            if result_rows:
                await conn.execute(self._insert_result, result_rows)
            for fields, rows in updates.items():
                await conn.execute(self._update_stmt(fields), rows)

    async def actions(self, game_id: str, after_seq: int = 0) -> list[LoggedAction]:
        stmt = (
            sa.select(game_actions)
            .where(game_actions.c.game_id == game_id, game_actions.c.seq > after_seq)
            .order_by(game_actions.c.seq)
        )
        return [_action(r) for r in await self._all(stmt)]

    async def events(self, game_id: str, viewer: str, after_event_id: int) -> list[StoredEvent]:
        e = game_events.c
        stmt = (
            sa.select(e.event_id, e.message, e.message_z)
            .where(e.game_id == game_id, e.viewer == viewer, e.event_id > after_event_id)
            .order_by(e.event_id)
        )
        return [
            StoredEvent(game_id, event_id, viewer, _decode(message, message_z))
            for event_id, message, message_z in await self._all(stmt)
        ]

    async def has_event(self, game_id: str, viewer: str, event_id: int) -> bool:
        e = game_events.c
        stmt = sa.select(sa.literal(1)).where(
            e.game_id == game_id, e.viewer == viewer, e.event_id == event_id
        )
        return await self._one(stmt) is not None

    async def result(self, game_id: str, user_id: str, message_id: str) -> str | None:
        i = idempotency.c
        stmt = sa.select(i.response).where(
            i.game_id == game_id, i.user_id == user_id, i.message_id == message_id
        )
        row = await self._one(stmt)
        return None if row is None else cast(str, row[0])


async def create_store(
    url: str | URL = DEFAULT_URL,
    *,
    migrate: bool = True,
    compress_min: int | None = COMPRESS_MIN,
    sqlite_synchronous: Synchronous = "NORMAL",
    **engine_kwargs: Any,
) -> SqlStore:
    """A ready ``SqlStore`` for ``url``: the SQLite file's folder created, the schema migrated
    to head (unless ``migrate=False``). ``engine_kwargs`` go to ``create_async_engine``."""
    engine = make_engine(url, sqlite_synchronous=sqlite_synchronous, **engine_kwargs)
    try:
        if migrate:
            await upgrade_engine(engine)
    except (SQLAlchemyError, OSError) as e:
        await engine.dispose()
        raise StoreError(f"cannot open storage at {engine.url!r}: {e}") from e
    except BaseException:
        await engine.dispose()
        raise
    return SqlStore(engine, compress_min=compress_min)


__all__ = ["DEFAULT_URL", "SqlStore", "create_store", "is_sqlite"]
