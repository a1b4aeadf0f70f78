"""What every router shares: the app's services, the current user, errors as JSON.

Errors use one shape, ``{"error": {"code": ..., "message": ..., "details": ...}}``, with
the wire contract's codes where one fits (``game_not_found``, ``game_full``,
``already_in_game``, ``authentication_failed``...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request

from mantimon.cards import CardPool
from mantimon.server.hub import Hub
from mantimon.server.limits import Limits
from mantimon.server.passwords import PasswordWork
from mantimon.server.security import TokenError, Tokens
from mantimon.server.settings import Settings
from mantimon.storage import Store, UserRecord


@dataclass
class Services:
    """The composition root's products, reachable from every request."""

    settings: Settings
    store: Store
    hub: Hub
    tokens: Tokens
    pool: CardPool
    matchmaker: Any  # mantimon.server.rest.matchmaking.Matchmaker
    limits: Limits
    passwords: PasswordWork


class ApiError(HTTPException):
    def __init__(
        self, status: int, code: str, message: str, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(
            status_code=status, detail={"code": code, "message": message, "details": details or {}}
        )


async def services(request: Request) -> Services:
    """The app's services. ``async`` though it awaits nothing: FastAPI runs a plain ``def``
    dependency on a worker thread, and that hop cost ~8% of a request's CPU (py-spy) for a
    dictionary lookup."""
    found: Services = request.app.state.services
    return found


ServicesDep = Annotated[Services, Depends(services)]


async def current_user(request: Request, svc: ServicesDep) -> UserRecord:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("bearer "):
        raise ApiError(
            401, "authentication_failed", "send an Authorization: Bearer <access token> header"
        )
    try:
        user_id = svc.tokens.verify(header[7:].strip())
    except TokenError as exc:
        raise ApiError(401, "authentication_failed", str(exc)) from None
    user = await svc.store.get_user(user_id)
    if user is None:
        raise ApiError(401, "authentication_failed", "the token names an unknown user")
    return user


UserDep = Annotated[UserRecord, Depends(current_user)]


def user_json(user: UserRecord) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "username": user.username,
        "guest": user.username is None,
    }


def client_address(request: Request) -> str:
    """The client's address: the socket's peer, or what a trusted proxy says it is
    (``settings.trusted_proxies``; uvicorn reads the proxy headers: ``transport.py``)."""
    return request.client.host if request.client else "unknown"
