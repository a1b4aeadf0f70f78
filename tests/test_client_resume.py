"""The client's judgement after a resent action's result (``client.autoplay._shows``): a
state replayed on rejoining is current only if it already shows the action's events.

Both orders happen over real sockets (tests/server/test_reconnect.py), but which one a run
sees depends on when the hosted bot moves; here each is built from a real game."""

from __future__ import annotations

from mantimon.client.autoplay import _shows
from mantimon.engine import PRESETS, apply_action, default_pool, legal_actions, new_game
from mantimon.engine.view import render_events, view_for
from mantimon.protocol import ActionResultMessage, GameStateMessage


def test_a_replayed_state_counts_only_when_it_shows_the_resent_actions_events() -> None:
    pool = default_pool()
    decks = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    state = new_game(PRESETS["mantimon"], decks, ["a", "b"], seed=5)
    before = GameStateMessage(game_id="g", state=view_for(state, "a"))
    action = legal_actions(state, "a")[0]
    seat = state.seat_of("a")
    events = render_events(state, apply_action(state, "a", action).events, seat)
    result = ActionResultMessage(
        game_id="g",
        request_message_id="m-1",
        success=True,
        action_type=action.type,
        changes={"events": events},
    )
    after = GameStateMessage(game_id="g", state=view_for(state, "a"))
    assert events, "an action always causes an event"
    assert _shows(after, result)  # answered from storage: the replay already has it
    assert not _shows(before, result)  # applied now: the replay predates it
    assert not _shows(None, result)
