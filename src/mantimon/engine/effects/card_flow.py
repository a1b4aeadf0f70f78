"""Effects that move cards between deck, hand and discard: draw, search, look, recycle.

What lives here: handlers whose outcome depends on hidden cards, so most of them ask the
player through a pending choice and finish in ``resume``. The deck is shuffled after any
search. What must not: board changes other than benching a found basic.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from mantimon.cards import (
    CardDef,
    CardKind,
    CardPool,
    CreatureCard,
    EnergyType,
    Stage,
    TrainerCard,
    TrainerKind,
)
from mantimon.cards.schema import EnergyCard
from mantimon.engine import ops
from mantimon.engine.effects.registry import Ask, Ctx, Params, ask, effect
from mantimon.engine.state import GameState


class CardFilter(Params):
    """Which cards qualify; unset fields match anything."""

    kind: CardKind | None = None
    stage: Stage | None = None
    trainer: TrainerKind | None = None
    type: EnergyType | None = None

    def matches(self, state: GameState, uid: str) -> bool:
        return state.card_of[uid] in self.card_ids(state.pool)

    def card_ids(self, pool: CardPool) -> frozenset[str]:
        """The ids of every card of ``pool`` this filter accepts (memoised per pool)."""
        memo: dict[int, tuple[CardFilter, frozenset[str]]] | None = pool.memo.get("filters")
        if memo is None:
            memo = pool.memo["filters"] = {}
        hit = memo.get(id(self))
        if hit is None:
            hit = memo[id(self)] = (self, frozenset(c.id for c in pool if self._accepts(c)))
        return hit[1]

    def _accepts(self, card: CardDef) -> bool:
        if self.kind is not None and card.kind != self.kind:
            return False
        if self.stage is not None and not (
            isinstance(card, CreatureCard) and card.stage == self.stage
        ):
            return False
        if self.trainer is not None and not (
            isinstance(card, TrainerCard) and card.trainer == self.trainer
        ):
            return False
        if self.type is not None:
            if isinstance(card, CreatureCard):
                return card.type == self.type
            if isinstance(card, EnergyCard):
                return card.energy_type == self.type
            return False
        return True


def _is_basic(state: GameState, uid: str) -> bool:
    card = state.defn(uid)
    return isinstance(card, CreatureCard) and card.stage is Stage.BASIC


class DrawParams(Params):
    count: int = Field(ge=1)


@effect("draw", DrawParams, can_use=lambda ctx, p: bool(ctx.state.players[ctx.seat].deck))
def _draw(ctx: Ctx, p: DrawParams) -> None:
    """Draw ``count`` cards (as many as the deck has)."""
    ops.draw(ctx.state, ctx.seat, p.count)


class ShuffleDrawParams(Params):
    count: int = Field(ge=0)
    who: Literal["own", "opp", "both"] = "own"


def _can_shuffle_draw(ctx: Ctx, p: ShuffleDrawParams) -> bool:
    """Something to shuffle or draw, not counting the card being played (it leaves the
    hand before its effect runs)."""
    seats = {"own": [ctx.seat], "opp": [ctx.opp], "both": [ctx.seat, ctx.opp]}[p.who]
    for s in seats:
        pl = ctx.state.players[s]
        if pl.deck or any(uid != ctx.source for uid in pl.hand):
            return True
    return False


@effect("shuffle_hand_draw", ShuffleDrawParams, can_use=_can_shuffle_draw)
def _shuffle_hand_draw(ctx: Ctx, p: ShuffleDrawParams) -> None:
    """The named player(s) shuffle their hand into their deck, then draw ``count``."""
    seats = {"own": [ctx.seat], "opp": [ctx.opp], "both": [ctx.seat, ctx.opp]}[p.who]
    for seat in seats:
        pl = ctx.state.players[seat]
        n = len(pl.hand)
        ops.left_hand(pl, pl.hand)
        pl.deck.extend(pl.hand)
        pl.hand.clear()
        ops.shuffle_deck(ctx.state, pl.deck)
        ops.emit(ctx.state, "shuffle_hand", seat, {"count": n})
        ops.draw(ctx.state, seat, p.count)


class SearchParams(Params):
    """``reveal``: the card says "reveal it", so the found cards are shown to both players
    and the log names them (RULES.md, hidden information); else they stay private."""

    count: int = Field(default=1, ge=1)
    filter: CardFilter = CardFilter()
    to: Literal["hand", "bench"] = "hand"
    reveal: bool = False


def _bench_room(ctx: Ctx) -> int:
    return ctx.state.rules.bench_size - len(ctx.state.players[ctx.seat].bench)


def _can_search(ctx: Ctx, p: SearchParams) -> bool:
    if not ctx.state.players[ctx.seat].deck:
        return False
    return p.to != "bench" or _bench_room(ctx) > 0


def _search_resume(ctx: Ctx, p: SearchParams, picks: tuple[str, ...]) -> None:
    state, pl = ctx.state, ctx.state.players[ctx.seat]
    for uid in picks:
        pl.deck.remove(uid)
        if p.to == "bench":
            pl.bench.append(ops.new_creature(state, uid))
    if p.to == "hand" and p.reveal:
        pl.hand.extend(picks)
        pl.revealed.extend(picks)
        ops.emit(
            state, "search", ctx.seat, {"count": len(picks), "to": "hand", "reveal": True}, picks
        )
    elif p.to == "hand":
        pl.hand.extend(picks)
        ops.emit(
            state,
            "search",
            ctx.seat,
            {"count": len(picks), "to": "hand"},
            picks,
            ctx.seat,
            {"count": len(picks), "to": "hand"},
        )
    else:
        ops.emit(state, "search", ctx.seat, {"count": len(picks), "to": "bench"}, picks)
    ops.shuffle_deck(state, pl.deck)
    ops.emit(state, "shuffle_deck", ctx.seat, {})


@effect("search_deck", SearchParams, can_use=_can_search, resume=_search_resume)
def _search(ctx: Ctx, p: SearchParams) -> None:
    """Look through the deck for up to ``count`` cards matching ``filter``.

    The player always gets a choice (possibly with no options), so the opponent cannot tell
    from the flow of the game whether the deck held a match.
    """
    state = ctx.state
    deck = state.players[ctx.seat].deck
    wanted = p.filter.card_ids(state.pool)
    card_of = state.card_of
    options = [uid for uid in deck if card_of[uid] in wanted]
    if p.to == "bench":
        options = [u for u in options if _is_basic(state, u)]
    limit = p.count if p.to == "hand" else min(p.count, _bench_room(ctx))
    ops.emit(state, "search_start", ctx.seat, {"to": p.to})
    ask(
        ctx,
        "search_deck",
        p,
        Ask(f"Choose up to {limit} card(s) from your deck", sorted(options), 0, limit),
    )


class LookTopParams(Params):
    look: int = Field(ge=1)
    take: int = Field(default=1, ge=0)
    filter: CardFilter = CardFilter()


def _look_resume(ctx: Ctx, p: LookTopParams, picks: tuple[str, ...]) -> None:
    state, pl = ctx.state, ctx.state.players[ctx.seat]
    for uid in picks:
        pl.deck.remove(uid)
    pl.hand.extend(picks)
    ops.emit(
        state, "take_top", ctx.seat, {"count": len(picks)}, picks, ctx.seat, {"count": len(picks)}
    )
    ops.shuffle_deck(state, pl.deck)
    ops.emit(state, "shuffle_deck", ctx.seat, {})


@effect(
    "look_top",
    LookTopParams,
    can_use=lambda ctx, p: bool(ctx.state.players[ctx.seat].deck),
    resume=_look_resume,
)
def _look_top(ctx: Ctx, p: LookTopParams) -> None:
    """Look at the top ``look`` cards, put up to ``take`` matching ones into hand, shuffle."""
    state = ctx.state
    deck = state.players[ctx.seat].deck
    top = deck[-p.look :]
    options = sorted(uid for uid in top if p.filter.matches(state, uid))
    ops.emit(
        state, "look_top", ctx.seat, {"count": len(top)}, tuple(top), ctx.seat, {"count": len(top)}
    )
    ask(
        ctx,
        "look_top",
        p,
        Ask(
            f"Take up to {p.take} card(s) into your hand", options, 0, p.take, data={"looked": top}
        ),
    )


class RecoverParams(Params):
    count: int = Field(default=1, ge=1)
    filter: CardFilter = CardFilter()


def _recover_piles(ctx: Ctx, p: RecoverParams) -> tuple[list[str], ...]:
    pl = ctx.state.players[ctx.seat]
    return (pl.discard, pl.energy_discard) if p.filter.kind == CardKind.ENERGY else (pl.discard,)


def _recover_options(ctx: Ctx, p: RecoverParams) -> list[str]:
    wanted = p.filter.card_ids(ctx.state.pool)
    card_of = ctx.state.card_of
    return [uid for pile in _recover_piles(ctx, p) for uid in pile if card_of[uid] in wanted]


def _recover_resume(ctx: Ctx, p: RecoverParams, picks: tuple[str, ...]) -> None:
    pl = ctx.state.players[ctx.seat]
    for uid in picks:
        (pl.discard if uid in pl.discard else pl.energy_discard).remove(uid)
    if ctx.state.rules.energy_in_deck or p.filter.kind != CardKind.ENERGY:
        pl.hand.extend(picks)
    else:
        pl.energy_zone.extend(picks)
    ops.emit(ctx.state, "recover", ctx.seat, {"count": len(picks)}, picks)


def _can_recover(ctx: Ctx, p: RecoverParams) -> bool:
    wanted = p.filter.card_ids(ctx.state.pool)
    card_of = ctx.state.card_of
    return any(card_of[uid] in wanted for pile in _recover_piles(ctx, p) for uid in pile)


@effect("recover", RecoverParams, can_use=_can_recover, resume=_recover_resume)
def _recover(ctx: Ctx, p: RecoverParams) -> None:
    """Put up to ``count`` matching cards from the discard into hand.

    Energy recovered in the mantimon preset returns to the energy zone (energy never sits in
    a mantimon hand).
    """
    opts = _recover_options(ctx, p)
    ask(
        ctx,
        "recover",
        p,
        Ask(f"Choose up to {p.count} card(s) from your discard", opts, 1, p.count),
    )


class DrawUntilParams(Params):
    count: int = Field(ge=1, le=12)


def _hand_without_source(ctx: Ctx) -> int:
    return sum(1 for uid in ctx.state.players[ctx.seat].hand if uid != ctx.source)


@effect(
    "draw_until",
    DrawUntilParams,
    can_use=lambda ctx, p: (
        bool(ctx.state.players[ctx.seat].deck) and _hand_without_source(ctx) < p.count
    ),
)
def _draw_until(ctx: Ctx, p: DrawUntilParams) -> None:
    """Draw until the hand holds ``count`` cards."""
    missing = p.count - len(ctx.state.players[ctx.seat].hand)
    if missing > 0:
        ops.draw(ctx.state, ctx.seat, missing)


class RecycleParams(Params):
    count: int = Field(default=1, ge=1)
    filter: CardFilter = CardFilter()


def _recycle_options(ctx: Ctx, p: RecycleParams) -> list[str]:
    wanted = p.filter.card_ids(ctx.state.pool)
    card_of = ctx.state.card_of
    return [
        uid
        for uid in ctx.state.players[ctx.seat].discard
        if card_of[uid] in wanted and uid != ctx.source
    ]


def _recycle_resume(ctx: Ctx, p: RecycleParams, picks: tuple[str, ...]) -> None:
    pl = ctx.state.players[ctx.seat]
    for uid in picks:
        pl.discard.remove(uid)
    pl.deck.extend(picks)
    ops.shuffle_deck(ctx.state, pl.deck)
    ops.emit(ctx.state, "recycle", ctx.seat, {"count": len(picks)}, picks)


@effect(
    "recycle",
    RecycleParams,
    can_use=lambda ctx, p: bool(_recycle_options(ctx, p)),
    resume=_recycle_resume,
)
def _recycle(ctx: Ctx, p: RecycleParams) -> None:
    """Shuffle up to ``count`` matching cards from the discard back into the deck (the
    discard is public, so the player picks them; the card being played is not one)."""
    ask(
        ctx,
        "recycle",
        p,
        Ask(
            f"Choose up to {p.count} card(s) to shuffle into your deck",
            _recycle_options(ctx, p),
            1,
            p.count,
        ),
    )
