"""What a campaign result does to a player's stored campaign, the same for every adapter.

What lives here: ``check_opening`` (whether a pack opening may be stored) and
``apply_result`` (a stored ``CampaignRecord`` and a finished game's ``CampaignResult`` ->
the record after it and the ``Reward``): the campaign's rules applied to what the store
holds. Adapters call ``apply_result`` inside the transaction that records the game's end,
after checking the (user, game) pair was not granted before. What must not: reading or
writing rows (each adapter does its own), or deciding the rules (``campaign.progress``).
"""

from __future__ import annotations

from dataclasses import replace

from mantimon.campaign import Reward, record_result
from mantimon.campaign.world import bundled_world
from mantimon.storage.ports import CampaignRecord, CampaignResult, Conflict, PackOpening


def apply_result(record: CampaignRecord, result: CampaignResult) -> tuple[CampaignRecord, Reward]:
    """``record`` after ``result``, and what it earned. A duelist no longer challengeable
    when the game ended (a Grand Master run that was reset by another game meanwhile)
    earns nothing and changes nothing: the game was played, the progress had moved on."""
    try:
        progress, reward = record_result(
            bundled_world(), record.progress, result.duelist_id, result.outcome, result.deck_id
        )
    except ValueError:
        return record, Reward()
    collection = dict(record.collection)
    if reward.promo is not None:
        collection[reward.promo] = collection.get(reward.promo, 0) + 1
    after = replace(
        record, progress=progress, packs=record.packs + reward.packs, collection=collection
    )
    return after, reward


def check_opening(record: CampaignRecord | None, opening: PackOpening) -> CampaignRecord:
    """``record`` if ``opening`` may be stored on it: the player began the campaign, has an
    unopened pack and ``opening`` is their next one; else ``Conflict``."""
    if record is None:
        raise Conflict(f"'{opening.user_id}' has not begun the campaign")
    if record.packs < 1 or opening.number != record.opened + 1:
        raise Conflict(
            f"pack {opening.number} cannot be opened: {record.packs} unopened,"
            f" {record.opened} opened"
        )
    return record
