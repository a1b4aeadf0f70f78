"""The storage port: records and the ``Store`` protocol the server depends on.

What lives here: plain records (frozen dataclasses, JSON-friendly fields) and the async
interface. What must not: SQL, files, or any adapter detail. Design (DESIGN.md §5):

* The **action log** is the source of truth of a game: rules, seed, decks and the ordered
  actions rebuild the state. ``GameRecord.snapshot`` is only a cache.
* **Events are not stored.** The engine is deterministic, so every message a step
  published (``game_state``, ``turn_start``, ``game_over``) is derived again by replaying
  the log from the nearest **snapshot** (``Snapshot``: the state after a step, with the
  action count and event id it stood at). Each action entry records the first event id of
  the step that logged it, so replay knows which entries formed one step (docs/adr/0008).
* **Idempotency**: the response to each ``action``/``resign`` is stored under
  (game, user, message id); a repeated message gets the stored response again.
* **Refresh families**: each sign-in is a family of refresh tokens of which only the
  newest generation is valid; using an older one revokes the family (token theft
  detection, ``rotate_refresh``).
* A game step is written as one ``Commit`` (actions + results + game update, and now
  and then a snapshot) in
  one transaction; ``Store.commit`` takes several so the server can group commits of many
  games into one transaction. A step is acknowledged only after its commit returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from mantimon.campaign import Progress

GameStatus = Literal["waiting", "active", "finished"]


SeatKind = Literal["human", "bot"]


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: str
    name: str  # display name
    created_at: float
    username: str | None = None  # None for guests
    password_hash: str | None = None


@dataclass(frozen=True, slots=True)
class RefreshFamily:
    """One sign-in: the refresh tokens issued for it, one after another. Only the token of
    ``generation`` is valid; ``revoked_at`` is set by a logout or a reused older token."""

    id: str
    user_id: str
    generation: int
    created_at: float
    expires_at: float  # the current token's expiry; the family is forgotten after it
    revoked_at: float | None = None


Rotation = Literal["rotated", "reused", "revoked", "unknown"]
"""What ``Store.rotate_refresh`` did: moved the family to the next generation; found an
older generation (and revoked the family); found the family revoked; found no live family
(never issued, or expired)."""


@dataclass(frozen=True, slots=True)
class DeckRecord:
    id: str
    owner_id: str
    name: str
    preset: str
    cards: tuple[str, ...]
    energy: tuple[str, ...]
    created_at: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class SeatRecord:
    """Who sits in a seat and with which deck (the deck is copied in: later edits of a saved
    deck never change a game)."""

    user_id: str
    name: str
    cards: tuple[str, ...]
    energy: tuple[str, ...]
    kind: SeatKind = "human"
    bot: str | None = None


@dataclass(frozen=True, slots=True)
class GameRecord:
    id: str
    status: GameStatus
    preset: str
    rules: dict[str, Any]  # RulesConfig as JSON
    seed: int
    seats: tuple[SeatRecord, ...]  # 0..2, in seat order
    created_at: float
    updated_at: float
    settings: dict[str, Any] = field(default_factory=dict)  # turn_seconds, invite, ...
    winner_id: str | None = None
    end_reason: str | None = None
    last_seq: int = 0  # actions logged so far
    last_event_id: int = 0  # last event id stored for this game
    timers: dict[str, Any] = field(default_factory=dict)  # deadlines etc. (session-owned JSON)
    # When the game was dealt (the time of its first event); None until then.
    started_at: float | None = None


@dataclass(frozen=True, slots=True)
class LoggedAction:
    """One entry of a game's action log. ``kind``: ``action`` (an engine action, ``payload``
    is its JSON; ``by`` says who chose it: player, bot or timer) or ``forfeit`` (the game was
    ended against ``player_id``; ``payload = {"reason": ...}``).

    ``event_id``: the first event id published by the step that logged this entry (entries
    of one step share it; a timeout may log several). None for entries stored before
    revision 0004, whose steps are inferred when events are derived."""

    game_id: str
    seq: int  # 1-based, consecutive per game
    player_id: str
    kind: Literal["action", "forfeit"]
    payload: dict[str, Any]
    at: float
    by: Literal["player", "bot", "timer"] = "player"
    event_id: int | None = None


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A game's engine state (JSON) after its first ``seq`` actions, when its last event
    id was ``event_id``: a shortcut for rebuilding and for deriving events, never the truth
    (the action log is)."""

    game_id: str
    seq: int
    event_id: int
    state: str


@dataclass(frozen=True, slots=True)
class IdempotentResult:
    game_id: str
    user_id: str
    message_id: str
    response: str  # the action_result message sent (JSON text)


@dataclass(frozen=True, slots=True)
class GameUpdate:
    """Fields of a game row changed by a step (None: unchanged)."""

    status: GameStatus | None = None
    winner_id: str | None = None
    end_reason: str | None = None
    last_seq: int | None = None
    last_event_id: int | None = None
    timers: dict[str, Any] | None = None
    started_at: float | None = None
    updated_at: float | None = None


