"""The complete, mutable state of one game, as slotted dataclasses.

What lives here: the containers (game, player, creature in play, pending decision, event,
temporary marker), cheap ``clone`` and small lookups. What must not: rules. Actions are
applied to a state in place (DESIGN.md §7: copying on every action would cap the engine near
20 games/s); callers that need the old state clone it first. Decks list their top card last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from mantimon.cards import CardDef, CardPool, CreatureCard
from mantimon.engine.enums import Condition, GameEndReason, Phase
from mantimon.engine.rules import RulesConfig

_ARBITRARY = ConfigDict(arbitrary_types_allowed=True)
_OVER = Phase.GAME_OVER  # an enum member read off its class is slow to look up (not specialised)


@dataclass(slots=True)
class Marker:
    """A temporary effect on a creature, e.g. damage prevention, until ``until_turn`` ends."""

    kind: str
    amount: int
    until_turn: int


@dataclass(slots=True)
class Creature:
    """A creature in play: a stack of cards named by its top card's instance id."""

    uid: str
    card: str
    below: list[str] = field(default_factory=list)
    damage: int = 0
    energy: list[str] = field(default_factory=list)
    tool: str | None = None
    special: Condition | None = None
    special_turn: int = 0
    poisoned: bool = False
    burned: bool = False
    since_turn: int = 0
    markers: list[Marker] = field(default_factory=list)

    @property
    def has_conditions(self) -> bool:
        return self.special is not None or self.poisoned or self.burned

    def conditions(self) -> list[Condition]:
        out = [self.special] if self.special is not None else []
        if self.poisoned:
            out.append(Condition.POISONED)
        if self.burned:
            out.append(Condition.BURNED)
        return out

    def clear_conditions(self) -> None:
        self.special = None
        self.poisoned = False
        self.burned = False

    def clone(self) -> Creature:
        return Creature(
            self.uid,
            self.card,
            self.below[:],
            self.damage,
            self.energy[:],
            self.tool,
            self.special,
            self.special_turn,
            self.poisoned,
            self.burned,
            self.since_turn,
            [Marker(m.kind, m.amount, m.until_turn) for m in self.markers],
        )


@dataclass(slots=True)
class PlayerState:
    id: str
    deck: list[str] = field(default_factory=list)
    hand: list[str] = field(default_factory=list)
    active: Creature | None = None
    bench: list[Creature] = field(default_factory=list)
    discard: list[str] = field(default_factory=list)
    prizes: list[str] = field(default_factory=list)
    energy_deck: list[str] = field(default_factory=list)
    energy_zone: list[str] = field(default_factory=list)
    energy_discard: list[str] = field(default_factory=list)
    points: int = 0
    mulligans: int = 0
    setup_done: bool = False
    # per-turn counters, reset when this player's turn starts
    energy_attached: int = 0
    supporters_played: int = 0
    stadiums_played: int = 0
    retreats: int = 0
    ability_uses: dict[str, int] = field(default_factory=dict)
    # Cards of this hand that both players have seen (a card said "reveal it"). A card is
    # known only while it stays in the hand: whatever takes a card out of the hand drops it
    # here (``ops.left_hand``), so a card shuffled back and drawn again is private again.
    revealed: list[str] = field(default_factory=list)

    def in_play(self) -> list[Creature]:
        """Active first, then the bench in order."""
        return [self.active, *self.bench] if self.active is not None else self.bench[:]

    def clone(self) -> PlayerState:
        return PlayerState(
            self.id,
            self.deck[:],
            self.hand[:],
            self.active.clone() if self.active is not None else None,
            [c.clone() for c in self.bench],
            self.discard[:],
            self.prizes[:],
            self.energy_deck[:],
            self.energy_zone[:],
            self.energy_discard[:],
            self.points,
            self.mulligans,
            self.setup_done,
            self.energy_attached,
            self.supporters_played,
            self.stadiums_played,
            self.retreats,
            dict(self.ability_uses),
            self.revealed[:],
        )


@dataclass(slots=True)
class Pending:
    """A decision the game waits for: a forced promotion or a choice raised by an effect.

    Only ``seat`` may answer it and only ``seat`` sees its options. ``effect`` names the
    handler that resumes with the answer; ``data`` carries the handler's own context.
    """

    seat: int
    kind: str  # "promote" | "choice"
    prompt: str
    options: list[str]
    min: int = 1
    max: int = 1
    effect: str | None = None
    source: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Event:
    """Something that happened, tagged with who may see it.

    ``private_to=None``: everyone sees ``data`` and ``cards``. Otherwise only that seat sees
    them, and everyone else sees ``public`` (with no card references), or nothing at all when
    ``public`` is None. Card references are rendered per viewer at view time.
    """

    seq: int
    kind: str
    seat: int | None
    data: dict[str, Any]
    cards: tuple[str, ...] = ()
    private_to: int | None = None
    public: dict[str, Any] | None = None


