"""The probes of the hostile suite: each one an attack seen against this server, replayed.

What lives here: one coroutine per attack of issue 11, run against a real server over real
sockets from an ``Attacker`` address of its own. Each asserts what the server must answer
(the limit that catches it, the error it gives, what it may cost in memory or disk); the
suite (``test_hostile``) meanwhile judges the server's health and the honest player's latency
during each probe. What must not: the honest player, or timing judgements of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import secrets
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import orjson
import websockets
from websockets.asyncio.client import ClientConnection

from mantimon.engine import default_pool
from mantimon.server.settings import Settings
from tests.hostile.attacker import Attacker, frames, send_json

MiB = 1024 * 1024
OLD_ID = re.compile(r"^p[12][ce]\d\d$")  # the deck-list position ids of round 1


@dataclass
class Target:
    """What a probe may look at besides the wire: the server process and its files, and
    how long the proxy in front gives a request to arrive."""

    pid: int
    db: Path
    request_timeout: float

    def stored_results(self, game_ids: list[str]) -> tuple[int, int]:
        """Idempotency results kept for these games' players (not their server bots):
        (rows, bytes of message ids), read from the database file beside the running
        server (SQLite lets readers in)."""
        marks = ",".join("?" * len(game_ids))
        rows = size = 0
        with contextlib.closing(sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)) as db:
            # in the action's row since revision 0005; in a table of their own before
            for table in ("game_actions", "idempotency"):
                n, length = db.execute(
                    f"SELECT count(*), coalesce(sum(length(message_id)), 0) FROM {table}"
                    f" WHERE game_id IN ({marks}) AND message_id IS NOT NULL"
                    f" AND message_id NOT LIKE 'bot-%'",
                    game_ids,
                ).fetchone()
                rows, size = rows + int(n), size + int(length)
        return rows, size

    def rss_bytes(self) -> int:
        """The server process's resident memory now (its storage child not included)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS line")

    def alive(self) -> bool:
        return Path(f"/proc/{self.pid}").exists()


Probe = Callable[[Attacker, Target], Awaitable[None]]


