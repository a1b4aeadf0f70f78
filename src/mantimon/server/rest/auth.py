"""Accounts and tokens: guests by display name, registered users (argon2), refresh, logout.

Every sign-in (guest, register, login) starts a refresh token family (``storage``
``RefreshFamily``): ``/api/auth/refresh`` trades the family's current refresh token for a
new pair and retires the old one; presenting a retired one again means two parties hold
the family's tokens (one of them stole it), so the whole family is revoked and both must
sign in again. ``/api/auth/logout`` revokes the family. Access tokens stay stateless and
live until they expire (``access_token_minutes``). A refresh token issued before families
existed gets a family of its own on first use (``_family_of``), so it too works once.

Limits (``limits.py``): sign-ups and logins per client address, failed logins per
username (existing or not), password work off the event loop (``passwords.py``).
"""

from __future__ import annotations

import contextlib
import time
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Request, Response
from pydantic import AfterValidator, BaseModel, Field, model_validator

from mantimon.server import credentials
from mantimon.server.rest.common import ApiError, ServicesDep, UserDep, client_address, user_json
from mantimon.server.rest.ladder import rating_json
from mantimon.server.security import RefreshClaims, TokenError
from mantimon.storage import RefreshFamily, UserRecord
from mantimon.storage.ports import Conflict

router = APIRouter(tags=["auth"])

DisplayName = Annotated[str, AfterValidator(credentials.display_name)]


class GuestIn(BaseModel):
    name: DisplayName = Field(max_length=256)


