"""No secret reaches a log: the server started as ``mantimon serve`` starts it, at log level
info, is used with tokens in every place a client may put them, and its captured output
holds none of them (while it does hold the request lines, so the log was really written).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import orjson
import websockets

from mantimon.server.logs import REDACTED, RedactSecrets, redact
from tests.server.harness import HTTP_TIMEOUT, free_port


async def _wait_ready(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
        while True:
            try:
                if (await http.get(f"{url}/ready")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("server did not start: " + log.read_text()[-2000:])
            await asyncio.sleep(0.1)


async def test_the_served_log_holds_no_token(tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "server.log"
    cmd = [
        sys.executable, "-c", "from mantimon.cli import app; app()", "serve",
        "--port", str(port), "--database-url", "memory", "--var-dir", str(tmp_path),
        "--log-level", "info",
    ]  # fmt: skip
    env = {**os.environ, "MANTIMON_JWT_SECRET": "log-test-secret-" + "x" * 40}
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            await _wait_ready(url, proc, log)
            async with httpx.AsyncClient(base_url=url, timeout=HTTP_TIMEOUT) as http:
                tokens = (await http.post("/api/auth/guest", json={"name": "Ana"})).json()
                access, refresh = tokens["access_token"], tokens["refresh_token"]
                bearer = {"authorization": f"Bearer {access}"}
                assert (await http.get("/api/users/me", headers=bearer)).status_code == 200
                await http.get(f"/health?token={access}&refresh_token={refresh}")
                await http.get(f"/api/users/me?access_token={access}")
                rotated = await http.post("/api/auth/refresh", json={"refresh_token": refresh})
                secrets = [access, refresh, *rotated.json().values()]
            ws_url = f"ws://127.0.0.1:{port}/ws"
            for target, headers in ((f"{ws_url}?token={access}", None), (ws_url, bearer)):
                async with websockets.connect(target, additional_headers=headers) as ws:
                    await ws.send(orjson.dumps({"type": "heartbeat"}).decode())
                    assert orjson.loads(await ws.recv())["type"] == "heartbeat_ack"
            async with websockets.connect(f"{ws_url}?token={access[:-4]}AAAA") as ws:
                assert orjson.loads(await ws.recv())["code"] == "authentication_failed"
        finally:
            proc.terminate()
            proc.wait(30)
    text = log.read_text()
    assert '"WebSocket /ws' in text and "GET /health" in text and "POST /api/auth/refresh" in text
    for secret in secrets:
        if isinstance(secret, str) and len(secret) > 20:
            for part in secret.split("."):  # not even one part of a token
                assert part not in text, f"a token part is in the log:\n{text}"


def test_redact_finds_every_kind_of_secret() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl"
    cases = {
        f"GET /ws?token={jwt} HTTP/1.1": f"GET /ws?token={REDACTED} HTTP/1.1",
        "GET /x?a=1&access_token=abc.def&b=2": f"GET /x?a=1&access_token={REDACTED}&b=2",
        "Authorization: Bearer abc-123.xyz": f"Authorization: Bearer {REDACTED}",
        f"token was {jwt}!": f"token was {REDACTED}!",
        "postgresql+asyncpg://app:s3cret@db:5432/x": f"postgresql+asyncpg://app:{REDACTED}@db:5432/x",
        "GET /?join=g-123 HTTP/1.1": "GET /?join=g-123 HTTP/1.1",
    }
    for text, expected in cases.items():
        assert redact(text) == expected


def test_a_traceback_is_redacted_too() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError("bad token eyJa.eyJb.sig in /ws?token=eyJa.eyJb.sig")
        except ValueError:
            logger.error("failed for %s", "Bearer eyJa.eyJb.sig", exc_info=True)
    finally:
        logger.removeHandler(handler)
    text = out.getvalue()
    assert "eyJ" not in text and text.startswith(f"failed for Bearer {REDACTED}\n")
    assert f"ValueError: bad token {REDACTED} in /ws?token={REDACTED}" in text
