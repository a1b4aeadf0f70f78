"""Playing a whole game over a socket with a ``Bot`` choosing from the views it is sent.

One action is in flight at a time: after sending an action the player waits for its
``action_result`` before deciding again, so it never acts on a state that is already
stale. After a dropped connection, ``play(..., resume=report)`` on a new socket carries on
where ``report`` stopped (see ``play``). Used by ``mantimon bot``, the load benchmark and
the integration tests.
"""

from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

from mantimon.bots import Bot
from mantimon.client.socket import GameSocket
from mantimon.engine import Action
from mantimon.protocol import (
    ActionResultMessage,
    ErrorMessage,
    GameOverMessage,
    GameStateMessage,
    ServerMessage,
)

RATE_BACKOFF = 0.25  # seconds before resending a message the server dropped as rate limited


@dataclass
class PlayReport:
    game_id: str
    winner_id: str | None = None
    end_reason: str | None = None
    actions: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # seconds, (last) send -> result
    rate_limited: int = 0  # actions the server dropped as rate limited, sent again
    acknowledged: list[str] = field(default_factory=list)  # message ids of accepted actions
    messages: list[ServerMessage] = field(default_factory=list)
    # Where the game stood for this player when the report was last written, for ``resume``:
    # the newest state received and the action sent but not yet answered.
    state: GameStateMessage | None = None
    in_flight: tuple[str, Action] | None = None


def _shows(state: GameStateMessage | None, result: ActionResultMessage) -> bool:
    """True when ``state`` already includes the action ``result`` answers: its events reach
    the last event the action caused (event numbers only grow within a game)."""
    caused = [e["seq"] for e in result.changes.get("events", []) if isinstance(e, dict)]
    newest = [e.seq for e in state.state.events] if state is not None else []
    return bool(caused) and bool(newest) and max(newest) >= max(caused)


async def play(
    sock: GameSocket,
    game_id: str,
    user_id: str,
    bot: Bot,
    rng: random.Random,
    *,
    timeout: float = 30.0,
    keep_messages: bool = False,
    join: bool = True,
    report: PlayReport | None = None,
    resume: PlayReport | None = None,
) -> PlayReport:
    """Join ``game_id`` (unless already joined) and play it to the end with ``bot``.

    ``report`` (optional) is filled as the game goes, so a caller still has it if the
    connection drops midway (``acknowledged`` lists the message ids the server confirmed).

    ``resume``: the report of this game's play on a socket that dropped (rejoin with the
    socket's ``last_event_id`` set). A client up to date is sent no state on rejoining
    (docs/PROTOCOL.md §5.6), so play goes on from the report's last state, and an action
    that was never answered is sent again with its ``message_id`` (§5.5): the server
    answers it from its stored result if it was applied, or applies it now, never twice.
    Without this a player whose unanswered action was lost with the server waited for a
    state that never came, until the turn clock ran out.
    """
    report = report if report is not None else PlayReport(game_id)
    if join:
        await sock.join(game_id)
    latest: GameStateMessage | None = None
    in_flight: tuple[str, float] | None = None
    acted_on: GameStateMessage | None = None  # the state the in-flight action was chosen from
    refused: list[Action] = []  # actions refused on ``acted_on`` (never chosen again)
    last_action: Action | None = None
    resent: str | None = None  # the unanswered action sent again on resuming
    if resume is not None:
        report.state = latest = resume.state
        if resume.in_flight is not None:
            message_id, last_action = resume.in_flight
            report.in_flight = resume.in_flight
            await sock.act(game_id, last_action, message_id=message_id)
            in_flight, resent = (message_id, time.perf_counter()), message_id
            acted_on, latest = latest, None
    while True:
        message = await sock.recv(timeout)
        if keep_messages:
            report.messages.append(message)
        if isinstance(message, GameStateMessage) and message.game_id == game_id:
            latest = report.state = message
        elif isinstance(message, ActionResultMessage) and message.game_id == game_id:
            if in_flight is not None and message.request_message_id == in_flight[0]:
                report.latencies.append(time.perf_counter() - in_flight[1])
                if message.success:
                    report.acknowledged.append(in_flight[0])
                in_flight = report.in_flight = None
                # States that arrived before this result predate our action: the state it
                # produced comes right after it. A resent action may instead have been
                # answered from its stored result, with no state after it: then a state
                # replayed on rejoining is current if it already shows the action's events.
                if message.request_message_id != resent or not _shows(latest, message):
                    latest = None
                if not message.success:
                    report.refused += 1
                    # Nothing changed: decide again on the same state, without that action.
                    if latest is None and acted_on is not None and last_action is not None:
                        latest = acted_on
                        refused.append(last_action)
        elif isinstance(message, GameOverMessage) and message.game_id == game_id:
            report.winner_id, report.end_reason = message.winner_id, message.end_reason.value
            return report
        elif isinstance(message, ErrorMessage):
            mine = in_flight is not None and message.request_message_id == in_flight[0]
            if mine and message.code == "rate_limited" and last_action is not None:
                # Dropped unread: send the same message again once the bucket refills.
                assert in_flight is not None
                report.rate_limited += 1
                await asyncio.sleep(RATE_BACKOFF)
                in_flight = (in_flight[0], time.perf_counter())  # the back-off is not latency
                await sock.act(game_id, last_action, message_id=in_flight[0])
                continue
            if message.details.get("reason") == "waiting_for_opponent":
                continue  # joined; the first game_state comes when the game is dealt
            report.errors.append(f"{message.code}: {message.message}")
            if mine:
                in_flight = report.in_flight = None
                latest = latest or acted_on
        if in_flight is None and latest is not None:
            state = latest.state
            if latest is not acted_on:
                refused = []
            options = [a for a in state.legal_actions if a not in refused]
            if user_id in state.waiting_for and options:
                if len(options) < len(state.legal_actions):
                    state = state.model_copy(update={"legal_actions": options})
                last_action = bot.choose(state, rng)
                message_id = await sock.act(game_id, last_action)
                in_flight = (message_id, time.perf_counter())
                report.in_flight = (message_id, last_action)
                report.actions += 1
                acted_on, latest = latest, None
