"""The rules of seats before a game is dealt, as pure functions of records (REST raises what
they return): joining, cancelling, invitations expiring, the live-game cap, replays."""

from __future__ import annotations

from dataclasses import replace

from mantimon.session import seats
from mantimon.storage import GameRecord, SeatRecord

NOW = 10_000.0


def _seat(uid: str) -> SeatRecord:
    return SeatRecord(uid, uid.title(), ("c",) * 20, ("fire",))


def _game(*users: str, status: str = "waiting", end: str | None = None) -> GameRecord:
    return GameRecord(
        "g1", status, "mantimon", {}, 1, tuple(_seat(u) for u in users), NOW, NOW,  # type: ignore[arg-type]
        end_reason=end,
    )  # fmt: skip


def _code(refusal: seats.SeatRefusal | None) -> tuple[int, str] | None:
    return None if refusal is None else (refusal.status, refusal.code)


def test_joining_a_waiting_game() -> None:
    waiting = _game("ana")
    assert seats.join(waiting, "bo") is None
    assert _code(seats.join(waiting, "ana")) == (409, "already_in_game")
    assert _code(seats.join(_game("ana", "bo", status="active"), "cy")) == (409, "game_full")
    assert _code(seats.join(_game("ana", "bo", status="active"), "bo")) == (409, "already_in_game")
    assert _code(seats.join(_game("ana", status="finished", end="expired"), "bo")) == (
        410,
        "invite_expired",
    )
    assert _code(seats.join(_game("ana", status="finished", end="cancelled"), "bo")) == (
        410,
        "game_cancelled",
    )


def test_a_seat_lost_to_a_race_says_why() -> None:
    assert _code(seats.seat_lost(_game("ana", "cy", status="active"))) == (409, "game_full")
    assert _code(seats.seat_lost(_game("ana", status="finished", end="expired"))) == (
        410,
        "invite_expired",
    )
    assert _code(seats.seat_lost(None)) == (409, "game_full")


def test_only_the_creator_cancels_and_only_while_it_waits() -> None:
    assert seats.cancel(_game("ana"), "ana") is None
    assert _code(seats.cancel(_game("ana"), "bo")) == (403, "not_game_creator")
    assert _code(seats.cancel(_game("ana", "bo", status="active"), "ana")) == (409, "game_started")
    assert _code(seats.cancel(_game("ana", "bo", status="finished"), "ana")) == (409, "game_ended")
    assert _code(seats.cancel(_game("ana", status="finished", end="cancelled"), "ana")) == (
        410,
        "game_cancelled",
    )


def test_an_invitation_expires_after_its_time_only_while_waiting() -> None:
    game = _game("ana")
    assert not seats.expired(game, NOW + 3599.9, 3600)
    assert seats.expired(game, NOW + 3600, 3600)
    assert not seats.expired(replace(game, status="active"), NOW + 9e9, 3600)


def test_the_live_game_cap_and_the_published_record() -> None:
    assert seats.room(2, 3) is None
    refused = seats.room(3, 3)
    assert refused is not None and (refused.code, "3 games (at most 3)" in refused.text) == (
        "too_many_games",
        True,
    )
    assert _code(seats.replay(_game("ana", "bo", status="active"))) == (409, "game_not_finished")
    assert seats.replay(_game("ana", "bo", status="finished")) is None
    assert _code(seats.unknown_bot("nope", ["greedy", "random"])) == (422, "unknown_bot")
