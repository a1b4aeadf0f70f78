"""Running a card's effect list: each handler in order, ``when`` read off earlier flips.

What lives here: ``run_effects``, the one loop every use of a card's text goes through
(attacks in two passes, trainers, activated and triggered abilities). What must not: what
an effect does (its handler) or when a card is used (``apply``, ``combat``, ``triggers``).
Here rather than in ``combat`` so that ``triggers``, which ``combat`` raises, can run
effects without an import cycle.
"""

from __future__ import annotations

from mantimon.cards import EffectSpec
from mantimon.engine.effects.registry import EFFECTS, Ctx
from mantimon.engine.enums import Phase

_OVER = Phase.GAME_OVER


def run_effects(
    ctx: Ctx,
    effects: tuple[EffectSpec, ...],
    timing: str | None,
    flips: list[bool | None] | None = None,
) -> None:
    """Run the handlers of ``effects`` (only those of ``timing`` when given), in list order.

    ``when`` reads the most recent coin flipped by an effect *earlier in the list*, even
    when an attack runs its before-damage effects in a first pass and the rest in a second.
    ``flips`` (one slot per effect, shared by both passes) records which effect flipped what.
    """
    if flips is None:
        flips = [None] * len(effects)
    recent: bool | None = None  # the latest flip of the effects before this one, in list order
    for i, spec in enumerate(effects):
        handler = EFFECTS[spec.effect]
        if handler.run is None or (timing is not None and handler.timing != timing):
            if flips[i] is not None:  # it ran (and flipped) in the other pass
                recent = flips[i]
            continue
        when = spec.params.when
        if when is not None and recent is not (when == "heads"):
            continue
        ctx.last_flip = None
        handler.run(ctx, spec.params)
        if ctx.last_flip is not None:
            flips[i] = recent = ctx.last_flip
        if ctx.cancelled or ctx.state.phase is _OVER:
            break
    ctx.last_flip = recent
