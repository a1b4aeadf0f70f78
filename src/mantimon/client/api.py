"""The REST half of the client: accounts, decks and seats over HTTP (httpx).

A call the server (or its proxy) refused for now, 429 or 503 with ``Retry-After``, was not
carried out, so the client waits as long as it was told and sends it again, up to
``retry_within`` seconds of waiting in all; past that the refusal is raised as ``ApiError``.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Any

import httpx

from mantimon.client.socket import GameSocket


class ApiError(Exception):
    """The server answered a REST call with an error (``code`` as in the JSON body)."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait before sending a refused-for-now call again, if it was one."""
    if response.status_code not in (429, 503):
        return None
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


class Client:
    def __init__(
        self,
        base_url: str = "http://127.0.0.1:8000",
        *,
        timeout: float = 30.0,
        retry_within: float = 60.0,
        local_address: str | None = None,
    ) -> None:
        """``local_address``: the address this client's connections leave from (REST and
        game sockets), on a machine with several; None lets the system choose."""
        self.base_url = base_url.rstrip("/")
        self.retry_within = retry_within
        self.local_address = local_address
        transport = httpx.AsyncHTTPTransport(local_address=local_address) if local_address else None
        self.http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout, transport=transport)
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self.user: dict[str, Any] = {}

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self.http.aclose()

    @property
    def user_id(self) -> str:
        return str(self.user["id"])

    async def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        waited = 0.0
        while True:
            headers = {"authorization": f"Bearer {self.access_token}"} if self.access_token else {}
            response = await self.http.request(
                method, path, json=body, params=params or None, headers=headers
            )
            wait = _retry_after(response)
            if wait is None or waited + wait > self.retry_within:
                break
            await asyncio.sleep(wait)
            waited += wait
        if response.status_code == 401 and self.refresh_token and path != "/api/auth/refresh":
            await self._refresh()
            headers = {"authorization": f"Bearer {self.access_token}"}
            response = await self.http.request(
                method, path, json=body, params=params or None, headers=headers
            )
        if response.status_code >= 400:
            try:
                error = response.json().get("error", {})
            except ValueError:
                error = {}
            raise ApiError(
                response.status_code,
                error.get("code", "http_error"),
                error.get("message", response.text),
            )
        return response.json() if response.content else None

    def _remember(self, tokens: dict[str, Any]) -> dict[str, Any]:
        self.access_token = tokens["access_token"]
        self.refresh_token = tokens["refresh_token"]
        self.user = tokens["user"]
        return tokens

    async def _refresh(self) -> None:
        self._remember(
            await self.call("POST", "/api/auth/refresh", {"refresh_token": self.refresh_token})
        )

    # accounts
    async def guest(self, name: str) -> dict[str, Any]:
        return self._remember(await self.call("POST", "/api/auth/guest", {"name": name}))

    async def register(
        self, username: str, password: str, name: str | None = None
    ) -> dict[str, Any]:
        body = {"username": username, "password": password, "name": name}
        return self._remember(await self.call("POST", "/api/auth/register", body))

    async def login(self, username: str, password: str) -> dict[str, Any]:
        return self._remember(
            await self.call("POST", "/api/auth/login", {"username": username, "password": password})
        )

    async def logout(self) -> None:
        """End this sign-in on the server (its refresh tokens stop working) and forget the
        tokens here."""
        if self.refresh_token is not None:
            await self.call("POST", "/api/auth/logout", {"refresh_token": self.refresh_token})
        self.access_token = self.refresh_token = None

    # cards and decks
    async def cards(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self.call("GET", "/api/cards")
        return result

    async def starters(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self.call("GET", "/api/decks/starters")
        return result

    # games
    async def create_game(self, **body: Any) -> dict[str, Any]:
        """``opponent="bot"`` (with ``bot``) or ``"invite"``; ``deck``; ``preset``."""
        result: dict[str, Any] = await self.call("POST", "/api/games", body)
        return result

    async def join_game(self, game_id: str, deck: Any = "ember-rush") -> dict[str, Any]:
        result: dict[str, Any] = await self.call(
            "POST", f"/api/games/{game_id}/join", {"deck": deck}
        )
        return result

    async def game(self, game_id: str) -> dict[str, Any]:
        result: dict[str, Any] = await self.call("GET", f"/api/games/{game_id}")
        return result

    async def cancel_game(self, game_id: str) -> dict[str, Any]:
        """Cancel one's own game that still waits for its second player."""
        result: dict[str, Any] = await self.call("DELETE", f"/api/games/{game_id}")
        return result

    async def quick_match(
        self, deck: Any = "ember-rush", preset: str = "mantimon", wait_seconds: float = 25
    ) -> dict[str, Any]:
        """Queue until matched (polling the long-poll endpoint); returns the game."""
        while True:
            result = await self.call(
                "POST",
                "/api/matchmaking",
                {"deck": deck, "preset": preset, "wait_seconds": wait_seconds},
            )
            if result["status"] == "matched":
                game: dict[str, Any] = result["game"]
                return game

    def socket(self) -> GameSocket:
        if self.access_token is None:
            raise RuntimeError("log in first (guest, register or login)")
        ws_url = self.base_url.replace("http://", "ws://").replace("https://", "wss://") + "/ws"
        return GameSocket(ws_url, self.access_token, local_address=self.local_address)
