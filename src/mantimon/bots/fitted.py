"""The evaluation fitted to game outcomes: board features and their logistic weights.

What lives here: ``features(state, seat)``, a short vector of board facts, each the
difference between ``seat``'s side and the other's (so swapping the seats negates it), and
``win_chance(state, seat)``, the logistic model over those features whose weights
(``WEIGHTS``) were fitted by ``bench/fit_eval.py`` to the winners of ``normal`` vs
``normal`` games, at every turn end, from both seats. The search averages the chance over
its sampled worlds: an estimate of how often the move wins, in the units the fit gives,
instead of hand-set points. What must not: deciding moves, or reading a real game (like
``evaluate``, it is called only on states the bot sampled itself, where it may look at
everything).

To refit after a rules or card change: ``nice -n 10 .venv/bin/python bench/fit_eval.py``
prints a new ``WEIGHTS`` literal (docs/adr/0011-search-ai.md, addendum).
"""

from __future__ import annotations

import math

from mantimon.bots.evaluate import best_damage, goal, missing_energy, points_of
from mantimon.engine import GameState

# In the order ``features`` returns them; each is seat's value minus the other's unless
# said otherwise.
NAMES = (
    "progress",  # points / points needed
    "progress_sq",  # the same squared: the last points matter most
    "hp",  # HP left in play (hundreds), scaled by what knocking each out is worth
    "energy",  # attached energy some attack of the creature can use
    "ready",  # the Active can pay for an attack
    "stage",  # evolution stages in play
    "bench",  # benched creatures, up to 3
    "power",  # damage (hundreds) the Active can deal the other Active with one more energy
    "bench_power",  # the same for the best benched attacker
    "hand",  # cards in hand, up to 8
    "deck_low",  # cards short of 4 in the deck
    "threat_mover",  # points the Active of the player to move can take next attack
    "threat_waiter",  # the same for the player not to move
    "to_move",  # +1 when seat moves next, -1 when the other does
    "missing",  # energy the Active still lacks for its cheapest attack (capped at 4)
    "ko_now",  # the Active can knock the other Active out with the energy it has
)


def _side(state: GameState, seat: int) -> list[float]:
    """The per-side part of ``features`` for ``seat`` (differences taken by the caller)."""
    p, q = state.players[seat], state.players[1 - seat]
    need = max(1, goal(state))
    progress = min(1.0, p.points / need)
    hp = energy = stage = 0.0
    for c in p.in_play():
        card = state.creature_def(c)
        worth = points_of(state, card)
        hp += max(0, card.hp - c.damage) * (0.6 + 0.4 * worth) / 100
        most = max((len(a.cost) for a in card.attacks), default=0)
        energy += min(len(c.energy), most)
        stage += 0 if card.evolves_from is None else 1 + (card.stage.value == "stage2")
    ready = missing = power = bench_power = ko_now = 0.0
    target = q.active
    if p.active is not None:
        short = missing_energy(state, p.active)
        ready = float(short == 0)
        missing = float(min(4, short))
    if target is not None:
        left = max(10, state.creature_def(target).hp - target.damage)
        if p.active is not None:
            power = min(left, best_damage(state, p.active, target, extra=1)) / 100
            ko_now = float(best_damage(state, p.active, target) >= left)
        if p.bench:
            best = max(best_damage(state, c, target, extra=1) for c in p.bench)
            bench_power = min(left, best) / 100
    return [
        progress,
        progress * progress,
        hp,
        energy,
        ready,
        stage,
        float(min(len(p.bench), 3)),
        power,
        bench_power,
        float(min(len(p.hand), 8)),
        float(max(0, 4 - len(p.deck))),
        missing,
        ko_now,
    ]


def _threat(state: GameState, seat: int) -> float:
    """Points ``seat``'s Active takes if it knocks the other Active out on its next
    attack with one more energy attached (0 if it cannot)."""
    me, them = state.players[seat], state.players[1 - seat]
    if me.active is None or them.active is None:
        return 0.0
    card = state.creature_def(them.active)
    if best_damage(state, me.active, them.active, extra=1) >= card.hp - them.active.damage:
        return float(points_of(state, card))
    return 0.0


def features(state: GameState, seat: int) -> list[float]:
    """The board facts the fitted evaluation weighs, ``seat``'s minus the other's."""
    mine, theirs = _side(state, seat), _side(state, 1 - seat)
    diff = [a - b for a, b in zip(mine, theirs, strict=True)]
    my_threat, their_threat = _threat(state, seat), _threat(state, 1 - seat)
    moving = state.current == seat
    mover = my_threat if moving else -their_threat
    waiter = -their_threat if moving else my_threat
    *head, missing, ko_now = diff
    return [*head, mover, waiter, 1.0 if moving else -1.0, missing, ko_now]


# Fitted by bench/fit_eval.py (see its output for the data set and the fit's quality).
WEIGHTS: tuple[float, ...] = (
    0.9439,  # progress
    1.5654,  # progress_sq
    0.1321,  # hp
    0.2546,  # energy
    -0.1490,  # ready
    0.1098,  # stage
    0.0893,  # bench
    -0.1217,  # power
    0.4175,  # bench_power
    0.1048,  # hand
    -3.5552,  # deck_low
    0.7698,  # threat_mover
    0.3486,  # threat_waiter
    0.2909,  # to_move
    -0.2425,  # missing
    -0.0332,  # ko_now
)


def win_chance(state: GameState, seat: int, weights: tuple[float, ...] = WEIGHTS) -> float:
    """The model's chance that ``seat`` wins from ``state`` (a finished game: 1, 0 or
    0.5)."""
    if state.end_reason is not None:
        if state.winner is None:
            return 0.5
        return 1.0 if state.winner == seat else 0.0
    z = sum(w * f for w, f in zip(weights, features(state, seat), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
