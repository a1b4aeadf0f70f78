"""What a card shows of its numbers, derived from its data: an attack's damage label.

What lives here: folding an attack's before-damage effects (their ``printed`` hooks, see
``effects.registry.Printed``) into the label every client shows: "50", "30×", "20+". What
must not: damage in a game (``combat`` and ``modifiers``), or a table of labels per card:
a label typed in by hand is how One-Two came to show 10 while doing 30 for each heads.
"""

from __future__ import annotations

from mantimon.cards import Attack
from mantimon.engine.effects.library import EFFECTS
from mantimon.engine.effects.registry import Printed


def printed_damage(attack: Attack) -> Printed:
    """The attack's damage as its card shows it (before weakness, resistance, modifiers)."""
    shape = Printed(attack.damage)
    for spec in attack.effects:
        fold = EFFECTS[spec.effect].printed
        if fold is None:  # after damage: it does not change the attack's damage
            continue
        after = fold(shape, spec.params)
        shape = shape.maybe(after) if spec.params.when is not None else after
    return shape


def damage_label(attack: Attack) -> str:
    """The damage to show for ``attack``: "50", "30×" (30 for each heads), "20+" (20 or
    more, by a coin or the board), "" (no damage)."""
    return printed_damage(attack).label()
