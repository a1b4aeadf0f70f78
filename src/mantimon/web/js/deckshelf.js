// deckshelf.js — the deck builder's shelf: one's saved decks and deck codes.
//
// What lives here: the list of saved decks with Edit, Rename (PUT with the same cards)
// and Delete (after a confirmation), and deck codes (deckcode.js): the code of the deck
// in the editor to copy, and a code to load into the editor as a new deck. A bad code
// shows why and changes nothing. What must not: the editor itself (deckbuilder.js).

import * as api from "./api.js";
import { decodeDeck, DeckCodeError, encodeDeck } from "./deckcode.js";
import { confirmDialog, openDialog } from "./dialogs.js";
import { h, fill } from "./dom.js";
import { loadPrefs, savePrefs } from "./store.js";
import { errorToast, toast } from "./toast.js";

const RULES = { mantimon: "Mantimon rules", classic: "Classic rules" };

export class DeckShelf {
  /** `builder`: the DeckBuilder (its `saved`, `deck`, `editing`, `pool`, `replaceDeck`). */
  constructor(builder) {
    this.b = builder;
    this.list = h("div", { class: "shelf-list" });
  }

  element() {
    const codeOut = h("input", { id: "deck-code-out", type: "text", readonly: true, autocomplete: "off", spellcheck: "false", placeholder: "Press “Show code”" });
    const codeIn = h("textarea", { id: "deck-code-in", rows: 2, autocomplete: "off", spellcheck: "false", placeholder: "mtd1.…" });
    this.codeError = h("p", { class: "form-error", id: "deck-code-error", role: "alert" });
    const show = () => {
      try {
        codeOut.value = encodeDeck(this.b.deck);
        codeOut.select();
      } catch (err) {
        fill(this.codeError, err.message);
      }
    };
    const copy = async () => {
      if (!codeOut.value) show();
      try {
        await navigator.clipboard.writeText(codeOut.value);
        toast("Deck code copied: paste it to a friend.");
      } catch {
        codeOut.select();
        toast("Select the code and copy it (Ctrl+C).");
      }
    };
    const importForm = h(
      "form",
      { class: "code-form", onsubmit: (e) => { e.preventDefault(); this.importCode(codeIn.value); } },
      h("label", { for: "deck-code-in" }, "Load a deck from a code"),
      codeIn,
      h("button", { type: "submit", class: "btn", dataset: { importCode: "" } }, "Load this code"),
    );
    this.render();
    return h(
      "div",
      { class: "shelf" },
      h("section", { class: "panel", "aria-labelledby": "shelf-title" }, h("h2", { id: "shelf-title" }, "Your saved decks"), this.list),
      h(
        "section",
        { class: "panel", "aria-labelledby": "code-title" },
        h("h2", { id: "code-title" }, "Share a deck"),
        h("p", { class: "muted" }, "A deck code holds the deck in the editor above in one short line of text: send it to a friend, or keep it."),
        h("label", { for: "deck-code-out" }, "Code of the deck in the editor"),
        h(
          "div",
          { class: "copy-row" },
          codeOut,
          h("button", { type: "button", class: "btn", dataset: { showCode: "" }, onclick: show }, "Show code"),
          h("button", { type: "button", class: "btn", onclick: copy }, "Copy"),
        ),
        importForm,
        this.codeError,
      ),
    );
  }