async def _bot_game(a: Attacker, name: str) -> tuple[str, str]:
    """A guest of ``a`` with a game against a server bot: (token, game id)."""
    async with a.http() as http:
        _, token = await a.guest(http, name)
        response = await http.post(
            "/api/games",
            json={"opponent": "bot", "bot": "random", "deck": "ember-rush"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 201, response.text
        return token, response.json()["id"]


# --- hidden information (items 1, 2) -------------------------------------------------------


async def hidden_card_names(a: Attacker, _t: Target) -> None:
    """Seat 1 asks about every id it can guess during setup; no answer names a card of the
    opponent's deck, and no id it is ever shown follows the old deck-position pattern."""
    pool = default_pool()
    mine = {pool[c].name for c in pool.starters["ember-rush"].cards}
    theirs = {pool[c].name for c in pool.starters["tidal-mind"].cards} - mine
    async with a.http() as http:
        _, token = await a.guest(http, "Mallory")
        _, victim = await a.guest(http, "Victor")
        game = await http.post(
            "/api/games",
            json={"opponent": "invite", "deck": "ember-rush"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert game.status_code == 201, game.text
        game_id = game.json()["id"]
        seated = await http.post(
            f"/api/games/{game_id}/join",
            json={"deck": "tidal-mind"},
            headers={"Authorization": f"Bearer {victim}"},
        )
        assert seated.status_code in (200, 201), seated.text
    ws = await a.socket(token)
    try:
        await send_json(ws, {"type": "join_game", "game_id": game_id})
        seen = await frames(ws, 1.0)
        states = [f for f in seen if f["type"] == "game_state"]
        assert states, seen
        ids = set(re.findall(r'"uid":"([^"]+)"', orjson.dumps(states[-1]).decode()))
        assert ids, "the attacker's own hand shows ids"
        assert not any(OLD_ID.match(i) for i in ids), sorted(ids)
        guesses = [
            f"p{s}{z}{n:02d}" for s in (1, 2) for z in "ce" for n in range(40 if z == "c" else 20)
        ]
        guesses += sorted(ids) + [secrets.token_hex(4) for _ in range(20)]
        answers: list[dict[str, object]] = []
        for n, uid in enumerate(guesses):
            await send_json(
                ws,
                {
                    "type": "action",
                    "game_id": game_id,
                    "message_id": f"probe-{n}",
                    "action": {"type": "setup_place", "card_id": uid, "position": "bench"},
                },
            )
            if n % 15 == 14:  # stay under the socket's rate limit: every probe is read
                answers += await frames(ws, 1.0)
        answers += await frames(ws, 1.5)
        texts = [
            str(f.get("error_message") or f.get("message") or "")
            for f in answers
            if f["type"] in ("action_result", "error")
        ]
        assert len(texts) >= len(guesses) * 0.9, f"{len(texts)} answers to {len(guesses)}"
        leaked = sorted({name for name in theirs for text in texts if name in text})
        assert not leaked, f"error texts named the opponent's hidden cards: {leaked}"
    finally:
        await ws.close()


# --- stalls (items 5, 9) -------------------------------------------------------------------


async def login_flood(a: Attacker, _t: Target) -> None:
    """Eight loops log in as fast as the server answers, for three seconds."""
    async with a.http() as http:
        name = f"flood{secrets.token_hex(3)}"
        made = await http.post(
            "/api/auth/register",
            json={"username": name, "password": "correct horse battery staple 9"},
        )
        assert made.status_code == 201, made.text
        statuses: list[int] = []
        end = time.monotonic() + 3.0

        async def loop(n: int) -> None:
            while time.monotonic() < end:
                password = "correct horse battery staple 9" if n % 2 else f"wrong guess {n}"
                answer = await http.post(
                    "/api/auth/login", json={"username": name, "password": password}
                )
                statuses.append(answer.status_code)
                if answer.status_code in (429, 503):
                    assert "retry-after" in answer.headers, answer.headers
                    await asyncio.sleep(0.05)

        await asyncio.gather(*(loop(n) for n in range(8)))
    assert set(statuses) <= {200, 401, 429, 503}, sorted(set(statuses))


async def deck_validate_bomb(a: Attacker, _t: Target) -> None:
    """Bodies past the REST limit are refused unread; then three seconds of a deck of
    66,000 made-up card ids, 99 copies each, under 1 MB, no login: each refused before
    anything is expanded, until the proxy refuses the flood itself."""
    body = {"cards": {f"k{n:06d}": 99 for n in range(66_000)}}
    raw = orjson.dumps(body)
    assert len(raw) < 1 * MiB
    async with a.http() as http:
        for size in (900_000, 4 * MiB):
            # Refused from its declared length: answered 413, or (when the answer overtakes
            # the upload at the proxy) the connection is cut; never read into the node.
            huge = b'{"name": "' + b"x" * size + b'"}'
            with contextlib.suppress(httpx.TransportError):
                answer = await http.post(
                    "/api/auth/guest", content=huge, headers={"content-type": "application/json"}
                )
                assert answer.status_code == 413, (answer.status_code, answer.text[:200])
        end, statuses = time.monotonic() + 3.0, []
        while time.monotonic() < end:
            try:
                answer = await http.post(
                    "/api/decks/validate", content=raw, headers={"content-type": "application/json"}
                )
            except httpx.TransportError:  # cut off at the proxy, as above
                continue
            statuses.append(answer.status_code)
        assert statuses[0] == 413 and set(statuses) <= {413, 429}, sorted(set(statuses))


# --- abuse limits (item 6) -----------------------------------------------------------------


def _retry_after(headers: object) -> float:
    value = headers["retry-after"]  # type: ignore[index]
    return float(value)


async def password_guessing(a: Attacker, _t: Target) -> None:
    """Thirty wrong passwords in a row: the account is throttled (429 + Retry-After) before
    the thirtieth, and the right password is then refused too until the wait is over."""
    async with a.http() as http:
        name = f"victim{secrets.token_hex(3)}"
        password = "a much better password 42"
        made = await http.post("/api/auth/register", json={"username": name, "password": password})
        assert made.status_code == 201, made.text
        codes = []
        for n in range(30):
            answer = await http.post(
                "/api/auth/login", json={"username": name, "password": f"guess number {n}"}
            )
            codes.append(answer.status_code)
            if answer.status_code == 429:
                assert _retry_after(answer.headers) > 0
        assert 429 in codes, codes
        right = await http.post("/api/auth/login", json={"username": name, "password": password})
        assert right.status_code == 429, right.status_code


async def signup_flood(a: Attacker, _t: Target) -> None:
    """Two hundred guest accounts in a second from one client, and forty bot games in a
    second from another: both limited (by the proxy or the node, 429 + Retry-After), and the
    games also by the per-user cap (409)."""
    async with a.http() as http:
        answers = await asyncio.gather(
            *(http.post("/api/auth/guest", json={"name": f"Bulk {n}"}) for n in range(200))
        )
    made = [r for r in answers if r.status_code == 201]
    limited = [r for r in answers if r.status_code == 429]
    assert len(made) + len(limited) == 200, sorted({r.status_code for r in answers})
    assert limited and all(_retry_after(r.headers) > 0 for r in limited)
    assert made, "the first accounts of a client are made"
    token = made[0].json()["access_token"]
    async with a.sibling().http() as http:
        games = await asyncio.gather(
            *(
                http.post(
                    "/api/games",
                    json={"opponent": "bot", "deck": "ember-rush"},
                    headers={"Authorization": f"Bearer {token}"},
                )
                for _ in range(40)
            )
        )
    codes = sorted({r.status_code for r in games})
    assert 201 in codes and set(codes) <= {201, 409, 429}, codes
    assert sum(r.status_code == 201 for r in games) < 40


async def socket_flood(a: Attacker, _t: Target) -> None:
    """One user opening sixty sockets: those past the per-user cap are refused and closed."""
    async with a.http() as http:
        _, token = await a.guest(http, "Hydra")
    opened = []
    refused = 0
    try:
        for _ in range(60):
            ws = await a.socket(token)
            opened.append(ws)
            try:
                await send_json(ws, {"type": "heartbeat"})
                got = await frames(ws, 0.1)
            except websockets.ConnectionClosed:
                got = [{"type": "error", "code": "closed"}]
            if any(f["type"] == "error" for f in got):
                refused += 1
    finally:
        for ws in opened:
            with contextlib.suppress(Exception):
                await ws.close()
    cap = Settings().max_sockets_per_user
    assert refused == 60 - cap, f"{refused} of 60 sockets refused; the cap is {cap}"


# --- unbounded growth (items 7, 8, 10) -----------------------------------------------------


async def long_message_ids(a: Attacker, t: Target) -> None:
    """Two hundred actions with unique 60 KB message ids, then two hundred refused ones with
    unique 128-character ids, from eight sockets of two seated players: the first are
    malformed, and neither leaves anything in the database (a refusal changed nothing, so
    it is not kept for idempotency)."""
    seats = [await _bot_game(a, f"Hoarder {n}") for n in range(2)]
    sockets = [(await a.socket(token), game_id) for token, game_id in seats for _ in range(4)]

    async def flood(ws: ClientConnection, game_id: str, k: int) -> list[dict[str, object]]:
        answers: list[dict[str, object]] = []
        for size in (60_000, 128):
            for n in range(25):
                mid = f"{k}-{n}-{size}-".ljust(size, "x")
                action = {"type": "attack", "attack_index": 99}
                body = {"type": "action", "game_id": game_id, "message_id": mid}
                await send_json(ws, {**body, "action": action})
                if n % 15 == 14:
                    answers += await frames(ws, 0.8)
        return answers + await frames(ws, 1.0)

    try:
        got = await asyncio.gather(*(flood(ws, gid, k) for k, (ws, gid) in enumerate(sockets)))
    finally:
        for ws, _ in sockets:
            await ws.close()
    codes = [f.get("code") for answers in got for f in answers if f["type"] == "error"]
    results = [f for answers in got for f in answers if f["type"] == "action_result"]
    assert codes.count("invalid_message") == 200, sorted({str(c) for c in codes})
    assert len(results) == 200 and not any(r["success"] for r in results)
    stored = t.stored_results([game_id for _, game_id in seats])
    assert stored == (0, 0), f"refusals stored: {stored[0]} rows, {stored[1]} bytes"


async def unknown_game_ids(a: Attacker, t: Target) -> None:
    """Eight hundred join_game and eight hundred action frames for games that do not exist,
    from sixteen sockets: each is answered game_not_found and nothing stays allocated."""
    async with a.http() as http:
        tokens = [(await a.guest(http, f"Ghost {n}"))[1] for n in range(4)]
    sockets = [await a.socket(token) for token in tokens for _ in range(4)]
    before = t.rss_bytes()

    async def flood(ws: ClientConnection) -> int:
        answered = 0
        for n in range(100):
            gid = f"g-{secrets.token_hex(16)}"
            if n % 2:
                body: dict[str, object] = {"type": "join_game", "game_id": gid}
            else:
                body = {"type": "action", "game_id": gid, "action": {"type": "end_turn"}}
            await send_json(ws, body)
            if n % 15 == 14:
                got = await frames(ws, 0.8)
                answered += sum(f.get("code") == "game_not_found" for f in got)
        got = await frames(ws, 1.0)
        return answered + sum(int(f.get("code") == "game_not_found") for f in got)

    try:
        answered = sum(await asyncio.gather(*(flood(ws) for ws in sockets)))
    finally:
        for ws in sockets:
            await ws.close()
    assert answered == 1600, answered
    await asyncio.sleep(0.5)
    grown = t.rss_bytes() - before
    assert grown < 8 * MiB, f"the server grew by {grown / MiB:.1f} MiB"


HUGE_FRAME = 3_900_000  # bytes of payload each socket announces (issue 11, item 10)
FRAME_HEAD_SENT = 64 * 1024  # of which the probe sends this much before waiting for the close


def _huge_frame(length: int) -> tuple[bytes, bytes]:
    """A client's text frame of ``length`` bytes, as (header, payload): masked, as a
    client's must be, with the all-zero key (so the payload goes as it is), holding a JSON
    heartbeat padded to that length (the JSON is never closed: no server reads that far)."""
    payload = (b'{"type":"heartbeat","pad":"' + b"x" * length)[:length]
    return bytes([0x81, 0x80 | 127]) + length.to_bytes(8, "big") + bytes(4), payload


async def huge_frames(a: Attacker, t: Target) -> None:
    """Thirty sockets each start a 3.9 MB frame: each is closed from the frame's header
    (1009, or a reset where the proxy passes the close on as one), before the payload has
    arrived, and the server's memory stays where it was.

    Each sends the header and the first 64 KiB, then waits for the close. A server that
    reads frames whole before checking their size (round 1 did, up to 4 MiB each: 30 such
    sockets took it from 84 to 185 MiB) would wait for the rest: the probe then sends it,
    so that server fails both on the close and on its memory. The payload is not sent
    after a close: over a network TCP's window stops a sender the same way, while here,
    on one machine, pushing 117 MB a run through the loopback into the proxy's buffers
    costs kernel time that would count against the server's latency."""
    async with a.http() as http:
        tokens = [(await a.guest(http, f"Bulky {n}"))[1] for n in range(5)]
    before = t.rss_bytes()
    header, payload = _huge_frame(HUGE_FRAME)
    early: list[int | None] = []  # each socket's close code, when closed from the header

    async def one(token: str) -> None:
        ws = await a.socket(token)
        try:
            ws.transport.write(header + payload[:FRAME_HEAD_SENT])
            try:
                await asyncio.wait_for(ws.recv(), 5.0)
            except websockets.ConnectionClosed as closed:
                early.append(closed.rcvd.code if closed.rcvd else None)
                return
            except TimeoutError:
                pass
            # Not closed from the header: send the rest, as the attack did.
            with contextlib.suppress(Exception):
                ws.transport.write(payload[FRAME_HEAD_SENT:])
                await asyncio.wait_for(ws.recv(), 5.0)
        finally:
            with contextlib.suppress(Exception):
                await ws.close()

    await asyncio.gather(*(one(tokens[n % 5]) for n in range(30)))  # within the socket cap
    grown = t.rss_bytes() - before
    # 1009, or no close frame at all: the proxy may pass the server's close on as a reset.
    assert len(early) == 30, f"{len(early)} of 30 sockets closed from the frame's header"
    assert set(early) <= {1009, None}, early
    assert grown < 16 * MiB, f"the server grew by {grown / MiB:.1f} MiB"


# --- slow requests (item 11) ---------------------------------------------------------------


async def slow_requests(a: Attacker, t: Target) -> None:
    """140 connections that send a request's headers one byte at a time and never finish:
    the proxy in front closes every one once its request time is up."""
    host, port = a.url.removeprefix("http://").split(":")
    head = b"GET /health HTTP/1.1\r\nHost: x\r\n"

    async def trickle() -> float | None:
        """Seconds until the far end closed, or None if it never did."""
        started = time.monotonic()
        reader, writer = await asyncio.open_connection(host, int(port), local_addr=(a.address, 0))
        try:
            writer.write(head)
            while time.monotonic() - started < t.request_timeout + 4:
                writer.write(b"a")
                await writer.drain()
                with contextlib.suppress(TimeoutError):
                    if not await asyncio.wait_for(reader.read(4096), 0.5) or reader.at_eof():
                        return time.monotonic() - started
        except ConnectionError:
            return time.monotonic() - started
        finally:
            writer.close()
        return None

    closed = await asyncio.gather(*(trickle() for _ in range(140)))
    still_open = sum(c is None for c in closed)
    assert not still_open, f"{still_open} of 140 slow requests were never closed"
    assert max(c for c in closed if c is not None) < t.request_timeout + 3


# --- strict decoding (item 12) -------------------------------------------------------------


async def bad_last_event_ids(a: Attacker, _t: Target) -> None:
    """``last_event_id`` values that are not plain decimal numbers are invalid_message, the
    join is not half done, and the socket goes on working."""
    token, game_id = await _bot_game(a, "Oddity")
    ws = await a.socket(token)
    try:
        for value in ("²", "9" * 5000, "-1", "1e3", " 7"):
            await send_json(ws, {"type": "join_game", "game_id": game_id, "last_event_id": value})
            got = await frames(ws, 0.5)
            codes = [f.get("code") for f in got if f["type"] == "error"]
            assert codes == ["invalid_message"], (value[:10], got)
        await send_json(ws, {"type": "heartbeat"})
        got = await frames(ws, 0.5)
        assert [f["type"] for f in got] == ["heartbeat_ack"], got
    finally:
        await ws.close()


# Seconds from the start of one run of a probe to the next, where the default pause would
# turn the attack into something else: thirty huge frames begun once a second, not a
# continuous flood of new sockets.
PERIODS: dict[str, float] = {"huge_frames": 1.0}

PROBES: dict[str, Probe] = {
    "hidden_card_names": hidden_card_names,
    "login_flood": login_flood,
    "deck_validate_bomb": deck_validate_bomb,
    "password_guessing": password_guessing,
    "signup_flood": signup_flood,
    "socket_flood": socket_flood,
    "long_message_ids": long_message_ids,
    "unknown_game_ids": unknown_game_ids,
    "huge_frames": huge_frames,
    "bad_last_event_ids": bad_last_event_ids,
    "slow_requests": slow_requests,
}
