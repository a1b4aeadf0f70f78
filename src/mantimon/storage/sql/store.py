"""``SqlStore``: the ``Store`` port on SQLAlchemy 2 Core, for SQLite and PostgreSQL.

What lives here: the queries behind each ``Store`` method and ``create_store(url)`` (runner +
migrations to head + store); the row <-> record conversions are ``game_rows``, the write
path of ``commit`` is ``commit_rows``, campaign and ladder rows are ``campaign_rows`` and
``rating_rows``. What must not: game rules,
protocol handling, or the ORM (Core ``insert``/``select`` on ``Table`` objects only: the
hot path is ``commit``). Each method is one synchronous function of a ``Connection`` handed
to the runner (``runner.py``): one transaction.

How the rules of the port are kept:

* **One transaction per ``commit`` call**, however many games it carries (group commit).
  Rows go in with one executemany per table; game-row updates are grouped by the set of
  fields they change, one executemany per group. On SQLite these run through the driver
  (``driver.py``: the same statements, without ``Connection.execute``'s per-call cost).
* **A bad commit changes nothing.** Action ``seq`` continuity is checked against the log in
  the same transaction (one query for every game of the call: the game exists, and the
  first new ``seq`` is its last one + 1; the rest is checked in Python before the first
  statement); a duplicate ``seq`` breaks a primary key. Either way the transaction is
  rolled back and ``Conflict`` raised; an unknown game raises ``StoreError``. A result is
  checked only against the others of the same call: it is stored in its action's row, where
  no index sees it (``schema.py``), and the session never commits a second answer to a
  message id it has answered (it asks ``result`` first, ``session/live.py``).
  A second snapshot for the same (game, seq) breaks a primary key too.
  Two processes racing on one game are caught by the same primary key.
* **Taking a seat is atomic**: the game row is read ``SELECT ... FOR UPDATE`` on
  PostgreSQL; on SQLite the writer transaction holds the database's write lock from its
  ``BEGIN IMMEDIATE`` (and a process's writers run one at a time on its event loop).
* Snapshots and idempotency responses are stored compressed (Zstandard with the trained
  dictionary, ``codec.py``): a state is ~7 KB of JSON and a response ~650 B, which makes
  them most of what a step writes (docs/adr/0008).
* If the awaiting task is cancelled, the transaction may still commit (on PostgreSQL it
  may be in flight on its connection): a cancelled ``commit`` is "not acknowledged", not
  "not written". Retrying it then raises ``Conflict``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Row
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from mantimon.storage.ports import (
    CampaignEntry,
    CampaignRecord,
    Commit,
    Conflict,
    DeckRecord,
    GameRecord,
    GameStatus,
    LadderEntry,
    LoggedAction,
    PackOpening,
    RatingChange,
    RatingRecord,
    RefreshFamily,
    Rotation,
    SeatRecord,
    Snapshot,
    Store,
    StoreError,
    UserRecord,
)
from mantimon.storage.sql import campaign_rows, codec, commit_rows, driver, game_rows, rating_rows
from mantimon.storage.sql.migrate import upgrade_runner
from mantimon.storage.sql.runner import DEFAULT_URL, Runner, open_runner
from mantimon.storage.sql.schema import (
    decks,
    game_actions,
    game_snapshots,
    games,
    idempotency,
    refresh_families,
    users,
)

T = TypeVar("T")


if TYPE_CHECKING:  # SQLAlchemy 2.1 rows are variadic generics
    AnyRow = Row[*tuple[Any, ...]]
    AnySelect = sa.Select[*tuple[Any, ...]] | sa.CompoundSelect[*tuple[Any, ...]]

# --- the store ------------------------------------------------------------------------------

# What a log entry is made of (not the answer stored beside it: replays never read that).
_LOG_COLUMNS = tuple(c for c in game_actions.c if c.name not in ("message_id", "result_z"))
_HAS_GAME = sa.select(games.c.id).where(games.c.id == sa.bindparam("id"))


def _one(
    stmt: AnySelect, params: dict[str, Any] | None = None
) -> Callable[[Connection], AnyRow | None]:
    return lambda conn: conn.execute(stmt, params).one_or_none()


def _all(
    stmt: AnySelect, params: dict[str, Any] | None = None
) -> Callable[[Connection], Sequence[AnyRow]]:
    return lambda conn: conn.execute(stmt, params).all()


# Reads that every REST request makes (the signed-in user) or that every game created or
# joined makes (the user's live games, the game), built once with bound parameters: a
# statement built per call is keyed for SQLAlchemy's compiled cache on every execution,
# half of a primary-key read's cost (bench/RESULTS.md, 2026-12-06 night).
_USER_BY_ID = sa.select(users).where(users.c.id == sa.bindparam("id"))
_USER_COLUMNS = tuple(c.name for c in users.c)  # the order of a driver row of ``users``
_USER_BY_NAME = sa.select(users).where(users.c.username == sa.bindparam("username"))
_GAME_BY_ID = sa.select(games).where(games.c.id == sa.bindparam("id"))
_GAME_LOCKED = _GAME_BY_ID.with_for_update()
_GAME_SET = sa.update(games).where(games.c.id == sa.bindparam("g_id"))  # SET: the params


def _games_of(with_status: bool) -> AnySelect:
    """A user's games, newest first: one indexed lookup per seat (with ``seat0 = ? OR
    seat1 = ?`` SQLite's planner took the status index instead, reading every live game
    of the server on each call; every game created checks its creator's live games)."""
    g = games.c
    wanted = [g.status.in_(sa.bindparam("statuses", expanding=True))] if with_status else []
    first = sa.select(games).where(g.seat0_user_id == sa.bindparam("user"), *wanted)
    second = sa.select(games).where(
        g.seat1_user_id == sa.bindparam("user"),
        sa.or_(g.seat0_user_id.is_(None), g.seat0_user_id != sa.bindparam("user")),
        *wanted,
    )
    both = sa.union_all(first, second)
    return both.order_by(both.selected_columns.created_at.desc(), both.selected_columns.id.desc())