  render() {
    const saved = this.b.saved;
    if (!saved.length) {
      fill(this.list, h("p", { class: "muted" }, "No saved decks yet: build one above and press “Save deck”."));
      return;
    }
    const row = (d) =>
      h(
        "li",
        { class: "shelf-row", dataset: { savedDeck: d.id } },
        h("span", { class: "shelf-name" }, h("b", {}, d.name), " ", h("small", { class: "muted" }, `${RULES[d.preset] || d.preset} · ${d.cards.length} cards`)),
        h(
          "span",
          { class: "shelf-actions" },
          h("button", { type: "button", class: "btn btn-small", "aria-label": `Edit ${d.name}`, onclick: () => this.b.replaceDeck(d, d.id) }, "Edit"),
          h("button", { type: "button", class: "btn btn-small", "aria-label": `Rename ${d.name}`, dataset: { rename: d.id }, onclick: () => this.rename(d) }, "Rename"),
          h("button", { type: "button", class: "btn btn-small btn-danger", "aria-label": `Delete ${d.name}`, dataset: { delete: d.id }, onclick: () => this.remove(d) }, "Delete"),
        ),
      );
    fill(this.list, h("ul", { class: "plain shelf-rows" }, saved.map(row)));
  }

  /** Replace a saved deck in the list (and in the editor's name field when it is open). */
  replaced(deck) {
    const i = this.b.saved.findIndex((d) => d.id === deck.id);
    if (i >= 0) this.b.saved[i] = deck;
    if (this.b.editing === deck.id) {
      this.b.deck.name = deck.name;
      this.b.nameInput.value = deck.name;
    }
    this.b.savedChanged();
  }

  rename(deck) {
    const input = h("input", { id: "rename-input", type: "text", maxlength: 64, required: true, value: deck.name, autocomplete: "off" });
    const error = h("p", { class: "form-error", role: "alert" });
    const form = h(
      "form",
      { class: "rename-form" },
      h("label", { for: "rename-input" }, "New name"),
      input,
      error,
      h("div", { class: "dialog-actions" }, h("button", { type: "submit", class: "btn btn-primary" }, "Rename")),
    );
    const dlg = openDialog({ title: `Rename “${deck.name}”`, body: form, slot: "rename" });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const name = input.value.trim();
      if (!name) {
        error.textContent = "A deck needs a name.";
        return;
      }
      try {
        const updated = await api.saveDeck({ name, preset: deck.preset, cards: deck.cards, energy: deck.energy }, deck.id);
        dlg.close();
        this.replaced(updated);
        toast(`Renamed to “${updated.name}”.`);
      } catch (err) {
        error.textContent = err.details?.problems ? err.details.problems.map((p) => p.replace(/^body\.name: (Value error, )?/, "")).join("; ") : err.message;
      }
    });
    input.select();
  }

  async remove(deck) {
    const sure = await confirmDialog("Delete this deck?", `“${deck.name}” will be gone for good: games already played with it are kept.`, { yes: "Delete the deck", no: "Keep it" });
    if (!sure) return;
    try {
      await api.deleteDeck(deck.id);
    } catch (err) {
      if (err.code !== "deck_not_found") {
        errorToast(err.code, err.message);
        return;
      }
    }
    this.b.saved = this.b.saved.filter((d) => d.id !== deck.id);
    if (this.b.editing === deck.id) this.b.editing = null; // the editor keeps it, unsaved
    if (loadPrefs().deck === `deck:${deck.id}`) savePrefs({ deck: "starter:ember-rush" });
    this.b.savedChanged();
    toast(`Deleted “${deck.name}”.`);
  }

  /** Load a code into the editor as a new, unsaved deck; a bad code changes nothing. */
  importCode(text) {
    fill(this.codeError);
    let deck;
    try {
      deck = decodeDeck(text);
      const unknown = [...deck.cards.keys(), ...deck.energy.keys()].filter((id) => !this.b.pool.has(id));
      if (unknown.length) throw new DeckCodeError(`The code names cards this game does not have: ${unknown.join(", ")}.`);
    } catch (err) {
      if (!(err instanceof DeckCodeError)) throw err;
      fill(this.codeError, `✗ ${err.message} Your deck was not changed.`);
      return;
    }
    this.b.replaceDeck({ name: "Imported deck", preset: deck.preset, cards: Object.fromEntries(deck.cards), energy: Object.fromEntries(deck.energy) }, null);
    toast("Deck loaded from the code: check it, name it and save it.", { seconds: 5 });
    this.b.nameInput.focus();
  }
}
