"""What a live-game decision returns: texts for connection handles, a commit, a request.

What lives here: ``Outcome`` (addressed texts, the ``Commit`` to store before any of them
is delivered, handles that stopped belonging to the game, the error codes chosen, for
metrics), the two requests a decision can make of the shell (``NeedLog``,
``NeedResult``), and ``refusal``, the one way the session words an error. What must not:
decisions (``live``) or I/O: a request is answered by the shell and handed back.

A connection handle (``H``) is whatever the shell uses to name a socket; the session only
stores and compares it, so it stays free of sockets.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from mantimon.session import messages as msg
from mantimon.session.authority import encode
from mantimon.storage import Commit

H = TypeVar("H", bound=Hashable)


@dataclass(frozen=True, slots=True)
class NeedLog:
    """The shell must read the latest snapshot at or before event ``after``
    (``store.snapshot(game_id, after)``) and the action log after it (``store.actions``),
    and hand both to ``LiveGame.replay``: a rejoining viewer's missed events are derived
    from them (``events.derive``, docs/adr/0008). ``viewer`` is the viewer's log key,
    ``user`` who views (None: a spectator)."""

    viewer: str
    after: int
    user: str | None


@dataclass(frozen=True, slots=True)
class NeedResult:
    """The shell must read ``store.result(game_id, user_id, message_id)`` and pass it back to
    ``LiveGame.act`` (``stored=Looked(...)``): a response given before this process
    started may be stored but not in memory."""

    user_id: str
    message_id: str


@dataclass(frozen=True, slots=True)
class Looked:
    """The shell's answer to ``NeedResult``: the stored response, or None if there is none."""

    text: str | None


Request = NeedLog | NeedResult


@dataclass(slots=True)
class Outcome(Generic[H]):
    """Store ``commit`` (if any), then deliver ``sends`` in order; then answer ``request``.

    ``released``: handles no longer bound to this game (replaced, or the game closed).
    ``errors``: the error codes among ``sends`` (the shell counts them).
    ``applied``: an action changed the game (the shell counts it and its latency)."""

    sends: list[tuple[H, str]] = field(default_factory=list)
    commit: Commit | None = None
    request: Request | None = None
    released: list[H] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    applied: bool = False

    def refuse(
        self,
        to: H,
        code: str,
        text: str,
        now: float,
        request_id: str | None = None,
        **details: object,
    ) -> Outcome[H]:
        self.sends.append((to, refusal(code, text, now, request_id, details)))
        self.errors.append(code)
        return self


def refusal(
    code: str,
    text: str,
    now: float,
    request_id: str | None = None,
    details: dict[str, object] | None = None,
) -> str:
    """An ``error`` message as sent."""
    return encode(msg.error(code, text, now, request_message_id=request_id, details=details))
