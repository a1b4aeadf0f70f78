"""The storage contract: every ``Store`` adapter passes the same tests.

Each test runs against ``MemoryStore``, ``SqlStore`` on a SQLite file and ``SqlStore`` on
PostgreSQL (see conftest.py). Tests that close and reopen a store run on the SQL adapters.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest

from mantimon.storage.ports import (
    Commit,
    Conflict,
    GameRecord,
    GameUpdate,
    IdempotentResult,
    LoggedAction,
    RefreshFamily,
    Snapshot,
    Store,
    StoreError,
)
from tests.storage.conftest import Backend
from tests.storage.records import deck, game, game_state_message, seat, step, user

# --- lifecycle and users ----------------------------------------------------------------------


async def test_ping(store: Store) -> None:
    await store.ping()


async def test_users_round_trip(store: Store) -> None:
    alice = user("u1", "alice", at=12.5)
    guest = user("u2")
    await store.add_user(alice)
    await store.add_user(guest)
    assert await store.get_user("u1") == alice
    assert await store.get_user("u2") == guest
    assert await store.get_user("nobody") is None
    assert await store.user_by_username("alice") == alice
    assert await store.user_by_username("bob") is None


async def test_username_taken_is_a_conflict(store: Store) -> None:
    await store.add_user(user("u1", "alice"))
    with pytest.raises(Conflict):
        await store.add_user(user("u2", "alice"))
    assert await store.get_user("u2") is None


async def test_user_id_taken_is_a_conflict(store: Store) -> None:
    await store.add_user(user("u1", "alice"))
    with pytest.raises(Conflict):
        await store.add_user(user("u1", "someone-else"))
    assert await store.user_by_username("someone-else") is None


async def test_many_guests_without_username(store: Store) -> None:
    for i in range(3):
        await store.add_user(user(f"g{i}"))
    assert [await store.get_user(f"g{i}") for i in range(3)] == [user(f"g{i}") for i in range(3)]


# --- refresh token families -------------------------------------------------------------------


def family(fid: str, created: float = 10.0, expires: float = 100.0) -> RefreshFamily:
    return RefreshFamily(fid, "u1", 0, created_at=created, expires_at=expires)


async def test_refresh_family_rotates_one_generation_at_a_time(store: Store) -> None:
    await store.add_refresh_family(family("f1"))
    assert await store.rotate_refresh("f1", 0, now=20.0, expires_at=200.0) == "rotated"
    assert await store.rotate_refresh("f1", 1, now=150.0, expires_at=300.0) == "rotated"
    # the expiry moved with each rotation: generation 2 is live at 250
    assert await store.rotate_refresh("f1", 2, now=250.0, expires_at=400.0) == "rotated"
    with pytest.raises(Conflict):
        await store.add_refresh_family(family("f1", created=260.0, expires=500.0))


async def test_a_reused_refresh_generation_revokes_the_family(store: Store) -> None:
    await store.add_refresh_family(family("f1"))
    await store.add_refresh_family(family("f2"))
    assert await store.rotate_refresh("f1", 0, now=20.0, expires_at=200.0) == "rotated"
    assert await store.rotate_refresh("f1", 0, now=21.0, expires_at=200.0) == "reused"
    # the thief's replay killed the rightful holder's newer token too
    assert await store.rotate_refresh("f1", 1, now=22.0, expires_at=200.0) == "revoked"
    assert await store.revoke_refresh_family("f1", now=23.0) is False
    assert await store.rotate_refresh("f2", 0, now=24.0, expires_at=200.0) == "rotated"


async def test_concurrent_rotations_of_one_token_let_one_through(store: Store) -> None:
    await store.add_refresh_family(family("f1"))
    outcomes = await asyncio.gather(
        *(store.rotate_refresh("f1", 0, now=20.0, expires_at=200.0) for _ in range(4))
    )
    assert sorted(outcomes) == ["reused", "revoked", "revoked", "rotated"]


async def test_logout_revokes_and_expired_families_are_gone(store: Store) -> None:
    await store.add_refresh_family(family("f1"))
    await store.add_refresh_family(family("f2", expires=50.0))
    assert await store.revoke_refresh_family("f1", now=20.0) is True
    assert await store.rotate_refresh("f1", 0, now=21.0, expires_at=200.0) == "revoked"
    assert await store.rotate_refresh("f2", 0, now=60.0, expires_at=200.0) == "unknown"
    assert await store.revoke_refresh_family("f2", now=60.0) is False
    assert await store.rotate_refresh("nope", 0, now=21.0, expires_at=200.0) == "unknown"
    # a sign-in after f2 expired deletes it: the id is free again
    await store.add_refresh_family(family("f3", created=70.0, expires=170.0))
    await store.add_refresh_family(family("f2", created=70.0, expires=170.0))
    assert await store.rotate_refresh("f2", 0, now=80.0, expires_at=200.0) == "rotated"


# --- decks ------------------------------------------------------------------------------------


async def test_decks_crud(store: Store) -> None:
    d1, d2, other = deck("d1", "u1", at=2.0), deck("d2", "u1", at=1.0), deck("d3", "u2")
    for d in (d1, d2, other):
        await store.put_deck(d)
    assert await store.get_deck("d1") == d1
    assert await store.get_deck("missing") is None
    assert await store.decks_of("u1") == [d2, d1]  # oldest first
    assert await store.decks_of("nobody") == []

    renamed = replace(d1, name="Renamed", cards=("x",) * 3, updated_at=9.0)
    await store.put_deck(renamed)  # replace by id
    assert await store.get_deck("d1") == renamed
    assert await store.decks_of("u1") == [d2, renamed]

    assert await store.delete_deck("d1") is True
    assert await store.delete_deck("d1") is False
    assert await store.get_deck("d1") is None
    assert await store.decks_of("u1") == [d2]


# --- games ------------------------------------------------------------------------------------


async def test_game_round_trip(store: Store) -> None:
    g = replace(
        game("g1", "u1", "u2", seed=2**64 - 1),
        seats=(seat("u1"), seat("bot-1", kind="bot", bot="greedy")),
        started_at=12.25,
        winner_id=None,
    )
    await store.add_game(g)
    assert await store.get_game("g1") == g
    assert await store.get_game("missing") is None
    assert await store.has_game("g1") and not await store.has_game("missing")


async def test_game_id_taken_is_a_conflict(store: Store) -> None:
    await store.add_game(game("g1", "u1"))
    with pytest.raises(Conflict):
        await store.add_game(game("g1", "u9"))
    assert await store.get_game("g1") == game("g1", "u1")


async def test_games_of_newest_first_and_by_status(store: Store) -> None:
    g1 = game("g1", "u1", "u2", at=1.0)
    g2 = game("g2", "u3", "u1", at=3.0, status="finished")
    g3 = game("g3", "u1", at=2.0)
    g4 = game("g4", "u2", "u3", at=4.0)
    for g in (g1, g2, g3, g4):
        await store.add_game(g)
    assert await store.games_of("u1") == [g2, g3, g1]
    assert await store.games_of("u1", "active") == [g1]
    assert await store.games_of("u1", "waiting") == [g3]
    assert await store.games_of("u1", ("waiting", "active")) == [g3, g1]
    assert await store.games_of("u1", ("finished",)) == [g2]
    assert await store.games_of("u2") == [g4, g1]
    assert await store.games_of("nobody") == []


async def test_games_with_status(store: Store) -> None:
    games = [
        game("g1", "u1", "u2", at=1.0),
        game("g2", "u3", at=2.0),
        game("g3", "u4", "u5", at=3.0),
        game("g4", "u4", "u5", at=4.0, status="finished"),
    ]
    for g in games:
        await store.add_game(g)

    def ids(found: list[GameRecord]) -> set[str]:
        return {g.id for g in found}

    assert ids(await store.games_with_status("active")) == {"g1", "g3"}
    assert await store.games_with_status("waiting") == [games[1]]
    assert await store.games_with_status("finished") == [games[3]]


# --- seats ------------------------------------------------------------------------------------


async def test_take_seat_fills_and_activates(store: Store) -> None:
    await store.add_game(game("g1"))  # no seat yet
    first = await store.take_seat("g1", seat("u1"), seed=11, now=5.0)
    assert (first.status, [s.user_id for s in first.seats]) == ("waiting", ["u1"])
    second = await store.take_seat("g1", seat("u2"), seed=12, now=6.0)
    assert second.status == "active"
    assert [s.user_id for s in second.seats] == ["u1", "u2"]
    assert (second.seed, second.updated_at) == (12, 6.0)
    assert await store.get_game("g1") == second
    assert await store.games_of("u2") == [second]
    assert await store.games_of("u1", "active") == [second]
    assert await store.games_with_status("waiting") == []


async def test_take_seat_conflicts(store: Store) -> None:
    await store.add_game(game("full", "u1", "u2"))
    await store.add_game(game("over", "u1", status="finished"))
    with pytest.raises(Conflict):
        await store.take_seat("full", seat("u3"), seed=1, now=2.0)
    with pytest.raises(Conflict):
        await store.take_seat("over", seat("u3"), seed=1, now=2.0)
    with pytest.raises(StoreError) as missing:
        await store.take_seat("missing", seat("u3"), seed=1, now=2.0)
    assert not isinstance(missing.value, Conflict)
    assert await store.get_game("full") == game("full", "u1", "u2")
    assert await store.get_game("over") == game("over", "u1", status="finished")


async def test_close_waiting_game_ends_only_a_waiting_game(store: Store) -> None:
    await store.add_game(game("invite", "u1"))
    await store.add_game(game("playing", "u1", "u2"))
    await store.add_game(game("over", "u1", status="finished"))
    closed = await store.close_waiting_game("invite", "cancelled", now=5.0)
    assert closed == replace(
        game("invite", "u1"), status="finished", end_reason="cancelled", updated_at=5.0
    )
    assert await store.get_game("invite") == closed
    assert await store.games_of("u1", "waiting") == []
    with pytest.raises(Conflict):  # closed: nobody can take its seat now
        await store.take_seat("invite", seat("u2"), seed=1, now=6.0)
    for gid in ("invite", "playing", "over", "missing"):
        assert await store.close_waiting_game(gid, "expired", now=7.0) is None
    assert await store.get_game("playing") == game("playing", "u1", "u2")
    assert await store.get_game("over") == game("over", "u1", status="finished")
    assert (await store.get_game("invite")) == closed  # the first reason stays


async def test_closing_and_joining_at_once_one_wins(store: Store) -> None:
    for n in range(5):
        await store.add_game(game(f"g{n}", "host"))
        joined, closed = await asyncio.gather(
            store.take_seat(f"g{n}", seat("guest"), seed=3, now=9.0),
            store.close_waiting_game(f"g{n}", "cancelled", now=9.0),
            return_exceptions=True,
        )
        stored = await store.get_game(f"g{n}")
        assert stored is not None
        if isinstance(joined, GameRecord):
            assert closed is None and stored == joined and stored.status == "active"
        else:
            assert isinstance(joined, Conflict)
            assert closed == stored and stored.status == "finished"


async def _race_for_last_seat(stores: list[Store], gid: str) -> None:
    """Two joiners at once for the last seat: exactly one gets it."""
    outcomes = await asyncio.gather(
        *(
            s.take_seat(gid, seat(f"joiner-{i}"), seed=100 + i, now=9.0)
            for i, s in enumerate(stores)
        ),
        return_exceptions=True,
    )
    won = [o for o in outcomes if isinstance(o, GameRecord)]
    lost = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(won), len(lost)) == (1, len(stores) - 1), outcomes
    stored = await stores[0].get_game(gid)
    assert stored == won[0]
    assert stored.status == "active"
    assert stored.seats[0].user_id == "host"


async def test_concurrent_joiners_one_store(store: Store) -> None:
    for n in range(5):
        await store.add_game(game(f"g{n}", "host"))
        await _race_for_last_seat([store, store], f"g{n}")


async def test_concurrent_joiners_separate_connections(backend: Backend) -> None:
    stores = [await backend.open() for _ in range(3)]
    for n in range(5):
        await stores[0].add_game(game(f"g{n}", "host"))
        await _race_for_last_seat(stores, f"g{n}")


# --- commits ----------------------------------------------------------------------------------


async def test_commit_writes_everything(store: Store) -> None:
    await store.add_game(game("g1", "u1", "u2"))
    await store.commit([step("g1", 1, snapshot=True, timers={"t": 1}, started_at=7.5)])
    await store.commit([step("g1", 2, player="u2")])

    log = await store.actions("g1")
    assert [(a.seq, a.player_id, a.payload) for a in log] == [
        (1, "u1", {"type": "end_turn", "n": 1}),
        (2, "u2", {"type": "end_turn", "n": 2}),
    ]
    assert log == [step("g1", 1).actions[0], step("g1", 2, player="u2").actions[0]]
    assert [a.event_id for a in log] == [1, 2]
    assert await store.snapshot("g1") == step("g1", 1, snapshot=True).snapshot
    assert await store.result("g1", "u1", "m-1") == '{"type":"action_result","n":1}'
    assert await store.result("g1", "u2", "m-2") == '{"type":"action_result","n":2}'
    g = await store.get_game("g1")
    assert g is not None
    assert (g.last_seq, g.last_event_id, g.started_at) == (2, 2, 7.5)
    assert g.timers == {"t": 1}  # set by the first step, unchanged by the second
    assert g.status == "active"


async def test_commit_game_update_fields(store: Store) -> None:
    await store.add_game(game("g1", "u1", "u2"))
    created = await store.get_game("g1")
    assert created is not None
    update = GameUpdate(
        status="finished", winner_id="u2", end_reason="resignation", updated_at=99.5
    )
    forfeit = LoggedAction("g1", 1, "u1", "forfeit", {"reason": "resignation"}, 5.0, "timer")
    await store.commit([Commit("g1", actions=(forfeit,), update=update)])
    g = await store.get_game("g1")
    assert g is not None
    assert (g.status, g.winner_id, g.end_reason, g.updated_at, g.last_seq, g.created_at) == (
        "finished",
        "u2",
        "resignation",
        99.5,
        0,  # not in the update: unchanged
        created.created_at,
    )
    assert await store.actions("g1") == [forfeit]
    assert await store.games_with_status("active") == []
    assert await store.games_of("u1", "finished") == [g]


async def test_empty_commits(store: Store) -> None:
    await store.add_game(game("g1", "u1", "u2"))
    await store.commit([])
    await store.commit([Commit("g1")])
    assert await store.get_game("g1") == game("g1", "u1", "u2")
    assert await store.actions("g1") == []


async def test_group_commit_of_several_games(store: Store) -> None:
    gids = [f"g{i}" for i in range(6)]
    for gid in gids:
        await store.add_game(game(gid, "u1", "u2"))
    for seq in (1, 3):  # each call: every game, two steps of each game
        batch = [step(gid, s) for gid in gids for s in (seq, seq + 1)]
        await store.commit(batch)
    for gid in gids:
        assert [a.seq for a in await store.actions(gid)] == [1, 2, 3, 4]
        g = await store.get_game(gid)
        assert g is not None
        assert (g.last_seq, g.last_event_id) == (4, 4)


async def _assert_unchanged(store: Store, gids: list[str], seqs: int) -> None:
    """Every game as after ``seqs`` steps, nothing more."""
    for gid in gids:
        assert [a.seq for a in await store.actions(gid)] == list(range(1, seqs + 1))
        assert await store.snapshot(gid) == step(gid, 1, snapshot=True).snapshot
        assert await store.result(gid, "u1", f"m-{seqs + 1}") is None
        g = await store.get_game(gid)
        assert g is not None
        assert (g.last_seq, g.last_event_id, g.status) == (seqs, seqs, "active")


async def test_answers_with_and_without_their_action(store: Store) -> None:
    """An answer is found whether it came with its action, by another seat's action, or
    alone; a message id answered again in a later call keeps its first answer (the
    session never does that: it asks ``result`` first)."""
    await store.add_game(game("g1", "u1", "u2"))
    first = step("g1", 1)
    other_seat = replace(
        step("g1", 2), results=(IdempotentResult("g1", "u2", "m-x", '{"to":"u2"}'),)
    )
    alone = Commit("g1", results=(IdempotentResult("g1", "u1", "m-y", '{"alone":1}'),))
    again = replace(step("g1", 3), results=(IdempotentResult("g1", "u1", "m-1", '{"n":0}'),))
    await store.commit([first, other_seat, alone])
    await store.commit([again])
    assert await store.result("g1", "u1", "m-1") == '{"type":"action_result","n":1}'
    assert await store.result("g1", "u2", "m-x") == '{"to":"u2"}'
    assert await store.result("g1", "u1", "m-y") == '{"alone":1}'
    assert await store.result("g1", "u1", "m-x") is None
    assert [a.seq for a in await store.actions("g1")] == [1, 2, 3]


async def _two_games_one_step(store: Store) -> list[str]:
    gids = ["ga", "gb"]
    for gid in gids:
        await store.add_game(game(gid, "u1", "u2"))
    await store.commit([step(gid, 1, snapshot=True) for gid in gids])
    return gids


def _bad_batches() -> dict[str, list[Commit]]:
    """Calls where the good first commit (game ``ga``) must not land because of a bad one."""
    good = step("ga", 2, status="finished")
    dup_snapshot = replace(step("gb", 2), snapshot=Snapshot("gb", 1, 1, "{}"))
    twice_result = replace(step("gb", 2), results=step("gb", 2).results * 2)
    return {
        "seq gap": [good, step("gb", 3)],
        "seq repeated": [good, step("gb", 1, event_id=2)],
        "seq backwards in one call": [good, step("gb", 2), step("gb", 2, event_id=3)],
        "seq restarts": [good, replace(step("gb", 2), actions=step("gb", 2).actions * 2)],
        "action of another game": [good, replace(step("gb", 2), actions=step("ga", 3).actions)],
        "snapshot stored before": [good, dup_snapshot],
        "result twice in one call": [good, twice_result],
        "same step twice": [good, step("ga", 2)],
    }


@pytest.mark.parametrize("case", list(_bad_batches()))
async def test_bad_commit_writes_nothing(store: Store, case: str) -> None:
    gids = await _two_games_one_step(store)
    with pytest.raises(Conflict):
        await store.commit(_bad_batches()[case])
    await _assert_unchanged(store, gids, 1)
    await store.commit([step(gid, 2) for gid in gids])  # the store still works
    await _assert_unchanged(store, gids, 2)


async def test_commit_to_unknown_game_writes_nothing(store: Store) -> None:
    gids = await _two_games_one_step(store)
    with pytest.raises(StoreError) as raised:
        await store.commit([step("ga", 2), step("missing", 1)])
    assert not isinstance(raised.value, Conflict)
    await _assert_unchanged(store, gids, 1)


async def test_reads_after_cursors_and_in_order(store: Store) -> None:
    await store.add_game(game("g1", "u1", "u2"))
    await store.add_game(game("g2", "u1", "u2"))
    await store.commit([step("g2", 1, event_id=7)])
    await store.commit([step("g1", s, event_id=10 + 2 * s, snapshot=s != 2) for s in (1, 2, 3)])

    assert [a.seq for a in await store.actions("g1")] == [1, 2, 3]
    assert [a.seq for a in await store.actions("g1", after_seq=1)] == [2, 3]
    assert await store.actions("g1", after_seq=3) == []
    assert await store.actions("missing") == []

    # the latest snapshot at or before an event id: (seq 1, event 12), (seq 3, event 16)
    assert await store.snapshot("g1") == step("g1", 3, event_id=16, snapshot=True).snapshot
    assert (await store.snapshot("g1", 16) or Snapshot("", 0, 0, "")).seq == 3
    assert (await store.snapshot("g1", 15) or Snapshot("", 0, 0, "")).seq == 1
    assert (await store.snapshot("g1", 12) or Snapshot("", 0, 0, "")).seq == 1
    assert await store.snapshot("g1", 11) is None
    assert await store.snapshot("g2") is None
    assert await store.snapshot("missing") is None

    assert await store.result("g1", "u1", "m-2") == '{"type":"action_result","n":2}'
    assert await store.result("g1", "u2", "m-2") is None
    assert await store.result("g2", "u1", "m-2") is None


async def test_snapshots_round_trip_exactly(store: Store) -> None:
    await store.add_game(game("g1", "u1", "u2"))
    texts = [
        "{}",
        '{"emoji":"🃏","accents":"éàü","quote":"\\""}',
        game_state_message("g1", 4, "seat0", size=50_000),
        "x" * 1023,
    ]
    snaps = [Snapshot("g1", n + 1, n + 1, t) for n, t in enumerate(texts)]
    await store.commit([Commit("g1", snapshot=snap) for snap in snaps])
    for snap in snaps:
        assert await store.snapshot("g1", snap.event_id) == snap


# --- persistence ------------------------------------------------------------------------------


async def test_everything_survives_close_and_reopen(persistent_backend: Backend) -> None:
    store = await persistent_backend.open()
    await store.add_user(user("u1", "alice"))
    await store.add_refresh_family(RefreshFamily("f1", "u1", 0, created_at=1.0, expires_at=9e9))
    await store.put_deck(deck("d1", "u1"))
    await store.add_game(game("g1", "u1"))
    joined = await store.take_seat("g1", seat("u2"), seed=99, now=3.0)
    await store.commit([step("g1", 1), step("g1", 2, snapshot=True)])
    await store.close()

    again = await persistent_backend.open()
    assert await again.user_by_username("alice") == user("u1", "alice")
    assert await again.rotate_refresh("f1", 0, now=2.0, expires_at=9e9) == "rotated"
    assert await again.decks_of("u1") == [deck("d1", "u1")]
    g = await again.get_game("g1")
    assert g == replace(joined, last_seq=2, last_event_id=2)
    assert [a.seq for a in await again.actions("g1")] == [1, 2]
    assert await again.snapshot("g1") == step("g1", 2, snapshot=True).snapshot
    assert await again.result("g1", "u1", "m-1") is not None
    await again.commit([step("g1", 3)])  # the log goes on where it stopped
    with pytest.raises(Conflict):
        await again.commit([step("g1", 3, event_id=4)])


async def test_a_guest_registers_keeping_its_id_once(store: Store) -> None:
    await store.add_user(user("g1"))
    await store.add_user(user("r1", username="taken"))
    with pytest.raises(Conflict):
        await store.register_guest("g1", "taken", "hash")
    done = await store.register_guest("g1", "newname", "hash", "New Name")
    assert done is not None
    assert (done.id, done.username, done.password_hash, done.name) == (
        "g1",
        "newname",
        "hash",
        "New Name",
    )
    assert await store.user_by_username("newname") == done
    assert await store.register_guest("g1", "other", "hash") is None  # registered already
    assert await store.register_guest("r1", "other", "hash") is None
    assert await store.register_guest("nobody", "other", "hash") is None
