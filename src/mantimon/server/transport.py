"""What the ASGI server (uvicorn) enforces before our code sees a byte.

What lives here: ``uvicorn_options(settings)``, the one set of transport options that
``mantimon serve``, the test harness and the benches all run with, so the limits tested
are the limits served. What must not: anything about messages (``mantimon.protocol``) or
request bodies (``bodylimit``), or a second copy of these options anywhere else.

Why each one:

* ``ws_max_size`` = the frame limit (64 KiB). The WebSocket library checks a frame's
  declared length in its header and closes with 1009 before reading the payload; the
  application's own check (``decode``) only sees frames that were read whole, so left at
  uvicorn's 16 MiB default (or the 4 MiB we had) each socket could make the server buffer
  that much before refusing it. ``ws_max_queue`` bounds how many such messages the
  ``websockets`` (legacy) implementation queues per socket; the default sans-I/O one
  stops reading after each message until the application takes it.
* ``http="h11"`` with a 16 KiB ``h11_max_incomplete_event_size``: a request line plus
  headers larger than that is refused and the connection closed. The faster ``httptools``
  parser has no such limit: one connection sending a header that never ends made the
  server hold 13 MB and counting. Only the HTTP part of a request is parsed by it; game
  traffic runs on the WebSocket protocol after the upgrade.
* No time limit exists in uvicorn for a request that arrives slowly (slow headers, a body
  trickled byte by byte): the reverse proxy in front closes those (``deploy/haproxy.cfg``,
  README "Deployment"). ``trusted_proxies`` names that proxy: uvicorn's proxy-headers
  layer then takes the client's address from its ``X-Forwarded-For`` (the per-address
  limits of ``limits.py`` count that address), and ignores the header from anyone else.
  This is the only place the headers are read; an empty setting turns the layer off
  (uvicorn would otherwise fall back to its own ``FORWARDED_ALLOW_IPS`` variable).
* ``log_config``: uvicorn's logging with every record passed through the redaction of
  ``logs.py`` (the access log shows ``/ws?token=...``).
* Compression off: compressing each ~10 KB state costs the server about a sixth of its
  CPU per action; put a compressing proxy in front if bandwidth matters more than CPU.
  Pings off: the application closes silent sockets itself (``idle_seconds``).
"""

from __future__ import annotations

import os
from typing import Any

from mantimon.server.logs import log_config
from mantimon.server.settings import Settings

MAX_HEADER_BYTES = 16 * 1024
"""Largest request line plus headers (h11's default; the proxy's buffer is as large)."""


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``uvicorn.run``/``uvicorn.Config`` (besides the app)."""
    return {
        "host": settings.host,
        "port": settings.port,
        "http": "h11",
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        # MANTIMON_WS_IMPL picks another uvicorn WebSocket implementation (benchmarks).
        "ws": os.environ.get("MANTIMON_WS_IMPL", "websockets-sansio"),
        "ws_max_size": settings.max_message_bytes,
        "ws_max_queue": 4,
        "ws_per_message_deflate": False,
        "ws_ping_interval": None,
        "proxy_headers": bool(settings.trusted_proxies.strip()),
        "forwarded_allow_ips": settings.trusted_proxies,
        "log_config": log_config(),  # no token or password reaches a log
    }