@dataclass(frozen=True, slots=True)
class CampaignResult:
    """A finished campaign game's result for its player, granted in the transaction that
    records the game's end (``Commit.campaign``): the store applies the campaign's rules
    (``campaign.record_result``) to the player's stored progress there, at most once per
    (user, game), so a repeated commit, a restart or a replay never grants twice."""

    user_id: str
    game_id: str
    duelist_id: str
    outcome: Literal["win", "loss", "draw"]
    deck_id: str
    at: float


@dataclass(frozen=True, slots=True)
class CampaignEntry:
    """One granted result in a player's campaign history: the result and what it earned."""

    result: CampaignResult
    packs: int = 0
    medal: str | None = None
    promo: str | None = None
    crowned: bool = False  # this win made the player champion


@dataclass(frozen=True, slots=True)
class CampaignRecord:
    """One player's campaign: progress, the seed their packs are opened with (drawn once
    when it began), packs earned and not opened, packs opened, and the collection (card id
    -> copies owned)."""

    user_id: str
    progress: Progress
    seed: int
    packs: int
    opened: int
    collection: dict[str, int]
    started_at: float


@dataclass(frozen=True, slots=True)
class PackOpening:
    """The ``number``-th pack a player opened (1-based): its seed and cards, kept so an
    opening can be shown again and audited (``campaign.open_pack(pool, seed, world.promos)``)."""

    user_id: str
    number: int
    seed: int
    cards: tuple[str, ...]
    at: float


@dataclass(frozen=True, slots=True)
class RankedResult:
    """A finished ranked game's result, applied in the transaction that records the game's
    end (``Commit.ranked``): both players' ratings move by Glicko-2 (``storage.ladder``), at
    most once per (user, game), so a repeated commit, a restart or a replay never rates a
    game twice. ``winner_id`` None is a draw (half a point each)."""

    game_id: str
    players: tuple[str, str]  # user ids, in seat order
    winner_id: str | None
    at: float


@dataclass(frozen=True, slots=True)
class RatingRecord:
    """A player's ladder rating (Glicko-2: rating, rating deviation, volatility) and how
    many ranked games made it."""

    user_id: str
    rating: float
    rd: float
    volatility: float
    games: int
    updated_at: float


@dataclass(frozen=True, slots=True)
class RatingChange:
    """What one ranked game did to one player's rating (their rating history)."""

    user_id: str
    game_id: str
    opponent_id: str
    score: float  # 1 win, 0.5 draw, 0 loss
    before: float
    after: float
    rd_after: float
    at: float


@dataclass(frozen=True, slots=True)
class LadderEntry:
    """One row of the leaderboard: the player's place (1-based), name and rating."""

    rank: int
    name: str
    rating: RatingRecord


@dataclass(frozen=True, slots=True)
class Commit:
    """Everything one game step writes, atomically."""

    game_id: str
    actions: tuple[LoggedAction, ...] = ()
    results: tuple[IdempotentResult, ...] = ()
    update: GameUpdate = GameUpdate()
    snapshot: Snapshot | None = None
    campaign: CampaignResult | None = None  # the step that ended a campaign game
    ranked: RankedResult | None = None  # the step that ended a ranked game


class StoreError(Exception):
    """A storage failure the caller may report (the step was not acknowledged)."""


class Conflict(StoreError):
    """A uniqueness rule was broken (e.g. a username already taken, a seat already filled)."""


