"""Triggered abilities (docs/ENGINE.md "Triggered abilities"): each moment the rules raise,
who uses the ability, the order when several answer, and the checks at load time.

Every card here is a test-only creature whose ability is JSON only (built-in effects), as a
triggered card of a new set would be.
"""

import pytest

from mantimon.cards import CardPoolError
from mantimon.engine import (
    AttachEnergyAction,
    AttackAction,
    EndTurnAction,
    EvolveAction,
    PlayCreatureAction,
)
from tests.scenario import Scenario, ability_json, attack_json, creature_json, eff, pool_with

WALL = "t-wall"


def triggered(card_id: str, trigger: str, *effects: dict[str, object], **extra: object) -> dict:
    """A test creature whose ability answers ``trigger``."""
    return creature_json(
        card_id,
        attack_json(damage=30, name="Poke"),
        ability=ability_json(
            "triggered", *effects, trigger=trigger, name=f"{card_id} reacts", **extra
        ),
        **({"hp": extra.pop("hp")} if "hp" in extra else {}),
    )


POOL = pool_with(
    creature_json(WALL, attack_json(damage=30, name="Poke")),
    creature_json("t-hitter", attack_json(damage=60, name="Big Hit")),
    triggered("t-greeter", "played", eff("draw", count=1)),
    creature_json("t-base", attack_json(damage=10, name="Nudge")),
    {
        **triggered("t-grown", "played", eff("draw", count=2)),
        "stage": "stage1",
        "evolves_from": "Test t-base",
    },
    triggered("t-sponge", "energy_attached", eff("heal", amount=10, subject="self")),
    triggered("t-dawn", "turn_start", eff("draw", count=1)),
    triggered("t-captain", "turn_start", eff("draw", count=1), active_only=True),
    creature_json(
        "t-charger",
        attack_json(
            eff("accelerate", source="discard", count=1, subject="target"),
            name="Charge",
            target="own_bench",
        ),
    ),
    triggered("t-dusk", "turn_start", eff("heal", amount=20, subject="self")),
    triggered("t-spiky", "damaged", eff("damage", amount=20, subject="defender")),
    triggered("t-last-wish", "knocked_out", eff("draw", count=2)),
    {
        **triggered("t-boom", "knocked_out", eff("damage", amount=300, subject="defender")),
        "hp": 50,
    },
)


def board(**kw: object) -> Scenario:
    s = Scenario(pool=POOL, **kw)  # type: ignore[arg-type]
    s.deck(0, *["m1-050"] * 10)
    s.deck(1, *["m1-050"] * 10)
    return s


def abilities(t: object) -> list[dict[str, object]]:
    return [e.data for e in t.events if e.kind == "ability"]  # type: ignore[attr-defined]


def test_benching_a_creature_whose_ability_answers_played_runs_it() -> None:
    s = board()
    s.active(0, WALL)
    s.active(1, WALL)
    greeter, plain = s.hand(0, "t-greeter", WALL)
    t = s.act(0, PlayCreatureAction(card_id=greeter))
    assert abilities(t) == [{"ability": "t-greeter reacts", "trigger": "played"}]
    assert len(s.player(0).hand) == 2  # the plain creature and the card drawn
    t = s.act(0, PlayCreatureAction(card_id=plain))
    assert abilities(t) == []
    assert len(s.player(0).hand) == 1


def test_evolving_into_a_card_whose_ability_answers_played_runs_it() -> None:
    s = board()
    base = s.active(0, "t-base")
    s.active(1, WALL)
    (grown,) = s.hand(0, "t-grown")
    t = s.act(0, EvolveAction(card_id=grown, target_id=base))
    assert abilities(t) == [{"ability": "t-grown reacts", "trigger": "played"}]
    assert len(s.player(0).hand) == 2


def test_an_attached_energy_raises_energy_attached_on_the_creature_that_took_it() -> None:
    s = board()
    sponge = s.active(0, "t-sponge", damage=30)
    s.active(1, WALL)
    (energy,) = s.energy_zone(0, "fire")
    t = s.act(0, AttachEnergyAction(card_id=energy, target_id=sponge))
    assert abilities(t) == [{"ability": "t-sponge reacts", "trigger": "energy_attached"}]
    assert s.damage_on(sponge) == 20


def test_an_energy_attached_by_an_effect_raises_energy_attached_too() -> None:
    s = board()
    s.active(0, "t-charger")
    sponge = s.bench(0, "t-sponge", damage=30)
    s.active(1, WALL)
    s.energy_discard(0, "fire")
    t = s.act(0, AttackAction(attack_index=0, target_id=sponge))
    assert abilities(t) == [{"ability": "t-sponge reacts", "trigger": "energy_attached"}]
    assert s.damage_on(sponge) == 20


