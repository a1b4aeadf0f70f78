"""The page runs under a strict Content-Security-Policy (no inline script, nothing from
other origins, no framing) and still works; the API docs page runs under its own policy.

Every browser test fails on a policy violation (``conftest.new_page``); these tests show
the policy is there and enforced: an injected inline script does not run, a page that
frames the game is refused, and the API docs page (Swagger UI served from this origin)
starts under the same strict policy with no other origin reachable.
"""

from __future__ import annotations

import re

from playwright.sync_api import Browser, ConsoleMessage, Route, expect

from tests.server.harness import ServerThread
from tests.web.conftest import NewPage, Shot, csp_violations
from tests.web.play import sign_in, step, wait_turn

INJECT = """() => {
  const script = document.createElement("script");
  script.textContent = "window.injected = true";
  document.head.append(script);
  const div = document.createElement("div");
  div.setAttribute("onclick", "window.injected = true");
  document.body.append(div);
  div.click();
  return window.injected === true;
}"""


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {p[0]: p[1:] for p in parts}


def test_the_page_is_served_with_a_strict_policy_and_works_under_it(new_page: NewPage) -> None:
    page = new_page()
    response = page.goto("/")
    assert response is not None
    headers = response.headers
    policy = _directives(headers["content-security-policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no other origin
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    api = page.request.get("/api/cards")
    assert api.headers["x-content-type-options"] == "nosniff"

    sign_in(page, "Ana")
    page.click("[data-bot=random]")  # REST, the game socket, the board: all under the policy
    expect(page).to_have_url(re.compile(r"\?game=g-"))
    state = {"tries": 0}
    for _ in range(40):  # play until creatures with hp bars are on the board
        if page.locator(".hp-fill").count() or not wait_turn(page):
            break
        step(page, state)
    width = page.locator(".hp-fill").first.evaluate("el => el.style.width")
    assert width.endswith("%")  # set through the CSSOM, which the policy allows


def test_an_injected_script_or_handler_does_not_run(browser: Browser, web: ServerThread) -> None:
    context = browser.new_context(base_url=web.url)  # not new_page: violations are expected
    try:
        page = context.new_page()
        messages: list[ConsoleMessage] = []
        page.on("console", lambda m: messages.append(m))
        page.goto("/")
        assert page.evaluate(INJECT) is False
        page.wait_for_timeout(300)
        assert len(csp_violations(messages)) == 2, [m.text for m in messages]
    finally:
        context.close()


def test_no_page_can_frame_the_game(browser: Browser, web: ServerThread) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        # A page of the same origin: frame-ancestors 'none' refuses even that (and a test
        # cannot serve another origin the browser would let frame a local address at all).
        framer = f"{web.url}/framer"
        page.route(
            framer,
            lambda route: route.fulfill(
                content_type="text/html", body=f'<iframe src="{web.url}/"></iframe>'
            ),
        )
        page.goto(framer)  # waits for the frame's load too
        assert len(page.frames) == 2
        frame = page.frames[1]
        assert frame.locator("#main").count() == 0  # the game did not load inside it
        assert not frame.url.startswith(web.url)  # the browser shows its error page
    finally:
        context.close()


def test_the_docs_page_works_offline_under_the_strict_policy(
    new_page: NewPage, web: ServerThread, shot: Shot
) -> None:
    """Swagger UI starts with every request to another origin refused (as without
    internet); ``new_page`` fails the test on any policy violation."""
    page = new_page()
    elsewhere: list[str] = []

    def offline(route: Route) -> None:
        elsewhere.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(web.url), offline)
    response = page.goto("/docs")
    assert response is not None and response.ok
    policy = _directives(response.headers["content-security-policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Mantimon TCG")
    operation = page.locator(".opblock-summary").first
    operation.click()  # an operation opens: its parameters, schemas and icons draw too
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert elsewhere == []
    shot(page, "docs.png")