class RegisterIn(BaseModel):
    username: str = Field(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
    password: Annotated[
        str, Field(min_length=8, max_length=256), AfterValidator(credentials.password)
    ]
    name: DisplayName | None = Field(default=None, max_length=256)

    @model_validator(mode="after")
    def _password_is_not_the_username(self) -> RegisterIn:
        credentials.password_for(self.username, self.password)
        return self


class LoginIn(BaseModel):
    username: str = Field(max_length=32)  # no longer one can exist (RegisterIn)
    password: str = Field(max_length=256)


class RefreshIn(BaseModel):
    refresh_token: str = Field(max_length=4096)


async def _signed_in(svc: ServicesDep, user: UserRecord) -> dict[str, Any]:
    """Tokens for a new sign-in: a new refresh family at generation 0."""
    now = time.time()
    family = RefreshFamily(
        id=uuid.uuid4().hex,
        user_id=user.id,
        generation=0,
        created_at=now,
        expires_at=now + svc.tokens.refresh_seconds,
    )
    await svc.store.add_refresh_family(family)
    return _tokens(svc, user, family.id, 0, now)


def _tokens(
    svc: ServicesDep, user: UserRecord, family: str, generation: int, now: float
) -> dict[str, Any]:
    return {
        "access_token": svc.tokens.issue(user.id, now),
        "refresh_token": svc.tokens.issue_refresh(user.id, family, generation, now),
        "token_type": "bearer",
        "expires_in": int(svc.tokens.access_seconds),
        "user": user_json(user),
    }


@router.post("/api/auth/guest", status_code=201)
async def guest(body: GuestIn, request: Request, svc: ServicesDep) -> dict[str, Any]:
    """A guest account with just a display name (no password): returns tokens."""
    svc.limits.signup(client_address(request))
    user = UserRecord(id=f"u-{uuid.uuid4().hex[:12]}", name=body.name, created_at=time.time())
    await svc.store.add_user(user)
    return await _signed_in(svc, user)


@router.post("/api/auth/register", status_code=201)
async def register(body: RegisterIn, request: Request, svc: ServicesDep) -> dict[str, Any]:
    svc.limits.signup(client_address(request))
    user = UserRecord(
        id=f"u-{uuid.uuid4().hex[:12]}",
        name=body.name or body.username,
        created_at=time.time(),
        username=body.username.lower(),  # logins are case-insensitive
        password_hash=await svc.passwords.hash(body.password),
    )
    try:
        await svc.store.add_user(user)
    except Conflict:
        raise ApiError(409, "username_taken", f"the username '{body.username}' is taken") from None
    return await _signed_in(svc, user)


@router.post("/api/auth/register-guest")
async def register_guest(
    body: RegisterIn, request: Request, user: UserDep, svc: ServicesDep
) -> dict[str, Any]:
    """Make the signed-in guest a registered user: the same account (id, games, decks,
    campaign), now with a username and password. 409 ``already_registered`` for a user
    who has a username; ``username_taken`` as for ``register``."""
    svc.limits.signup(client_address(request))
    if user.username is not None:
        raise ApiError(409, "already_registered", "this account is registered already")
    password_hash = await svc.passwords.hash(body.password)
    try:
        done = await svc.store.register_guest(
            user.id, body.username.lower(), password_hash, body.name
        )
    except Conflict:
        raise ApiError(409, "username_taken", f"the username '{body.username}' is taken") from None
    if done is None:  # registered by another request meanwhile
        raise ApiError(409, "already_registered", "this account is registered already")
    return await _signed_in(svc, done)


@router.post("/api/auth/login")
async def login(body: LoginIn, request: Request, svc: ServicesDep) -> dict[str, Any]:
    """Tokens for a username and password. Unknown usernames cost the same time as known
    ones and count against the same failure limit, so neither tells which exist."""
    username = body.username.lower()
    svc.limits.login(client_address(request), username)
    user = await svc.store.user_by_username(username)
    stored = user.password_hash if user is not None else None
    if not await svc.passwords.verify(stored, body.password) or user is None:
        svc.limits.login_failed(username)
        raise ApiError(401, "authentication_failed", "wrong username or password")
    return await _signed_in(svc, user)


async def _family_of(svc: ServicesDep, token: str, now: float) -> RefreshClaims:
    """The claims of a valid refresh token; 401 if it is not one. A legacy token's family
    (``legacy-<jti>``, generation 0) is created on its first use and found afterwards, so
    rotating it succeeds once and a second use is reuse, as for any token."""
    try:
        claims = svc.tokens.verify_refresh(token)
    except TokenError as exc:
        raise ApiError(401, "authentication_failed", str(exc)) from None
    if claims.legacy:
        family = RefreshFamily(
            id=claims.family,
            user_id=claims.user_id,
            generation=0,
            created_at=now,
            expires_at=claims.expires_at,  # as long as the token itself could be replayed
        )
        with contextlib.suppress(Conflict):  # used (or being used) before
            await svc.store.add_refresh_family(family)
    return claims


@router.post("/api/auth/refresh")
async def refresh(body: RefreshIn, svc: ServicesDep) -> dict[str, Any]:
    """New tokens for the current refresh token (which is then used up)."""
    now = time.time()
    claims = await _family_of(svc, body.refresh_token, now)
    outcome = await svc.store.rotate_refresh(
        claims.family, claims.generation, now, now + svc.tokens.refresh_seconds
    )
    if outcome == "reused":
        raise ApiError(
            401,
            "authentication_failed",
            "this refresh token was already used; every token of this sign-in is now "
            "revoked: sign in again",
        )
    if outcome != "rotated":
        raise ApiError(401, "authentication_failed", "this sign-in has ended; sign in again")
    user = await svc.store.get_user(claims.user_id)
    if user is None:
        raise ApiError(401, "authentication_failed", "the token names an unknown user")
    return _tokens(svc, user, claims.family, claims.generation + 1, now)


@router.post("/api/auth/logout", status_code=204)
async def logout(body: RefreshIn, svc: ServicesDep) -> Response:
    """End this sign-in: its refresh tokens stop working (access tokens already issued
    work until they expire)."""
    now = time.time()
    claims = await _family_of(svc, body.refresh_token, now)
    await svc.store.revoke_refresh_family(claims.family, now)
    return Response(status_code=204)


@router.get("/api/users/me")
async def me(user: UserDep, svc: ServicesDep) -> dict[str, Any]:
    """The signed-in user, with their ladder rating (None before a first ranked game)."""
    record = await svc.store.rating(user.id)
    return {**user_json(user), "rating": rating_json(record) if record is not None else None}
