"""How to play (``/?help``): reachable from the start page and from a game's top bar, every
part of the rules has its section, the board diagram and real cards illustrate it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import sign_in

SECTIONS = [
    ("goal", "The goal"),
    ("board", "The board"),
    ("setup", "Getting ready"),
    ("turn", "Your turn"),
    ("energy", "Energy"),
    ("attack", "Attacking and damage"),
    ("evolve", "Evolving"),
    ("retreat", "Retreating"),
    ("trainers", "Trainer cards"),
    ("conditions", "Special conditions"),
    ("knockouts", "Knockouts and points"),
    ("classic", "The Classic rules"),
]


def test_the_help_page_renders_its_sections(new_page: NewPage, shot: Shot) -> None:
    page = new_page(width=1280, height=1000)
    page.goto("/")  # signed out: the start page links to it too
    page.locator("[data-help]").click()
    expect(page).to_have_url(re.compile(r"/\?help$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("How to play Mantimon")
    assert page.title() == "Mantimon: how to play"
    for key, title in SECTIONS:
        section = page.locator(f"[data-help-section={key}]")
        expect(section.get_by_role("heading", level=2)).to_have_text(title)
    expect(page.locator("[data-help-section=goal]")).to_contain_text("Score 4 points")
    expect(page.locator("[data-help-section=attack]")).to_contain_text("30 + 20 = 50")
    board = page.get_by_role("img", name=re.compile("side of the board"))
    expect(board).to_be_visible()
    for zone in ("Active", "Bench: up to 5", "Energy zone", "Points", "Your hand"):
        expect(board).to_contain_text(zone)
    # The evolution line is drawn with the game's own cards.
    cards = page.locator(".help-cards .card")
    expect(cards).to_have_count(3)
    expect(cards.nth(1)).to_contain_text("Stage 1")
    # The contents list jumps to a section.
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Retreating").click()
    expect(page.locator("#help-retreat-title")).to_be_focused()
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "help.png")
    page.get_by_role("button", name="Back to start").click()
    expect(page.locator("#name")).to_be_visible()


def test_a_game_links_to_the_help_in_a_new_tab(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Ana")
    page.click("[data-bot=random]")
    expect(page.locator("#game")).to_have_attribute("data-phase", "setup")
    link = page.locator("[data-help-link]")
    expect(link).to_have_attribute("target", "_blank")
    with page.context.expect_page() as opened:
        link.click()
    help_page = opened.value
    expect(help_page.get_by_role("heading", level=1)).to_have_text("How to play Mantimon")
    expect(page.locator("#game")).to_be_visible()  # the game stays where it was
