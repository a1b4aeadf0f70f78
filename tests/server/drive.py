"""Driving a game step by step from a test: act with the first legal action of a kind."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from mantimon.client import Client
from mantimon.protocol import ActionMessage
from tests.server.harness import RawSocket

SETUP_ORDER = ("choose", "setup_done", "setup_place")


async def invite_game(guests: Callable[[str], Awaitable[Client]]) -> tuple[Client, Client, str]:
    ana, bo = await guests("Ana"), await guests("Bo")
    game = await ana.create_game(opponent="invite", deck="ember-rush")
    await bo.join_game(game["id"], "tidal-mind")
    return ana, bo, game["id"]


def _owes(frame: dict[str, Any] | None, user_id: str) -> bool:
    return (
        frame is not None
        and user_id in frame["state"]["waiting_for"]
        and bool(frame["state"]["legal_actions"])
    )


async def awaited_state(raw: RawSocket, user_id: str, timeout: float = 10.0) -> dict[str, Any]:
    """The newest game_state, not yet acted on, in which ``user_id`` owes a decision."""
    while not _owes(raw.state, user_id):
        await raw.until(lambda m: m["type"] == "game_state", timeout)
    assert raw.state is not None
    return raw.state


async def act(
    raw: RawSocket, game_id: str, action: dict[str, Any], message_id: str | None = None
) -> dict[str, Any]:
    """Send an action; returns its action_result."""
    body: dict[str, Any] = {"game_id": game_id, "action": action}
    if message_id is not None:
        body["message_id"] = message_id
    sent = await raw.sock.send(ActionMessage.model_validate(body))
    result = await raw.until(
        lambda m: m["type"] == "action_result" and m["request_message_id"] == sent
    )
    if result["success"]:
        raw.state = None  # the state this action changed is stale; the new one follows
    return result


def pick(state: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    legal = state["legal_actions"]
    for kind in order:
        for a in legal:
            if a["type"] == kind:
                return dict(a)
    return dict(legal[0])


async def finish_setup(raw: RawSocket, game_id: str, user_id: str) -> None:
    """Answer mulligan draws, place one Active, finish setup."""
    while True:
        frame = await awaited_state(raw, user_id)
        if frame["state"]["phase"] != "setup":
            return
        result = await act(raw, game_id, pick(frame["state"], SETUP_ORDER))
        assert result["success"], result
        if result["action_type"] == "setup_done":
            return