def test_an_active_only_ability_answers_only_while_its_creature_is_the_active() -> None:
    s = board()
    s.active(0, WALL)
    s.bench(0, "t-captain")
    s.active(1, WALL)
    s.state.current = 1
    t = s.act(1, EndTurnAction())
    assert abilities(t) == []
    s.state.players[0].active, s.state.players[0].bench[0] = (
        s.state.players[0].bench[0],
        s.state.players[0].active,  # type: ignore[assignment]
    )
    s.act(0, EndTurnAction())
    t = s.act(1, EndTurnAction())
    assert [a["ability"] for a in abilities(t)] == ["t-captain reacts"]


def test_a_turn_start_runs_the_owner_s_abilities_active_first_then_the_bench() -> None:
    s = board()
    s.active(0, WALL)
    dusk = s.bench(0, "t-dusk", damage=40)
    s.bench(0, "t-dawn")
    s.active(1, "t-dawn")  # the other player's: it does not answer seat 0's turn
    s.state.current = 1
    hand = len(s.player(0).hand)
    t = s.act(1, EndTurnAction())
    assert [a["ability"] for a in abilities(t)] == ["t-dusk reacts", "t-dawn reacts"]
    assert s.damage_on(dusk) == 20
    assert len(s.player(0).hand) == hand + 2  # the turn's draw and the ability's
    assert len(s.player(1).hand) == 0


def test_an_attack_raises_damaged_on_the_creature_it_hurt_and_its_owner_answers() -> None:
    s = board()
    hitter = s.active(0, "t-hitter")
    spiky = s.active(1, "t-spiky")
    t = s.act(0, AttackAction(attack_index=0))
    assert abilities(t) == [{"ability": "t-spiky reacts", "trigger": "damaged"}]
    assert s.damage_on(spiky) == 60
    assert s.damage_on(hitter) == 20  # the answer hits the attacker (its "defender")


def test_a_knocked_out_creature_s_ability_runs_for_its_owner_after_the_points() -> None:
    s = board()
    s.active(0, "t-hitter")
    s.active(1, "t-last-wish", damage=260)
    s.bench(1, WALL)
    hand = len(s.player(1).hand)
    t = s.act(0, AttackAction(attack_index=0))
    kinds = [e.kind for e in t.events]
    assert kinds.index("score") < kinds.index("ability")
    assert abilities(t) == [{"ability": "t-last-wish reacts", "trigger": "knocked_out"}]
    assert len(s.player(1).hand) == hand + 2
    assert s.player(0).points == 1


def test_what_a_knocked_out_creature_s_ability_knocks_out_scores_too() -> None:
    s = board()
    hitter = s.active(0, "t-hitter")
    s.bench(0, WALL)
    s.active(1, "t-boom")
    s.bench(1, WALL)
    s.act(0, AttackAction(attack_index=0))
    assert not s.in_play(hitter)
    assert (s.player(0).points, s.player(1).points) == (1, 1)
    assert {q.seat for q in s.state.pending if q.kind == "promote"} == {0, 1}


def test_no_knocked_out_ability_runs_once_the_knockout_has_won_the_game() -> None:
    s = board()
    s.active(0, "t-hitter")
    s.active(1, "t-last-wish", damage=260)  # no bench: the knockout wins
    hand = len(s.player(1).hand)
    t = s.act(0, AttackAction(attack_index=0))
    assert s.state.winner == 0
    assert abilities(t) == []
    assert len(s.player(1).hand) == hand


@pytest.mark.parametrize(
    ("ability", "message"),
    [
        (ability_json("triggered", eff("draw", count=1)), "names its trigger"),
        (ability_json("activated", eff("draw", count=1), trigger="played"), "names its trigger"),
        (
            ability_json("triggered", eff("draw", count=1), trigger="played", target="own_bench"),
            "no target",
        ),
        (
            ability_json(
                "triggered", eff("draw", count=1), trigger="knocked_out", active_only=True
            ),
            "left play",
        ),
        (
            ability_json("triggered", eff("mod_damage_taken", amount=-10), trigger="played"),
            "passive",
        ),
    ],
)
def test_a_triggered_ability_that_could_never_work_is_refused_at_load(
    ability: dict[str, object], message: str
) -> None:
    with pytest.raises(CardPoolError, match=message):
        pool_with(creature_json("t-broken", ability=ability))
