"""The refusals a socket gets before any game is involved, worded here so that no error code
is chosen in the shell.

What lives here: one function per refusal of the socket loop and of a game id nobody
knows, each returning the code (the shell counts it) and the text to send. What must not:
refusals about a live game (``live`` decides those) or wire decoding errors (chosen by
``mantimon.protocol``, only encoded here).
"""

from __future__ import annotations

from dataclasses import dataclass

from mantimon.session.outcome import refusal


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    text: str


def _make(
    code: str,
    text: str,
    now: float,
    request_id: str | None = None,
    details: dict[str, object] | None = None,
) -> Refusal:
    return Refusal(code, refusal(code, text, now, request_id, details))


def game_not_found(game_id: str, request_id: str | None, now: float) -> Refusal:
    return _make("game_not_found", f"no game '{game_id}'", now, request_id)


def unauthenticated(why: str, now: float) -> Refusal:
    return _make("authentication_failed", why, now)


def too_many_sockets(most: int, now: float) -> Refusal:
    text = f"too many open sockets for this account (at most {most})"
    return _make("rate_limited", text, now)


def too_fast(request_id: str | None, now: float) -> Refusal:
    text = "too many messages; slow down (the message was dropped: send it again)"
    return _make("rate_limited", text, now, request_id)


def idle(seconds: float, now: float) -> Refusal:
    return _make("connection_closed", f"no message for {seconds:g} s; send heartbeats", now)


def handler_failed(request_id: str | None, now: float) -> Refusal:
    return _make("internal_error", "the server failed to handle this message", now, request_id)


def undecodable(
    code: str, text: str, request_id: str | None, details: dict[str, object], now: float
) -> Refusal:
    """A frame ``mantimon.protocol`` could not decode, as it worded the problem."""
    return _make(code, text, now, request_id, details)
