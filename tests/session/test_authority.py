"""The sans-I/O authority: what a step delivers and stores, with no sockets or database."""

from __future__ import annotations

from dataclasses import replace

import orjson

from mantimon.engine import ACTION_ADAPTER, RulesConfig, default_pool
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.session import authority
from mantimon.session.match import UNPLAYABLE_TEXT, Match, load
from mantimon.storage import GameRecord, LoggedAction, SeatRecord

NOW = 1_000.0


def _match(turn_seconds: float = 90) -> Match:
    pool = default_pool()
    a, b = pool.starters["ember-rush"].decklist(), pool.starters["tidal-mind"].decklist()
    game = GameRecord(
        "g1", "active", "mantimon", RulesConfig().model_dump(mode="json"), 42,
        (SeatRecord("ana", "Ana", a.cards, a.energy), SeatRecord("bo", "Bo", b.cards, b.energy)),
        NOW, NOW, {"turn_seconds": turn_seconds, "grace_seconds": 5},
    )  # fmt: skip
    return Match(game)


def _texts(outcome: authority.Outcome, to: str) -> list[dict[str, object]]:
    return [orjson.loads(s.text) for s in outcome.sends if s.to == to]


def test_start_deals_and_publishes_event_one_to_each_viewer() -> None:
    m = _match()
    out = authority.start(m, NOW)
    assert m.state is not None and m.event_id == 1
    assert [(s.to, orjson.loads(s.text)["type"]) for s in out.sends] == [
        ("ana", "game_state"),
        ("bo", "game_state"),
    ]
    assert out.commit is not None
    assert out.commit.actions == () and out.commit.update.started_at == NOW  # event 1's time
    assert [c.deadline for c in m.clocks] == [NOW + 90, NOW + 90]  # both owe their setup


def test_an_action_answers_the_sender_then_publishes_and_stores_it() -> None:
    m = _match()
    authority.start(m, NOW)
    assert m.state is not None
    seat = waiting_for(m.state)[0]
    uid = m.player_ids[seat]
    action = legal_for_seat(m.state, seat)[0]
    out = authority.act(m, uid, "mid-1", action, NOW + 1)
    result = _texts(out, authority.SENDER)
    assert result[0]["type"] == "action_result" and result[0]["success"] is True
    assert out.commit is not None
    assert [a.seq for a in out.commit.actions] == [1]
    assert (out.commit.update.last_seq, out.commit.update.updated_at) == (1, NOW + 1)
    assert out.commit.results[0].response == out.sends[0].text  # stored = sent
    assert out.commit.actions[0].event_id == 2  # the step's events start at 2
    assert m.results[(uid, "mid-1")] == out.sends[0].text


def test_a_refused_action_is_answered_but_neither_remembered_nor_stored() -> None:
    m = _match()
    authority.start(m, NOW)
    bogus = ACTION_ADAPTER.validate_python({"type": "end_turn"})
    for n in range(50):  # made-up message ids cost nothing to keep
        out = authority.act(m, "ana", f"mid-{n}-" + "x" * 120, bogus, NOW)
        [result] = _texts(out, authority.SENDER)
        assert result["success"] is False and result["error_code"] == "action_not_allowed"
        assert out.commit is None
    assert m.results == {}
    assert m.seq == 0 and m.event_id == 1


def _finish_setup(m: Match) -> None:
    n = 0
    while m.state is not None and m.state.phase.value == "setup":
        seat = waiting_for(m.state)[0]
        legal = legal_for_seat(m.state, seat)
        action = next((a for a in legal if a.type == "setup_done"), legal[0])
        assert authority.act(m, m.player_ids[seat], f"setup-{n}", action, NOW).commit
        n += 1


def test_a_refused_message_sent_again_is_judged_again_and_applied_at_most_once() -> None:
    m = _match()
    authority.start(m, NOW)
    _finish_setup(m)
    assert m.state is not None
    waiting = m.player_ids[1 - m.state.current]
    end_turn = ACTION_ADAPTER.validate_python({"type": "end_turn"})
    early = _texts(authority.act(m, waiting, "again", end_turn, NOW), authority.SENDER)
    assert early[0]["error_code"] == "not_your_turn"
    current = m.player_ids[m.state.current]
    assert authority.act(m, current, "pass", end_turn, NOW).commit is not None
    # now it is the waiting player's turn: the same message is judged on this state
    later = authority.act(m, waiting, "again", end_turn, NOW)
    assert _texts(later, authority.SENDER)[0]["success"] is True
    assert m.results[(waiting, "again")] == later.sends[0].text  # successes are kept


