"""An in-memory ``Store``: the reference adapter for tests and ``--storage memory``.

What lives here: dicts and lists behind the ``Store`` protocol, with the same atomicity and
conflict rules as the SQL adapter (a commit is validated completely before anything is
written). What must not: persistence; everything is gone when the process ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import replace

from mantimon.campaign import Progress
from mantimon.storage.grants import apply_result, check_opening
from mantimon.storage.ladder import apply_ranked, fresh
from mantimon.storage.ports import (
    CampaignEntry,
    CampaignRecord,
    CampaignResult,
    Commit,
    Conflict,
    DeckRecord,
    GameRecord,
    GameStatus,
    LadderEntry,
    LoggedAction,
    PackOpening,
    RankedResult,
    RatingChange,
    RatingRecord,
    RefreshFamily,
    Rotation,
    SeatRecord,
    Snapshot,
    StoreError,
    UserRecord,
)


class MemoryStore:
    def __init__(self) -> None:
        self.users: dict[str, UserRecord] = {}
        self.families: dict[str, RefreshFamily] = {}
        self.decks: dict[str, DeckRecord] = {}
        self.games: dict[str, GameRecord] = {}
        self.logs: dict[str, list[LoggedAction]] = {}
        self.snapshots: dict[str, list[Snapshot]] = {}  # per game, by seq
        self.results: dict[tuple[str, str, str], str] = {}
        self.campaigns: dict[str, CampaignRecord] = {}
        self.granted: set[tuple[str, str]] = set()  # (user, game) results applied
        self.history: dict[str, list[CampaignEntry]] = {}
        self.packs_opened: dict[str, list[PackOpening]] = {}
        self.ratings: dict[str, RatingRecord] = {}
        self.rating_changes: dict[str, list[RatingChange]] = {}
        self.rated: set[tuple[str, str]] = set()  # (user, game) ranked results applied
        self._lock = asyncio.Lock()

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None

    # users
    async def add_user(self, user: UserRecord) -> None:
        if user.username is not None and await self.user_by_username(user.username):
            raise Conflict(f"username '{user.username}' is taken")
        if user.id in self.users:
            raise Conflict(f"user '{user.id}' exists")
        self.users[user.id] = user

    async def get_user(self, user_id: str) -> UserRecord | None:
        return self.users.get(user_id)

    async def register_guest(
        self, user_id: str, username: str, password_hash: str, name: str | None = None
    ) -> UserRecord | None:
        user = self.users.get(user_id)
        if user is None or user.username is not None:
            return None
        if await self.user_by_username(username):
            raise Conflict(f"username '{username}' is taken")
        user = replace(user, username=username, password_hash=password_hash, name=name or user.name)
        self.users[user_id] = user
        return user

    async def user_by_username(self, username: str) -> UserRecord | None:
        return next((u for u in self.users.values() if u.username == username), None)

    # refresh token families
    async def add_refresh_family(self, family: RefreshFamily) -> None:
        if family.id in self.families:
            raise Conflict(f"refresh family '{family.id}' exists")
        for old in [f for f in self.families.values() if f.expires_at < family.created_at]:
            del self.families[old.id]
        self.families[family.id] = family

    async def rotate_refresh(
        self, family_id: str, generation: int, now: float, expires_at: float
    ) -> Rotation:
        family = self.families.get(family_id)
        if family is None or family.expires_at <= now:
            return "unknown"
        if family.revoked_at is not None:
            return "revoked"
        if generation != family.generation:
            self.families[family_id] = replace(family, revoked_at=now)
            return "reused"
        self.families[family_id] = replace(family, generation=generation + 1, expires_at=expires_at)
        return "rotated"

    async def revoke_refresh_family(self, family_id: str, now: float) -> bool:
        family = self.families.get(family_id)
        if family is None or family.revoked_at is not None or family.expires_at <= now:
            return False
        self.families[family_id] = replace(family, revoked_at=now)
        return True

    # decks
    async def put_deck(self, deck: DeckRecord) -> None:
        self.decks[deck.id] = deck

    async def get_deck(self, deck_id: str) -> DeckRecord | None:
        return self.decks.get(deck_id)

    async def decks_of(self, owner_id: str) -> list[DeckRecord]:
        found = [d for d in self.decks.values() if d.owner_id == owner_id]
        return sorted(found, key=lambda d: (d.created_at, d.id))

    async def delete_deck(self, deck_id: str) -> bool:
        return self.decks.pop(deck_id, None) is not None

    # games
    async def add_game(self, game: GameRecord) -> None:
        if game.id in self.games:
            raise Conflict(f"game '{game.id}' exists")
        self.games[game.id] = game
        self.logs[game.id] = []

    async def has_game(self, game_id: str) -> bool:
        return game_id in self.games

    async def get_game(self, game_id: str) -> GameRecord | None:
        return self.games.get(game_id)

    async def take_seat(self, game_id: str, seat: SeatRecord, seed: int, now: float) -> GameRecord:
        async with self._lock:
            game = self.games.get(game_id)
            if game is None:
                raise StoreError(f"no game '{game_id}'")
            if game.status != "waiting" or len(game.seats) >= 2:
                raise Conflict("the game is full")
            seats = (*game.seats, seat)
            status: GameStatus = "active" if len(seats) == 2 else "waiting"
            game = replace(game, seats=seats, status=status, seed=seed, updated_at=now)
            self.games[game_id] = game
            return game

    async def close_waiting_game(self, game_id: str, reason: str, now: float) -> GameRecord | None:
        async with self._lock:
            game = self.games.get(game_id)
            if game is None or game.status != "waiting":
                return None
            game = replace(game, status="finished", end_reason=reason, updated_at=now)
            self.games[game_id] = game
            return game

    async def games_of(
        self, user_id: str, status: GameStatus | tuple[GameStatus, ...] | None = None
    ) -> list[GameRecord]:
        wanted = (status,) if isinstance(status, str) else status
        found = [
            g
            for g in self.games.values()
            if any(s.user_id == user_id for s in g.seats) and (wanted is None or g.status in wanted)
        ]
        return sorted(found, key=lambda g: (g.created_at, g.id), reverse=True)

    async def games_with_status(self, status: GameStatus) -> list[GameRecord]:
        return [g for g in self.games.values() if g.status == status]

    async def commit(self, commits: Sequence[Commit]) -> None:
        # Validate everything first: a commit is all or nothing.
        next_seq = {gid: len(log) for gid, log in self.logs.items()}
        seen_snapshots: set[tuple[str, int]] = set()
        seen_results: set[tuple[str, str, str]] = set()
        for c in commits:
            if c.game_id not in self.games:
                raise StoreError(f"no game '{c.game_id}'")
            for a in c.actions:
                if a.game_id != c.game_id or a.seq != next_seq[c.game_id] + 1:
                    raise Conflict(f"action seq {a.seq} does not continue game '{c.game_id}'")
                next_seq[c.game_id] = a.seq
            if c.snapshot is not None:
                skey = (c.game_id, c.snapshot.seq)
                existing = self.snapshots.get(c.game_id, [])
                if skey in seen_snapshots or any(x.seq == c.snapshot.seq for x in existing):
                    raise Conflict(f"a snapshot after action {c.snapshot.seq} is stored")
                seen_snapshots.add(skey)
            for r in c.results:
                rkey = (r.game_id, r.user_id, r.message_id)
                if rkey in seen_results:  # as on SQL: checked within the call only
                    raise Conflict(f"message '{r.message_id}' has two results in one call")
                seen_results.add(rkey)
        for c in commits:
            self.logs[c.game_id].extend(c.actions)
            if c.snapshot is not None:
                self.snapshots.setdefault(c.game_id, []).append(c.snapshot)
            for r in c.results:
                self.results.setdefault((r.game_id, r.user_id, r.message_id), r.response)
            u = c.update
            changes = {
                k: getattr(u, k) for k in u.__dataclass_fields__ if getattr(u, k) is not None
            }
            if changes:
                self.games[c.game_id] = replace(self.games[c.game_id], **changes)
            if c.campaign is not None:
                self._grant(c.campaign)
            if c.ranked is not None:
                self._rate(c.ranked)

    def _rate(self, result: RankedResult) -> None:
        """Apply a ranked result once per (user, game) (docs/LADDER.md)."""
        one, two = result.players
        if (one, result.game_id) in self.rated or (two, result.game_id) in self.rated:
            return
        first = self.ratings.get(one) or fresh(one, result.at)
        second = self.ratings.get(two) or fresh(two, result.at)
        records, changes = apply_ranked(first, second, result)
        for record, change in zip(records, changes, strict=True):
            self.ratings[record.user_id] = record
            self.rating_changes.setdefault(record.user_id, []).append(change)
            self.rated.add((record.user_id, result.game_id))

    def _grant(self, result: CampaignResult) -> None:
        key = (result.user_id, result.game_id)
        if key in self.granted:
            return
        self.granted.add(key)
        record = self.campaigns.get(result.user_id)
        entry = CampaignEntry(result)
        if record is not None:
            self.campaigns[result.user_id], reward = apply_result(record, result)
            entry = CampaignEntry(
                result, reward.packs, reward.medal, reward.promo, reward.became_champion
            )
        self.history.setdefault(result.user_id, []).append(entry)

    async def actions(self, game_id: str, after_seq: int = 0) -> list[LoggedAction]:
        return [a for a in self.logs.get(game_id, []) if a.seq > after_seq]

    async def snapshot(self, game_id: str, at_most_event: int | None = None) -> Snapshot | None:
        found = [
            s
            for s in self.snapshots.get(game_id, [])
            if at_most_event is None or s.event_id <= at_most_event
        ]
        return max(found, key=lambda s: s.seq, default=None)

    async def result(self, game_id: str, user_id: str, message_id: str) -> str | None:
        return self.results.get((game_id, user_id, message_id))

    # --- campaign ----------------------------------------------------------------------

    async def start_campaign(
        self, user_id: str, collection: dict[str, int], seed: int, now: float
    ) -> CampaignRecord:
        if user_id in self.campaigns:
            raise Conflict(f"'{user_id}' has begun the campaign")
        record = CampaignRecord(user_id, Progress(), seed, 0, 0, dict(collection), now)
        self.campaigns[user_id] = record
        return record

    async def campaign(self, user_id: str) -> CampaignRecord | None:
        return self.campaigns.get(user_id)

    async def record_opening(self, opening: PackOpening) -> CampaignRecord:
        record = check_opening(self.campaigns.get(opening.user_id), opening)
        collection = dict(record.collection)
        for card in opening.cards:
            collection[card] = collection.get(card, 0) + 1
        record = replace(
            record, packs=record.packs - 1, opened=opening.number, collection=collection
        )
        self.campaigns[opening.user_id] = record
        self.packs_opened.setdefault(opening.user_id, []).append(opening)
        return record

    async def openings(self, user_id: str) -> list[PackOpening]:
        return list(self.packs_opened.get(user_id, []))

    async def campaign_history(self, user_id: str) -> list[CampaignEntry]:
        return list(self.history.get(user_id, []))

    async def champions(self, limit: int = 100) -> list[tuple[str, float]]:
        crowned = [
            (user, entry.result.at)
            for user, entries in self.history.items()
            for entry in entries
            if entry.crowned
        ]
        return sorted(crowned, key=lambda x: (x[1], x[0]))[:limit]

    # --- ladder ------------------------------------------------------------------------

    async def rating(self, user_id: str) -> RatingRecord | None:
        return self.ratings.get(user_id)

    async def ladder(self, limit: int = 50, offset: int = 0) -> tuple[int, list[LadderEntry]]:
        ordered = sorted(self.ratings.values(), key=lambda r: (-r.rating, -r.games, r.user_id))
        page = ordered[offset : offset + limit]
        entries = [
            LadderEntry(offset + i + 1, self.users[r.user_id].name, r)
            if r.user_id in self.users
            else LadderEntry(offset + i + 1, r.user_id, r)
            for i, r in enumerate(page)
        ]
        return len(ordered), entries

    async def rating_history(self, user_id: str, limit: int = 200) -> list[RatingChange]:
        return list(self.rating_changes.get(user_id, [])[-limit:]) if limit > 0 else []
