"""Abuse limits on the way in: sign-ups, logins and new games per client address, failed
logins per account, open sockets per user, and a lock per user for "check the cap, then create".

What lives here: the limit tables (``KeyedBuckets`` from ``session.ratelimit``, driven by
a monotonic clock read here) and ``Limited``, the refusal the app answers with its status
(429 + ``Retry-After`` for rates). What must not: HTTP or storage (the routers decide where
each limit applies; the live-game cap counts games in ``rest/games.py``).

Every table is bounded: a bucket table by ``throttle_max_keys`` (an attacker cycling
usernames or addresses cannot grow it), the socket counts and the locks by what is open or
held right now. The per-account failure limit also applies to usernames that do not exist,
so a refusal never tells which usernames do.
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from mantimon.server.inturn import KeyedLocks
from mantimon.server.settings import Settings
from mantimon.session.ratelimit import KeyedBuckets


class Limited(Exception):
    """A request refused by a limit; the app answers ``status`` with ``{"error": ...}``
    and, when set, ``Retry-After: retry_after`` (whole seconds, rounded up)."""

    def __init__(
        self,
        message: str,
        retry_after: float | None,
        code: str = "rate_limited",
        status: int = 429,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.retry_after = None if retry_after is None else max(1, math.ceil(retry_after))


def _per_second(per_minute: float) -> float:
    return per_minute / 60.0


class Limits:
    def __init__(self, settings: Settings, clock: Callable[[], float] = time.monotonic) -> None:
        s, keys = settings, settings.throttle_max_keys
        self.clock = clock
        self.signups = KeyedBuckets(
            _per_second(s.signups_per_client_per_minute), s.signups_per_client_burst, keys
        )
        self.logins = KeyedBuckets(
            _per_second(s.logins_per_client_per_minute), s.logins_per_client_burst, keys
        )
        self.games = KeyedBuckets(
            _per_second(s.games_per_client_per_minute), s.games_per_client_burst, keys
        )
        self.failures = KeyedBuckets(
            _per_second(s.login_failures_per_minute), s.login_failures_burst, keys
        )
        self.max_sockets = s.max_sockets_per_user
        self.sockets: dict[str, int] = {}  # user id -> open sockets (no entry: none)
        self._locks = KeyedLocks()  # one per user creating a game right now

    # --- REST: sign-ups and logins ---------------------------------------------------------

    def signup(self, client: str) -> None:
        """Count a sign-up (guest or registration) from ``client``; ``Limited`` if over."""
        wait = self.signups.take(client, self.clock())
        if wait:
            raise Limited("too many new accounts from your address; try again later", wait)

    def login(self, client: str, username: str) -> None:
        """Count a login attempt from ``client``; ``Limited`` if over that limit, or if
        ``username`` has failed too often lately (checked before the password is)."""
        now = self.clock()
        wait = self.logins.take(client, now)
        if wait:
            raise Limited("too many logins from your address; try again later", wait)
        wait = self.failures.wait(username, now)
        if wait:
            raise Limited("too many failed logins for this account; try again later", wait)

    def login_failed(self, username: str) -> None:
        self.failures.spend(username, self.clock())

    def new_game(self, client: str) -> None:
        """Count a new game (created, joined or queued for) from ``client``; ``Limited``
        if over. Checked before anything is read or stored, so a refusal costs nothing."""
        wait = self.games.take(client, self.clock())
        if wait:
            raise Limited("too many new games from your address; try again shortly", wait)

    # --- sockets -------------------------------------------------------------------------

    def open_socket(self, user_id: str) -> bool:
        """Count a socket of ``user_id``; False (nothing counted) if at the cap."""
        count = self.sockets.get(user_id, 0)
        if count >= self.max_sockets:
            return False
        self.sockets[user_id] = count + 1
        return True

    def close_socket(self, user_id: str) -> None:
        count = self.sockets.pop(user_id, 0) - 1
        if count > 0:
            self.sockets[user_id] = count

    # --- one user's "check, then create" -------------------------------------------------

    @asynccontextmanager
    async def user_lock(self, user_id: str) -> AsyncIterator[None]:
        """Serialize one user's game creations, so a burst of them cannot all pass the
        live-game cap's check before any is stored."""
        async with self._locks.hold(user_id):
            yield
