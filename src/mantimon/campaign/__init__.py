"""The campaign: clubs of computer duelists, medals, rewards and booster packs, as pure data
and functions (issue 14; docs/CAMPAIGN.md).

What lives here: the world (clubs, duelists, their lines, decks and AI levels) loaded from
``data/world.json`` and checked against the card pool; the themed decks built for them; the
progression rules (who may be challenged, what a result earns); the booster packs (slots,
published odds, a seeded opening). What must not: storage, the clock, sockets or the
server's routes (they call these functions and store what they return), or game rules
(the engine plays the games).
"""

from mantimon.campaign.packs import PACK_SLOTS, open_pack
from mantimon.campaign.progress import Progress, Reward, challengeable, record_result
from mantimon.campaign.world import Club, Duelist, World, load_world

__all__ = [
    "PACK_SLOTS",
    "Club",
    "Duelist",
    "Progress",
    "Reward",
    "World",
    "challengeable",
    "load_world",
    "open_pack",
    "record_result",
]
