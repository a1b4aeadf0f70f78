"""Security headers on every HTTP response, and the API docs page with its own policy.

What lives here: ``SecurityHeaders`` (ASGI middleware: a Content-Security-Policy, unless
the response set its own, plus ``nosniff``, ``Referrer-Policy`` and ``X-Frame-Options``)
and ``docs_page`` (the Swagger UI page and the policy that lets exactly it run). What must
not: routes or application logic.

The page's policy: everything from this origin only (``default-src 'self'``), no inline
script or style, no plugins, and no framing by anyone (``frame-ancestors 'none'``, and
``X-Frame-Options: DENY`` for browsers older than CSP 2). ``connect-src 'self'`` covers the
game socket: CSP 3 matches ``ws:``/``wss:`` of the same host to ``'self'``. The browser
client is written for it: no inline script, no ``style`` attributes (it sets styles
through the CSSOM, which a policy does not block).

The docs page loads Swagger UI from its CDN and starts it with one inline script, so it
gets a policy naming that CDN and the inline script's hash (not ``'unsafe-inline'`` for
scripts); its styles are inline, which only that page allows.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
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
SWAGGER_CDN = "https://cdn.jsdelivr.net"
SWAGGER_ICON = "https://fastapi.tiangolo.com"
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


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
    """Swagger UI for ``openapi_url``, with a policy admitting its CDN and its inline
    script (by hash, computed from the page served)."""
    page = get_swagger_ui_html(openapi_url=openapi_url, title=f"{title} - Swagger UI")
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'"
        for script in _INLINE_SCRIPT.findall(bytes(page.body))
    )
    page.headers["content-security-policy"] = "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {SWAGGER_CDN} {hashes}",
            f"style-src 'self' {SWAGGER_CDN} 'unsafe-inline'",
            f"img-src 'self' data: {SWAGGER_ICON}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )
    return page
