"""The clubs' promo cards (m2-080..m2-087, one per medal): each one's triggered ability runs
at its moment and does what its text says."""

from __future__ import annotations

from mantimon.campaign.world import bundled_world
from mantimon.engine import AttachEnergyAction, AttackAction, EndTurnAction, PlayCreatureAction
from tests.scenario import Scenario

WALL = "m1-050"  # Puffpaw: a plain basic
HITTER = "m1-002"  # Blazefang: Flame Rush (fire, colorless) for 40


def abilities(t: object) -> list[str]:
    return [e.data["ability"] for e in t.events if e.kind == "ability"]  # type: ignore[attr-defined]


def test_every_club_gives_its_own_promo_of_its_type() -> None:
    world = bundled_world()
    s = Scenario()
    promos = [s.pool[c.promo] for c in world.clubs]
    assert len({p.id for p in promos}) == len(world.clubs)
    for club, promo in zip(world.clubs, promos, strict=True):
        assert promo.id.startswith("m2-08") and promo.type in club.types  # type: ignore[union-attr]


def test_sproutwarden_heals_the_bench_when_played() -> None:
    s = Scenario()
    s.active(0, WALL)
    hurt = s.bench(0, WALL, damage=30)
    s.active(1, WALL)
    (card,) = s.hand(0, "m2-080")
    t = s.act(0, PlayCreatureAction(card_id=card))
    assert abilities(t) == ["Greenhouse Welcome"]
    assert s.damage_on(hurt) == 10


def test_emberwarden_burns_the_opponent_s_active_when_energy_is_attached() -> None:
    s = Scenario()
    ember = s.active(0, "m2-081")
    foe = s.active(1, WALL)
    (energy,) = s.energy_zone(0, "fire")
    s.act(0, AttachEnergyAction(card_id=energy, target_id=ember))
    assert s.damage_on(foe) == 10


def test_wavewarden_and_compasswarden_act_at_their_owner_s_turn_start_as_the_active() -> None:
    s = Scenario()
    wave = s.active(0, "m2-082", damage=30)
    s.bench(0, "m2-087")
    s.active(1, WALL)
    s.state.current = 1
    hand = len(s.player(0).hand)
    t = s.act(1, EndTurnAction())
    assert abilities(t) == ["Ebb and Flow"]  # the bench's Compasswarden is not the Active
    assert s.damage_on(wave) == 20
    assert len(s.player(0).hand) == hand + 1  # the turn's draw only


def test_sparkwarden_draws_when_played_and_dreamwarden_when_knocked_out() -> None:
    s = Scenario()
    s.active(0, WALL)
    s.active(1, "m2-084", damage=70)
    s.bench(1, WALL)
    (spark,) = s.hand(0, "m2-083")
    t = s.act(0, PlayCreatureAction(card_id=spark))
    assert abilities(t) == ["Recharge"] and len(s.player(0).hand) == 1
    s.state.players[0].active = s.state.players[0].bench.pop()  # Sparkwarden to the front
    s.state.players[0].active.energy = s.energy_zone(0, "lightning", "lightning")
    s.state.players[0].energy_zone.clear()
    hand = len(s.player(1).hand)
    t = s.act(0, AttackAction(attack_index=0))
    assert "Foretold Fall" in abilities(t)
    assert len(s.player(1).hand) == hand + 2


def test_fistwarden_strikes_back_and_anvilwarden_mends_with_energy() -> None:
    s = Scenario()
    hitter = s.active(0, HITTER, energy=["fire", "fire"])
    fist = s.active(1, "m2-085")
    t = s.act(0, AttackAction(attack_index=0))
    assert abilities(t) == ["Counter Stance"]
    assert (s.damage_on(fist), s.damage_on(hitter)) == (40, 10)
    s2 = Scenario()
    anvil = s2.active(0, "m2-086", damage=30)
    s2.active(1, WALL)
    (energy,) = s2.energy_zone(0, "metal")
    s2.act(0, AttachEnergyAction(card_id=energy, target_id=anvil))
    assert s2.damage_on(anvil) == 20
