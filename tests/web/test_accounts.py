"""Accounts in the page: create one, log out, log in again and find one's decks; a guest who
creates an account keeps everything (the same user); refusals read as sentences."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.web.conftest import NewPage, Shot
from tests.web.play import sign_in

PASSWORD = "tidepool-42x"


def save_starter_copy(page: Page, name: str) -> str:
    """Save a copy of a starter under ``name`` in the deck builder; returns its id."""
    page.goto("/?decks")
    page.select_option("#deck-template", "starter:ember-rush")
    page.fill("#deck-name", name)
    expect(page.locator(".problems")).to_have_attribute("data-valid", "true")
    page.click("[data-save-deck]")
    saved = page.locator(".problems[data-saved]")
    expect(saved).to_have_count(1)
    return saved.get_attribute("data-saved") or ""


def log_out(page: Page, guest: bool = False) -> None:
    page.locator("#who [data-logout]").click()
    if guest:
        page.locator("dialog[data-slot=confirm]").get_by_role(
            "button", name="Log out anyway"
        ).click()
    expect(page.locator(".auth-login")).to_be_visible()
    assert page.evaluate("() => localStorage.getItem('mantimon.session')") is None


def test_create_an_account_log_out_log_in_and_find_ones_decks(
    new_page: NewPage, shot: Shot
) -> None:
    page = new_page()
    page.goto("/")
    signup = page.locator(".auth-signup")
    # The password fields tell password managers what they hold.
    expect(page.locator("#signup-password")).to_have_attribute("autocomplete", "new-password")
    expect(page.locator("#login-password")).to_have_attribute("autocomplete", "current-password")
    expect(page.locator("#login-username")).to_have_attribute("autocomplete", "username")
    page.fill("#signup-username", "marin")
    page.fill("#signup-password", "short")
    signup.get_by_role("button", name="Create account").click()
    expect(signup.get_by_role("alert")).to_have_text(
        "The password is too short: use at least 8 characters."
    )
    page.fill("#signup-password", PASSWORD)
    page.fill("#signup-name", "Marin")
    signup.get_by_role("button", name="Create account").click()
    who = page.locator("#who")
    expect(who).to_contain_text("Playing as Marin")
    expect(who).not_to_contain_text("guest")
    expect(page.get_by_text("Playing as")).to_have_count(1)  # once, in the top bar
    deck_id = save_starter_copy(page, "Marin's Embers")

    page.goto("/")
    log_out(page)
    login = page.locator(".auth-login")
    page.fill("#login-username", "Marin")  # usernames are not case-sensitive
    page.fill("#login-password", "not-the-password")
    login.get_by_role("button", name="Log in").click()
    expect(login.get_by_role("alert")).to_have_text("Wrong username or password.")
    page.fill("#login-password", PASSWORD)
    login.get_by_role("button", name="Log in").click()
    expect(who).to_contain_text("Playing as Marin")
    expect(page.locator(f"#deck option[value='deck:{deck_id}']")).to_have_text("Marin's Embers")

    # Someone else cannot take the name.
    other = new_page()
    other.goto("/")
    other.fill("#signup-username", "MARIN")
    other.fill("#signup-password", PASSWORD + "y")
    other.locator(".auth-signup").get_by_role("button", name="Create account").click()
    expect(other.locator(".auth-signup").get_by_role("alert")).to_have_text(
        "That username is taken: choose another one."
    )
    other.fill("#signup-username", "two words")
    other.locator(".auth-signup").get_by_role("button", name="Create account").click()
    expect(other.locator(".auth-signup").get_by_role("alert")).to_contain_text(
        "only letters, digits"
    )
    shot(other, "account.png")


def test_a_guest_who_creates_an_account_keeps_a_saved_deck(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Tova")
    me = page.evaluate("() => JSON.parse(localStorage.getItem('mantimon.session')).user.id")
    deck_id = save_starter_copy(page, "Guest Deck")
    page.goto("/")
    expect(page.locator("#who")).to_contain_text("(guest)")
    page.locator("#who [data-register]").click()
    dialog = page.locator("dialog[data-slot=account]")
    expect(dialog.locator("#upgrade-name")).to_have_value("Tova")
    dialog.locator("#upgrade-username").fill("tova")
    dialog.locator("#upgrade-password").fill(PASSWORD)
    dialog.get_by_role("button", name="Create account").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(".toast")).to_contain_text("logged in as tova")
    expect(page.locator("#who")).not_to_contain_text("(guest)")
    session = page.evaluate("() => JSON.parse(localStorage.getItem('mantimon.session'))")
    assert (session["user"]["id"], session["user"]["guest"]) == (me, False)  # the same user

    log_out(page)  # a registered user logs out without a warning
    page.fill("#login-username", "tova")
    page.fill("#login-password", PASSWORD)
    page.locator(".auth-login").get_by_role("button", name="Log in").click()
    expect(page.locator(f"#deck option[value='deck:{deck_id}']")).to_have_text("Guest Deck")


def test_logging_out_a_guest_warns_and_ends_the_sign_in(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Ana")
    old = page.evaluate("() => JSON.parse(localStorage.getItem('mantimon.session'))")
    page.locator("#who [data-logout]").click()
    confirm = page.locator("dialog[data-slot=confirm]")
    expect(confirm).to_contain_text("cannot come back")
    confirm.get_by_role("button", name="Stay").click()
    expect(page.locator("#who")).to_contain_text("Playing as Ana")
    log_out(page, guest=True)
    refused = page.request.post("/api/auth/refresh", data={"refresh_token": old["refresh_token"]})
    assert refused.status == 401  # logged out on the server, not only forgotten here
