"""Storage: ports (``typing.Protocol``) and their adapters.

What lives here: the records the game server keeps (users, refresh token families, decks,
games, the action log with its snapshots, idempotency results), the ``Store`` port
every adapter implements, an in-memory adapter for tests, and the SQLAlchemy adapter for
SQLite and PostgreSQL. What must not: game rules or protocol handling. One contract test suite runs
against every adapter (tests/storage/).
"""

from mantimon.storage.ports import (
    Commit,
    DeckRecord,
    GameRecord,
    GameUpdate,
    IdempotentResult,
    LoggedAction,
    RefreshFamily,
    SeatRecord,
    Snapshot,
    Store,
    UserRecord,
)

__all__ = [
    "Commit",
    "DeckRecord",
    "GameRecord",
    "GameUpdate",
    "IdempotentResult",
    "LoggedAction",
    "RefreshFamily",
    "SeatRecord",
    "Snapshot",
    "Store",
    "UserRecord",
]
