"""Effects that disrupt the opponent's cards: random discards from hand, milling the deck.

What lives here: ``discard_hand`` and ``mill``. Both pick cards without anyone looking
(random from the hand through the game's PRNG, from the top of the deck), so no choice is
asked and nothing hidden is revealed before the cards land face up in the discard. What
must not: shuffling a hand back (``card_flow.shuffle_hand_draw``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mantimon.engine import ops, rng
from mantimon.engine.effects.registry import Ctx, Params, effect


class DiscardHandParams(Params):
    count: int = Field(default=1, ge=1)
    who: Literal["own", "opp"] = "opp"


def _seat(ctx: Ctx, who: str) -> int:
    return ctx.seat if who == "own" else ctx.opp


def _can_discard_hand(ctx: Ctx, p: DiscardHandParams) -> bool:
    return any(uid != ctx.source for uid in ctx.state.players[_seat(ctx, p.who)].hand)


@effect("discard_hand", DiscardHandParams, can_use=_can_discard_hand)
def _discard_hand(ctx: Ctx, p: DiscardHandParams) -> None:
    """The named player discards ``count`` cards chosen at random from their hand."""
    seat = _seat(ctx, p.who)
    hand = ctx.state.players[seat].hand
    picked: list[str] = []
    for _ in range(min(p.count, len(hand))):
        ctx.state.rng, i = rng.below(ctx.state.rng, len(hand))
        picked.append(hand.pop(i))
    if picked:
        ops.left_hand(ctx.state.players[seat], picked)
        ops.to_discard(ctx.state, seat, picked)
        ops.emit(ctx.state, "discard_hand", seat, {"count": len(picked)}, tuple(picked))


class MillParams(Params):
    count: int = Field(default=1, ge=1)
    who: Literal["own", "opp"] = "opp"


@effect("mill", MillParams, can_use=lambda ctx, p: bool(ctx.state.players[_seat(ctx, p.who)].deck))
def _mill(ctx: Ctx, p: MillParams) -> None:
    """Discard the top ``count`` cards of the named player's deck."""
    seat = _seat(ctx, p.who)
    deck = ctx.state.players[seat].deck
    n = min(p.count, len(deck))
    if n <= 0:
        return
    milled = deck[-n:]
    del deck[-n:]
    milled.reverse()
    ops.to_discard(ctx.state, seat, milled)
    ops.emit(ctx.state, "mill", seat, {"count": n}, tuple(milled))
