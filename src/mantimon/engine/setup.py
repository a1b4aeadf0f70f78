"""Starting a game: decks into play, first player, opening hands, mulligans.

What lives here: ``new_game`` (RULES.md "Setup" steps 1–2) and the mulligan bonus choice.
Placement of Active and bench (step 3) are ordinary actions (``apply``); step 4–5 (prizes,
reveal, first turn) happen in ``flow`` once both players are done.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from mantimon.cards import CardPool, CreatureCard, DeckList, Stage
from mantimon.engine import ops, rng
from mantimon.engine.catalog import default_pool
from mantimon.engine.decks import DeckError, deck_problems
from mantimon.engine.effects.registry import Ctx, Params, effect
from mantimon.engine.enums import Phase
from mantimon.engine.rules import RulesConfig
from mantimon.engine.state import GameState, Pending, PlayerState


def new_game(
    rules: RulesConfig,
    decks: Sequence[DeckList],
    player_ids: Sequence[str],
    seed: int,
    pool: CardPool | None = None,
) -> GameState:
    """A new game in its setup phase, with opening hands drawn and mulligans taken.

    Raises ``ValueError`` for anything but two distinct non-empty player ids, and
    ``DeckError`` (a ``ValueError``) listing every problem of an illegal deck.
    """
    pool = pool or default_pool()
    if len(player_ids) != 2 or len(decks) != 2:
        raise ValueError("a game needs exactly two players and two decks")
    if player_ids[0] == player_ids[1] or not all(player_ids):
        raise ValueError("player ids must be two different non-empty strings")
    problems = [
        f"{pid}: {problem}"
        for pid, deck in zip(player_ids, decks, strict=True)
        for problem in _checked(rules, deck, pool)
    ]
    if problems:
        raise DeckError(problems)

    if rules.card_ids == "opaque":
        state_rng, ids = card_ids(
            rng.seed_state(seed), sum(len(d.cards) + len(d.energy) for d in decks)
        )
    else:
        state_rng, ids = rng.seed_state(seed), positional_ids(decks)
    names = iter(ids)
    card_of: dict[str, str] = {}
    players: list[PlayerState] = []
    for pid, deck in zip(player_ids, decks, strict=True):
        p = PlayerState(pid)
        for pile, cards in ((p.deck, deck.cards), (p.energy_deck, deck.energy)):
            for cid in cards:
                uid = next(names)
                card_of[uid] = cid
                pile.append(uid)
        players.append(p)

    state = GameState(rules, players, card_of, seed, state_rng, pool=pool)
    for p in players:
        ops.shuffle_deck(state, p.deck)
        ops.shuffle_deck(state, p.energy_deck)
    state.first = 0 if ops.flip(state, 0, "first_player") else 1
    state.current = state.first
    ops.emit(state, "first_player", state.first, {"player": players[state.first].id})
    for seat in (0, 1):
        _opening_hand(state, seat)
    for seat in (0, 1):
        extra = players[1 - seat].mulligans - players[seat].mulligans
        if extra > 0:
            state.pending.append(
                Pending(
                    seat,
                    "choice",
                    f"Your opponent took {extra} more mulligan(s): draw up to {extra} card(s)",
                    [str(n) for n in range(extra + 1)],
                    effect="mulligan_draw",
                    labels={str(n): f"Draw {n}" for n in range(extra + 1)},
                )
            )
    state.phase = Phase.SETUP
    return state


def card_ids(state_rng: int, count: int) -> tuple[int, list[str]]:
    """``count`` distinct card instance ids dealt at random, and the game's RNG state after
    the one draw they take (RULES.md "Hidden information": ids are opaque).

    The ids are the first ``count`` of a fixed list (``_id_list``: ``a0``, ``b0``, ...,
    ``z9``, then ``a0b``...: letters and digits by turns, never a word or a number, so no
    id can be mistaken for a JSON key or a choice's numeric option), handed to the cards
    in an order shuffled at random: an id says nothing of its card, owner, zone or place
    in a deck list. The shuffle runs on a generator of its own, keyed by a hash of one draw
    of the game's RNG (``rng.opaque_bytes``), so the ids players see tell nothing of the
    game's RNG state either.

    Why a fixed list and not fresh random strings: ids stay as short as the number of cards
    allows (two characters for up to 260 cards; they are on the wire often), and anything
    keyed by ids stays as small as the list. Deterministic: replay and the JSON round trip
    give the same ids.
    """
    state_rng, key = rng.opaque_bytes(state_rng, 8)
    ids = _id_list(count)[:]
    rng.shuffle(int.from_bytes(key, "little"), ids)
    return state_rng, ids


def positional_ids(decks: Sequence[DeckList]) -> list[str]:
    """The ids games were dealt with before opaque ids (``RulesConfig.card_ids``
    ``positional``), in dealing order: ``p1c00``... for seat 1's deck list, ``p1e00``... for
    its energy, then seat 2's. They take nothing from the RNG. Kept only so that games
    stored with them replay from their logs; an id like this says which card it is to
    anyone who knows the deck list, so no new game is dealt this way."""
    return [
        f"p{seat + 1}{pile}{i:02d}"
        for seat, deck in enumerate(decks)
        for pile, cards in (("c", deck.cards), ("e", deck.energy))
        for i in range(len(cards))
    ]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_DIGITS = "0123456789"


@functools.cache
def _id_list(count: int) -> list[str]:
    """The first ``count`` ids of the fixed list: ``i`` written in letters and digits by
    turns (letter first), at least two characters (260 of those; then longer)."""
    out = []
    for i in range(count):
        chars: list[str] = []
        while i or len(chars) < 2:
            alphabet = _LETTERS if len(chars) % 2 == 0 else _DIGITS
            i, at = divmod(i, len(alphabet))
            chars.append(alphabet[at])
        out.append("".join(chars))
    return out


def _checked(rules: RulesConfig, deck: DeckList, pool: CardPool) -> list[str]:
    """``deck_problems``, remembered per pool: the same decks start game after game."""
    memo: dict[tuple[RulesConfig, DeckList], list[str]] | None = pool.memo.get("deck_checks")
    if memo is None:
        memo = pool.memo["deck_checks"] = {}
    key = (rules, deck)
    found = memo.get(key)
    if found is None:
        found = deck_problems(rules, deck, pool)
        if len(memo) < 1024:
            memo[key] = found
    return found


def _has_basic(state: GameState, hand: list[str]) -> bool:
    for uid in hand:
        card = state.defn(uid)
        if isinstance(card, CreatureCard) and card.stage is Stage.BASIC:
            return True
    return False


def _opening_hand(state: GameState, seat: int) -> None:
    p = state.players[seat]
    while True:
        ops.draw(state, seat, state.rules.opening_hand)
        if _has_basic(state, p.hand):
            return
        # A mulligan reveals the hand to everyone (names only: the cards go back into the
        # deck, whose contents stay hidden by instance id).
        revealed = sorted(state.card_of[u] for u in p.hand)
        p.mulligans += 1
        ops.emit(state, "mulligan", seat, {"revealed": revealed, "count": p.mulligans})
        p.deck.extend(p.hand)
        p.hand.clear()
        ops.shuffle_deck(state, p.deck)


class _MulliganParams(Params):
    pass


def _mulligan_resume(ctx: Ctx, _p: _MulliganParams, picks: tuple[str, ...]) -> None:
    n = int(picks[0]) if picks else 0
    drawn = ops.draw(ctx.state, ctx.seat, n)
    ops.emit(ctx.state, "mulligan_draw", ctx.seat, {"count": drawn})


@effect("mulligan_draw", _MulliganParams, resume=_mulligan_resume, internal=True)
def _mulligan_draw(_ctx: Ctx, _p: _MulliganParams) -> None:
    """Setup only: draw 0..n cards for the opponent's extra mulligans (queued by new_game)."""


__all__ = ["DeckError", "new_game"]
