"""/docs works without internet: the page and Swagger UI's script and style are served
from this server (out of an installed package), under the strict page policy.

The browser side (Swagger UI really starts under that policy, with every request to
another origin refused) is in tests/web/test_security_headers.py.
"""

from __future__ import annotations

import re

import httpx

from tests.server.harness import ServerThread


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


async def test_the_docs_page_names_no_other_origin_and_its_assets_are_served(
    server: ServerThread,
) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        page = await http.get("/docs")
        assert page.status_code == 200
        assert not re.search(r"https?://", page.text), "the docs page must not load from a CDN"
        policy = _directives(page.headers["content-security-policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]  # no CDN, no hash, no 'unsafe-inline'
        assert policy["style-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "<script>" not in page.text  # every script is a file of this origin
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assets = [s for s in sources if s.startswith("/docs/assets/")]
        assert sorted(a.rsplit("/", 1)[1] for a in assets) == [
            "start.js",
            "swagger-ui-bundle.js",
            "swagger-ui.css",
        ]
        for path in assets:
            r = await http.get(path)
            assert r.status_code == 200, path
            kind = "text/css" if path.endswith(".css") else "text/javascript"
            assert r.headers["content-type"].startswith(kind), path
            assert r.headers["x-content-type-options"] == "nosniff"
        bundle = await http.get("/docs/assets/swagger-ui-bundle.js")
        assert "SwaggerUIBundle" in bundle.text and len(bundle.content) > 500_000
        start = await http.get("/docs/assets/start.js")
        assert "openapiUrl" in start.text
        assert (await http.get("/openapi.json")).status_code == 200


async def test_only_the_named_assets_are_served(server: ServerThread) -> None:
    async with httpx.AsyncClient(base_url=server.url) as http:
        for name in ("core.py", "redoc.standalone.js", "favicon.png", "index.html"):
            r = await http.get(f"/docs/assets/{name}")
            assert r.status_code == 404, name
            assert r.json()["error"]["code"] == "not_found"
        r = await http.get("/docs/assets/..%2F..%2Fcore.py")  # no way out of the list
        assert r.status_code == 404
