"""The campaign's rows on SQL: a player's campaign, granting a result, opening a pack.

What lives here: functions of a SQLAlchemy ``Connection`` that ``SqlStore`` runs in its
transactions (``grant`` inside the one that records a game's end). What must not: the
campaign's rules (``storage.grants`` applies them) or transactions of its own.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from mantimon.campaign.progress import progress_from_json, progress_to_json
from mantimon.storage.grants import apply_result, check_opening
from mantimon.storage.ports import CampaignEntry, CampaignRecord, CampaignResult, PackOpening
from mantimon.storage.sql.schema import campaign_results, campaigns, collections, pack_openings


def read(conn: Connection, user_id: str, lock: bool = False) -> CampaignRecord | None:
    """``user_id``'s campaign (``lock``: the row held until the transaction ends, on
    PostgreSQL; SQLite has one writer)."""
    stmt = sa.select(campaigns).where(campaigns.c.user_id == user_id)
    if lock and conn.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = conn.execute(stmt).mappings().first()
    if row is None:
        return None
    owned = conn.execute(
        sa.select(collections.c.card_id, collections.c.count).where(
            collections.c.user_id == user_id
        )
    )
    return CampaignRecord(
        user_id=user_id,
        progress=progress_from_json(row["progress"]),
        seed=int(row["seed"]),
        packs=row["packs"],
        opened=row["opened"],
        collection={str(card): int(n) for card, n in owned},
        started_at=row["started_at"],
    )


def start(
    conn: Connection, user_id: str, collection: dict[str, int], seed: int, now: float
) -> CampaignRecord:
    record = CampaignRecord(user_id, progress_from_json({}), seed, 0, 0, dict(collection), now)
    conn.execute(
        campaigns.insert().values(
            user_id=user_id,
            progress=progress_to_json(record.progress),
            seed=str(seed),
            packs=0,
            opened=0,
            started_at=now,
            updated_at=now,
        )
    )
    _add_cards(conn, user_id, collection)
    return record


def grant(conn: Connection, result: CampaignResult) -> None:
    """Apply ``result`` once: a (user, game) pair already in ``campaign_results`` is
    skipped; a player without a campaign gets the result recorded and nothing else."""
    done = conn.execute(
        sa.select(sa.literal(1)).where(
            campaign_results.c.user_id == result.user_id,
            campaign_results.c.game_id == result.game_id,
        )
    ).first()
    if done is not None:
        return
    record = read(conn, result.user_id, lock=True)
    packs, medal, promo, crowned = 0, None, None, False
    if record is not None:
        after, reward = apply_result(record, result)
        packs, medal, promo = reward.packs, reward.medal, reward.promo
        crowned = reward.became_champion
        conn.execute(
            campaigns.update()
            .where(campaigns.c.user_id == result.user_id)
            .values(
                progress=progress_to_json(after.progress),
                packs=campaigns.c.packs + packs,
                updated_at=result.at,
            )
        )
        if promo is not None:
            _add_cards(conn, result.user_id, {promo: 1})
    conn.execute(
        campaign_results.insert().values(
            user_id=result.user_id,
            game_id=result.game_id,
            duelist_id=result.duelist_id,
            outcome=result.outcome,
            deck_id=result.deck_id,
            packs=packs,
            medal=medal,
            promo=promo,
            crowned=crowned,
            at=result.at,
        )
    )


def record_opening(conn: Connection, opening: PackOpening) -> CampaignRecord:
    check_opening(read(conn, opening.user_id, lock=True), opening)
    conn.execute(
        pack_openings.insert().values(
            user_id=opening.user_id,
            number=opening.number,
            seed=str(opening.seed),
            cards=list(opening.cards),
            at=opening.at,
        )
    )
    conn.execute(
        campaigns.update()
        .where(campaigns.c.user_id == opening.user_id)
        .values(packs=campaigns.c.packs - 1, opened=opening.number, updated_at=opening.at)
    )
    added: dict[str, int] = {}
    for card in opening.cards:
        added[card] = added.get(card, 0) + 1
    _add_cards(conn, opening.user_id, added)
    found = read(conn, opening.user_id)
    assert found is not None
    return found


def openings(conn: Connection, user_id: str) -> list[PackOpening]:
    rows = conn.execute(
        sa.select(pack_openings)
        .where(pack_openings.c.user_id == user_id)
        .order_by(pack_openings.c.number)
    ).mappings()
    return [
        PackOpening(r["user_id"], r["number"], int(r["seed"]), tuple(r["cards"]), r["at"])
        for r in rows
    ]


def _add_cards(conn: Connection, user_id: str, cards: dict[str, int]) -> None:
    """Add copies to ``user_id``'s collection (an upsert per card)."""
    if not cards:
        return
    rows: list[dict[str, Any]] = [
        {"user_id": user_id, "card_id": c, "count": n} for c, n in sorted(cards.items())
    ]
    insert = (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(collections)
    conn.execute(
        insert.on_conflict_do_update(
            index_elements=["user_id", "card_id"],
            set_={"count": collections.c.count + insert.excluded["count"]},
        ),
        rows,
    )


def history(conn: Connection, user_id: str) -> list[CampaignEntry]:
    rows = conn.execute(
        sa.select(campaign_results)
        .where(campaign_results.c.user_id == user_id)
        .order_by(campaign_results.c.at, campaign_results.c.game_id)
    ).mappings()
    return [
        CampaignEntry(
            CampaignResult(
                r["user_id"], r["game_id"], r["duelist_id"], r["outcome"], r["deck_id"], r["at"]
            ),
            r["packs"],
            r["medal"],
            r["promo"],
            bool(r["crowned"]),
        )
        for r in rows
    ]


def champions(conn: Connection, limit: int) -> list[tuple[str, float]]:
    rows = conn.execute(
        sa.select(campaign_results.c.user_id, campaign_results.c.at)
        .where(campaign_results.c.crowned.is_(True))
        .order_by(campaign_results.c.at, campaign_results.c.user_id)
        .limit(limit)
    )
    return [(str(u), float(at)) for u, at in rows]
