"""Deck codes (js/deckcode.js): the codec's own cases run in the page's JavaScript (its codes
are the Python codec's, cards/deckcode.py), then a deck goes out of the builder as a code
and comes back in as a new deck; a bad code says why and changes nothing."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from mantimon.cards.deckcode import encode_deck
from tests.web.conftest import NewPage
from tests.web.play import sign_in

CODEC = "(async () => await import('/js/deckcode.js'))()"


def run(page: Page, body: str, arg: Any = None) -> Any:
    """Evaluate ``body`` (an async function of ``m``, the module, and ``arg``) in the page."""
    return page.evaluate(
        f"async (arg) => {{ const m = await {CODEC}; return ({body})(m, arg); }}", arg
    )


def decode_error(page: Page, code: str) -> str:
    return str(
        run(
            page,
            "(m, code) => { try { m.decodeDeck(code); return 'no error'; } catch (e) {"
            " return (e instanceof m.DeckCodeError ? '' : 'WRONG TYPE: ') + e.message; } }",
            code,
        )
    )


def test_every_starter_goes_through_a_code_and_back(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    starters = page.request.get("/api/decks/starters").json()
    assert {d["preset"] for d in starters} == {"mantimon", "classic"}
    for deck in starters:
        result = run(
            page,
            """(m, d) => {
              const code = m.encodeDeck(d);
              const back = m.decodeDeck(`  ${code.slice(0, 9)}\\n${code.slice(9)} `);
              const count = (ids) => {
                if (!Array.isArray(ids)) return ids;
                const c = {};
                for (const i of ids) c[i] = (c[i] || 0) + 1;
                return c;
              };
              return { code, preset: back.preset, cards: Object.fromEntries(back.cards),
                       energy: Object.fromEntries(back.energy),
                       want: { cards: count(d.cards), energy: count(d.energy) } };
            }""",
            deck,
        )
        assert result["code"].startswith("mtd1.")
        # The Python codec (the CLI's and the API's) writes the very same code.
        assert result["code"] == encode_deck(deck["preset"], deck["cards"], deck["energy"])
        assert result["preset"] == deck["preset"]
        assert (result["cards"], result["energy"]) == (
            result["want"]["cards"],
            result["want"]["energy"],
        )
        assert result["want"]["cards"]  # the comparison is of real decks
        if deck["preset"] == "mantimon":
            assert len(result["code"]) < 110, result["code"]  # short enough to paste anywhere


def test_the_code_does_not_depend_on_the_order_of_the_cards(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    a, b = run(
        page,
        """(m) => [
          m.encodeDeck({ preset: "classic", energy: {},
            cards: { "m1-050": 2, "x-odd": 1, "energy-fire": 12, "m2-001": 4 } }),
          m.encodeDeck({ preset: "classic", energy: [],
            cards: new Map([["m2-001", 4], ["energy-fire", 12], ["x-odd", 1], ["m1-050", 2]]) }),
        ]""",
    )
    assert a == b


def test_bad_codes_are_refused_with_a_reason(new_page: NewPage) -> None:
    page = new_page()
    page.goto("/")
    good = run(
        page,
        "(m) => m.encodeDeck({ preset: 'mantimon', cards: { 'm1-050': 4 },"
        " energy: { 'energy-fire': 20 } })",
    )
    changed = good[:-3] + ("A" if good[-3] != "A" else "B") + good[-2:]
    cases = {
        "": "Paste a deck code first.",
        "hello": "That is not a deck code",
        "mtd7.AAAA": "newer version",
        "mtd1.ab$d": "characters a deck code never has",
        good[:-6]: "",  # cut short or damaged, either way refused
        changed: "damaged",
        "mtd1.AA": "cut short",
        "mtd1." + "A" * 3000: "far too long",
    }
    for code, reason in cases.items():
        message = decode_error(page, code)
        assert message != "no error" and not message.startswith("WRONG TYPE"), (code, message)
        assert reason in message, (code, message)
    # Encoding refuses what no code can hold.
    refused = run(
        page,
        "(m) => { try { m.encodeDeck({ preset: 'mantimon', cards: { 'm1-050': 100 },"
        " energy: {} }); return ''; } catch (e) { return e.message; } }",
    )
    assert "1..99" in refused


def test_export_a_code_and_import_it_as_a_new_deck(new_page: NewPage) -> None:
    page = new_page()
    sign_in(page, "Codi")
    page.goto("/?decks")
    page.select_option("#deck-template", "starter:tidal-mind")
    expect(page.locator(".deck-counts")).to_have_attribute("data-main", "40")
    page.click("[data-show-code]")
    code = page.locator("#deck-code-out").input_value()
    assert code.startswith("mtd1.")
    lines = page.locator("[data-deck-card]").evaluate_all("ls => ls.map((l) => l.textContent)")

    page.select_option("#deck-template", "empty")
    expect(page.locator(".deck-counts")).to_have_attribute("data-main", "0")
    # A bad code: an error, and the deck in the editor is unchanged.
    page.fill("#deck-name", "Keep me")
    page.fill("#deck-code-in", code[:-4] + "zzzz")
    page.click("[data-import-code]")
    expect(page.locator("#deck-code-error")).to_contain_text("damaged")
    expect(page.locator("#deck-code-error")).to_contain_text("Your deck was not changed.")
    expect(page.locator(".deck-counts")).to_have_attribute("data-main", "0")
    expect(page.locator("#deck-name")).to_have_value("Keep me")
    # A code naming a card this game does not have.
    unknown = run(
        page, "(m) => m.encodeDeck({ preset: 'mantimon', cards: { 'm9-999': 4 }, energy: {} })"
    )
    page.fill("#deck-code-in", unknown)
    page.click("[data-import-code]")
    expect(page.locator("#deck-code-error")).to_contain_text(
        "cards this game does not have: m9-999"
    )
    expect(page.locator(".deck-counts")).to_have_attribute("data-main", "0")

    page.fill("#deck-code-in", code)
    page.click("[data-import-code]")
    expect(page.locator("#deck-code-error")).to_be_hidden()
    expect(page.locator(".deck-counts")).to_have_attribute("data-main", "40")
    expect(page.locator(".deck-counts")).to_have_attribute("data-energy", "20")
    expect(page.locator("#deck-name")).to_have_value("Imported deck")
    again = page.locator("[data-deck-card]").evaluate_all("ls => ls.map((l) => l.textContent)")
    assert again == lines
    expect(page.locator(".problems")).to_have_attribute("data-valid", "true")
    page.fill("#deck-name", "From a friend")
    page.click("[data-save-deck]")
    expect(page.locator("[data-saved-deck]")).to_have_count(1)
    expect(page.locator("[data-saved-deck]")).to_contain_text("From a friend")
