"""Campaign progression: who a player may challenge, and what a finished game earns.

What lives here: a player's ``Progress`` (immutable: a result makes a new one) and two pure
functions, ``challengeable`` and ``record_result``. The rules (docs/CAMPAIGN.md):

* Every club's members can be challenged from the start; its leader once a member of that
  club is beaten. Beating a leader earns the club's medal and its promo card.
* With every medal, the Grand Masters open: faced in order, in one run, with one deck (a
  loss or another deck starts the run again). After the last of them, the Champion; beating
  the Champion makes the player champion.
* Rematches are always open: a duelist once beaten stays challengeable.
* Rewards come only from a game won: booster packs (more for a first win), the medal and
  promo for a leader's first defeat. A loss, a draw or a resignation earns nothing.

What must not: storing (the server records the new progress and the reward in the
transaction that records the game's end, so a reward is granted exactly once), the clock,
or which game a result came from (the caller passes only results of games the server played
to their end).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from mantimon.campaign.world import Duelist, World

Outcome = Literal["win", "loss", "draw"]

# Booster packs per win: (first win, any later win), by the duelist's role.
PACKS = {
    "member": (2, 1),
    "leader": (4, 2),
    "grand_master": (3, 2),
    "champion": (5, 3),
}


@dataclass(frozen=True, slots=True)
class Progress:
    """One player's campaign so far. ``run``: the Grand Masters beaten in the current run
    (in order), ``run_deck``: the deck that run is played with."""

    beaten: frozenset[str] = frozenset()
    medals: frozenset[str] = frozenset()
    run: tuple[str, ...] = ()
    run_deck: str | None = None
    champion: bool = False
    wins: tuple[tuple[str, int], ...] = field(default=())  # (duelist id, wins), sorted

    def wins_against(self, duelist_id: str) -> int:
        return dict(self.wins).get(duelist_id, 0)


@dataclass(frozen=True, slots=True)
class Reward:
    """What one result earns (all zero / None for a game not won)."""

    packs: int = 0
    medal: str | None = None  # a club id
    promo: str | None = None  # a card id
    first_win: bool = False
    became_champion: bool = False


def challengeable(world: World, progress: Progress) -> list[Duelist]:
    """The duelists ``progress`` may challenge now, in the world's order."""
    out: list[Duelist] = []
    for club in world.clubs:
        out.extend(club.members)
        if club.leader.id in progress.beaten or any(m.id in progress.beaten for m in club.members):
            out.append(club.leader)
    all_medals = {c.id for c in world.clubs} <= progress.medals
    for i, gm in enumerate(world.grand_masters):
        nxt = all_medals and progress.run == tuple(g.id for g in world.grand_masters[:i])
        if nxt or gm.id in progress.beaten:
            out.append(gm)
    full_run = progress.run == tuple(g.id for g in world.grand_masters)
    if full_run or world.champion.id in progress.beaten:
        out.append(world.champion)
    return out


def record_result(
    world: World, progress: Progress, duelist_id: str, outcome: Outcome, deck_id: str
) -> tuple[Progress, Reward]:
    """The progress after a finished game against ``duelist_id`` played with ``deck_id``,
    and what it earned. Raises ``ValueError`` for a duelist not challengeable (the server
    refuses such a game before it starts, so this is a bug, never a player's error)."""
    duelist = world.duelists.get(duelist_id)
    if duelist is None or duelist not in challengeable(world, progress):
        raise ValueError(f"'{duelist_id}' cannot be challenged with this progress")
    gms = tuple(g.id for g in world.grand_masters)
    in_run = duelist.role == "grand_master" or duelist.role == "champion"
    if outcome != "win":
        if in_run:  # the run starts again
            progress = replace(progress, run=(), run_deck=None)
        return progress, Reward()
    first = duelist_id not in progress.beaten
    wins = dict(progress.wins)
    wins[duelist_id] = wins.get(duelist_id, 0) + 1
    new = replace(progress, beaten=progress.beaten | {duelist_id}, wins=tuple(sorted(wins.items())))
    medal = promo = None
    became_champion = False
    if duelist.role == "leader":
        club = world.club_of[duelist_id]
        if club.id not in progress.medals:
            medal, promo = club.id, club.promo
            new = replace(new, medals=new.medals | {club.id})
    elif duelist.role == "grand_master":
        run, run_deck = progress.run, progress.run_deck
        expected = gms[len(run)] if len(run) < len(gms) else None
        if duelist_id == expected and (run_deck is None or run_deck == deck_id):
            new = replace(new, run=(*run, duelist_id), run_deck=deck_id)
        elif duelist_id == gms[0]:  # a new run, begun with another deck
            new = replace(new, run=(duelist_id,), run_deck=deck_id)
        else:  # a rematch outside the run: it earns packs, not a place in the run
            new = replace(new, run=(), run_deck=None)
    elif duelist.role == "champion":
        if progress.run == gms and progress.run_deck == deck_id and not progress.champion:
            became_champion = True
            new = replace(new, champion=True)
        new = replace(new, run=(), run_deck=None)
    first_packs, later_packs = PACKS[duelist.role]
    reward = Reward(
        packs=first_packs if first else later_packs,
        medal=medal,
        promo=promo,
        first_win=first,
        became_champion=became_champion,
    )
    return new, reward


def progress_to_json(progress: Progress) -> dict[str, Any]:
    """``progress`` as JSON data (sorted lists: the same progress, the same text)."""
    return {
        "beaten": sorted(progress.beaten),
        "medals": sorted(progress.medals),
        "run": list(progress.run),
        "run_deck": progress.run_deck,
        "champion": progress.champion,
        "wins": [list(w) for w in progress.wins],
    }


def progress_from_json(data: dict[str, Any]) -> Progress:
    """The ``Progress`` ``progress_to_json`` wrote."""
    return Progress(
        beaten=frozenset(data.get("beaten", ())),
        medals=frozenset(data.get("medals", ())),
        run=tuple(data.get("run", ())),
        run_deck=data.get("run_deck"),
        champion=bool(data.get("champion", False)),
        wins=tuple((str(d), int(n)) for d, n in data.get("wins", ())),
    )
