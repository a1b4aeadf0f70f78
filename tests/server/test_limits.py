"""Abuse limits over real sockets: failed logins per account, logins and sign-ups per client
address (429 + Retry-After), whose address that is behind a proxy, and per-user caps on
open sockets and live games. Each test runs its own server with tight limits."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import orjson
import pytest
import websockets

from mantimon.client import ApiError, Client
from tests.server.harness import HTTP_TIMEOUT, ServerThread, wait_for

GOOD = {"username": "victim", "password": "a quiet harbor"}


def _retry_after(r: httpx.Response) -> int:
    assert r.status_code == 429, r.text
    assert r.json()["error"]["code"] == "rate_limited"
    seconds = int(r.headers["retry-after"])
    assert seconds >= 1
    return seconds


async def test_failed_logins_lock_the_account_for_a_while(start: Any) -> None:
    srv = start(login_failures_burst=5, login_failures_per_minute=1.0)
    async with httpx.AsyncClient(base_url=srv.url, timeout=HTTP_TIMEOUT) as http:
        assert (await http.post("/api/auth/register", json=GOOD)).status_code == 201
        wrong = {**GOOD, "password": "not the password"}
        statuses = [(await http.post("/api/auth/login", json=wrong)).status_code for _ in range(30)]
        assert statuses == [401] * 5 + [429] * 25
        r = await http.post("/api/auth/login", json=GOOD)  # the right one, too late
        assert 1 <= _retry_after(r) <= 60
        assert "failed logins" in r.json()["error"]["message"]
        # Unknown usernames are limited alike: a 429 does not tell which usernames exist.
        ghost = {"username": "nobody_here", "password": "not the password"}
        statuses = [(await http.post("/api/auth/login", json=ghost)).status_code for _ in range(7)]
        assert statuses == [401] * 5 + [429] * 2
        # Another account is not affected.
        other = {"username": "bystander", "password": "a quiet harbor"}
        assert (await http.post("/api/auth/register", json=other)).status_code == 201
        assert (await http.post("/api/auth/login", json=other)).status_code == 200


async def test_logins_per_client_address_are_limited(start: Any) -> None:
    srv = start(logins_per_client_burst=4, logins_per_client_per_minute=0.5)
    async with httpx.AsyncClient(base_url=srv.url, timeout=HTTP_TIMEOUT) as http:
        assert (await http.post("/api/auth/register", json=GOOD)).status_code == 201
        statuses = [(await http.post("/api/auth/login", json=GOOD)).status_code for _ in range(6)]
        assert statuses == [200] * 4 + [429] * 2
        r = await http.post("/api/auth/login", json=GOOD)
        assert 60 <= _retry_after(r) <= 120  # one login back every 2 minutes


async def test_sign_ups_per_client_address_are_limited(start: Any) -> None:
    srv = start(signups_per_client_burst=10, signups_per_client_per_minute=1.0)
    async with httpx.AsyncClient(base_url=srv.url, timeout=HTTP_TIMEOUT) as http:
        guests = [http.post("/api/auth/guest", json={"name": f"G{i}"}) for i in range(200)]
        statuses = Counter(r.status_code for r in await asyncio.gather(*guests))
        assert statuses == {201: 10, 429: 190}
        r = await http.post("/api/auth/register", json=GOOD)  # registering is a sign-up too
        assert 1 <= _retry_after(r) <= 60


async def test_forwarded_for_is_believed_only_from_a_trusted_proxy(start: Any) -> None:
    def via(address: str) -> dict[str, str]:
        return {"x-forwarded-for": address}

    limits = {"signups_per_client_burst": 2, "signups_per_client_per_minute": 0.01}
    direct = start(trusted_proxies="", **limits)  # no proxy: the header is anyone's to write
    async with httpx.AsyncClient(base_url=direct.url, timeout=HTTP_TIMEOUT) as http:
        statuses = [
            (
                await http.post(
                    "/api/auth/guest", json={"name": "G"}, headers=via(f"203.0.113.{i}")
                )
            ).status_code
            for i in range(4)
        ]
        assert statuses == [201, 201, 429, 429]
    proxied = start(**limits)  # the default trusts 127.0.0.1: we are the proxy now
    async with httpx.AsyncClient(base_url=proxied.url, timeout=HTTP_TIMEOUT) as http:
        for address, expected in [
            ("203.0.113.1", 201),
            ("203.0.113.1", 201),
            ("203.0.113.1", 429),
            ("203.0.113.2", 201),
            ("198.51.100.7, 203.0.113.1", 429),  # the proxy appends the peer it saw
        ]:
            r = await http.post("/api/auth/guest", json={"name": "G"}, headers=via(address))
            assert r.status_code == expected, (address, r.text)


async def _socket(srv: ServerThread, token: str) -> websockets.ClientConnection:
    return await websockets.connect(f"ws://127.0.0.1:{srv.settings.port}/ws?token={token}")


async def test_open_sockets_per_user_are_capped(start: Any) -> None:
    srv = start(max_sockets_per_user=2)
    async with httpx.AsyncClient(base_url=srv.url, timeout=HTTP_TIMEOUT) as http:
        ana = (await http.post("/api/auth/guest", json={"name": "Ana"})).json()["access_token"]
        bo = (await http.post("/api/auth/guest", json={"name": "Bo"})).json()["access_token"]
    first, second = await _socket(srv, ana), await _socket(srv, ana)
    third = await _socket(srv, ana)
    refused = orjson.loads(await third.recv())
    assert refused["type"] == "error" and refused["code"] == "rate_limited"
    assert "at most 2" in refused["message"]
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await third.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
    other = await _socket(srv, bo)  # another user is not affected
    await other.send(orjson.dumps({"type": "heartbeat"}).decode())
    assert orjson.loads(await other.recv())["type"] == "heartbeat_ack"
    await first.close()
    # the server notices the close: ana is down to one socket counted (bo has his one)
    limits = srv.app.state.services.limits
    await wait_for(lambda: sorted(limits.sockets.values()) == [1, 1])
    again = await _socket(srv, ana)
    await again.send(orjson.dumps({"type": "heartbeat"}).decode())
    assert orjson.loads(await again.recv())["type"] == "heartbeat_ack"
    for ws in (second, other, again):
        await ws.close()


async def test_live_games_per_user_are_capped(start: Any) -> None:
    srv = start(max_live_games_per_user=3)
    async with httpx.AsyncClient(base_url=srv.url, timeout=60) as http:
        tokens = (await http.post("/api/auth/guest", json={"name": "Ana"})).json()
        auth = {"authorization": f"Bearer {tokens['access_token']}"}
        body = {"opponent": "bot", "bot": "random", "turn_seconds": 600}
        burst = [http.post("/api/games", json=body, headers=auth) for _ in range(40)]
        answers = await asyncio.gather(*burst)
        assert Counter(r.status_code for r in answers) == {201: 3, 409: 37}
        refused = next(r for r in answers if r.status_code == 409).json()["error"]
        assert refused["code"] == "too_many_games" and "at most 3" in refused["message"]
        invite = await http.post("/api/games", json={"opponent": "invite"}, headers=auth)
        assert invite.status_code == 409
        queue = await http.post("/api/matchmaking", json={"wait_seconds": 0}, headers=auth)
        assert queue.status_code == 409
        # a finished game frees its place
        game_id = next(r for r in answers if r.status_code == 201).json()["id"]
        ws = await _socket(srv, tokens["access_token"])
        for kind in ("join_game", "resign"):
            await ws.send(
                orjson.dumps({"type": kind, "message_id": kind, "game_id": game_id}).decode()
            )
        while orjson.loads(await ws.recv())["type"] != "game_over":
            pass
        await ws.close()
        assert (await http.post("/api/games", json=body, headers=auth)).status_code == 201
        assert (await http.post("/api/games", json=body, headers=auth)).status_code == 409


async def test_new_games_per_client_address_are_limited(start: Any) -> None:
    """Creating, joining and queueing for games count against one per-address allowance,
    refused before the game is touched; another address keeps its own."""
    srv = start(games_per_client_burst=3, games_per_client_per_minute=0.01, trusted_proxies="")
    body = {"opponent": "bot", "deck": "ember-rush"}

    def client(address: str) -> httpx.AsyncClient:
        transport = httpx.AsyncHTTPTransport(local_address=address)
        return httpx.AsyncClient(base_url=srv.url, transport=transport)

    async with client("127.0.0.2") as ana, client("127.0.0.3") as bo:
        tokens = []
        for http in (ana, ana, bo):
            made = await http.post("/api/auth/guest", json={"name": "G"})
            tokens.append({"authorization": f"Bearer {made.json()['access_token']}"})
        invite = await ana.post("/api/games", json={"opponent": "invite"}, headers=tokens[0])
        assert invite.status_code == 201
        statuses = [
            (await ana.post("/api/games", json=body, headers=tokens[n % 2])).status_code
            for n in range(3)
        ]
        assert statuses == [201, 201, 429]  # the invite was the first of three
        joined = await ana.post(
            f"/api/games/{invite.json()['id']}/join", json={}, headers=tokens[1]
        )
        assert _retry_after(joined) >= 60
        queued = await ana.post("/api/matchmaking", json={"wait_seconds": 0}, headers=tokens[1])
        assert queued.status_code == 429
        assert (await bo.post("/api/games", json=body, headers=tokens[2])).status_code == 201


async def test_the_client_waits_as_told_and_sends_again(start: Any) -> None:
    """A 429 with Retry-After was not carried out: ``Client`` sleeps that long and sends
    the call again, within its ``retry_within``; beyond it the refusal is raised."""
    srv = start(games_per_client_burst=1, games_per_client_per_minute=60.0)
    body = {"opponent": "bot", "deck": "ember-rush"}
    async with Client(srv.url) as patient, Client(srv.url, retry_within=0) as hasty:
        await patient.guest("Patient")
        await hasty.guest("Hasty")
        await patient.create_game(**body)
        with pytest.raises(ApiError) as refused:
            await hasty.create_game(**body)
        assert refused.value.status == 429
        started = asyncio.get_running_loop().time()
        game = await patient.create_game(**body)  # waits ~1 s, then it is made
        assert game["status"] == "active"
        assert asyncio.get_running_loop().time() - started >= 0.9
