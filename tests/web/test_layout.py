"""The page at a phone's width (390 px): no horizontal scrolling on any screen, and the
basics of access: every control reachable by keyboard has a visible name."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import sign_in, step, wait_turn

PHONE = {"width": 390, "height": 844}


def no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths[:2]) <= widths[2], f"the page scrolls sideways: {widths}"


def unnamed_controls(page: Page) -> list[str]:
    found: list[str] = page.evaluate(
        """() => [...document.querySelectorAll('button, a[href], input, select, summary')]
             .filter(el => el.offsetParent !== null)
             .filter(el => !(el.getAttribute('aria-label') || el.textContent.trim()
                             || (el.labels && el.labels.length) || el.placeholder))
             .map(el => el.outerHTML.slice(0, 80))"""
    )
    return found


def test_phone_width_has_no_horizontal_scroll(new_page: NewPage, shot: Shot) -> None:
    page = new_page(**PHONE)
    sign_in(page, "Phoebe with a rather long display name")
    no_horizontal_scroll(page)
    assert not unnamed_controls(page)

    page.get_by_role("button", name="Build or edit a deck").click()
    expect(page.locator(".pool-row").first).to_be_visible()
    no_horizontal_scroll(page)

    page.get_by_role("button", name="Back to start").click()
    page.click("[data-bot=greedy]")
    state = {"tries": 0}
    while wait_turn(page) and int(page.locator("#game").get_attribute("data-turn") or 0) < 3:
        step(page, state)
        no_horizontal_scroll(page)
    no_horizontal_scroll(page)
    assert not unnamed_controls(page)
    shot(page, "phone.png", full_page=True)

    # Keyboard: Tab reaches a card, Enter opens what it can do, Escape closes it.
    page.keyboard.press("Tab")
    for _ in range(40):
        if page.evaluate("document.activeElement.dataset.uid !== undefined"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    dialog = page.locator("dialog[data-slot=card][open]")
    expect(dialog).to_be_visible()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
