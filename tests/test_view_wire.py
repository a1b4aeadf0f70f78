"""The other forms of a view equal the plain view data, for both players and a spectator, all
game long: the wire form (shared parts pre-serialised as ``orjson.Fragment``) encodes to
exactly its bytes, and the model form (lasting parts kept as model instances) is its model."""

from __future__ import annotations

import orjson

from mantimon.engine import PRESETS, GameState, default_pool, legal_actions, view_for
from mantimon.engine.built import built
from mantimon.engine.view import VisibleCreature, VisibleGameState, render_events, view_data
from tests.randomgames import PLAYERS, play_random

# Each preset with two of its starter decks: the games the checks below run through.
BOTH_PRESETS = (
    ("mantimon", ("ember-rush", "tidal-mind")),
    ("classic", ("ember-rush-classic", "tidal-mind-classic")),
)


def test_wire_and_model_views_equal_the_plain_view_data() -> None:
    """Wire views encode to the plain data's bytes; ``view_for``'s model, filled with parts
    kept from earlier state versions (creatures and card references as model instances),
    equals the model validated afresh from the plain data. Both presets, every viewer,
    during setup (boards face down) and after."""
    pool = default_pool()
    checked = 0
    for preset, decks in BOTH_PRESETS:
        lists = [pool.starters[d].decklist() for d in decks]

        def check(state: GameState, *_: object) -> None:
            nonlocal checked
            for viewer in (*PLAYERS, None):
                wire = orjson.dumps(view_data(state, viewer, wire=True))
                plain = view_data(state, viewer)
                assert wire == orjson.dumps(plain)
                assert view_for(state, viewer) == VisibleGameState.model_validate(plain)
                checked += 1
            seat = state.current
            assert orjson.dumps(render_events(state, state.log, seat, wire=True)) == orjson.dumps(
                render_events(state, state.log, seat)
            )

        for seed in range(3):
            play_random(PRESETS[preset], lists, seed, check)
    assert checked > 500


def test_a_fragment_is_not_plain_data() -> None:
    """The check above can fail: a wire view is not the plain data structure."""
    pool = default_pool()
    lists = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    played = play_random(PRESETS["mantimon"], lists, 1)
    wire = view_data(played.state, PLAYERS[0], wire=True)
    assert isinstance(wire["rules"], orjson.Fragment)
    assert wire != view_data(played.state, PLAYERS[0])


def test_the_view_memo_keeps_only_the_boards_creatures() -> None:
    """The creature memo holds the creatures of the board last viewed, not every creature
    ever shown: what it keeps, the server's garbage collector walks."""
    pool = default_pool()
    lists = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    sizes: list[tuple[int, int]] = []

    def check(state: GameState, *_: object) -> None:
        view_data(state, PLAYERS[0], wire=True)
        assert state.view_memo is not None
        on_board = sum((p.active is not None) + len(p.bench) for p in state.players)
        sizes.append((len(state.view_memo["creatures"]), on_board))

    for seed in range(3):
        play_random(PRESETS["mantimon"], lists, seed, check)
    assert len(sizes) > 100
    assert all(kept == on_board for kept, on_board in sizes)
    assert max(on_board for _, on_board in sizes) >= 4  # boards that had something to keep


def test_action_json_in_views_is_what_pydantic_makes() -> None:
    """``Built.json_of`` writes an action's JSON from its fields, not through pydantic: over
    whole games in both presets it must equal ``model_dump`` for every listed action, and a
    view's actions must validate back to the very actions listed."""
    pool = default_pool()
    checked = 0
    for preset, decks in BOTH_PRESETS:

        def check(state: GameState, *_: object) -> None:
            nonlocal checked
            for seat, pid in enumerate(PLAYERS):
                actions = legal_actions(state, pid)
                for action in actions:
                    dumped = action.model_dump(mode="json")
                    assert built(state).json_of(action, wire=False) == dumped
                    assert (
                        orjson.loads(orjson.dumps(built(state).json_of(action, wire=True)))
                        == dumped
                    )
                    checked += 1
                if seat == state.current:
                    assert view_for(state, pid).legal_actions == actions

        lists = [pool.starters[d].decklist() for d in decks]
        play_random(PRESETS[preset], lists, 11, check)
    assert checked > 1000


def test_a_view_without_events_differs_only_in_its_events() -> None:
    """``view_for(..., events=False)`` (what playouts read) is the full view with an empty
    event list, for both players, all game long."""
    pool = default_pool()
    lists = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    with_events = 0

    def check(state: GameState, *_: object) -> None:
        nonlocal with_events
        for viewer in PLAYERS:
            full, bare = view_for(state, viewer), view_for(state, viewer, events=False)
            assert bare.events == []
            assert bare.model_copy(update={"events": full.events}) == full
            with_events += bool(full.events)

    play_random(PRESETS["mantimon"], lists, 2, check)
    assert with_events > 50


def test_an_unchanged_creature_keeps_its_model_between_versions() -> None:
    """What makes the model views cheap: a creature that did not change between two state
    versions is the same ``VisibleCreature`` in both views (and a changed one is not)."""
    pool = default_pool()
    lists = [pool.starters[d].decklist() for d in ("ember-rush", "tidal-mind")]
    last: dict[str, VisibleCreature] = {}
    kept = rebuilt = 0

    def check(state: GameState, *_: object) -> None:
        nonlocal kept, rebuilt
        view = view_for(state, PLAYERS[0], events=False)
        now: dict[str, VisibleCreature] = {}
        for side in view.players:
            for c in [side.active, *side.bench]:
                if c is not None:
                    now[c.uid] = c
        for uid, c in now.items():
            before = last.get(uid)
            if before is not None and before == c:
                assert before is c
                kept += 1
            elif before is not None:
                assert before is not c
                rebuilt += 1
        last.clear()
        last.update(now)

    play_random(PRESETS["mantimon"], lists, 3, check)
    assert kept > 100 and rebuilt > 10
