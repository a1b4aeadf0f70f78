"""The terminal client's option keys (``client.menu.Menu``): a number typed from memory
within a turn is the same move or refused, never another one; ending the turn and
resigning have letters of their own."""

from __future__ import annotations

from mantimon.client.describe import describe
from mantimon.client.menu import Menu
from mantimon.engine import AttachEnergyAction, EndTurnAction, ResignAction
from tests.scenario import Scenario

ASHHOUND, CINDERCUB, DRIZZLET, TONIC_BERRY = "m1-007", "m1-001", "m1-010", "m1-100"
SCOUT_MAP, PYREHOUND = "m1-103", "m1-008"


def _scenario() -> tuple[Scenario, str, str]:
    s = Scenario()
    ash = s.active(0, ASHHOUND)
    cub = s.bench(0, CINDERCUB)
    s.active(1, DRIZZLET)
    s.energy_zone(0, "fire")
    s.hand(0, CINDERCUB, SCOUT_MAP)
    return s, ash, cub


def test_keys_stay_the_same_across_an_action_within_a_turn() -> None:
    s, ash, _ = _scenario()
    menu = Menu()
    before = dict(menu.options(s.view(0)))
    numbers = sorted(int(k) for k in before if k.isdigit())
    assert numbers == list(range(1, len(numbers) + 1))
    attach = next(
        k for k, a in before.items() if isinstance(a, AttachEnergyAction) and a.target_id == ash
    )
    scout = next(k for k, a in before.items() if a.type == "play_trainer")
    assert int(scout) > int(attach)  # listed after the move played: it must not move up
    s.act(0, before[attach])
    after = dict(menu.options(s.view(0)))
    assert after[scout] == before[scout]
    # Every action still legal keeps its key; the one played is gone, its number unused.
    for key, action in after.items():
        if action in before.values():
            assert before[key] == action, key
    assert attach not in after and menu.pick(attach) is None
    new = [k for k, a in after.items() if a not in before.values()]
    assert all(int(k) > max(numbers) for k in new), new  # new moves take fresh numbers


def test_end_turn_and_resign_have_letters_never_a_number() -> None:
    s, _, _ = _scenario()
    menu = Menu()
    options = menu.options(s.view(0))
    keys = [k for k, _ in options]
    assert keys[-2:] == ["e", "r"]
    assert menu.pick("e") == EndTurnAction() and menu.pick("R") == ResignAction()
    numbered = [a for k, a in options if k.isdigit()]
    assert EndTurnAction() not in numbered and ResignAction() not in numbered
    assert menu.pick(str(len(numbered) + 1)) is None  # "the next number" ends nothing
    assert "e to end your turn" in menu.hint() and "r to resign" in menu.hint()


def test_a_new_turn_starts_the_numbers_again() -> None:
    s, _, _ = _scenario()
    s.deck(1, DRIZZLET)
    s.deck(0, TONIC_BERRY)
    menu = Menu()
    menu.options(s.view(0))
    s.act(0, EndTurnAction())
    s.act(1, EndTurnAction())
    keys = [k for k, _ in menu.options(s.view(0))]
    assert keys[0] == "1"


def test_an_attack_that_now_means_another_move_takes_a_new_number() -> None:
    """ "Attack 1" of an Active that evolved is another attack: the number remembered for
    the old one is refused instead of playing the new one."""
    s = Scenario()
    s.active(0, ASHHOUND, energy=["fire", "fire"])
    s.active(1, DRIZZLET)
    s.hand(0, PYREHOUND)
    menu = Menu()
    view = s.view(0)
    before = {k: describe(a, view) for k, a in menu.options(view)}
    bite = next(k for k, words in before.items() if words.startswith("Attack: Bite"))
    evolve = next(a for _, a in menu.options(view) if a.type == "evolve")
    s.act(0, evolve)
    view = s.view(0)
    after = {k: describe(a, view) for k, a in menu.options(view)}
    assert bite not in after and menu.pick(bite) is None
    scorch = next(k for k, words in after.items() if words.startswith("Attack: Scorch Bite"))
    assert int(scorch) > max(int(k) for k in before if k.isdigit())
