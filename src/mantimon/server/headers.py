"""Security headers on every HTTP response, and the API docs page served from this origin.

What lives here: ``SecurityHeaders`` (ASGI middleware: a Content-Security-Policy, unless
the response set its own, plus ``nosniff``, ``Referrer-Policy`` and ``X-Frame-Options``),
``docs_page`` (the Swagger UI page) and ``docs_asset`` (its script, style and start-up
script). What must not: routes or application logic.

The page's policy: everything from this origin only (``default-src 'self'``), no inline
script or style, no plugins, and no framing by anyone (``frame-ancestors 'none'``, and
``X-Frame-Options: DENY`` for browsers older than CSP 2). ``connect-src 'self'`` covers the
game socket: CSP 3 matches ``ws:``/``wss:`` of the same host to ``'self'``. The browser
client is written for it: no inline script, no ``style`` attributes (it sets styles
through the CSSOM, which a policy does not block).

The docs page is under the same policy: Swagger UI's bundle and style come from the
``fastapi_offline`` package (a copy shipped on PyPI, so /docs works without internet) and
are served from /docs/assets/, and the page starts Swagger UI with a script file of its
own instead of an inline one. Swagger UI's style sheet draws its icons as ``data:`` SVG
images; ``img-src`` admits ``data:`` on that page only (an image cannot run script).
"""

from __future__ import annotations

import html
from functools import cache
from importlib.resources import files

from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
ALWAYS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
DOCS_ASSETS = "/docs/assets"
DOCS_POLICY = PAGE_POLICY.replace("img-src 'self'", "img-src 'self' data:")
# Swagger UI's start-up, as a file: the page names the OpenAPI document in a data attribute.
_START = """\
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
});
"""
# name served under /docs/assets/ -> (file of the fastapi_offline package or None for
# _START, media type)
_ASSETS = {
    "swagger-ui-bundle.js": ("swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
    "swagger-ui.css": ("swagger-ui.css", "text/css; charset=utf-8"),
    "start.js": (None, "text/javascript; charset=utf-8"),
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers[name] = value
                if "content-security-policy" not in headers:
                    headers["content-security-policy"] = PAGE_POLICY
            await send(message)

        await self.app(scope, receive, send_with_headers)


def docs_page(openapi_url: str, title: str) -> HTMLResponse:
    """Swagger UI for ``openapi_url``: every script and style from this origin, none
    inline, so the page runs under the strict policy (plus ``data:`` images)."""
    page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} - Swagger UI</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{DOCS_ASSETS}/swagger-ui.css">
</head>
<body>
<main id="swagger-ui" data-openapi-url="{html.escape(openapi_url)}"></main>
<script src="{DOCS_ASSETS}/swagger-ui-bundle.js"></script>
<script src="{DOCS_ASSETS}/start.js"></script>
</body>
</html>
"""
    return HTMLResponse(page, headers={"content-security-policy": DOCS_POLICY})


@cache
def _asset_bytes(name: str) -> bytes:
    source, _ = _ASSETS[name]
    if source is None:
        return _START.encode()
    return files("fastapi_offline").joinpath("static", source).read_bytes()


def docs_asset(name: str) -> Response | None:
    """One of the docs page's files by name, or None for any other name. Read from the
    installed package once, then kept (about 1.7 MB); browsers may keep it a day."""
    if name not in _ASSETS:
        return None
    return Response(
        _asset_bytes(name),
        media_type=_ASSETS[name][1],
        headers={"cache-control": "public, max-age=86400"},
    )
