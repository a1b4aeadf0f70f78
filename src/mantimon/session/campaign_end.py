"""A campaign game's result, as the step that ends the game stores it.

What lives here: ``campaign_result`` (a finished match -> the ``CampaignResult`` its ending
commit carries, or None for a game outside the campaign). The store grants it in that same
transaction (docs/CAMPAIGN.md "How a result is granted exactly once"). What must not: the
campaign's rules (the store applies ``campaign.record_result``) or I/O.
"""

from __future__ import annotations

from typing import Literal

from mantimon.session.match import Match
from mantimon.storage import CampaignResult


def campaign_result(match: Match, now: float) -> CampaignResult | None:
    """The campaign result a finished campaign game grants, in the commit that records its
    end (so it is granted exactly when the end is stored: docs/CAMPAIGN.md). A campaign
    game names its player, duelist and deck in its settings (``campaign``); others: None."""
    spec = match.game.settings.get("campaign")
    state = match.state
    if not spec or state is None or not state.over:
        return None
    user = str(spec["user"])
    winner = state.players[state.winner].id if state.winner is not None else None
    outcome: Literal["win", "loss", "draw"] = (
        "draw" if winner is None else "win" if winner == user else "loss"
    )
    return CampaignResult(user, match.id, str(spec["duelist"]), outcome, str(spec["deck"]), now)
