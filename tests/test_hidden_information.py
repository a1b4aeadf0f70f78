"""What a player may do, and why a move is refused, depends only on what that player knows.

Over random games (random mixed-type decks in both presets, and the starter decks), at
every decision point, for each player the game waits for: a twin state that differs from
the real one only in what the player cannot see (``invariants.hidden_twin``: the opponent's
hand, every deck's order and contents, prizes, the energy decks, face-down setup cards, the
RNG state) must give that player the same legal actions. At one sampled decision point per
game the twin must also show the player the same view, and every card id of the game and a
few unknown ids are sent in every action that names a card: each probe must be refused in
the twin exactly as in the real state (same code, same words), or accepted in both. A
difference means legality or an error text reads a hidden card.

Why sampled: a twin and its legal actions cost ~0.15 ms, a full probe (~4,000 actions in
each state) ~30 ms; so the 350 games take about 20 s here.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mantimon.cards import DeckList, TrainerCard
from mantimon.engine import (
    PRESETS,
    Action,
    AttachEnergyAction,
    AttackAction,
    ChooseAction,
    EvolveAction,
    GameState,
    Phase,
    PlayCreatureAction,
    PlayTrainerAction,
    PromoteAction,
    RetreatAction,
    SetupPlaceAction,
    Transition,
    UseAbilityAction,
    default_pool,
    explain,
    legal,
    legal_actions,
    refusal,
)
from mantimon.engine.legal import energy_sources, waiting_for
from mantimon.engine.view import view_data
from tests.invariants import hidden_twin
from tests.randomgames import PLAYERS, play_random, random_deck

# Ids no game deals: the old deck-position scheme, an empty, a long and an odd one.
UNKNOWN_IDS = ("p1c00", "p2e19", "", "zzzz", "x" * 40, "'; drop")


def _decks(preset: str, mode: str, rng: random.Random) -> list[DeckList]:
    pool = default_pool()
    rules = PRESETS[preset]
    if mode == "random":
        return [random_deck(rng, rules), random_deck(rng, rules)]
    starters = sorted(d for d, s in pool.starters.items() if s.preset == preset)
    return [pool.starters[d].decklist() for d in rng.sample(starters, 2)]


def probes(state: GameState, seat: int) -> list[Action]:
    """Every action type that names a card, once with each card id of the game (and each
    unknown id) in each of its id fields; the other fields hold the player's own cards
    where that gets the action further through the checks."""
    p = state.players[seat]
    pool = state.pool
    mine = [c.uid for c in p.in_play()] or ["zzzz"]
    hand = p.hand or ["zzzz"]
    evolution = next((u for u in hand if state.card_of.get(u) in pool.evolves_from), hand[0])
    trainer = next(
        (u for u in hand if u in state.card_of and isinstance(state.defn(u), TrainerCard)),
        hand[0],
    )
    energy = (energy_sources(state, seat) or ["zzzz"])[0]
    host = next((c.uid for c in p.in_play() if state.creature_def(c).ability), mine[0])
    bench = p.bench[0].uid if p.bench else "zzzz"
    out: list[Action] = []
    for uid in [*sorted(state.card_of), *UNKNOWN_IDS]:
        out += [
            SetupPlaceAction(card_id=uid, position="active"),
            SetupPlaceAction(card_id=uid, position="bench"),
            PlayCreatureAction(card_id=uid),
            EvolveAction(card_id=uid, target_id=mine[0]),
            EvolveAction(card_id=evolution, target_id=uid),
            AttachEnergyAction(card_id=uid, target_id=mine[0]),
            AttachEnergyAction(card_id=energy, target_id=uid),
            PlayTrainerAction(card_id=uid),
            PlayTrainerAction(card_id=trainer, target_id=uid),
            UseAbilityAction(creature_id=uid),
            UseAbilityAction(creature_id=host, target_id=uid),
            RetreatAction(new_active_id=uid),
            RetreatAction(new_active_id=bench, discard_energy=(uid,)),
            AttackAction(attack_index=0, target_id=uid),
            PromoteAction(card_id=uid),
            ChooseAction(selections=(uid,)),
        ]
    return out


def _board(state: GameState, pid: str) -> dict[str, object]:
    """``pid``'s view but for its legal actions (compared on their own)."""
    return {k: v for k, v in view_data(state, pid).items() if k != "legal_actions"}


def _answer(state: GameState, pid: str, action: Action) -> tuple[str, str] | None:
    refused = refusal(state, pid, action)
    return None if refused is None else (refused.code.value, refused.message)


