"""Storage: ports (``typing.Protocol``) and their adapters.

What lives here: the records the game server keeps (users, refresh token families, decks,
games, the action log with its snapshots, idempotency results, campaign progress,
collections and pack openings, ladder ratings and their history), the ``Store`` port
every adapter implements, an in-memory adapter for tests, and the SQLAlchemy adapter for
SQLite and PostgreSQL. What must not: game rules or protocol handling. One contract test suite runs
against every adapter (tests/storage/).
"""

from mantimon.storage.ports import (
    CampaignEntry,
    CampaignRecord,
    CampaignResult,
    Commit,
    DeckRecord,
    GameRecord,
    GameUpdate,
    IdempotentResult,
    LadderEntry,
    LoggedAction,
    PackOpening,
    RankedResult,
    RatingChange,
    RatingRecord,
    RefreshFamily,
    SeatRecord,
    Snapshot,
    Store,
    UserRecord,
)

__all__ = [
    "CampaignEntry",
    "CampaignRecord",
    "CampaignResult",
    "Commit",
    "DeckRecord",
    "GameRecord",
    "GameUpdate",
    "IdempotentResult",
    "LadderEntry",
    "LoggedAction",
    "PackOpening",
    "RankedResult",
    "RatingChange",
    "RatingRecord",
    "RefreshFamily",
    "SeatRecord",
    "Snapshot",
    "Store",
    "UserRecord",
]