class Store(Protocol):
    """What the server needs from storage. Every method is atomic on its own."""

    # --- lifecycle -----------------------------------------------------------------------
    async def ping(self) -> None:
        """Raise ``StoreError`` if storage is not reachable (the readiness probe)."""

    async def close(self) -> None: ...

    # --- users ---------------------------------------------------------------------------
    async def add_user(self, user: UserRecord) -> None:
        """Insert; ``Conflict`` if the username is taken."""

    async def get_user(self, user_id: str) -> UserRecord | None: ...

    async def register_guest(
        self, user_id: str, username: str, password_hash: str, name: str | None = None
    ) -> UserRecord | None:
        """Give guest ``user_id`` a username and password, keeping its id and so all it
        owns (games, decks, campaign). None if there is no such guest (unknown, or
        registered already); ``Conflict`` if the username is taken."""

    async def user_by_username(self, username: str) -> UserRecord | None: ...

    # --- refresh token families ------------------------------------------------------------
    async def add_refresh_family(self, family: RefreshFamily) -> None:
        """Insert (``Conflict`` if the id exists). Families that expired before
        ``family.created_at`` are deleted in the same call, so only live sign-ins are kept."""

    async def rotate_refresh(
        self, family_id: str, generation: int, now: float, expires_at: float
    ) -> Rotation:
        """Atomically: if ``generation`` is the family's current one, it is live and not
        revoked, move it to ``generation + 1`` expiring at ``expires_at`` (``rotated``); if
        it is an older generation, revoke the family (``reused``). Two callers with the same
        generation: one gets ``rotated``, the other ``reused``."""

    async def revoke_refresh_family(self, family_id: str, now: float) -> bool:
        """Revoke the family (logout); True if it was live."""

    # --- decks ---------------------------------------------------------------------------
    async def put_deck(self, deck: DeckRecord) -> None:
        """Insert or replace by id."""

    async def get_deck(self, deck_id: str) -> DeckRecord | None: ...

    async def decks_of(self, owner_id: str) -> list[DeckRecord]:
        """The owner's decks, oldest first."""

    async def delete_deck(self, deck_id: str) -> bool:
        """True if a deck was deleted."""

    # --- games ---------------------------------------------------------------------------
    async def add_game(self, game: GameRecord) -> None: ...

    async def get_game(self, game_id: str) -> GameRecord | None: ...

    async def has_game(self, game_id: str) -> bool:
        """Whether a game with this id exists: the cheap question the server asks of every
        game id a client names (most made-up ids are answered with this alone)."""

    async def take_seat(self, game_id: str, seat: SeatRecord, seed: int, now: float) -> GameRecord:
        """Append ``seat`` to a waiting game that has a free seat; when that fills the game,
        set it active with ``seed``. ``Conflict`` if the game is full or not waiting
        (checked atomically, so two joiners cannot both get the last seat)."""

    async def close_waiting_game(self, game_id: str, reason: str, now: float) -> GameRecord | None:
        """End a game still waiting for its second player, before it starts (an invite
        cancelled or expired): ``finished`` with ``end_reason`` ``reason``. Atomic with
        ``take_seat``: of a join and a close at once, exactly one happens. The closed
        record, or None when the game is not waiting (or does not exist)."""

    async def games_of(
        self, user_id: str, status: GameStatus | tuple[GameStatus, ...] | None = None
    ) -> list[GameRecord]:
        """Games where the user holds a seat, newest first; with ``status``, only those in
        that status (or in any of those statuses): a user's live games are read without
        their whole history."""

    async def games_with_status(self, status: GameStatus) -> list[GameRecord]:
        """e.g. every active game, to resume them after a restart."""

    async def commit(self, commits: Sequence[Commit]) -> None:
        """Write every commit in one transaction (all or nothing). Each action's ``seq``
        must continue its game's log. A commit's snapshot is added to the game's snapshots
        (one per ``seq``: a second for the same ``seq`` is a ``Conflict``). A result is
        kept with its action; two results for one message id in one call are a
        ``Conflict``, but one already stored is not looked for (the session asks
        ``result`` before it acts on a message id it may have answered; ``result`` then
        returns the first answer stored)."""

    async def actions(self, game_id: str, after_seq: int = 0) -> list[LoggedAction]:
        """The action log after ``after_seq``, in order."""

    async def snapshot(self, game_id: str, at_most_event: int | None = None) -> Snapshot | None:
        """The game's latest snapshot whose ``event_id`` is at most ``at_most_event`` (None:
        the latest of all), or None when there is none."""

    async def result(self, game_id: str, user_id: str, message_id: str) -> str | None:
        """The stored response to a message, if it was already handled."""

    # --- campaign ------------------------------------------------------------------------
    async def start_campaign(
        self, user_id: str, collection: dict[str, int], seed: int, now: float
    ) -> CampaignRecord:
        """Begin ``user_id``'s campaign with ``collection`` (their starter deck's cards) and
        the seed of their packs; ``Conflict`` if it has begun."""

    async def campaign(self, user_id: str) -> CampaignRecord | None: ...

    async def record_opening(self, opening: PackOpening) -> CampaignRecord:
        """Store a pack the caller opened (``campaign.open_pack`` with
        ``pack_seed(record.seed, record.opened + 1)``): one unopened pack less, its cards
        added to the collection. ``Conflict`` unless the player has an unopened pack and
        ``opening.number`` is the next one (two openings at once: the second fails)."""

    async def openings(self, user_id: str) -> list[PackOpening]:
        """The packs ``user_id`` opened, in order."""

    async def campaign_history(self, user_id: str) -> list[CampaignEntry]:
        """The results granted to ``user_id`` (one per campaign game), oldest first."""

    async def champions(self, limit: int = 100) -> list[tuple[str, float]]:
        """The hall of fame: (user id, when they became champion), earliest first."""

    # --- ladder (docs/LADDER.md) ---------------------------------------------------------
    async def rating(self, user_id: str) -> RatingRecord | None:
        """``user_id``'s rating, None before their first ranked game."""

    async def ladder(self, limit: int = 50, offset: int = 0) -> tuple[int, list[LadderEntry]]:
        """How many players are rated, and the leaderboard's rows ``offset`` to ``offset +
        limit``: highest rating first (ties: more games, then user id)."""

    async def rating_history(self, user_id: str, limit: int = 200) -> list[RatingChange]:
        """The last ``limit`` ranked games' changes of ``user_id``'s rating, oldest first."""
