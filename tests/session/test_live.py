"""The live game's decisions with no sockets, store or clock: join, spectate, replay, act and
idempotency, presence, timers and hosted bots, driven by a fake ``now``. Connection handles
are plain strings here ("a1": a socket of Ana); the session only stores and compares them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import orjson
import pytest

from mantimon.bots.think import decide
from mantimon.engine import ACTION_ADAPTER, RulesConfig, default_pool
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.session.live import Hosting, LiveGame
from mantimon.session.match import RESULTS_KEPT, UNPLAYABLE_TEXT, Match
from mantimon.session.outcome import Looked, NeedLog, NeedResult, Outcome
from mantimon.storage import GameRecord, LoggedAction, SeatRecord

NOW = 1_000.0
END_TURN = ACTION_ADAPTER.validate_python({"type": "end_turn"})


def _game(
    *, seats: int = 2, bot: bool = False, turn_seconds: float = 90, status: str = "active"
) -> GameRecord:
    pool = default_pool()
    a, b = pool.starters["ember-rush"].decklist(), pool.starters["tidal-mind"].decklist()
    second = (
        SeatRecord("bot-1", "Greedy", b.cards, b.energy, "bot", "greedy")
        if bot
        else SeatRecord("bo", "Bo", b.cards, b.energy)
    )
    both = (SeatRecord("ana", "Ana", a.cards, a.energy), second)
    return GameRecord(
        "g1", status, "mantimon", RulesConfig().model_dump(mode="json"), 42, both[:seats],
        NOW, NOW, {"turn_seconds": turn_seconds, "grace_seconds": 5},
    )  # fmt: skip


def _live(*, dealt: bool = True, think: float = 0.5, **game: Any) -> LiveGame[str]:
    record = _game(**game)
    live: LiveGame[str] = LiveGame(Match(record), Hosting(think_seconds=think, seed=7))
    if dealt:
        live.start(record, NOW)
    return live


def _frames(out: Outcome[str], to: str) -> list[dict[str, Any]]:
    return [orjson.loads(text) for handle, text in out.sends if handle == to]


def _only(out: Outcome[str], to: str) -> dict[str, Any]:
    [frame] = _frames(out, to)
    return frame


def _awaited(live: LiveGame[str]) -> tuple[str, Any]:
    """A user the game waits for and their first legal action."""
    state = live.match.state
    assert state is not None
    seat = waiting_for(state)[0]
    return live.match.player_ids[seat], legal_for_seat(state, seat)[0]


# --- join -------------------------------------------------------------------------------


def test_a_seated_player_joins_and_the_opponent_hears_of_it() -> None:
    live = _live()
    first = live.join("b1", "bo", None, NOW)
    assert [f["type"] for f in _frames(first, "b1")] == ["opponent_status", "game_state"]
    assert _frames(first, "b1")[0]["status"] == "disconnected"  # ana has no socket yet
    out = live.join("a1", "ana", None, NOW)
    assert _only(out, "b1")["status"] == "connected"
    mine = _frames(out, "a1")
    assert (mine[0]["type"], mine[0]["status"]) == ("opponent_status", "connected")
    assert mine[1]["state"]["viewer"] == "ana" and mine[1]["event_id"] == "1"
    assert live.players == {"bo": ["b1"], "ana": ["a1"]} and not out.errors


@pytest.mark.parametrize(
    ("seats", "code"), [(2, "game_full"), (1, "not_in_game")], ids=["full", "free seat"]
)
def test_a_user_without_a_seat_cannot_join_as_a_player(seats: int, code: str) -> None:
    live = _live(dealt=False, seats=seats, status="waiting" if seats == 1 else "active")
    out = live.join("e1", "eve", None, NOW, request_id="j1")
    error = _only(out, "e1")
    assert (error["code"], error["request_message_id"]) == (code, "j1")
    assert out.errors == [code] and live.players == {} and not live.watchers


def test_a_game_waiting_for_its_second_player_binds_and_says_so() -> None:
    live = _live(dealt=False, seats=1, status="waiting")
    for handle, user, spectate in (("a1", "ana", False), ("e1", "eve", True)):
        out = live.join(handle, user, None, NOW, spectate=spectate, request_id="j")
        frame = _frames(out, handle)[-1]
        assert (frame["code"], frame["details"]) == (
            "action_not_allowed",
            {"reason": "waiting_for_opponent", "game_id": "g1"},
        )
    assert live.players == {"ana": ["a1"]} and live.watchers == {"e1"}
    # the deal reaches both
    dealt = live.start(replace(_game(), status="active"), NOW)
    assert _only(dealt, "a1")["state"]["viewer"] == "ana"
    assert _only(dealt, "e1")["state"]["viewer"] is None


def test_a_closed_invite_tells_everyone_bound_and_refuses_later_joins() -> None:
    live = _live(dealt=False, seats=1, status="waiting")
    live.join("a1", "ana", None, NOW)
    live.join("e1", "eve", None, NOW, spectate=True)
    closed = replace(_game(seats=1), status="finished", end_reason="expired")
    out = live.close(closed, NOW)
    for handle in ("a1", "e1"):
        told = _only(out, handle)
        assert (told["code"], told["details"]) == (
            "game_ended",
            {"reason": "expired", "game_id": "g1"},
        )
    assert sorted(out.released) == ["a1", "e1"] and live.idle
    again = live.join("a2", "ana", None, NOW, request_id="j2")
    assert (_only(again, "a2")["code"], live.players) == ("game_ended", {})


def test_an_unplayable_game_is_refused_with_the_reason() -> None:
    live = _live(dealt=False)
    live.match.unplayable = "action 2 could not be replayed"
    error = _only(live.join("a1", "ana", None, NOW), "a1")
    assert (error["code"], error["message"]) == ("internal_error", UNPLAYABLE_TEXT)
    assert error["details"]["reason"] == "unplayable"


def test_a_newer_socket_takes_over_without_a_presence_blink() -> None:
    live = _live()
    live.join("b1", "bo", None, NOW)
    live.join("a1", "ana", None, NOW)
    out = live.join("a2", "ana", None, NOW)
    assert _only(out, "a1")["code"] == "connection_closed"
    assert out.released == ["a1"] and live.players["ana"] == ["a2"]
    assert not _frames(out, "b1")  # bo hears nothing
    assert _frames(out, "a2")[0]["status"] == "connected"
    # the replaced socket closing changes nothing; the newer one closing does
    assert not live.leave("a1", "ana", NOW).sends
    gone = live.leave("a2", "ana", NOW)
    assert _only(gone, "b1")["status"] == "reconnecting"


def test_spectators_are_counted_once_per_socket_and_cannot_act() -> None:
    live = _live()
    live.join("e1", "eve", None, NOW, spectate=True)
    live.join("e1", "eve", None, NOW, spectate=True)
    live.join("e2", "eve", None, NOW, spectate=True)
    assert live.match.spectators == 2
    refused = live.act("e1", "eve", "m1", END_TURN, NOW)
    assert (_only(refused, "e1")["code"], refused.commit) == ("not_in_game", None)
    live.leave("e1", "eve", NOW)
    assert live.match.spectators == 1 and live.watchers == {"e2"}
    user, action = _awaited(live)
    out = live.act(None, user, "m2", action, NOW)
    assert _only(out, "e2")["state"]["viewer"] is None  # spectators get the public view


# --- replay decision ---------------------------------------------------------------------


def test_a_rejoin_asks_for_the_log_and_is_sent_exactly_the_missed_events() -> None:
    live = _live()
    live.join("a1", "ana", None, NOW)
    seen: list[str] = []
    log: list[LoggedAction] = []
    for n in range(3):
        user, action = _awaited(live)
        out = live.act(None, user, f"m{n}", action, NOW + n)
        assert out.commit is not None
        log += out.commit.actions
        seen += [text for h, text in out.sends if h == "a1" and '"event_id"' in text]
    assert live.match.event_id > 2
    up_to_date = live.join("a2", "ana", live.match.event_id, NOW)
    assert up_to_date.request is None
    assert not [f for f in _frames(up_to_date, "a2") if "event_id" in f]
    out = live.join("a3", "ana", 1, NOW)
    assert out.request == NeedLog("seat0", 1, "ana")
    replayed = live.replay("a3", out.request, None, log, NOW)
    assert [text for _, text in replayed.sends] == seen  # the very messages sent live


@pytest.mark.parametrize("known", [None, 999_999], ids=["no id", "an id from the future"])
def test_without_a_usable_last_event_id_a_viewer_gets_one_fresh_state(known: int | None) -> None:
    live = _live()
    out = live.join("a1", "ana", known, NOW)
    assert out.request is None
    states = [f for f in _frames(out, "a1") if f["type"] == "game_state"]
    assert len(states) == 1 and states[0]["state"]["viewer"] == "ana"


def test_a_log_that_cannot_account_for_the_missed_events_gets_a_fresh_state() -> None:
    live = _live()
    user, action = _awaited(live)
    acted = live.act(None, user, "m1", action, NOW)  # nobody watched events 1 and 2
    assert acted.commit is not None
    out = live.join("e1", "eve", 0, NOW, spectate=True)
    assert out.request == NeedLog("spectator", 0, None)
    derived = _frames(live.replay("e1", out.request, None, list(acted.commit.actions), NOW), "e1")
    assert [(f["event_id"], f["state"]["viewer"]) for f in derived] == [("1", None), ("2", None)]
    fresh = _only(live.replay("e1", out.request, None, [], NOW), "e1")  # the log lost a step
    assert (fresh["type"], fresh["event_id"], fresh["state"]["viewer"]) == (
        "game_state",
        str(live.match.event_id),
        None,
    )


# --- act and idempotency -----------------------------------------------------------------


def test_a_message_id_already_answered_gets_the_same_answer_and_is_not_applied() -> None:
    live = _live()
    user, action = _awaited(live)
    first = live.act("a1", user, "same", action, NOW)
    assert first.applied and first.commit is not None
    seq = live.match.seq
    again = live.act("a2", user, "same", action, NOW + 1)
    assert again.sends == [("a2", first.sends[0][1])]
    assert (again.commit, again.applied, live.match.seq) == (None, False, seq)


def test_a_game_from_before_this_process_asks_for_the_stored_answer() -> None:
    live = _live()
    live.match.from_store = True
    user, action = _awaited(live)
    out = live.act("a1", user, "old", action, NOW)
    assert (out.request, out.sends, out.commit) == (NeedResult(user, "old"), [], None)
    answered = live.act("a1", user, "old", action, NOW, stored=Looked("the stored answer"))
    assert answered.sends == [("a1", "the stored answer")] and answered.commit is None
    fresh = live.act("a1", user, "old", action, NOW, stored=Looked(None))
    assert fresh.applied and _only(fresh, "a1")["success"] is True


def test_only_the_latest_answers_stay_in_memory_and_an_older_id_asks_the_store() -> None:
    """Memory holds the answers to the last ``RESULTS_KEPT`` message ids of a game; an older
    id is neither answered from memory nor applied again: its stored answer is asked for."""
    live = _live()
    sent: list[tuple[str, str, str]] = []  # (user, message id, answer)
    while len(sent) < RESULTS_KEPT + 5:
        user, action = _awaited(live)
        out = live.act("a1", user, f"m{len(sent)}", action, NOW)
        assert out.applied, out.sends
        sent.append((user, f"m{len(sent)}", out.sends[0][1]))
    assert len(live.match.results) == RESULTS_KEPT
    seq = live.match.seq
    user, old, _ = sent[0]
    again = live.act("a1", user, old, END_TURN, NOW)
    assert (again.request, again.sends, again.commit) == (NeedResult(user, old), [], None)
    user, recent, answer = sent[-1]
    assert live.act("a1", user, recent, END_TURN, NOW).sends == [("a1", answer)]
    assert live.match.seq == seq  # neither was applied again


def test_a_failed_write_answers_internal_error_and_reloads_keeping_who_is_bound() -> None:
    live = _live()
    live.join("a1", "ana", None, NOW)
    live.join("b1", "bo", None, NOW)
    user, action = _awaited(live)
    live.act("a1", user, "lost", action, NOW)
    out = live.write_failed("a1", NOW)
    assert (_only(out, "a1")["code"], live.stale) == ("internal_error", True)
    live.reload(_game(), [], NOW + 10)
    assert (live.stale, live.match.seq, live.match.event_id) == (False, 0, 0)
    # both still count as connected: a handover tells bo nothing
    assert not _frames(live.join("a2", "ana", None, NOW), "b1")
    # what this process remembered went with the old match: a repeated id asks the store
    # (a game created after the process started used to be judged again here)
    live.reload(_game(), [], NOW - 10)  # a game created after this process started
    again = live.act("a1", "ana", "applied-before", END_TURN, NOW + 11)
    assert again.request == NeedResult("ana", "applied-before")


# --- presence and timers -----------------------------------------------------------------


def test_presence_goes_reconnecting_then_disconnected_when_the_grace_ends() -> None:
    live = _live()
    live.join("a1", "ana", None, NOW)
    live.join("b1", "bo", None, NOW)
    assert _only(live.leave("a1", "ana", NOW), "b1")["status"] == "reconnecting"
    assert live.plan(NOW) == NOW + 5  # the grace ends before any turn clock
    assert not live.tick(NOW + 4.9).sends
    assert _only(live.tick(NOW + 5), "b1")["status"] == "disconnected"


def test_clocks_warn_then_expire_and_three_timeouts_in_a_row_lose() -> None:
    live = _live(turn_seconds=12)
    live.join("a1", "ana", None, NOW)
    frames: list[dict[str, Any]] = []
    now = NOW
    while not live.match.over:
        wake = live.plan(now)
        assert wake is not None and wake > now - 1e-9
        assert not live.tick(wake - 0.01).sends  # nothing is due before the wake
        now = wake
        frames += _frames(live.tick(now), "a1")
    timeouts = [f for f in frames if f["type"] == "turn_timeout"]
    expiries = [i for i, f in enumerate(frames) if f.get("is_warning") is False]
    over = frames[-1]
    assert (over["type"], over["end_reason"]) == ("game_over", "timeout")
    loser = "bo" if over["winner_id"] == "ana" else "ana"
    assert sum(1 for i in expiries if frames[i]["player_id"] == loser) >= 3
    first = expiries[0]
    player = frames[first]["player_id"]
    marks = [f["remaining_seconds"] for f in frames[:first] if f.get("player_id") == player]
    assert len(marks) >= 2 and marks == sorted(marks, reverse=True)
    assert len(timeouts) > len(expiries)
    assert live.plan(now) is None and live.clocks_left(now) == {}


def test_clocks_left_counts_down_the_running_clocks() -> None:
    live = _live(turn_seconds=30)
    assert live.clocks_left(NOW + 10) == {"ana": 20.0, "bo": 20.0}


# --- hosted bots -------------------------------------------------------------------------


def _play_against_the_bot(seed: int) -> list[LoggedAction]:
    """Ana plays her first legal action whenever awaited; the hosted bot moves when due."""
    live = _live(bot=True)
    live.hosting = Hosting(think_seconds=0.5, seed=seed)
    live.join("a1", "ana", None, NOW)
    log: list[LoggedAction] = []
    now = NOW
    for _ in range(2_000):
        if live.match.over:
            break
        state = live.match.state
        assert state is not None
        due = live.plan(now)
        if 0 in waiting_for(state):
            out = live.act("a1", "ana", f"a{live.match.seq}", legal_for_seat(state, 0)[0], now)
        else:
            assert due is not None
            assert live.bot_turn(due - 0.01) is None  # it thinks first
            now = due
            turn = live.bot_turn(now)
            assert turn is not None and turn.user_id == "bot-1"
            out = live.bot_act(turn, decide(turn.bot, turn.view, turn.seed), now)
        assert out.commit is not None, out.sends
        log += out.commit.actions
    assert live.match.over
    return log


def test_a_hosted_bot_moves_after_its_think_time_through_act_to_the_end() -> None:
    log = _play_against_the_bot(seed=7)
    assert {a.by for a in log if a.player_id == "bot-1"} == {"bot"}
    assert {a.by for a in log if a.player_id == "ana"} == {"player"}
    assert _play_against_the_bot(seed=7) == log  # a fixed seed replays move for move


def test_a_bot_is_scheduled_only_while_awaited() -> None:
    live = _live(bot=True)
    state = live.match.state
    assert state is not None
    assert live.plan(NOW) == NOW + 0.5 and live.bot_due == {"bot-1": NOW + 0.5}
    assert live.plan(NOW + 0.2) == NOW + 0.5  # asked again, it does not move the time
    live.match.state = None  # e.g. the game cannot go on: nothing is due
    assert live.bot_turn(NOW + 1) is None
    live.match.state = state
    turn = live.bot_turn(NOW + 1)
    assert turn is not None and live.bot_due == {}
    live.plan(NOW + 1)
    assert live.bot_due == {}  # while it thinks, its seat is not scheduled again
    live.match.from_store = True  # even so, a bot's move needs no stored answer
    acted = live.bot_act(turn, decide(turn.bot, turn.view, turn.seed), NOW + 1)
    assert acted.request is None and acted.commit is not None
    assert acted.commit.results == () and live.match.results == {}  # nothing to repeat
    live.match.from_store = False
    resign = ACTION_ADAPTER.validate_python({"type": "resign"})
    live.act("a1", "ana", "r", resign, NOW + 1)
    assert live.plan(NOW + 1) is None and live.bot_turn(NOW + 9) is None


def test_a_late_bot_answer_is_dropped_and_a_lost_one_asked_again() -> None:
    live = _live(bot=True)
    assert live.plan(NOW) == NOW + 0.5
    turn = live.bot_turn(NOW + 1)
    assert turn is not None and live.thinking == {"bot-1"}
    assert turn.view.viewer == "bot-1" and turn.view.players[0].hand is None  # its seat's view
    # No answer came (a worker failed): nothing happens, and the seat is scheduled again.
    assert live.bot_act(turn, None, NOW + 1).commit is None and not live.thinking
    live.plan(NOW + 1)
    assert live.bot_due == {"bot-1": NOW + 1.5}
    turn = live.bot_turn(NOW + 2)
    assert turn is not None
    chosen = decide(turn.bot, turn.view, turn.seed)
    # Meanwhile the person resigned: the answer comes too late and changes nothing.
    live.act("a1", "ana", "r", ACTION_ADAPTER.validate_python({"type": "resign"}), NOW + 2)
    seq = live.match.seq
    late = live.bot_act(turn, chosen, NOW + 3)
    assert late.commit is None and late.sends == [] and live.match.seq == seq
    assert not live.thinking


def test_a_finished_game_is_idle_once_nobody_is_bound() -> None:
    live = _live()
    live.join("a1", "ana", None, NOW)
    live.join("e1", "eve", None, NOW, spectate=True)
    live.act("a1", "ana", "r", ACTION_ADAPTER.validate_python({"type": "resign"}), NOW)
    assert live.match.over and not live.idle
    live.leave("a1", "ana", NOW)
    assert not live.idle
    live.leave("e1", "eve", NOW)
    assert live.idle


def test_the_turn_clock_runs_while_a_bot_thinks_and_its_late_answer_is_dropped() -> None:
    live = _live(bot=True, turn_seconds=10)
    live.plan(NOW)
    turn = live.bot_turn(NOW + 1)
    assert turn is not None
    chosen = decide(turn.bot, turn.view, turn.seed)
    # The bot thinks past its clock: the timer plays for its seat, as for anyone.
    expired = live.tick(NOW + 11)
    assert expired.commit is not None
    assert any(a.player_id == "bot-1" and a.by == "timer" for a in expired.commit.actions)
    seq = live.match.seq
    assert live.bot_act(turn, chosen, NOW + 12).commit is None and live.match.seq == seq
    live.plan(NOW + 12)  # and it is asked again for what it owes now, if anything
    state = live.match.state
    assert state is not None
    assert ("bot-1" in live.bot_due) == (1 in waiting_for(state))


def test_a_bot_seed_holds_the_game_secret_seed_unless_one_is_fixed() -> None:
    """A player knows the game and bot ids; with the game's seed (secret while it is
    played) in the bot's seed, they cannot rerun the bot on their copy of its view."""
    live = _live(bot=True)
    live.hosting = Hosting(think_seconds=0.5, seed=None)
    live.plan(NOW)
    turn = live.bot_turn(NOW + 1)
    assert turn is not None
    assert turn.seed.startswith(f"{live.match.game.seed}:")
    live.bot_act(turn, None, NOW + 1)
    live.hosting = Hosting(think_seconds=0.5, seed=7)
    live.plan(NOW + 1)
    again = live.bot_turn(NOW + 2)
    assert again is not None and again.seed == "7:1:0"