def test_spectators_get_views_only_while_watching() -> None:
    m = _match()
    authority.start(m, NOW)
    assert m.state is not None
    m.spectators = 1
    seat = waiting_for(m.state)[0]
    out = authority.act(m, m.player_ids[seat], "m", legal_for_seat(m.state, seat)[0], NOW)
    spectator = _texts(out, authority.SPECTATORS)
    assert spectator and spectator[0]["state"]["viewer"] is None
    assert out.commit is not None
    other = out.sends[0].text
    assert all(s.text != other for s in out.sends[1:])  # each viewer its own message id


def test_three_timeouts_in_a_row_lose_the_game() -> None:
    m = _match(turn_seconds=10)
    authority.start(m, NOW)
    now = NOW
    for _ in range(40):
        wake = authority.next_wake(m)
        assert wake is not None
        now = wake
        out = authority.tick(m, now)
        if m.over:
            break
    assert m.state is not None and m.state.over
    assert m.state.end_reason is not None and m.state.end_reason.value == "timeout"
    assert out.commit is not None and out.commit.actions[-1].kind == "forfeit"
    loser = out.commit.actions[-1].player_id
    assert m.clocks[m.player_ids.index(loser)].timeouts >= 3


def test_presence_goes_reconnecting_then_disconnected_after_grace() -> None:
    m = _match()
    authority.start(m, NOW)
    assert authority.connect(m, "ana", NOW)[0].to == "bo"
    [told] = authority.disconnect(m, "ana", NOW + 1)
    assert orjson.loads(told.text)["status"] == "reconnecting"
    assert authority.next_wake(m) is not None
    out = authority.tick(m, NOW + 7)
    statuses = [orjson.loads(s.text).get("status") for s in out.sends if s.to == "bo"]
    assert "disconnected" in statuses


def test_a_game_that_cannot_be_rebuilt_loads_unplayable_and_takes_no_action() -> None:
    """A stored log this version refuses (here an action no deal allows) must not fail the
    loader, which the server runs for every game in progress at start: the match comes
    back without a state, saying which entry failed, and its players are answered
    ``internal_error`` with nothing to store."""
    m = _match()
    authority.start(m, NOW)
    assert m.state is not None
    seat = waiting_for(m.state)[0]
    good = legal_for_seat(m.state, seat)[0]
    log = [
        LoggedAction("g1", 1, m.player_ids[seat], "action", good.model_dump(mode="json"), NOW),
        LoggedAction("g1", 2, "ana", "action", {"type": "play_creature", "card_id": "zz"}, NOW),
    ]
    loaded = load(replace(m.game, last_seq=2, last_event_id=3), log)
    assert loaded.state is None
    assert loaded.unplayable is not None and loaded.unplayable.startswith(
        "action 2 (action by ana)"
    )
    assert not loaded.over and not loaded.closed
    out = authority.act(loaded, "ana", "mid-1", good, NOW)
    [error] = _texts(out, authority.SENDER)
    assert (error["type"], error["code"]) == ("error", "internal_error")
    assert error["message"] == UNPLAYABLE_TEXT
    assert out.commit is None
    assert authority.next_wake(loaded) is None and authority.fresh_state(loaded, "ana", NOW) is None


def _campaign_match() -> Match:
    m = _match()
    spec = {"user": "ana", "duelist": "ivy-marsh", "deck": "starter:ember-rush"}
    m.game = replace(m.game, settings={**m.game.settings, "campaign": spec})
    return m


def test_the_step_that_ends_a_campaign_game_carries_its_result_and_no_other_step_does() -> None:
    m = _campaign_match()
    assert authority.start(m, NOW).commit.campaign is None  # type: ignore[union-attr]
    _finish_setup(m)
    assert m.state is not None
    current = m.player_ids[m.state.current]
    end_turn = ACTION_ADAPTER.validate_python({"type": "end_turn"})
    assert authority.act(m, current, "pass", end_turn, NOW).commit.campaign is None  # type: ignore[union-attr]
    out = authority.act(m, "bo", "quit", authority.resign_action(), NOW + 5)
    assert out.commit is not None and out.commit.update.status == "finished"
    result = out.commit.campaign
    assert result is not None
    assert (result.user_id, result.game_id, result.duelist_id) == ("ana", "g1", "ivy-marsh")
    assert (result.outcome, result.deck_id, result.at) == ("win", "starter:ember-rush", NOW + 5)


def test_a_resigned_campaign_game_is_a_loss_for_its_player_and_other_games_carry_none() -> None:
    m = _campaign_match()
    authority.start(m, NOW)
    out = authority.act(m, "ana", "quit", authority.resign_action(), NOW)
    assert out.commit is not None and out.commit.campaign is not None
    assert out.commit.campaign.outcome == "loss"
    plain = _match()
    authority.start(plain, NOW)
    out = authority.act(plain, "ana", "quit", authority.resign_action(), NOW)
    assert out.commit is not None and out.commit.campaign is None
