"""The ranked ladder in the browser (docs/LADDER.md): two people with accounts press
"Ranked match" on the start page, are paired into one ranked game, one resigns, and both
see their new rating on the ladder page (their own row highlighted, their rating history
drawn); a guest is told to register. The screenshot is ``ladder.png``."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import sign_in

PASSWORD = "a quiet harbor"


def register(page: Page, username: str, name: str) -> None:
    """A new account, made through the page's own API module (as its sign-up form does)."""
    page.goto("/")
    page.evaluate(
        "([u, p, n]) => import('/js/api.js').then((api) => api.register(u, p, n))",
        [username, PASSWORD, name],
    )
    page.goto("/")
    page.wait_for_selector(".start")


def rating_row(page: Page, name: str) -> tuple[int, int]:
    """(rating, games) of ``name``'s leaderboard row."""
    row = page.locator("tr", has=page.locator("th", has_text=name))
    cells = row.locator("td")
    return int(cells.nth(1).inner_text()), int(cells.nth(3).inner_text())


def test_two_players_play_ranked_and_see_their_ratings_move(
    new_page: NewPage, shot: Shot, screenshots: Path
) -> None:
    ana, bo = new_page(), new_page()
    register(ana, "ana_ladder", "Ana")
    register(bo, "bo_ladder", "Bo")

    ana.click("[data-ranked]")
    expect(ana.get_by_role("status").filter(has_text="ranked opponent")).to_be_visible()
    bo.click("[data-ranked]")
    for page in (ana, bo):
        expect(page).to_have_url(re.compile(r"\?game=g-"))
        expect(page.locator("#game")).to_have_attribute("data-phase", "setup")
    assert ana.url.split("game=")[1] == bo.url.split("game=")[1]

    # Bo resigns at once: a loss for Bo, a win for Ana.
    bo.get_by_role("button", name="Resign").click()
    bo.locator("dialog[data-slot=confirm]").get_by_role("button", name="Resign").click()
    for page in (ana, bo):
        expect(page.locator("#game")).to_have_attribute("data-over", "true")

    for page, name in ((ana, "Ana"), (bo, "Bo")):
        page.goto("/?ladder")
        expect(page.get_by_role("heading", name="The ladder")).to_be_visible()
        mine = page.locator("tr.ladder-mine")
        expect(mine).to_have_count(1)
        expect(mine.locator("th")).to_contain_text(name)
        expect(page.locator("svg.rating-chart")).to_be_visible()
    ana_rating, ana_games = rating_row(ana, "Ana")
    bo_rating, bo_games = rating_row(ana, "Bo")
    assert ana_games == bo_games == 1
    assert ana_rating > 1500 > bo_rating
    expect(ana.locator("[data-my-rating]")).to_have_text(str(ana_rating))
    expect(bo.locator("[data-my-rating]")).to_have_text(str(bo_rating))
    expect(ana.locator(".ladder-last")).to_contain_text("won, +")
    expect(bo.locator(".ladder-last")).to_contain_text("lost, −")
    assert ana.locator("tbody tr").first.locator("th").inner_text().startswith("Ana")
    shot(ana, "ladder.png", full_page=True)
    assert (screenshots / "ladder.png").stat().st_size > 10_000

    # From the start page, the ladder is one link away.
    ana.goto("/")
    ana.locator("[data-ranked]").scroll_into_view_if_needed()
    shot(ana, "ladder-start.png")
    ana.click("[data-ladder-link]")
    expect(ana).to_have_url(re.compile(r"\?ladder"))
    expect(ana.locator("tr.ladder-mine")).to_have_count(1)


def test_a_guest_is_told_to_register_for_ranked_play(new_page: NewPage) -> None:
    cy = new_page()
    sign_in(cy, "Cy")
    cy.click("[data-ranked]")
    expect(cy.locator(".toast-error")).to_contain_text("registered accounts")
    expect(cy.get_by_role("button", name="Ranked match")).to_be_visible()  # back to the choice
    cy.goto("/?ladder")
    expect(cy.get_by_text("You have no rating yet")).to_be_visible()