def assert_knows_only_what_it_sees(
    state: GameState, seat: int, twin: GameState, probe: bool
) -> None:
    """The twin check of the module docstring for the player in ``seat``; ``twin`` comes
    from ``hidden_twin(state, seat, ...)``. With ``probe``, also the probes, and first the
    twin's own check: the player's views of both must be equal (a view costs ~0.5 ms, so
    only here; a twin the player could tell apart can only fail this test, never pass it)."""
    pid = PLAYERS[seat]
    if probe:
        assert _board(twin, pid) == _board(state, pid), "the twin is not hidden from the player"
    assert legal_actions(twin, pid) == legal_actions(state, pid), (
        f"{pid}'s legal actions depend on cards they cannot see"
    )
    if probe:
        for action in probes(state, seat):
            assert _answer(twin, pid, action) == _answer(state, pid, action), (
                f"{pid}'s {action!r} is answered differently when hidden cards differ"
            )


def check_game(preset: str, mode: str, seed: int) -> None:
    """One random game, twin-checked at every decision point of each player the game
    waits for, and probed in full at one decision point: during setup in a third of the
    games, else at a random step (a game that ends first is not probed)."""
    rng = random.Random(seed)
    decks = _decks(preset, mode, rng)
    probe_at = 1 if rng.random() < 1 / 3 else rng.randrange(2, 150)
    steps = 0

    def observe(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        nonlocal steps
        steps += 1
        if state.over:
            return
        actors = waiting_for(state)
        probed = rng.choice(actors) if steps == probe_at else None
        for seat in (0, 1):
            # The player not waited for is probed now and then (their answers are short).
            probe = seat == probed or (probed is not None and rng.random() < 1 / 4)
            if seat in actors or probe:
                twin = hidden_twin(state, seat, rng)
                assert_knows_only_what_it_sees(state, seat, twin, probe)

    played = play_random(PRESETS[preset], decks, seed, observe)
    assert played.state.over


@pytest.mark.parametrize(
    ("preset", "mode", "games"),
    [
        ("mantimon", "random", 220),
        ("classic", "random", 100),
        ("mantimon", "starter", 20),
        ("classic", "starter", 10),
    ],
)
def test_legality_and_refusals_read_only_what_the_player_sees(
    preset: str, mode: str, games: int
) -> None:
    @settings(max_examples=games, deadline=None, database=None)
    @given(seed=st.integers(min_value=0, max_value=2**63))
    def run(seed: int) -> None:
        check_game(preset, mode, seed)

    run()


def _mid_game(preset: str) -> tuple[GameState, int]:
    """A state in some player's main phase with cards in both decks and both hands."""
    found: list[GameState] = []

    def keep(state: GameState, pid: str, action: Action | None, t: Transition) -> None:
        me, other = state.players[state.current], state.players[1 - state.current]
        if state.phase is Phase.MAIN and state.turn > 2 and me.deck and me.hand and other.hand:
            found.append(state.clone())

    for seed in range(100):
        play_random(PRESETS[preset], _decks(preset, "starter", random.Random(seed)), seed, keep)
        if found:
            return found[0], found[0].current
    raise AssertionError("no main-phase state found")


def _twin_where(state: GameState, seat: int, differs: Callable[[GameState], bool]) -> GameState:
    rng = random.Random()
    for _ in range(500):
        twin = hidden_twin(state, seat, rng)
        if differs(twin):
            return twin
    raise AssertionError("no twin differs as asked")


def test_the_check_catches_legality_that_peeks_at_the_deck(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A planted rule that offers an extra move when the top card of the deck is a given
    card is caught: the twin with another card on top gets other legal actions."""
    state, seat = _mid_game("mantimon")
    top = state.card_of[state.players[seat].deck[-1]]

    def peek(s: GameState, at: int, hand: object, out: list[Action]) -> None:
        if s.card_of[s.players[at].deck[-1]] == top:
            out.append(legal.END_TURN)

    monkeypatch.setitem(legal.MAIN_ENUMERATORS, "peek", peek)
    twin = _twin_where(state, seat, lambda t: t.card_of[t.players[seat].deck[-1]] != top)
    with pytest.raises(AssertionError, match="legal actions depend on cards they cannot see"):
        assert_knows_only_what_it_sees(state, seat, twin, probe=False)


def test_the_check_catches_an_error_text_naming_a_hidden_card(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A planted refusal that names whatever card it is given is caught by the probes."""
    state, seat = _mid_game("classic")
    other = state.players[1 - seat].hand
    monkeypatch.setattr(
        explain,
        "_name",
        lambda s, *args: f"'{s.defn(args[-1]).name}'" if args[-1] in s.card_of else "?",
    )
    twin = _twin_where(state, seat, lambda t: any(t.card_of[u] != state.card_of[u] for u in other))
    with pytest.raises(AssertionError, match="answered differently"):
        assert_knows_only_what_it_sees(state, seat, twin, probe=True)