_GAMES_OF = {True: _games_of(True), False: _games_of(False)}


class SqlStore:
    """The ``Store`` port on a ``Runner`` whose database is migrated to head (use
    ``create_store``)."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    # --- plumbing ----------------------------------------------------------------------------

    async def _write(self, fn: Callable[[Connection], T]) -> T:
        """``fn`` in a writer transaction. Integrity errors become ``Conflict`` (nothing was
        written), other database errors ``StoreError``."""
        try:
            return await self.runner.write(fn)
        except IntegrityError as e:
            raise Conflict(f"constraint violated: {e.orig}") from e
        except (SQLAlchemyError, OSError) as e:
            raise StoreError(f"storage failed: {e}") from e

    async def _read(self, fn: Callable[[Connection], T]) -> T:
        try:
            return await self.runner.read(fn)
        except (SQLAlchemyError, OSError) as e:
            raise StoreError(f"storage failed: {e}") from e

    # --- lifecycle ---------------------------------------------------------------------------

    async def ping(self) -> None:
        await self._read(lambda conn: conn.execute(sa.text("SELECT 1")).scalar())

    async def close(self) -> None:
        await self.runner.close()

    # --- users -------------------------------------------------------------------------------

    async def add_user(self, user: UserRecord) -> None:
        row = {
            "id": user.id,
            "name": user.name,
            "username": user.username,
            "password_hash": user.password_hash,
            "created_at": user.created_at,
        }
        await self._write(lambda conn: conn.execute(sa.insert(users), row))

    async def get_user(self, user_id: str) -> UserRecord | None:
        return await self._user_where(_USER_BY_ID, {"id": user_id})

    async def register_guest(
        self, user_id: str, username: str, password_hash: str, name: str | None = None
    ) -> UserRecord | None:
        values: dict[str, Any] = {"username": username, "password_hash": password_hash}
        if name:
            values["name"] = name
        stmt = (
            sa.update(users)
            .where(users.c.id == user_id, users.c.username.is_(None))
            .values(**values)
        )
        changed = await self._write(lambda conn: conn.execute(stmt).rowcount)
        return await self.get_user(user_id) if changed else None

    async def user_by_username(self, username: str) -> UserRecord | None:
        return await self._user_where(_USER_BY_NAME, {"username": username})

    async def _user_where(self, stmt: sa.Select[Any], params: dict[str, Any]) -> UserRecord | None:
        """The user ``stmt`` finds, through the driver on SQLite (every socket opened and
        every signed-in request reads its user; the columns are plain text and numbers):
        ~2.5x cheaper than Core execution."""
        rows = await self._read(lambda conn: driver.fetch_each(conn, stmt, [params]))
        return UserRecord(**dict(zip(_USER_COLUMNS, rows[0], strict=True))) if rows else None

    # --- refresh token families --------------------------------------------------------------

    async def add_refresh_family(self, family: RefreshFamily) -> None:
        row = {
            "id": family.id,
            "user_id": family.user_id,
            "generation": family.generation,
            "created_at": family.created_at,
            "expires_at": family.expires_at,
            "revoked_at": family.revoked_at,
        }
        f = refresh_families.c
        expired = sa.delete(refresh_families).where(f.expires_at < family.created_at)

        def add(conn: Connection) -> None:
            conn.execute(expired)
            conn.execute(sa.insert(refresh_families), row)

        await self._write(add)

    async def rotate_refresh(
        self, family_id: str, generation: int, now: float, expires_at: float
    ) -> Rotation:
        f = refresh_families.c
        live = sa.and_(f.id == family_id, f.expires_at > now)
        advance = (
            sa.update(refresh_families)
            .where(live, f.generation == generation, f.revoked_at.is_(None))
            .values(generation=generation + 1, expires_at=expires_at)
        )

        def rotate(conn: Connection) -> Rotation:
            # The conditional UPDATE is the check and the write in one statement: of two
            # callers with the same generation, the second finds it already moved on.
            if conn.execute(advance).rowcount == 1:
                return "rotated"
            # FOR UPDATE (PostgreSQL): a caller that lost the race waits for the one that
            # revokes, then sees the revocation instead of revoking a second time.
            row = conn.execute(sa.select(f.revoked_at).where(live).with_for_update()).one_or_none()
            if row is None:
                return "unknown"
            if row.revoked_at is not None:
                return "revoked"
            conn.execute(sa.update(refresh_families).where(live).values(revoked_at=now))
            return "reused"

        return await self._write(rotate)

    async def revoke_refresh_family(self, family_id: str, now: float) -> bool:
        f = refresh_families.c
        stmt = (
            sa.update(refresh_families)
            .where(f.id == family_id, f.expires_at > now, f.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        return await self._write(lambda conn: conn.execute(stmt).rowcount > 0)

    # --- decks -------------------------------------------------------------------------------

    async def put_deck(self, deck: DeckRecord) -> None:
        row = game_rows.deck_row(deck)
        dialect = postgresql if self.runner.dialect == "postgresql" else sqlite
        stmt = dialect.insert(decks).values(row)
        stmt = stmt.on_conflict_do_update(
            index_elements=[decks.c.id],
            set_={k: stmt.excluded[k] for k in row if k != "id"},
        )
        await self._write(lambda conn: conn.execute(stmt))

    async def get_deck(self, deck_id: str) -> DeckRecord | None:
        row = await self._read(_one(sa.select(decks).where(decks.c.id == deck_id)))
        return None if row is None else game_rows.deck(row)

    async def decks_of(self, owner_id: str) -> list[DeckRecord]:
        stmt = (
            sa.select(decks)
            .where(decks.c.owner_id == owner_id)
            .order_by(decks.c.created_at, decks.c.id)
        )
        return [game_rows.deck(r) for r in await self._read(_all(stmt))]

    async def delete_deck(self, deck_id: str) -> bool:
        stmt = sa.delete(decks).where(decks.c.id == deck_id)
        return await self._write(lambda conn: conn.execute(stmt).rowcount > 0)

    # --- games -------------------------------------------------------------------------------

    async def add_game(self, game: GameRecord) -> None:
        row = game_rows.game_row(game)
        await self._write(lambda conn: conn.execute(sa.insert(games), row))

    async def has_game(self, game_id: str) -> bool:
        # Through the driver on SQLite (one indexed lookup, no Core execution): a client
        # naming made-up game ids costs ~330 µs of the loop each through ``get_game``.
        params = [{"id": game_id}]
        return bool(await self._read(lambda conn: driver.fetch_each(conn, _HAS_GAME, params)))

    async def get_game(self, game_id: str) -> GameRecord | None:
        row = await self._read(_one(_GAME_BY_ID, {"id": game_id}))
        return None if row is None else game_rows.game(row)

    async def take_seat(self, game_id: str, seat: SeatRecord, seed: int, now: float) -> GameRecord:
        def take(conn: Connection) -> GameRecord:
            row = conn.execute(_GAME_LOCKED, {"id": game_id}).one_or_none()
            if row is None:
                raise StoreError(f"no game '{game_id}'")
            game = game_rows.game(row)
            if game.status != "waiting" or len(game.seats) >= 2:
                raise Conflict("the game is full")
            seats = (*game.seats, seat)
            status: GameStatus = "active" if len(seats) == 2 else "waiting"
            conn.execute(
                _GAME_SET,
                {
                    "g_id": game_id,
                    "seats": [game_rows.seat_json(s) for s in seats],
                    **game_rows.seat_users(seats),
                    "status": status,
                    "seed": str(seed),
                    "updated_at": now,
                },
            )
            return replace(game, seats=seats, status=status, seed=seed, updated_at=now)

        return await self._write(take)

    async def close_waiting_game(self, game_id: str, reason: str, now: float) -> GameRecord | None:
        def close(conn: Connection) -> GameRecord | None:
            # Locked as take_seat locks it: a join and a close of one game go one after
            # the other, and the second sees what the first did.
            row = conn.execute(_GAME_LOCKED, {"id": game_id}).one_or_none()
            if row is None or row.status != "waiting":
                return None
            conn.execute(
                sa.update(games)
                .where(games.c.id == game_id)
                .values(status="finished", end_reason=reason, updated_at=now)
            )
            return replace(
                game_rows.game(row), status="finished", end_reason=reason, updated_at=now
            )

        return await self._write(close)

    async def games_of(
        self, user_id: str, status: GameStatus | tuple[GameStatus, ...] | None = None
    ) -> list[GameRecord]:
        params: dict[str, Any] = {"user": user_id}
        if status is not None:
            params["statuses"] = [status] if isinstance(status, str) else list(status)
        stmt = _GAMES_OF[status is not None]
        return [game_rows.game(r) for r in await self._read(_all(stmt, params))]

    async def games_with_status(self, status: GameStatus) -> list[GameRecord]:
        stmt = (
            sa.select(games)
            .where(games.c.status == status)
            .order_by(games.c.created_at, games.c.id)
        )
        return [game_rows.game(r) for r in await self._read(_all(stmt))]

    # --- the game log ------------------------------------------------------------------------

    async def commit(self, commits: Sequence[Commit]) -> None:
        if commits:
            await self._write(lambda conn: commit_rows.write(conn, commits))

    async def actions(self, game_id: str, after_seq: int = 0) -> list[LoggedAction]:
        stmt = (
            sa.select(*_LOG_COLUMNS)
            .where(game_actions.c.game_id == game_id, game_actions.c.seq > after_seq)
            .order_by(game_actions.c.seq)
        )
        return [game_rows.action(r) for r in await self._read(_all(stmt))]

    async def snapshot(self, game_id: str, at_most_event: int | None = None) -> Snapshot | None:
        g = game_snapshots.c
        stmt = sa.select(g.seq, g.event_id, g.state_z).where(g.game_id == game_id)
        if at_most_event is not None:
            stmt = stmt.where(g.event_id <= at_most_event)
        stmt = stmt.order_by(g.seq.desc()).limit(1)

        def read(conn: Connection) -> Snapshot | None:
            row = conn.execute(stmt).one_or_none()
            if row is None:
                return None
            return Snapshot(game_id, row.seq, row.event_id, codec.decompress(row.state_z).decode())

        return await self._read(read)

    async def result(self, game_id: str, user_id: str, message_id: str) -> str | None:
        a, i = game_actions.c, idempotency.c
        in_log = (
            sa.select(a.result_z)
            .where(a.game_id == game_id, a.player_id == user_id, a.message_id == message_id)
            .order_by(a.seq)
            .limit(1)
        )
        before = sa.select(i.response, i.response_z).where(
            i.game_id == game_id, i.user_id == user_id, i.message_id == message_id
        )

        def read(conn: Connection) -> str | None:
            body = conn.execute(in_log).scalar()
            if body is not None:
                return codec.decompress(body).decode()
            row = conn.execute(before).one_or_none()  # stored before revision 0005
            if row is None:
                return None
            if row.response is not None:  # stored before revision 0004
                return cast(str, row.response)
            return codec.decompress(row.response_z).decode()

        return await self._read(read)

    # --- campaign (the rows: ``campaign_rows``) ---------------------------------------------

    async def start_campaign(
        self, user_id: str, collection: dict[str, int], seed: int, now: float
    ) -> CampaignRecord:
        return await self._write(lambda c: campaign_rows.start(c, user_id, collection, seed, now))

    async def campaign(self, user_id: str) -> CampaignRecord | None:
        return await self._read(lambda c: campaign_rows.read(c, user_id))

    async def record_opening(self, opening: PackOpening) -> CampaignRecord:
        return await self._write(lambda c: campaign_rows.record_opening(c, opening))

    async def openings(self, user_id: str) -> list[PackOpening]:
        return await self._read(lambda c: campaign_rows.openings(c, user_id))

    async def campaign_history(self, user_id: str) -> list[CampaignEntry]:
        return await self._read(lambda c: campaign_rows.history(c, user_id))

    async def champions(self, limit: int = 100) -> list[tuple[str, float]]:
        return await self._read(lambda c: campaign_rows.champions(c, limit))

    # --- ladder (the rows: ``rating_rows``) -------------------------------------------------

    async def rating(self, user_id: str) -> RatingRecord | None:
        return await self._read(lambda c: rating_rows.read(c, user_id))

    async def ladder(self, limit: int = 50, offset: int = 0) -> tuple[int, list[LadderEntry]]:
        return await self._read(lambda c: rating_rows.ladder(c, limit, offset))

    async def rating_history(self, user_id: str, limit: int = 200) -> list[RatingChange]:
        return await self._read(lambda c: rating_rows.history(c, user_id, limit))


async def create_store(
    url: str | URL = DEFAULT_URL,
    *,
    migrate: bool = True,
    **engine_kwargs: Any,
) -> SqlStore:
    """A ready ``SqlStore`` for ``url``: the SQLite file's folder created, the schema
    migrated to head (unless ``migrate=False``). ``engine_kwargs`` go to
    ``create_engine``/``create_async_engine``."""
    runner = open_runner(url, **engine_kwargs)
    try:
        if migrate:
            await upgrade_runner(runner)
    except (SQLAlchemyError, OSError) as e:
        await runner.close()
        raise StoreError(f"cannot open storage at {runner.url!r}: {e}") from e
    except BaseException:
        await runner.close()
        raise
    return SqlStore(runner)


if TYPE_CHECKING:

    def _implements_the_port(store: SqlStore) -> Store:  # mypy checks the protocol here
        return store


__all__ = ["DEFAULT_URL", "SqlStore", "create_store"]
