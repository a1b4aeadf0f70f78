"""The card pool and starter decks, read-only.

Each attack also carries ``damage_label``, the damage to show ("50", "30×", "20+"), derived
by the engine from the attack's data so that no client works it out on its own.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mantimon.cards import CardDef, CreatureCard
from mantimon.engine import damage_label
from mantimon.server.rest.common import ApiError, ServicesDep

router = APIRouter(tags=["cards"])


def card_json(card: CardDef) -> dict[str, Any]:
    data: dict[str, Any] = card.model_dump(mode="json")
    if isinstance(card, CreatureCard):
        for attack, shown in zip(card.attacks, data["attacks"], strict=True):
            shown["damage_label"] = damage_label(attack)
    return data


@router.get("/api/cards")
async def cards(
    svc: ServicesDep, kind: str | None = None, type: str | None = None
) -> list[dict[str, Any]]:
    """Every card (optionally only one ``kind``: creature, trainer, energy; or one ``type``)."""
    out = []
    for card in svc.pool:
        if kind is not None and card.kind != kind:
            continue
        if type is not None and getattr(card, "type", getattr(card, "energy_type", None)) != type:
            continue
        out.append(card_json(card))
    return out


@router.get("/api/cards/{card_id}")
async def card(card_id: str, svc: ServicesDep) -> dict[str, Any]:
    if card_id not in svc.pool:
        raise ApiError(404, "card_not_found", f"no card '{card_id}'")
    return card_json(svc.pool[card_id])
