"""Every error code of the wire contract, provoked where it belongs, and hostile input:
each gets the right error (with ``request_message_id`` when the frame had a readable one)
and the server keeps serving other games."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import orjson
import pytest
import websockets

from mantimon.bots import GreedyBot
from mantimon.client import ApiError, Client, play
from mantimon.client.autoplay import RATE_BACKOFF
from mantimon.engine import ACTION_ADAPTER, EndTurnAction
from mantimon.storage import Commit
from mantimon.storage.memory import MemoryStore
from tests.server.conftest import Guest
from tests.server.drive import act, awaited_state, finish_setup, invite_game, pick
from tests.server.harness import RawSocket, ServerThread, check_wire


class FlakyStore(MemoryStore):
    """Fails every commit touching a game listed in ``broken`` (to provoke internal_error)."""

    def __init__(self) -> None:
        super().__init__()
        self.broken: set[str] = set()

    async def commit(self, commits: Sequence[Commit]) -> None:
        if any(c.game_id in self.broken for c in commits):
            raise RuntimeError("disk on fire")
        await super().commit(commits)


@pytest.fixture(scope="module")
def flaky() -> FlakyStore:
    return FlakyStore()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, flaky: FlakyStore) -> Iterator[ServerThread]:
    srv = ServerThread(Path(tmp_path_factory.mktemp("errors")), store=flaky, rate_burst=40).start()
    yield srv
    srv.stop()


async def raw_ws(server: ServerThread, token: str | None) -> websockets.ClientConnection:
    url = server.url.replace("http", "ws") + "/ws" + (f"?token={token}" if token else "")
    return await websockets.connect(url, max_size=8 * 1024 * 1024)


async def next_frame(ws: websockets.ClientConnection) -> dict[str, object]:
    text = await asyncio.wait_for(ws.recv(), 5)
    assert isinstance(text, str)
    return check_wire(text)


async def test_authentication_failed_then_close_4401(server: ServerThread) -> None:
    for token in (None, "not-a-jwt"):
        ws = await raw_ws(server, token)
        frame = await next_frame(ws)
        assert frame["code"] == "authentication_failed"
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
        assert ws.close_code == 4401


async def test_game_not_found_not_in_game_and_game_full(guests: Guest) -> None:
    ana, _bo, gid = await invite_game(guests)
    eve = await guests("Eve")
    lonely = await eve.create_game(opponent="invite", deck="ember-rush")
    async with ana.socket() as sock:
        raw = RawSocket(sock)
        mid = await sock.join("g-does-not-exist")
        err = await raw.until(lambda m: m["type"] == "error")
        assert (err["code"], err["request_message_id"]) == ("game_not_found", mid)
        await sock.join(lonely["id"])  # a free seat: take it over REST first
        assert (await raw.until(lambda m: m["type"] == "error"))["code"] == "not_in_game"
    async with eve.socket() as sock:
        raw = RawSocket(sock)
        await sock.join(gid)  # both seats taken by others
        assert (await raw.until(lambda m: m["type"] == "error"))["code"] == "game_full"
    with pytest.raises(ApiError) as info:
        await eve.join_game(gid, "ember-rush")
    assert (info.value.status, info.value.code) == (409, "game_full")
    with pytest.raises(ApiError) as info:
        await ana.join_game(gid, "ember-rush")
    assert (info.value.status, info.value.code) == (409, "already_in_game")
    with pytest.raises(ApiError) as info:
        await ana.join_game("g-nope", "ember-rush")
    assert (info.value.status, info.value.code) == (404, "game_not_found")


async def test_rule_errors_come_back_as_action_results(guests: Guest) -> None:
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as sa, bo.socket() as sb:
        ra, rb = RawSocket(sa), RawSocket(sb)
        await sa.join(gid)
        await sb.join(gid)
        state = (await awaited_state(ra, ana.user_id))["state"]
        if state["pending"] is not None:  # a mulligan bonus draw comes first
            assert (await act(ra, gid, pick(state, ("choose",))))["success"]
            await awaited_state(ra, ana.user_id)
        bogus = await act(
            ra, gid, {"type": "setup_place", "card_id": "p9c99", "position": "active"}
        )
        assert (bogus["success"], bogus["error_code"]) == (False, "invalid_action")
        assert "not in your hand" in bogus["error_message"]
        early = await act(ra, gid, {"type": "end_turn"})
        assert early["error_code"] == "action_not_allowed"
        await finish_setup(ra, gid, ana.user_id)
        await finish_setup(rb, gid, bo.user_id)
        frame = await ra.until(
            lambda m: m["type"] == "game_state" and m["state"]["phase"] == "main"
        )
        current = frame["state"]["current_player"]
        waiting_raw, waiting_id = (rb, bo) if current == ana.user_id else (ra, ana)
        wrong = await act(waiting_raw, gid, {"type": "end_turn"})
        assert wrong["error_code"] == "not_your_turn"
        assert wrong["request_message_id"]
        # a spectator may not act
        eve = await guests("Eve")
        async with eve.socket() as se:
            re = RawSocket(se)
            await se.spectate(gid)
            await re.until(lambda m: m["type"] == "game_state")
            await se.act(gid, EndTurnAction())
            assert (await re.until(lambda m: m["type"] == "error"))["code"] == "not_in_game"
            await se.resign(gid)
            assert (await re.until(lambda m: m["type"] == "error"))["code"] == "not_in_game"
        # resignation ends the game; any later action gets game_ended
        resigned = await act(ra, gid, {"type": "resign"})
        assert resigned["success"] is True
        over = await ra.until(lambda m: m["type"] == "game_over")
        assert over["end_reason"] == "resignation"
        mid = await sb.act(gid, EndTurnAction())
        late = await rb.until(lambda m: m["type"] == "error")
        assert (late["code"], late["request_message_id"]) == ("game_ended", mid)
        assert waiting_id in (ana, bo)


async def test_game_ended_for_actions_after_the_end(guests: Guest) -> None:
    ana, _bo, gid = await invite_game(guests)
    async with ana.socket() as sa:
        ra = RawSocket(sa)
        await sa.join(gid)
        await sa.resign(gid)
        await ra.until(lambda m: m["type"] == "game_over")
        mid = await sa.resign(gid)
        err = await ra.until(lambda m: m["type"] == "error")
        assert (err["code"], err["request_message_id"]) == ("game_ended", mid)


HOSTILE = [
    ("not json at all", "invalid_message", None),
    ("[1, 2, 3]", "invalid_message", None),
    ('"just a string"', "invalid_message", None),
    ('{"type": "join_game", "message_id": "m1"}', "invalid_message", "m1"),
    ('{"type": "join_game", "message_id": "m2", "game_id": 42}', "invalid_message", "m2"),
    (
        '{"type": "action", "message_id": "m3", "game_id": "g", "action": {"type": "fly"}}',
        "invalid_message",
        "m3",
    ),
    ('{"type": "teleport", "message_id": "m4"}', "unknown_message_type", "m4"),
    ('{"message_id": "m5"}', "invalid_message", "m5"),
    ("[" * 20_000 + "]" * 20_000, "invalid_message", None),  # nested too deeply
]


async def test_hostile_frames_get_the_right_error_and_change_nothing(guests: Guest) -> None:
    ana = await guests("Ana")
    async with ana.socket() as sock:
        raw = RawSocket(sock)
        for frame, code, rid in HOSTILE:
            await sock.send_raw(frame)
            err = await raw.until(lambda m: m["type"] == "error")
            assert (err["code"], err["request_message_id"]) == (code, rid), frame[:60]
        # still serving this socket
        await sock.send_raw(orjson.dumps({"type": "heartbeat", "message_id": "hb"}).decode())
        assert (await raw.until(lambda m: m["type"] in ("heartbeat_ack", "error")))[
            "type"
        ] == "heartbeat_ack"


def _heartbeat_of(size: int) -> str:
    head = '{"type":"heartbeat","message_id":"big","pad":"'
    text = head + "x" * (size - len(head) - 2) + '"}'
    assert len(text.encode()) == size
    return text


async def test_a_frame_of_64_kib_is_read_and_one_byte_more_closes_the_socket_1009(
    guests: Guest,
) -> None:
    ana = await guests("Ana")
    async with ana.socket() as sock:
        raw = RawSocket(sock)
        await sock.send_raw(_heartbeat_of(64 * 1024))
        assert (await raw.next(5))["type"] == "heartbeat_ack"
        await sock.send_raw(_heartbeat_of(64 * 1024 + 1))
        # refused by the WebSocket layer: no error message, the close says why
        with pytest.raises(websockets.ConnectionClosed):
            await raw.next(5)
        assert sock.ws is not None and sock.ws.close_code == 1009
        assert sock.ws.close_reason is not None and "65536" in sock.ws.close_reason


async def test_a_big_frame_is_refused_from_its_header_without_waiting_for_its_body(
    guests: Guest,
) -> None:
    """Only the header of a 3.9 MB frame is sent (and a byte of it): the server closes at
    once instead of buffering megabytes until the frame is complete."""
    ana = await guests("Ana")
    async with ana.socket() as sock:
        ws = sock.ws
        assert ws is not None
        length = 3_900_000
        # FIN + text, masked, 64-bit length, an all-zero mask key (the payload as is)
        header = bytes([0x81, 0x80 | 127]) + length.to_bytes(8, "big") + bytes(4)
        ws.transport.write(header + b"{")
        with pytest.raises(websockets.ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 5)
        assert ws.close_code == 1009


async def test_a_flood_is_rate_limited_and_other_games_keep_going(guests: Guest) -> None:
    flooder, player = await guests("Flood"), await guests("Player")
    game = await player.create_game(opponent="bot", bot="greedy", deck="ember-rush")
    async with flooder.socket() as fs, player.socket() as ps:
        raw = RawSocket(fs)
        heartbeat = orjson.dumps({"type": "heartbeat", "message_id": "f"}).decode()
        playing = asyncio.create_task(
            play(ps, game["id"], player.user_id, GreedyBot(), random.Random(9))
        )
        await asyncio.gather(*(fs.send_raw(heartbeat) for _ in range(200)))
        frames = await raw.quiet(1.0)
        limited = [f for f in frames if f["type"] == "error" and f["code"] == "rate_limited"]
        acks = [f for f in frames if f["type"] == "heartbeat_ack"]
        assert limited
        assert limited[0]["request_message_id"] == "f"
        assert 30 <= len(acks) < 200
        report = await asyncio.wait_for(playing, 60)
        assert report.end_reason is not None


async def test_a_storage_failure_is_an_internal_error_and_the_server_survives(
    guests: Guest, flaky: FlakyStore
) -> None:
    ana, bo, gid = await invite_game(guests)
    async with ana.socket() as sa, bo.socket() as sb:
        ra = RawSocket(sa)
        await sa.join(gid)
        await sb.join(gid)
        state = (await awaited_state(ra, ana.user_id))["state"]
        flaky.broken.add(gid)
        await sa.act(gid, ACTION_ADAPTER.validate_python(pick(state, ("setup_place", "choose"))))
        err = await ra.until(lambda m: m["type"] == "error")
        assert err["code"] == "internal_error"
        flaky.broken.discard(gid)
        # the move was not acknowledged: the game reloads from storage and still accepts it
        sa.last_event_id.pop(gid, None)
        await sa.join(gid)
        fresh = await awaited_state(ra, ana.user_id)
        assert fresh["state"]["phase"] == "setup"
        result = await act(ra, gid, pick(fresh["state"], ("setup_place", "choose")))
        assert result["success"] is True
    # other games were never affected
    other = await guests("Other")
    game = await other.create_game(opponent="bot", bot="random", deck="tidal-mind")
    async with other.socket() as so:
        report = await play(so, game["id"], other.user_id, GreedyBot(), random.Random(3))
    assert report.end_reason is not None


async def test_the_client_resends_a_rate_limited_action_and_times_it_from_the_resend(
    tmp_path: Path,
) -> None:
    """A client acting faster than the server's limit has actions dropped (``rate_limited``)
    and sends them again after a back-off; the game still finishes, the report counts the
    resends, and the back-off is not counted as the server's latency."""
    srv = ServerThread(tmp_path, rate_per_second=8.0, rate_burst=2.0).start()
    try:
        client = Client(srv.url)
        try:
            await client.guest("Hasty")
            game = await client.create_game(opponent="bot", bot="random", deck="ember-rush")
            async with client.socket() as sock:
                report = await asyncio.wait_for(
                    play(sock, game["id"], client.user_id, GreedyBot(), random.Random(4)), 120
                )
        finally:
            await client.close()
    finally:
        srv.stop()
    assert report.end_reason is not None
    assert report.rate_limited > 0
    assert len(report.latencies) == report.actions
    # every resent action waited RATE_BACKOFF before its resend; none of it is latency
    slow = [t for t in report.latencies if t >= RATE_BACKOFF]
    assert len(slow) < report.rate_limited, (len(slow), report.rate_limited)
