"""Operations: liveness, readiness (storage reachable), Prometheus metrics, protocol schema."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from mantimon.protocol import json_schema
from mantimon.server.rest.common import ServicesDep

router = APIRouter(tags=["ops"])


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready")
async def ready(svc: ServicesDep) -> Response:
    try:
        await svc.store.ping()
    except Exception as exc:
        return JSONResponse({"status": "unavailable", "reason": str(exc)}, status_code=503)
    return JSONResponse({"status": "ready"})


@router.get("/metrics")
async def metrics(svc: ServicesDep) -> Response:
    return Response(svc.hub.metrics.render(), media_type="text/plain; version=0.0.4")


@router.get("/api/protocol/schema")
async def schema() -> dict[str, Any]:
    return json_schema()
