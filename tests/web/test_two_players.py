"""Two people play through an invite link (one reloads mid-game, one loses the connection),
and a third watches without ever seeing a card from either hand."""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage
from tests.web.play import play_until, sign_in


def turn(page: Page) -> int:
    return int(page.locator("#game").get_attribute("data-turn") or 0)


def view(page: Page) -> dict[str, Any]:
    found: dict[str, Any] = page.evaluate("window.mantimon.view()")
    return found


def hand_names(v: dict[str, Any]) -> set[str]:
    return {ref["name"] for p in v["players"] if p["hand"] for ref in p["hand"]}


def same_event(pages: list[Page]) -> None:
    """Wait until every page shows the same latest event (nobody is moving meanwhile)."""
    target = pages[0].locator("#game").get_attribute("data-event-id")
    for page in pages[1:]:
        expect(page.locator("#game")).to_have_attribute("data-event-id", target or "")


def test_invite_reload_reconnect_spectate_and_resign(new_page: NewPage) -> None:
    ana = new_page()
    sign_in(ana, "Ana")
    ana.click("[data-create-invite]")
    link_field = ana.locator("#invite-link")
    expect(link_field).to_have_value(re.compile(r"/\?join=g-[0-9a-f]+$"))
    link = link_field.input_value()
    game_id = link.rsplit("=", 1)[1]

    bo = new_page()
    bo.goto(link)
    expect(bo.get_by_text("You were invited to a game")).to_be_visible()
    bo.fill("#name", "Bo")
    bo.click("button[type=submit]")
    bo.select_option("#deck", "starter:tidal-mind")
    bo.click(f"[data-join-game='{game_id}']")
    for page in (ana, bo):
        expect(page.locator("#game")).to_have_attribute("data-phase", "setup")
    expect(ana.locator(".side-them .side-title")).to_contain_text("Bo")

    watcher = new_page()
    sign_in(watcher, "Cy")
    watcher.click(f"[data-watch='{game_id}']")
    expect(watcher.locator("#game")).to_have_attribute("data-role", "spectator")

    play_until([ana, bo], lambda: turn(ana) >= 3)

    # Bo reloads mid-game: the same game comes back and play goes on.
    before = int(bo.locator("#game").get_attribute("data-event-id") or 0)
    bo.reload()
    expect(bo).to_have_url(re.compile(f"game={game_id}"))
    expect(bo.locator("#game")).to_have_attribute("data-net", "open")
    assert int(bo.locator("#game").get_attribute("data-event-id") or 0) >= before
    expect(ana.locator("[data-presence]")).to_have_attribute("data-presence", "connected")
    play_until([ana, bo], lambda: turn(ana) >= 5)

    # Ana's connection drops: "reconnecting…", then she is back with what she missed.
    ana.evaluate("window.mantimon.dropSocket()")
    expect(ana.locator("[data-banner=reconnecting]")).to_be_visible()
    expect(bo.locator("[data-presence]")).to_have_attribute("data-presence", "reconnecting")
    expect(ana.locator("#game")).to_have_attribute("data-net", "open")
    expect(bo.locator("[data-presence]")).to_have_attribute("data-presence", "connected")
    play_until([ana, bo], lambda: turn(ana) >= 6)

    # The spectator sees both boards but no card of either hand.
    same_event([ana, bo, watcher])
    seen = view(watcher)
    assert seen["viewer"] is None
    assert all(p["hand"] is None for p in seen["players"])
    public = json.dumps(seen)
    hidden = {n for n in hand_names(view(ana)) | hand_names(view(bo)) if n not in public}
    assert hidden, "both hands hold only cards that are also in plain sight: nothing to check"
    page_html = watcher.content()
    assert not [n for n in hidden if n in page_html]
    expect(watcher.locator(".side")).to_have_count(2)
    expect(ana.locator(".spectators")).to_contain_text("1 watching")

    # Bo resigns: everyone sees the result.
    bo.get_by_role("button", name="Resign").click()
    bo.locator("dialog[data-slot=confirm]").get_by_role("button", name="Resign").click()
    for page, title in ((ana, "You won!"), (bo, "You lost"), (watcher, "Ana won")):
        dialog = page.locator("dialog[data-slot=over][open]")
        expect(dialog.get_by_role("heading", name=title)).to_be_visible()
        expect(dialog.locator(".over-reason")).to_have_attribute("data-reason", "resignation")
    expect(watcher.locator("[data-rematch]")).to_have_count(0)
