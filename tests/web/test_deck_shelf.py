"""The deck builder's saved decks: rename one (its cards stay), delete one after a
confirmation (cancelling keeps it), and the start page's deck list follows."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.web.conftest import NewPage
from tests.web.play import sign_in
from tests.web.test_accounts import save_starter_copy


def test_rename_and_delete_a_saved_deck(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Shelly")
    keep = save_starter_copy(page, "Keeper")
    gone = save_starter_copy(page, "Doomed")
    rows = page.locator("[data-saved-deck]")
    expect(rows).to_have_count(2)

    # Rename: a blank name is refused in the dialog; a good one is saved.
    page.locator(f"[data-rename='{keep}']").click()
    dialog = page.locator("dialog[data-slot=rename]")
    dialog.locator("#rename-input").fill("   ")
    dialog.get_by_role("button", name="Rename").click()
    expect(dialog.get_by_role("alert")).to_have_text("A deck needs a name.")
    dialog.locator("#rename-input").fill("Old Faithful")
    dialog.get_by_role("button", name="Rename").click()
    expect(dialog).to_have_count(0)
    expect(page.locator(f"[data-saved-deck='{keep}']")).to_contain_text("Old Faithful")
    expect(page.locator(f"#deck-template option[value='deck:{keep}']")).to_have_text("Old Faithful")
    stored = page.request.get(
        f"/api/decks/{keep}",
        headers={
            "authorization": "Bearer "
            + page.evaluate(
                "() => JSON.parse(localStorage.getItem('mantimon.session')).access_token"
            )
        },
    ).json()
    assert stored["name"] == "Old Faithful" and len(stored["cards"]) == 40

    # Delete: cancelling keeps the deck; confirming removes it everywhere.
    page.locator(f"[data-delete='{gone}']").click()
    confirm = page.locator("dialog[data-slot=confirm]")
    expect(confirm).to_contain_text("Doomed")
    confirm.get_by_role("button", name="Keep it").click()
    expect(rows).to_have_count(2)
    page.locator(f"[data-delete='{gone}']").click()
    confirm.get_by_role("button", name="Delete the deck").click()
    expect(rows).to_have_count(1)
    expect(page.locator(f"#deck-template option[value='deck:{gone}']")).to_have_count(0)
    expect(page.locator(".toast", has_text="Deleted “Doomed”")).to_have_count(1)

    page.get_by_role("button", name="Back to start").click()
    expect(page.locator(f"#deck option[value='deck:{keep}']")).to_have_text("Old Faithful")
    expect(page.locator(f"#deck option[value='deck:{gone}']")).to_have_count(0)
    expect(page.locator("#deck")).not_to_have_value(f"deck:{gone}")  # no longer selected
