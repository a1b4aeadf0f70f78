"""The search bots ``hard`` and ``expert``: determinized rollouts played by ``normal``.

What lives here: ``SearchBot`` and its two registered levels. For one decision it samples
worlds, full states consistent with its view (``determinize``: it never sees the real
game), tries every distinct legal action in each world and plays the world on as the
``normal`` level would, on both seats (``playout``), for one round (``hard``) or two
(``expert``), then scores the position by the win chance fitted to game outcomes
(``fitted``). Candidates go through successive halving on the same worlds (common random
numbers: the actions are compared on the same cards and coins), and ``normal``'s own choice
is kept unless another action beats it on those worlds by ``anchor_bonus`` plus
``anchor_z`` standard errors: the search overrules the rule player only where its gain is
clear of the sampling noise. Budgets are counted in rollouts, never in time, so the same
view and the same ``rng`` state always give the same action. What must not: rules (the
engine plays the imagined games) or reading anything but the view. Setup placement and
effect choices (not rebuilt by ``determinize``) are answered by short rules here.

Kept as settings for experiments (``bench/ai_bench.py hard:key=value``), used by no level:
with ``playout`` off, rollouts that only finish the bot's own turn (as ``normal`` plays it,
else by the fast rule policy of ``policy``, optionally through the opponent's reply:
``horizon``, ``careful_reply``), scored by the hand-set ``evaluate``; ``playout`` with
``rounds`` 0 (on to the end of the game); ``only``; ``keep_anchor`` (the anchor's move
tried on every world the best candidate is); ``anchor_level`` (another level's move as
the anchor); ``playout_noise`` (random moves in the playouts).

Why this design and not information-set MCTS, and what each setting measured:
docs/adr/0011-search-ai.md.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

from mantimon.bots.base import Bot, make_bot, playable, register
from mantimon.bots.careful import CarefulBot
from mantimon.bots.determinize import can_determinize, determinize
from mantimon.bots.evaluate import DEFAULT, Weights, evaluate
from mantimon.bots.fitted import win_chance
from mantimon.bots.policy import rollout_action
from mantimon.cards import CardPool, CreatureCard
from mantimon.engine import (
    Action,
    AttachEnergyAction,
    ChooseAction,
    EvolveAction,
    GameState,
    IllegalAction,
    PlayCreatureAction,
    PlayTrainerAction,
    RetreatAction,
    SetupPlaceAction,
    VisibleGameState,
    apply_action,
    default_pool,
    legal_for_seat,
    view_for,
    waiting_for,
)

# Actions per imagined game after which a rollout stops (a safety net: a turn and a reply
# take ~10-40).
_ROLLOUT_CAP = 200
_GAME_CAP = 2000  # a whole game played out (``playout``)


class SearchBot:
    """Flat determinized search; ``budget`` rollouts per decision, at least ``min_worlds``
    worlds per candidate action."""

    name = "search"
    description = "Thinks a turn ahead."
    budget = 60
    min_worlds = 2
    max_worlds = 24
    # Rollouts stop when the bot's turn after this many of its turns begins (0: when its
    # own turn ends, before any reply).
    horizon = 1
    # Whether rollouts finish the bot's turn as the ``normal`` level plays it (``careful``
    # on) and how much the root prefers that level's own choice (evaluation units).
    use_careful = False
    anchor_bonus = 0.0
    # With ``anchor_z`` > 0 the overruling needs a gain that is also ``anchor_z`` standard
    # errors clear of noise, measured on the worlds both actions were tried in.
    anchor_z = 0.0
    # Whether the anchor (``normal``'s move, or ``anchor_level``'s) stays in the
    # successive halving to the end (its rollouts spent beside the survivors'), so the
    # anchor's test pairs it with the best candidate on every world the best was tried in,
    # not only on the anchor's first few.
    keep_anchor = False
    # Whether positions are scored by the evaluation fitted to game outcomes (``fitted``:
    # a win chance, 0-1, so ``anchor_bonus`` is in those units) instead of ``evaluate``.
    fitted = False
    # Whether the opponent's reply (``horizon`` 1) is played as ``normal`` plays it
    # (through its view of the imagined world) instead of by the rule policy.
    careful_reply = False
    # Whether rollouts play on with ``normal`` on both seats (each through its own view of
    # the imagined world): the rest of the bot's turn and ``rounds`` more turns of each
    # seat, the position then scored by the fitted win chance; with ``rounds`` 0, on to
    # the end of the game, scored 1 / 0.5 / 0. Either way a win chance: ``anchor_bonus``
    # is then in those units.
    playout = False
    rounds = 0
    # The chance that a playout's decision (either seat's) is a uniformly random legal
    # action instead of ``normal``'s: playouts that do not assume both players are
    # exactly ``normal``.
    playout_noise = 0.0
    # With ``use_careful``: the level whose move is the anchor instead of ``normal``'s
    # (e.g. "hard": the search then overrules ``hard``'s own search only where it sees a
    # clear gain; the anchor's thinking is added to this bot's).
    anchor_level = ""
    # With ``use_careful``: search only decisions that offer an action of one of these
    # types (comma-separated, e.g. "attach_energy,retreat"); ``normal`` makes the others.
    only = ""
    searches = True  # the server thinks for it in a worker process (``bots.think``)

    def __init__(self, pool: CardPool | None = None, weights: Weights = DEFAULT) -> None:
        self.pool = pool or default_pool()
        self.weights = weights
        self.rollouts = 0  # counted over the bot's life (benchmarks read it)
        # Searched decisions with an anchor, and those where the search overruled it.
        self.anchored = 0
        self.overruled = 0
        self.careful = CarefulBot(self.pool)  # the rule player: anchor and rollouts
        self._anchor_bot: Bot | None = None  # ``anchor_level``'s bot, made on first use

    def choose(self, view: VisibleGameState, rng: random.Random) -> Action:
        acts = playable(view)
        if len(acts) == 1:
            return acts[0]
        if all(a.type == "end_turn" for a in acts):
            return acts[0]
        if not can_determinize(view):
            return self._by_rule(view, acts)
        return self._search(view, acts, rng)

    # --- search -------------------------------------------------------------------------

    def _search(self, view: VisibleGameState, acts: list[Action], rng: random.Random) -> Action:
        """Successive halving over the distinct candidates: every candidate is tried in
        ``min_worlds`` worlds, the better half goes on to twice as many worlds, and so on
        until one is left, ``max_worlds`` is reached or the budget is spent. All
        candidates of a round are scored on the same worlds."""
        assert view.viewer is not None
        cands = distinct(view, acts)
        if len(cands) == 1:
            return cands[0]
        seat = next(i for i, p in enumerate(view.players) if p.player_id == view.viewer)
        anchor = None
        if self.use_careful:
            # The rule player's own choice (or ``anchor_level``'s) wins ties and small
            # differences: the search has to show a clear gain to overrule it.
            pick = self._anchor_move(view, rng)
            if self.only and not any(a.type in self.only.split(",") for a in cands):
                return pick  # a decision this bot leaves to the rule player
            anchor = next((i for i, a in enumerate(cands) if a == pick), None)
        worlds: list[GameState] = []
        totals = [0.0] * len(cands)
        values: list[list[float]] = [[] for _ in cands]  # per world, for ``anchor_z``
        done = [0] * len(cands)
        alive = list(range(len(cands)))
        per = min(self.min_worlds, self.max_worlds)
        left = max(self.budget, len(cands) * per)
        kept = anchor if self.keep_anchor else None
        while True:
            while len(worlds) < per:
                worlds.append(determinize(view, self.pool, rng))
            tried = alive if kept is None or kept in alive else [*alive, kept]
            for i in tried:
                for k in range(done[i], per):
                    value = self._rollout(worlds[k], seat, cands[i], k)
                    totals[i] += value
                    values[i].append(value)
                    left -= 1
                done[i] = per
            if len(alive) <= 1:
                break
            alive.sort(key=lambda i: (-totals[i] / done[i], i))
            alive = alive[: (len(alive) + 1) // 2]
            more = min(per * 2, self.max_worlds, per + left // (len(alive) + (kept is not None)))
            if more <= per:
                break
            per = more
        if kept is not None and kept not in alive:
            alive.append(kept)
        if anchor is not None and self.anchor_z > 0:
            best = min(alive, key=lambda i: (-totals[i] / done[i], i))
            if best != anchor and not self._clear_gain(values[best], values[anchor]):
                best = anchor
            return self._count(cands, best, anchor)
        if anchor is not None and anchor in alive:
            totals[anchor] += self.anchor_bonus * done[anchor]
        best = min(alive, key=lambda i: (-totals[i] / done[i], i))
        return self._count(cands, best, anchor)

    def _anchor_move(self, view: VisibleGameState, rng: random.Random) -> Action:
        """The move the search must clearly beat: ``normal``'s, or ``anchor_level``'s
        (which draws its own worlds from ``rng``, so the same view and ``rng`` state still
        give the same move)."""
        if not self.anchor_level:
            return self.careful.choose(view, random.Random(0))
        if self._anchor_bot is None:
            self._anchor_bot = make_bot(self.anchor_level)
        return self._anchor_bot.choose(view, rng)

    def _count(self, cands: list[Action], best: int, anchor: int | None) -> Action:
        """``cands[best]``, counted in ``anchored`` / ``overruled`` (benchmarks read them)."""
        if anchor is not None:
            self.anchored += 1
            self.overruled += best != anchor
        return cands[best]

    def _clear_gain(self, mine: list[float], anchor: list[float]) -> bool:
        """Whether a candidate beats the anchor on the worlds both were tried in by more
        than ``anchor_bonus`` plus ``anchor_z`` standard errors of the paired
        differences (the same worlds, so the world's own luck cancels)."""
        _, mean, error = paired_gap(mine, anchor)
        return mean > self.anchor_bonus + self.anchor_z * error

    def _careful_turn(
        self, state: GameState, seat: int, turn: int, index: int, reply: bool = False
    ) -> None:
        """Finish ``seat``'s turn as the ``normal`` level would play it (through views
        of the imagined world: slower than the rule policy, but a stronger player), the
        other seat's forced answers by the rule policy; with ``reply``, play on through
        the other seat's turn, which ``normal`` plays too, until ``seat``'s next turn
        begins. ``index``: the world's number, which seeds the coin-free tie-breaks the
        same way for every candidate."""
        careful = self.careful
        rng = random.Random(index)
        ids = [p.id for p in state.players]

        def choose(state: GameState, s: int) -> Action:
            if s == seat or reply:
                return careful.choose(view_for(state, ids[s], events=False), rng)
            return rollout_action(state, s, legal_for_seat(state, s))

        if reply:
            _play_on(
                state,
                lambda st: st.turn > turn and st.current == seat and not st.pending,
                choose,
            )
        else:
            _play_on(state, lambda st: st.turn > turn, choose)

    def _score(self, state: GameState, seat: int) -> float:
        """The evaluation this bot uses (``fitted`` or hand-set)."""
        if self.fitted:
            return win_chance(state, seat)
        return evaluate(state, seat, self.weights)

    def _rollout(self, world: GameState, seat: int, action: Action, index: int = 0) -> float:
        """The evaluation, for ``seat``, of ``action`` played in a copy of ``world`` and
        followed by the rule policy until ``seat``'s next turn begins."""
        self.rollouts += 1
        state = world.clone()
        try:
            apply_action(state, state.players[seat].id, action)
        except IllegalAction:
            return 0.0 if self.fitted or self.playout else -self.weights.win
        if self.playout:
            return self._played_out(state, seat, index)
        if self.careful_reply and self.horizon == 1:
            self._careful_turn(state, seat, world.turn, index, reply=True)
            return self._score(state, seat)
        if self.use_careful:
            self._careful_turn(state, seat, world.turn, index)
        if self.horizon == 0:
            play_out_turn(state, seat, world.turn)
            return self._score(state, seat)
        play_until_next_turn(state, seat, world.turn)
        for _ in range(self.horizon - 1):
            play_until_next_turn(state, seat, state.turn)
        return self._score(state, seat)

    def _played_out(self, state: GameState, seat: int, index: int) -> float:
        """``seat``'s win chance when ``normal`` plays both seats of ``state`` on: the
        rest of this turn and ``rounds`` more turns of each seat, then the fitted chance;
        with ``rounds`` 0 to the end of the game (a draw, or a game still running after
        ``_GAME_CAP`` actions, counts half)."""
        careful = self.careful
        rng = random.Random(index)
        ids = [p.id for p in state.players]
        last = state.turn + 2 * self.rounds if self.rounds else 1 << 30
        noise = self.playout_noise

        def choose(st: GameState, s: int) -> Action:
            acts = legal_for_seat(st, s)
            # ``normal`` takes a lone action without reading its view, and never reads
            # the view's events.
            if len(acts) == 1:
                return acts[0]
            if noise and rng.random() < noise:
                return acts[rng.randrange(len(acts))]
            return careful.choose(view_for(st, ids[s], events=False), rng)

        _play_on(state, lambda st: st.turn > last, choose, cap=_GAME_CAP)
        if not state.over:
            return win_chance(state, seat) if self.rounds else 0.5
        if state.winner is None:
            return 0.5
        return 1.0 if state.winner == seat else 0.0

    # --- rules for what is not searched -------------------------------------------------

    def _by_rule(self, view: VisibleGameState, acts: list[Action]) -> Action:
        places = [a for a in acts if isinstance(a, SetupPlaceAction)]
        if places:
            return self._place(view, places)
        if acts[0].type == "setup_done":
            return acts[0]
        choices = [a for a in acts if isinstance(a, ChooseAction)]
        if choices:
            return max(choices, key=_choice_key)
        return acts[0]

    def _place(self, view: VisibleGameState, places: Sequence[SetupPlaceAction]) -> Action:
        """Setup: the Active that can attack soonest (then the sturdiest), then every
        other basic on the bench."""
        me = next(p for p in view.players if p.player_id == view.viewer)
        hand = {r.uid: r.card_id for r in me.hand or []}

        def key(a: SetupPlaceAction) -> tuple[int, int, int]:
            card = self.pool[hand[a.card_id]]
            assert isinstance(card, CreatureCard)
            cheapest = min((len(x.cost) for x in card.attacks), default=9)
            return (int(a.position == "active"), -cheapest, card.hp)

        return max(places, key=key)


def paired_gap(mine: list[float], anchor: list[float]) -> tuple[int, float, float]:
    """(worlds, mean, standard error) of the differences between a candidate's values and
    the anchor's on the worlds both were tried in (the first ones of the longer list)."""
    diffs = [a - b for a, b in zip(mine, anchor, strict=False)]
    n = len(diffs)
    mean = sum(diffs) / n
    spread = sum((d - mean) ** 2 for d in diffs) / max(1, n - 1)
    return n, mean, math.sqrt(spread / n)


def _choice_key(a: ChooseAction) -> tuple[int, int]:
    """Take as much as a choice allows: the most cards, or the largest number offered
    (a mulligan bonus draw's options are the numbers 0..n)."""
    numbers = [int(x) for x in a.selections if x.isdigit()]
    return (len(a.selections), max(numbers, default=0))


def distinct(view: VisibleGameState, acts: list[Action]) -> list[Action]:
    """``acts`` without the ones that do the same as an earlier one: the same card (by
    card id, not instance id) from the hand or energy zone to the same place, or a retreat
    to the same creature paying with the same kinds of energy."""
    me = next(p for p in view.players if p.player_id == view.viewer)
    card = {r.uid: r.card_id for r in [*(me.hand or []), *me.energy_zone]}
    for c in [me.active, *me.bench]:
        if c is not None:
            card.update((r.uid, r.card_id) for r in c.energy)
    seen: set[tuple[object, ...]] = set()
    out: list[Action] = []
    for a in acts:
        key: tuple[object, ...]
        if isinstance(a, RetreatAction):
            key = (
                "retreat",
                a.new_active_id,
                tuple(sorted(card.get(u, u) for u in a.discard_energy)),
            )
        elif isinstance(a, (AttachEnergyAction, EvolveAction, PlayTrainerAction)):
            key = (a.type, card.get(a.card_id, a.card_id), a.target_id)
        elif isinstance(a, PlayCreatureAction):
            key = (a.type, card.get(a.card_id, a.card_id))
        else:
            key = (a,)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def play_out_turn(state: GameState, seat: int, turn: int) -> None:
    """Finish ``seat``'s turn ``turn`` with the rule policy (``horizon`` 0: no reply)."""
    _play_on(state, lambda s: s.turn > turn)


def play_until_next_turn(state: GameState, seat: int, turn: int) -> None:
    """Play ``state`` on with the rule policy for both seats until ``seat``'s next turn
    after ``turn`` has begun (or the game ends)."""
    _play_on(state, lambda s: s.turn > turn and s.current == seat and not s.pending)


def _play_on(
    state: GameState,
    reached: Callable[[GameState], bool],
    choose: Callable[[GameState, int], Action] | None = None,
    cap: int = _ROLLOUT_CAP,
) -> None:
    """Apply ``choose``'s action for the awaited seat (the rule policy's by default) until
    ``reached``, the game ends, nobody is awaited or ``cap`` actions were played."""
    steps = 0
    while state.end_reason is None and steps < cap:
        if reached(state):
            return
        who = waiting_for(state)
        if not who:
            return
        s = who[0]
        if choose is None:
            action = rollout_action(state, s, legal_for_seat(state, s))
        else:
            action = choose(state, s)
        apply_action(state, state.players[s].id, action)
        steps += 1


@register
class HardBot(SearchBot):
    """Looks ahead before every move and plans around what you might do next."""

    name = "hard"
    description = "Looks ahead before every move and plans around what you might do next."
    # Each candidate played on by ``normal`` on both seats for one round, scored by the
    # fitted win chance; ``normal``'s own move kept unless another is clearly better.
    budget = 40
    min_worlds = 4
    max_worlds = 12
    use_careful = True
    playout = True
    rounds = 1
    anchor_bonus = 0.05
    anchor_z = 1.0


@register
class ExpertBot(SearchBot):
    """Thinks longest: weighs many ways the game could go before each move."""

    name = "expert"
    description = "Thinks longest: weighs many ways the game could go before each move."
    # As ``hard``, two rounds deep and with more than twice the rollouts.
    budget = 96
    min_worlds = 4
    max_worlds = 24
    use_careful = True
    playout = True
    rounds = 2
    anchor_bonus = 0.05
    anchor_z = 1.0
