"""Accounts and tokens: guests by display name, registered users (argon2), JWT refresh."""

from __future__ import annotations

import time
import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from mantimon.server.rest.common import ApiError, ServicesDep, UserDep, user_json
from mantimon.server.security import TokenError, hash_password, verify_password
from mantimon.storage import UserRecord
from mantimon.storage.ports import Conflict

router = APIRouter(tags=["auth"])

Name = Field(min_length=1, max_length=32, pattern=r"^[^\x00-\x1f]+$")


class GuestIn(BaseModel):
    name: str = Name


class RegisterIn(BaseModel):
    username: str = Field(min_length=3, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")
    password: str = Field(min_length=8, max_length=256)
    name: str | None = Field(default=None, min_length=1, max_length=32)


class LoginIn(BaseModel):
    username: str
    password: str


class RefreshIn(BaseModel):
    refresh_token: str


def _tokens(svc: ServicesDep, user: UserRecord) -> dict[str, Any]:
    return {
        "access_token": svc.tokens.issue(user.id, "access"),
        "refresh_token": svc.tokens.issue(user.id, "refresh"),
        "token_type": "bearer",
        "expires_in": int(svc.tokens.access_seconds),
        "user": user_json(user),
    }


@router.post("/api/auth/guest", status_code=201)
async def guest(body: GuestIn, svc: ServicesDep) -> dict[str, Any]:
    """A guest account with just a display name (no password): returns tokens."""
    user = UserRecord(
        id=f"u-{uuid.uuid4().hex[:12]}", name=body.name.strip(), created_at=time.time()
    )
    await svc.store.add_user(user)
    return _tokens(svc, user)


@router.post("/api/auth/register", status_code=201)
async def register(body: RegisterIn, svc: ServicesDep) -> dict[str, Any]:
    user = UserRecord(
        id=f"u-{uuid.uuid4().hex[:12]}",
        name=(body.name or body.username).strip(),
        created_at=time.time(),
        username=body.username.lower(),
        password_hash=hash_password(body.password),
    )
    try:
        await svc.store.add_user(user)
    except Conflict:
        raise ApiError(409, "username_taken", f"the username '{body.username}' is taken") from None
    return _tokens(svc, user)


@router.post("/api/auth/login")
async def login(body: LoginIn, svc: ServicesDep) -> dict[str, Any]:
    user = await svc.store.user_by_username(body.username.lower())
    if (
        user is None
        or user.password_hash is None
        or not verify_password(user.password_hash, body.password)
    ):
        raise ApiError(401, "authentication_failed", "wrong username or password")
    return _tokens(svc, user)


@router.post("/api/auth/refresh")
async def refresh(body: RefreshIn, svc: ServicesDep) -> dict[str, Any]:
    try:
        user_id = svc.tokens.verify(body.refresh_token, "refresh")
    except TokenError as exc:
        raise ApiError(401, "authentication_failed", str(exc)) from None
    user = await svc.store.get_user(user_id)
    if user is None:
        raise ApiError(401, "authentication_failed", "the token names an unknown user")
    return _tokens(svc, user)


@router.get("/api/users/me")
async def me(user: UserDep) -> dict[str, Any]:
    return user_json(user)