def _default_pool() -> CardPool:
    from mantimon.engine.catalog import default_pool

    return default_pool()


@dataclass(slots=True)
class GameState:
    """Everything about one game. Serialisable to JSON (``serialize.py``) except the pool."""

    __pydantic_config__ = _ARBITRARY

    rules: RulesConfig
    players: list[PlayerState]
    card_of: dict[str, str]
    seed: int
    rng: int
    phase: Phase = Phase.SETUP
    turn: int = 0
    current: int = 0
    first: int = 0
    stadium: str | None = None
    stadium_owner: int | None = None
    pending: list[Pending] = field(default_factory=list)
    winner: int | None = None
    end_reason: GameEndReason | None = None
    event_seq: int = 0
    log: list[Event] = field(default_factory=list)
    pool: Annotated[CardPool, Field(exclude=True)] = field(
        default_factory=_default_pool, repr=False, compare=False
    )
    # Memo of legal actions per seat, keyed by ``event_seq`` (every applied action records
    # at least one event, so a matching seq means nothing changed through the engine).
    # Not serialised, not compared, not cloned. Code that edits a state by hand (tests
    # building positions) must reset it to None.
    legal_cache: Annotated[dict[int, tuple[int, list[Any]]] | None, Field(exclude=True)] = field(
        default=None, repr=False, compare=False
    )
    # Set whenever a creature's damage may have reached its HP (damage was dealt, or an
    # evolution, tool or stadium changed HP); the knockout check runs only then. Code that
    # edits a state by hand must set it.
    ko_check: Annotated[bool, Field(exclude=True)] = field(default=False, repr=False, compare=False)
    # Memo of view pieces that never change once built: card references by instance id and
    # events as a viewer sees them. Not serialised, not compared, not cloned.
    view_memo: Annotated[dict[str, Any] | None, Field(exclude=True)] = field(
        default=None, repr=False, compare=False
    )
    # The game's action values and their JSON (``engine.built``), kept per game because card
    # ids are dealt per game. Not serialised, not compared; shared by clones (same ids).
    built: Annotated[Any, Field(exclude=True)] = field(default=None, repr=False, compare=False)
    # Which of the game's cards answer each modifier hook (``modifiers``), with what it was
    # built from. Per game like ``built`` (a process-wide memo kept thousands of finished
    # games' card maps); not serialised, not compared; shared by clones.
    hooks: Annotated[Any, Field(exclude=True)] = field(default=None, repr=False, compare=False)

    def forget_memos(self) -> None:
        """Drop the memos (legal actions, view pieces, action values, hook index): each is
        rebuilt on first use. For a game nobody is looking at, e.g. one whose players have
        all closed their sockets and which lives on until its turn clocks end it: its memos
        were ~220 KB of the ~235 KB such a game held (measured over 30 abandoned games)."""
        self.legal_cache = None
        self.view_memo = None
        self.built = None
        self.hooks = None

    # --- small query API -------------------------------------------------------------------

    def seat_of(self, player_id: str) -> int | None:
        """The seat (0 or 1) of ``player_id``, or None for someone not in the game."""
        for seat, p in enumerate(self.players):
            if p.id == player_id:
                return seat
        return None

    def defn(self, uid: str) -> CardDef:
        """The card definition of a card instance."""
        return self.pool.cards[self.card_of[uid]]

    def creature_def(self, c: Creature) -> CreatureCard:
        card = self.pool.cards[c.card]
        assert isinstance(card, CreatureCard)
        return card

    def find(self, uid: str) -> tuple[int, Creature] | None:
        """The seat and in-play creature whose top card is ``uid``."""
        for seat, p in enumerate(self.players):
            if p.active is not None and p.active.uid == uid:
                return seat, p.active
            for c in p.bench:
                if c.uid == uid:
                    return seat, c
        return None

    @property
    def over(self) -> bool:
        return self.phase is _OVER

    def clone(self) -> GameState:
        """An independent copy (the pool and card map are immutable and shared)."""
        return GameState(
            self.rules,
            [p.clone() for p in self.players],
            self.card_of,
            self.seed,
            self.rng,
            self.phase,
            self.turn,
            self.current,
            self.first,
            self.stadium,
            self.stadium_owner,
            [
                Pending(
                    q.seat,
                    q.kind,
                    q.prompt,
                    q.options[:],
                    q.min,
                    q.max,
                    q.effect,
                    q.source,
                    dict(q.labels),
                    dict(q.data),
                )
                for q in self.pending
            ],
            self.winner,
            self.end_reason,
            self.event_seq,
            self.log[:],
            self.pool,
            built=self.built,
            hooks=self.hooks,
        )
