"""Server settings: defaults for the embedded setup, overridable by ``MANTIMON_*`` variables.

The default runs everything locally: SQLite under ``./var/``, 127.0.0.1:8000. The JWT
secret, when not given, is generated once and kept in ``./var/jwt-secret`` so tokens
survive a restart.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import BaseModel, Field, field_validator

ENV_PREFIX = "MANTIMON_"


class Settings(BaseModel):
    database_url: str = "sqlite+aiosqlite:///./var/mantimon.db"
    host: str = "127.0.0.1"
    port: int = 8000
    var_dir: Path = Path("./var")
    jwt_secret: str = ""
    access_token_minutes: float = Field(default=60.0, gt=0)
    refresh_token_days: float = Field(default=30.0, gt=0)
    turn_seconds: float = Field(default=90.0, gt=0)
    grace_seconds: float = Field(default=60.0, ge=0)
    idle_seconds: float = Field(default=90.0, gt=0)
    rate_per_second: float = Field(default=20.0, gt=0)
    rate_burst: float = Field(default=40.0, ge=1)
    max_message_bytes: int = Field(default=64 * 1024, gt=0)
    bot_think_seconds: float = Field(default=0.6, ge=0)
    # Worker processes for the bots that search (``hard``, ``expert``; mantimon.server.
    # thinking), started on first use at a lower CPU priority than the games' loop.
    bot_workers: int = Field(default=1, ge=1, le=64)
    matchmaking_wait_seconds: float = Field(default=25.0, ge=0)
    # Deal every game from this seed, and let server bots choose from it too, and open every
    # new campaign's packs from it (reproducible demos, tests, bug reports); None: a fresh
    # random seed per game, per bot and per campaign. Never set it on a public server:
    # players could learn it.
    game_seed: int | None = Field(default=None, ge=0, lt=2**63)
    # Play every campaign duelist with this bot instead of its level (a test seam: a test
    # drives a fresh account through a game it can win, e.g. against "random"). Never on a
    # public server: it makes the campaign trivial.
    campaign_bot: str | None = None
    static_dir: Path | None = None
    # Seconds between full garbage collections while serving (mantimon.server.collector):
    # the serving thresholds never start one on their own.
    full_collection_seconds: float = Field(default=600.0, gt=0)

    # --- accounts and abuse limits (mantimon.server.limits, docs/SECURITY.md) -------------
    # Failed logins per account (existing or not): this many in a row, then one more per
    # 60 / per_minute seconds; meanwhile every login of it gets 429 + Retry-After.
    login_failures_burst: int = Field(default=10, ge=1)
    login_failures_per_minute: float = Field(default=0.2, gt=0)
    # Per client address (see trusted_proxies): logins of any outcome, and sign-ups
    # (guest or registered): a burst, then this many per minute.
    logins_per_client_burst: int = Field(default=30, ge=1)
    logins_per_client_per_minute: float = Field(default=30.0, gt=0)
    signups_per_client_burst: int = Field(default=20, ge=1)
    signups_per_client_per_minute: float = Field(default=5.0, gt=0)
    # New games per client address (created, joined by invite, or queued for): each deals
    # a game and wakes a bot on the event loop every game shares, so a burst is short.
    games_per_client_burst: int = Field(default=5, ge=1)
    games_per_client_per_minute: float = Field(default=20.0, gt=0)
    throttle_max_keys: int = Field(default=20_000, ge=1)  # per limit table (~6 MB when full)
    max_sockets_per_user: int = Field(default=8, ge=1)
    max_live_games_per_user: int = Field(default=10, ge=1)  # waiting or active seats
    # An invite nobody took within this many seconds is closed ("expired"): it no longer
    # counts toward max_live_games_per_user and can no longer be joined.
    invite_expiry_seconds: float = Field(default=3600.0, gt=0)
    # argon2 runs on this many threads (64 MiB each while hashing); this many more logins
    # may wait for one, beyond that 503 + Retry-After.
    password_workers: int = Field(default=1, ge=1)
    password_queue: int = Field(default=16, ge=0)

    # --- transport limits (mantimon.server.transport, bodylimit; docs/SECURITY.md) ---
    # Largest REST request body in bytes: a bigger one gets 413 before any route reads it.
    max_body_bytes: int = Field(default=64 * 1024, gt=0)
    # Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed: comma-
    # separated addresses or networks ("127.0.0.1", "10.0.0.0/8", "*" for any). The
    # client's address (per-address limits, logs) is then what the proxy says; from anyone
    # else the headers are ignored. The default is the proxy on the same machine
    # (deploy/haproxy.cfg); empty: none, the socket's peer is always the client.
    trusted_proxies: str = "127.0.0.1"

    @field_validator("jwt_secret")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value.encode()) < 32:
            raise ValueError("the JWT secret must be at least 32 bytes (HS256)")
        return value

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``MANTIMON_<FIELD>`` environment variables, then ``overrides``."""
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = os.environ.get(ENV_PREFIX + name.upper())
            if raw is not None:
                values[name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)

    def secret(self) -> str:
        """The JWT signing secret (generated and stored under ``var_dir`` if not set)."""
        if self.jwt_secret:
            return self.jwt_secret
        path = self.var_dir / "jwt-secret"
        if path.exists():
            return path.read_text().strip()
        self.var_dir.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(48)
        path.write_text(value)
        path.chmod(0o600)
        return value
