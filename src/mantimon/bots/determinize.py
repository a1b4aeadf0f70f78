"""Sampling full game states that agree with one player's view (determinization).

What lives here: ``determinize(view, pool, rng)``, which builds an engine ``GameState`` from a
``VisibleGameState`` alone, filling everything the viewer cannot see with a guess drawn from
the bot's ``rng``; and the deck-list inference it needs. What must not: any access to the
real game (this module receives only the view) or any decision about what to play.

Hidden information and how each piece is guessed:

* the cards of each player that were never seen (the opponent's hand, both decks, prizes,
  energy decks) come from a deck list: the preset's starter list that contains every card
  of that player seen so far (one chosen at random when several fit), otherwise the seen
  cards topped up from the starter list that overlaps most, then basic energy;
* their order and which pile each unseen card lies in: a uniform shuffle;
* the engine RNG: a fresh 64-bit state (future coin flips and shuffles are then random);
* unseen cards get fresh instance ids (``?0``, ``?1``...) that no game ever deals, so they
  can never collide with an id the viewer has seen.

Not recoverable from a view, defaulted (``docs/adr/0011-search-ai.md`` lists them): the
per-turn ``ability_uses`` and ``stadiums_played`` of the player to move (fitted instead to
the view's legal actions: an ability or stadium the view does not offer is marked used),
the turn a paralysis began (``special_turn``: last turn for the player to move's creatures,
this turn for the other's), the amounts and expiry of protection markers (the largest amount
the pool gives that kind, lasting through the next turn), the turn a creature came into play
beyond "this turn or not", the event log (empty), and the game's seed (0). A pending
*choice* raised by an effect keeps its resume data private to the engine, so the search
does not determinize those decisions (``search`` answers them by rule); a forced promotion
is rebuilt exactly, and a promotion the opponent owes after the viewer's is queued too.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable

from mantimon.cards import CardPool, EffectSpec, TrainerCard
from mantimon.engine import Action, GameState, Phase, RulesConfig, legal_for_seat
from mantimon.engine.enums import Condition
from mantimon.engine.state import Creature, Marker, Pending, PlayerState
from mantimon.engine.view import VisibleCreature, VisibleGameState, VisiblePlayer

_SPECIAL = {Condition.ASLEEP, Condition.PARALYZED, Condition.CONFUSED}


class NotDeterminizable(ValueError):
    """The view is of a kind the sampler does not rebuild (setup, an effect's choice)."""


def can_determinize(view: VisibleGameState) -> bool:
    """Whether ``determinize`` rebuilds this view: play after setup, with no pending choice
    other than a forced promotion."""
    if view.phase in (Phase.SETUP, Phase.GAME_OVER) or view.viewer is None:
        return False
    return view.pending is None or view.pending.kind == "promote"


def seen_cards(player: VisiblePlayer) -> list[str]:
    """Card ids (with repeats) of every card of ``player`` a viewer of this side sees."""
    out = [r.card_id for r in player.hand or player.revealed]
    for c in _in_play(player):
        out.append(c.card_id)
        out.extend(r.card_id for r in c.below)
        out.extend(r.card_id for r in c.energy)
        if c.tool is not None:
            out.append(c.tool.card_id)
    out.extend(r.card_id for r in player.discard)
    out.extend(r.card_id for r in player.energy_zone)
    out.extend(r.card_id for r in player.energy_discard)
    return out


def _in_play(player: VisiblePlayer) -> list[VisibleCreature]:
    return [player.active, *player.bench] if player.active is not None else list(player.bench)


def _minus(whole: Counter[str], part: Iterable[str]) -> Counter[str] | None:
    """``whole`` without ``part`` as multisets, or None when ``part`` is not inside it."""
    left = whole.copy()
    for cid in part:
        if left[cid] <= 0:
            return None
        left[cid] -= 1
    return +left


def candidate_lists(rules: RulesConfig, pool: CardPool) -> list[tuple[str, Counter[str]]]:
    """The starter lists of the game's preset, as (id, main deck + energy deck counts)."""
    memo_key = f"determinize_lists_{rules.preset}"
    found: list[tuple[str, Counter[str]]] | None = pool.memo.get(memo_key)
    if found is None:
        decks = [d for d in pool.starters.values() if d.preset == rules.preset]
        decks = decks or list(pool.starters.values())
        found = [(d.id, Counter(d.cards) + Counter(d.energy)) for d in decks]
        pool.memo[memo_key] = found
    return found


def unseen_cards(
    view: VisibleGameState, player: VisiblePlayer, pool: CardPool, rng: random.Random
) -> tuple[list[str], list[str]]:
    """The card ids (main deck side, energy deck side) of ``player`` that the viewer has
    not seen, sized to the hidden piles, from a plausible deck list (see module doc)."""
    rules = view.rules
    seen = seen_cards(player)
    if view.stadium is not None and view.stadium_owner == player.player_id:
        seen.append(view.stadium.card_id)
    hand_hidden = player.hand_count - (len(player.hand) if player.hand else len(player.revealed))
    main_n = hand_hidden + player.deck_count + player.prizes_count
    energy_n = player.energy_deck_count
    energies = pool.energies
    fits: list[Counter[str]] = []
    best: tuple[int, Counter[str]] | None = None
    for _, counts in candidate_lists(rules, pool):
        left = _minus(counts, seen)
        if left is not None:
            fits.append(left)
        overlap = sum((counts & Counter(seen)).values())
        if best is None or overlap > best[0]:
            best = (overlap, counts)
    if fits:
        left = fits[rng.randrange(len(fits))]
    else:
        left = (best[1] - Counter(seen)) if best is not None else Counter()
    cards = sorted(left.elements())
    rng.shuffle(cards)
    if rules.energy_in_deck or energy_n == 0:
        main, energy = cards, []
    else:
        main = [c for c in cards if c not in energies]
        energy = [c for c in cards if c in energies]
    main = _sized(main, main_n, seen, pool, rules, rng)
    energy = _sized(energy, energy_n, seen, pool, rules, rng, energy_only=True)
    return main, energy


def _sized(
    cards: list[str],
    n: int,
    seen: list[str],
    pool: CardPool,
    rules: RulesConfig,
    rng: random.Random,
    energy_only: bool = False,
) -> list[str]:
    """``cards`` cut or padded to ``n``: padding repeats the player's commonest seen
    energy type (or any basic energy), which is the likeliest card in any list."""
    if len(cards) >= n:
        return cards[:n]
    seen_energy = [c for c in seen if c in pool.energies]
    if not seen_energy:
        seen_energy = sorted(pool.energies)
    filler = Counter(seen_energy).most_common(1)[0][0]
    if not energy_only and not rules.energy_in_deck:
        # The main deck holds no energy in this preset: pad with seen non-energy cards.
        others = [c for c in seen if c not in pool.energies]
        if others:
            return cards + [others[rng.randrange(len(others))] for _ in range(n - len(cards))]
    return cards + [filler] * (n - len(cards))


class _Ids:
    """Fresh instance ids for unseen cards: ``?`` never appears in a dealt id."""

    def __init__(self, card_of: dict[str, str]) -> None:
        self.card_of = card_of
        self.n = 0

    def __call__(self, card_id: str) -> str:
        uid = f"?{self.n}"
        self.n += 1
        self.card_of[uid] = card_id
        return uid


def _marker_amounts(pool: CardPool) -> dict[str, int]:
    found: dict[str, int] | None = pool.memo.get("determinize_markers")
    if found is None:
        found = {}
        for card in pool:
            effects: list[EffectSpec] = []
            if isinstance(card, TrainerCard):
                effects.extend(card.effects)
            for attack in getattr(card, "attacks", ()):
                effects.extend(attack.effects)
            ability = getattr(card, "ability", None)
            if ability is not None:
                effects.extend(ability.effects)
            for e in effects:
                if e.effect == "protect":
                    kind = getattr(e.params, "kind", None)
                    amount = getattr(e.params, "amount", 0) or 0
                    if isinstance(kind, str):
                        found[kind] = max(found.get(kind, 0), int(amount))
        pool.memo["determinize_markers"] = found
    return found


def _creature(
    c: VisibleCreature, card_of: dict[str, str], turn: int, to_move: bool, markers: dict[str, int]
) -> Creature:
    for r in (c, *c.below, *c.energy, *((c.tool,) if c.tool else ())):
        card_of[r.uid] = r.card_id
    special = next((k for k in c.conditions if k in _SPECIAL), None)
    return Creature(
        c.uid,
        c.card_id,
        [r.uid for r in c.below],
        c.damage,
        [r.uid for r in c.energy],
        c.tool.uid if c.tool else None,
        special,
        turn - 1 if to_move else turn,
        Condition.POISONED in c.conditions,
        Condition.BURNED in c.conditions,
        turn if c.played_this_turn else max(0, turn - 1),
        [Marker(k, markers.get(k, 0), turn + 1) for k in c.effects],
    )


def determinize(view: VisibleGameState, pool: CardPool, rng: random.Random) -> GameState:
    """A full game state consistent with ``view`` (see the module doc), hidden parts drawn
    from ``rng``. Raises ``NotDeterminizable`` for views ``can_determinize`` rejects."""
    if not can_determinize(view) or view.viewer is None:
        raise NotDeterminizable(f"phase {view.phase}, pending {view.pending}")
    names = [p.player_id for p in view.players]
    me = names.index(view.viewer)
    current = names.index(view.current_player)
    card_of: dict[str, str] = {}
    fresh = _Ids(card_of)
    markers = _marker_amounts(pool)
    players: list[PlayerState] = []
    for seat, vp in enumerate(view.players):
        main, energy = unseen_cards(view, vp, pool, rng)
        p = PlayerState(vp.player_id)
        if vp.hand is not None:
            known = list(vp.hand)
        else:
            known = list(vp.revealed)
        for r in (*known, *vp.discard, *vp.energy_zone, *vp.energy_discard):
            card_of[r.uid] = r.card_id
        p.hand = [r.uid for r in known]
        p.revealed = [r.uid for r in vp.revealed]
        hidden = [fresh(cid) for cid in main]
        take = vp.hand_count - len(p.hand)
        p.hand.extend(hidden[:take])
        p.prizes = hidden[take : take + vp.prizes_count]
        p.deck = hidden[take + vp.prizes_count :]
        p.energy_deck = [fresh(cid) for cid in energy]
        p.discard = [r.uid for r in vp.discard]
        p.energy_zone = [r.uid for r in vp.energy_zone]
        p.energy_discard = [r.uid for r in vp.energy_discard]
        to_move = seat == current
        if vp.active is not None:
            p.active = _creature(vp.active, card_of, view.turn, to_move, markers)
        p.bench = [_creature(c, card_of, view.turn, to_move, markers) for c in vp.bench]
        p.points = vp.points
        p.mulligans = vp.mulligans
        p.setup_done = vp.setup_done
        p.energy_attached = vp.energy_attached
        p.supporters_played = vp.supporters_played
        p.retreats = vp.retreats
        players.append(p)
    if view.stadium is not None:
        card_of[view.stadium.uid] = view.stadium.card_id
    state = GameState(
        view.rules,
        players,
        card_of,
        0,
        rng.getrandbits(64),
        view.phase,
        view.turn,
        current,
        names.index(view.first_player),
        view.stadium.uid if view.stadium else None,
        names.index(view.stadium_owner) if view.stadium_owner is not None else None,
        event_seq=max((e.seq for e in view.events), default=0),
        pool=pool,
    )
    if view.pending is not None:
        q = view.pending
        state.pending.append(
            Pending(me, "promote", q.prompt, [o.id for o in q.options], q.min, q.max)
        )
    other = players[1 - me]
    if other.active is None and other.bench:
        state.pending.append(
            Pending(
                1 - me,
                "promote",
                "Choose a benched creature to become your Active",
                [c.uid for c in other.bench],
            )
        )
    _fit_counters(state, me, view.legal_actions)
    return state


def _fit_counters(state: GameState, seat: int, shown: list[Action]) -> None:
    """Mark used what the view's legal actions show is used: abilities and the stadium
    play of the player to move (the view carries neither counter)."""
    if state.pending or state.current != seat:
        return
    offered = set(shown)
    extra = [a for a in legal_for_seat(state, seat) if a not in offered]
    if not extra:
        return
    p = state.players[seat]
    for a in extra:
        if a.type == "use_ability":
            p.ability_uses[a.creature_id] = 99
        elif a.type == "play_trainer" and state.card_of[a.card_id] in state.pool.stadiums:
            p.stadiums_played = state.rules.stadiums_per_turn
    state.legal_cache = None
