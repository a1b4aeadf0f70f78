"""A finished game replayed from one perspective, and the page shell at ``/replay/<id>``.

What lives here: ``GET /api/games/{id}/replay/views?as=<player id>|spectator[&step=N]``,
which replays the game's action log once and answers the messages that perspective was
sent (``session.events.derive_for``: every ``game_state`` holds the view the engine's one
visibility function made for it, with the log lines as that viewer read them): all of
them, or one step's with the log read up to it (what the replay page downloads, so it
never holds a later step: not even the perspective's own next draw); and ``page``: the
browser's index page served at ``/replay/<id>``. What must not: the full record (decks,
seed, every action), which ``GET /api/games/{id}/replay`` serves to programs.

The replay costs tens of ms of CPU for a long game (~30-40 ms for 92 actions), so it runs
on a worker thread, one at a time per app, and is remembered for the few games last asked
for (a finished game's log never changes; the page asks once per step it shows).
"""

from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from mantimon.server.rest.common import ApiError, ServicesDep
from mantimon.server.rest.games import game_json, not_found, refuse
from mantimon.session import seats
from mantimon.session.events import derive_for
from mantimon.session.match import SPECTATOR, VIEWERS
from mantimon.storage import GameRecord, LoggedAction

router = APIRouter(tags=["games"])

REMEMBERED = 8  # replays kept per app: (game, perspective) -> Replayed
LINE = ("seq", "kind", "player", "text")  # what a log line keeps of an event


@dataclass(frozen=True)
class Replayed:
    """A finished game as one perspective was sent it: every message (JSON text), where
    each step's messages start (a step starts with its ``game_state``), each step's turn
    and phase, and the log lines each step's view brought (only their words: the card
    references of an old line name cards as they were seen then)."""

    game: dict[str, Any]
    who: str
    texts: list[str]
    starts: list[int]
    index: list[dict[str, Any]]
    lines: list[list[dict[str, Any]]]

    def everything(self) -> bytes:
        """Every message of every step."""
        record = {
            "game": self.game,
            "as": self.who,
            "steps": len(self.starts),
            "index": self.index,
            "messages": [orjson.Fragment(t) for t in self.texts],
        }
        return orjson.dumps(record)

    def step(self, n: int) -> bytes:
        """Step ``n`` (1-based, at most the last): its messages, and the log as the
        perspective had it then (every line of the steps so far, each as first read).
        Nothing of a later step: not even the perspective's own next draw."""
        n = min(n, len(self.starts))
        begin = self.starts[n - 1]
        end = self.starts[n] if n < len(self.starts) else len(self.texts)
        log: dict[int, dict[str, Any]] = {}
        for lines in self.lines[:n]:
            for line in lines:
                log.setdefault(line["seq"], line)
        record = {
            "game": self.game,
            "as": self.who,
            "steps": len(self.starts),
            "index": self.index,
            "step": n,
            "messages": [orjson.Fragment(t) for t in self.texts[begin:end]],
            "log": sorted(log.values(), key=lambda line: int(line["seq"])),
        }
        return orjson.dumps(record)


class ReplayViews:
    """One app's remembered replays and the lock that runs one replay at a time."""

    def __init__(self) -> None:
        self.replays: OrderedDict[tuple[str, str], Replayed] = OrderedDict()
        self.lock = asyncio.Lock()

    def get(self, key: tuple[str, str]) -> Replayed | None:
        found = self.replays.get(key)
        if found is not None:
            self.replays.move_to_end(key)
        return found

    def put(self, key: tuple[str, str], replay: Replayed) -> None:
        self.replays[key] = replay
        while len(self.replays) > REMEMBERED:
            self.replays.popitem(last=False)


def _views(request: Request) -> ReplayViews:
    found: ReplayViews | None = getattr(request.app.state, "replay_views", None)
    if found is None:
        found = request.app.state.replay_views = ReplayViews()
    return found


def perspective(game: GameRecord, who: str) -> tuple[str | None, str]:
    """``(engine viewer, log key)`` for ``who``: a seat's user id, or ``spectator``."""
    if who == SPECTATOR:
        return None, SPECTATOR
    for seat, key in zip(game.seats, VIEWERS, strict=False):
        if seat.user_id == who:
            return who, key
    players = ", ".join(s.user_id for s in game.seats)
    raise ApiError(
        422,
        "unknown_perspective",
        f"'as' must be one of this game's players ({players}) or 'spectator'",
    )


def replayed(
    game: GameRecord, actions: list[LoggedAction], viewer: str | None, key: str
) -> Replayed:
    """Replay the log once for ``viewer`` (``derive_for``: the events as they were sent)
    and cut the messages into steps. CPU only: run off the event loop."""
    texts: list[str] = []
    if game.last_event_id > 0:  # dealt (a closed invitation never was)
        derived = derive_for(game, None, actions, [(viewer, key)], 0, game.last_event_id, 0)
        if derived is None:
            raise ApiError(
                409, "replay_unavailable", "this game's log cannot be replayed by this server"
            )
        texts = derived[key]
    starts: list[int] = []
    index: list[dict[str, Any]] = []
    lines: list[list[dict[str, Any]]] = []
    for i, text in enumerate(texts):
        message = orjson.loads(text)
        if message["type"] != "game_state":
            continue
        state = message["state"]
        starts.append(i)
        index.append({"turn": state["turn"], "phase": state["phase"]})
        lines.append([{k: e[k] for k in LINE} for e in state["events"]])
    who = viewer if viewer is not None else SPECTATOR
    return Replayed(game_json(game), who, texts, starts, index, lines)


@router.get("/api/games/{game_id}/replay/views")
async def replay_views(
    game_id: str,
    request: Request,
    svc: ServicesDep,
    who: str = Query(SPECTATOR, alias="as", max_length=64),
    step: int | None = Query(None, ge=1),
) -> Response:
    """A finished game as one perspective saw it: every message that player (or a
    spectator) was sent, each view made by the engine's visibility function, or with
    ``step`` only that step's messages and the log lines read up to it (what the replay
    page shows). Never the decks, the seed or the other player's hand; ``index`` gives
    every step's turn and phase (public), for jumping to a turn."""
    game = await svc.store.get_game(game_id)
    if game is None:
        raise not_found(game_id)
    refuse(seats.replay(game))
    viewer, key = perspective(game, who)
    views = _views(request)
    replay = views.get((game_id, key))
    if replay is None:
        async with views.lock:
            replay = views.get((game_id, key))
            if replay is None:
                actions = await svc.store.actions(game_id)
                replay = await asyncio.to_thread(replayed, game, actions, viewer, key)
                views.put((game_id, key), replay)
    if not replay.starts:
        raise ApiError(409, "replay_unavailable", "this game ended before it was dealt")
    body = replay.everything() if step is None else replay.step(step)
    return Response(body, media_type="application/json")


# Relative addresses in the index page (``css/...``, ``js/...``) would resolve under
# ``/replay/``: served there, they are made absolute (the page's policy forbids ``<base>``).
_RELATIVE = re.compile(rb'(href|src)="(?![/#]|[a-z]+:)')


def page(static: Path) -> APIRouter:
    """The route serving the browser's index page at ``/replay/<id>`` (``app.js`` shows
    the replay screen for that path)."""
    pages = APIRouter()

    @pages.get("/replay/{game_id}", include_in_schema=False)
    async def replay_page(game_id: str) -> HTMLResponse:
        shell = (static / "index.html").read_bytes()
        return HTMLResponse(_RELATIVE.sub(rb'\1="/', shell))

    return pages
