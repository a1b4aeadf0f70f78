// deckbuilder.js — build a deck and its energy deck from the card pool, checked live.
//
// What lives here: browsing the pool (filters: kind, type, stage, rarity, text), counts
// per card, loading a starter or saved deck as a template, the server's verdict from
// POST /api/decks/validate after every change (the rules live on the server; this page
// only shows its problems), and saving (POST, or PUT for a deck being edited). The saved
// decks' list (rename, delete) and deck codes (share, import) are deckshelf.js's.

import * as api from "./api.js";
import { cardFace, cardMini, cardType, kindLine } from "./cards.js";
import { h, fill, focusKey, refocus } from "./dom.js";
import { openDialog } from "./dialogs.js";
import { DeckShelf } from "./deckshelf.js";
import { TYPES, TYPE_LABEL } from "./icons.js";
import { loadPrefs, savePrefs } from "./store.js";
import { errorToast, toast } from "./toast.js";

// Display hints only; the server's validation is what decides.
const SIZES = { mantimon: { deck: 40, energy: 20, energyInDeck: false }, classic: { deck: 60, energy: 0, energyInDeck: true } };

const sum = (map) => [...map.values()].reduce((a, b) => a + b, 0);

export class DeckBuilder {
  constructor(root, { go, deckId }) {
    this.root = root;
    this.go = go;
    this.editing = deckId;
    const prefs = loadPrefs();
    this.deck = { name: "My deck", preset: prefs.preset || "mantimon", cards: new Map(), energy: new Map() };
    this.filters = { text: "", kind: "", type: "", stage: "", rarity: "", set: "", owned: "" };
    this.problems = null;
    this.timer = null;
    this.seq = 0;
  }

  destroy() {
    clearTimeout(this.timer);
    this.dead = true;
  }

  async start() {
    fill(this.root, h("p", { class: "loading" }, "Loading the card pool…"));
    try {
      const [pool, starters, saved, owned] = await Promise.all([
        api.cardPool(),
        api.starters(),
        api.myDecks(),
        // The campaign's collection, when the player began it (null: free play only).
        api.api("GET", "/api/collection").then((c) => c.cards, () => null),
      ]);
      Object.assign(this, { pool, starters, saved, owned });
    } catch (err) {
      errorToast(err.code, err.message);
      return;
    }
    if (this.editing) {
      const deck = this.saved.find((d) => d.id === this.editing);
      if (deck) this.load(deck);
      else this.editing = null;
    }
    this.renderShell();
    this.renderPool();
    this.changed();
  }

  /** Take a starter or saved deck's cards (lists of ids or {id: count} maps). */
  load(deck) {
    const counts = (list) => {
      const map = new Map();
      if (Array.isArray(list)) for (const id of list) map.set(id, (map.get(id) || 0) + 1);
      else for (const [id, n] of Object.entries(list || {})) map.set(id, n);
      return map;
    };
    this.deck = { name: deck.name, preset: deck.preset, cards: counts(deck.cards), energy: counts(deck.energy) };
  }

  /** Show `deck` (`{name, preset, cards, energy}`) in the editor; `editing`: its saved id. */
  replaceDeck(deck, editing) {
    this.load(deck);
    this.editing = editing;
    this.nameInput.value = this.deck.name;
    this.presetInput.value = this.deck.preset;
    this.changed();
    this.renderPool();
  }

  /** The "Start from…" choices (the saved decks change as they are saved or deleted). */
  templateOptions() {
    return [
      h("option", { value: "" }, "Start from…"),
      h("option", { value: "empty" }, "An empty deck"),
      h("optgroup", { label: "Starter decks" }, this.starters.map((d) => h("option", { value: `starter:${d.id}` }, d.name))),
      this.saved.length ? h("optgroup", { label: "Your decks" }, this.saved.map((d) => h("option", { value: `deck:${d.id}` }, d.name))) : null,
    ];
  }

  /** The saved decks changed (saved, renamed, deleted): redraw what lists them. */
  savedChanged() {
    fill(this.templateInput, this.templateOptions());
    this.shelf.render();
  }

  sizes() {
    return SIZES[this.deck.preset] || SIZES.mantimon;
  }

  /** Which part of the deck a card goes into under the current rules. */
  partFor(def) {
    return def.kind === "energy" && !this.sizes().energyInDeck ? this.deck.energy : this.deck.cards;
  }

  add(id, delta) {
    const def = this.pool.get(id);
    const part = this.partFor(def);
    const n = Math.max(0, (part.get(id) || 0) + delta);
    if (n) part.set(id, n);
    else part.delete(id);
    this.changed();
  }

  payload() {
    return {
      name: this.deck.name.trim() || "My deck",
      preset: this.deck.preset,
      cards: Object.fromEntries(this.deck.cards),
      energy: Object.fromEntries(this.deck.energy),
    };
  }

  changed() {
    this.renderDeck();
    this.refreshCounts();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.validate(), 200);
  }

  async validate() {
    const seq = ++this.seq;
    try {
      const result = await api.validateDeck(this.payload());
      if (seq !== this.seq || this.dead) return;
      this.problems = result.problems;
    } catch (err) {
      if (seq !== this.seq) return;
      this.problems = [`${err.message}`];
    }
    this.renderProblems();
  }

  // --- drawing -------------------------------------------------------------------------

  renderShell() {
    const name = h("input", { id: "deck-name", type: "text", maxlength: 64, value: this.deck.name, oninput: (e) => { this.deck.name = e.target.value; } });
    const preset = h(
      "select",
      { id: "deck-preset", onchange: (e) => { this.deck.preset = e.target.value; this.moveEnergy(); this.changed(); } },
      ["mantimon", "classic"].map((p) => h("option", { value: p, selected: p === this.deck.preset }, p === "mantimon" ? "Mantimon rules" : "Classic rules")),
    );
    const template = h("select", { id: "deck-template", "aria-label": "Start from" }, this.templateOptions());
    Object.assign(this, { nameInput: name, presetInput: preset, templateInput: template });
    this.shelf = new DeckShelf(this);
    template.addEventListener("change", () => {
      const [kind, id] = template.value.split(/:(.*)/s);
      if (kind === "empty") {
        this.deck = { name: "My deck", preset: this.deck.preset, cards: new Map(), energy: new Map() };
        this.editing = null;
      } else if (kind === "starter") {
        this.load(this.starters.find((d) => d.id === id));
        this.deck.name = `My ${this.deck.name}`;
        this.editing = null;
      } else if (kind === "deck") {
        this.load(this.saved.find((d) => d.id === id));
        this.editing = id;
      }
      name.value = this.deck.name;
      preset.value = this.deck.preset;
      template.value = "";
      this.changed();
      this.renderPool();
    });
    const search = h("input", { id: "f-text", type: "search", placeholder: "Name or text", oninput: (e) => { this.filters.text = e.target.value; this.renderPool(); } });
    const select = (id, label, key, options) =>
      h(
        "div",
        { class: "field" },
        h("label", { for: id }, label),
        h("select", { id, onchange: (e) => { this.filters[key] = e.target.value; this.renderPool(); } }, h("option", { value: "" }, "Any"), options.map(([v, t]) => h("option", { value: v }, t))),
      );
    this.poolList = h("ul", { class: "pool-list", "aria-label": "Card pool" });
    this.poolCount = h("p", { class: "muted", role: "status" });
    this.deckList = h("div", { class: "deck-list" });
    this.countsEl = h("p", { class: "deck-counts", role: "status" });
    this.problemsEl = h("div", { class: "problems", "aria-live": "polite", dataset: { valid: "unknown" } });
    const save = h("button", { type: "button", class: "btn btn-primary", dataset: { saveDeck: "" }, onclick: () => this.save() }, "Save deck");
    fill(
      this.root,
      h(
        "div",
        { class: "builder" },
        h("div", { class: "builder-head" }, h("h1", {}, "Deck builder"), h("button", { type: "button", class: "btn", onclick: () => this.go({}) }, "← Back to start")),
        h(
          "div",
          { class: "panel builder-top" },
          h("div", { class: "field" }, h("label", { for: "deck-name" }, "Deck name"), name),
          h("div", { class: "field" }, h("label", { for: "deck-preset" }, "Rules"), preset),
          h("div", { class: "field" }, h("label", { for: "deck-template" }, "Template"), template),
        ),
        h(
          "div",
          { class: "builder-main" },
          h(
            "section",
            { class: "panel pool-panel", "aria-labelledby": "pool-title" },
            h("h2", { id: "pool-title" }, "Card pool"),
            h(
              "form",
              { class: "filters", role: "search", onsubmit: (e) => e.preventDefault() },
              h("div", { class: "field" }, h("label", { for: "f-text" }, "Search"), search),
              select("f-kind", "Kind", "kind", [["creature", "Creature"], ["trainer", "Trainer"], ["energy", "Energy"]]),
              select("f-type", "Type", "type", TYPES.map((t) => [t, TYPE_LABEL[t]])),
              select("f-stage", "Stage", "stage", [["basic", "Basic"], ["stage1", "Stage 1"], ["stage2", "Stage 2"]]),
              select("f-rarity", "Rarity", "rarity", ["common", "uncommon", "rare", "ex", "mega"].map((r) => [r, r])),
              select("f-set", "Set", "set", [["m1", "First Tides (m1)"], ["m2", "Second Tides (m2)"]]),
              this.owned ? select("f-owned", "Collection", "owned", [["owned", "Owned"], ["missing", "Missing"]]) : null,
            ),
            this.owned ? h("p", { class: "muted" }, "The campaign takes a deck of owned cards only; free play takes any.") : null,
            this.poolCount,
            this.poolList,
          ),
          h(
            "aside",
            { class: "panel deck-side", "aria-labelledby": "deck-side-title" },
            h("h2", { id: "deck-side-title" }, "Your deck"),
            this.countsEl,
            this.problemsEl,
            h("div", { class: "dialog-actions" }, save),
            this.deckList,
          ),
        ),
        this.shelf.element(),
      ),
    );
  }

  /** Switching rules moves energy between the deck and the energy deck. */
  moveEnergy() {
    const toDeck = this.sizes().energyInDeck;
    const [from, to] = toDeck ? [this.deck.energy, this.deck.cards] : [this.deck.cards, this.deck.energy];
    for (const [id, n] of [...from]) {
      if (this.pool.get(id)?.kind === "energy") {
        to.set(id, (to.get(id) || 0) + n);
        from.delete(id);
      }
    }
  }

  matches(def) {
    const f = this.filters;
    if (f.kind && def.kind !== f.kind) return false;
    if (f.type && cardType(def) !== f.type) return false;
    if (f.stage && (def.kind !== "creature" || def.stage !== f.stage)) return false;
    if (f.rarity && def.rarity !== f.rarity) return false;
    if (f.set && !def.id.startsWith(`${f.set}-`)) return false;
    if (f.owned && this.owned && (f.owned === "owned") !== Boolean(this.owned[def.id])) return false;
    if (f.text) {
      const text = [def.name, def.text, def.flavor, def.ability?.name, def.ability?.text, ...(def.attacks || []).flatMap((a) => [a.name, a.text])].join(" ").toLowerCase();
      if (!text.includes(f.text.toLowerCase())) return false;
    }
    return true;
  }

  /** How many of the deck's cards the campaign's collection lacks (0 without one). */
  notOwned() {
    if (!this.owned) return 0;
    let missing = 0;
    for (const [id, n] of this.deck.cards) missing += Math.max(0, n - (this.owned[id] || 0));
    return missing;
  }

  count(id) {
    return (this.deck.cards.get(id) || 0) + (this.deck.energy.get(id) || 0);
  }

  row(def) {
    const n = this.count(def.id);
    return h(
      "li",
      { class: "pool-row", dataset: { cardId: def.id, name: def.name } },
      h("button", { type: "button", class: "pool-card", "aria-label": `${def.name}: show the card`, onclick: () => openDialog({ title: def.name, body: cardFace(def), slot: "card-face" }) }, cardMini(def), h("span", { class: "kind-line" }, kindLine(def))),
      h(
        "span",
        { class: "stepper" },
        h("button", { type: "button", class: "btn btn-small", dataset: { remove: "", focus: `rm-${def.id}` }, "aria-label": `Remove one ${def.name}`, disabled: !n }, "−"),
        h("span", { class: "count", dataset: { count: def.id } }, String(n)),
        h("button", { type: "button", class: "btn btn-small", dataset: { add: "", focus: `add-${def.id}` }, "aria-label": `Add one ${def.name}` }, "+"),
      ),
      this.owned && def.kind !== "energy" ? h("small", { class: ["owned", n > (this.owned[def.id] || 0) && "short"], dataset: { owned: String(this.owned[def.id] || 0) } }, `owned ${this.owned[def.id] || 0}`) : null,
    );
  }

  renderPool() {
    const defs = [...this.pool.values()].filter((d) => this.matches(d));
    fill(this.poolList, defs.map((d) => this.row(d)));
    this.poolCount.textContent = `${defs.length} card${defs.length === 1 ? "" : "s"} shown`;
    this.poolList.onclick = (event) => {
      const btn = event.target.closest("button[data-add], button[data-remove]");
      if (!btn) return;
      const id = btn.closest("[data-card-id]").dataset.cardId;
      this.add(id, btn.dataset.add !== undefined ? 1 : -1);
    };
  }

  refreshCounts() {
    for (const el of this.poolList.querySelectorAll("[data-count]")) {
      const n = this.count(el.dataset.count);
      el.textContent = String(n);
      el.parentElement.querySelector("[data-remove]").disabled = !n;
      const owned = el.closest(".pool-row")?.querySelector(".owned");
      if (owned) owned.classList.toggle("short", n > Number(owned.dataset.owned));
    }
  }

  renderDeck() {
    const s = this.sizes();
    const main = sum(this.deck.cards);
    const energy = sum(this.deck.energy);
    this.countsEl.textContent = s.energyInDeck ? `Deck: ${main} / ${s.deck} cards` : `Deck: ${main} / ${s.deck} cards · Energy deck: ${energy} / ${s.energy}`;
    this.countsEl.dataset.main = main;
    this.countsEl.dataset.energy = energy;
    const keep = focusKey(document.activeElement);
    const group = (title, map) => {
      const items = [...map].sort(([a], [b]) => a.localeCompare(b)).map(([id, n]) => {
        const def = this.pool.get(id);
        return h(
          "li",
          { dataset: { deckCard: id } },
          h("span", { class: `dot t-${cardType(def)}`, "aria-hidden": "true" }),
          h("span", { class: "deck-line" }, `${n} × ${def?.name || id}`),
          h("button", { type: "button", class: "btn btn-small", "aria-label": `Remove one ${def?.name || id}`, dataset: { focus: `deck-rm-${id}` }, onclick: () => this.add(id, -1) }, "−"),
          h("button", { type: "button", class: "btn btn-small", "aria-label": `Add one ${def?.name || id}`, dataset: { focus: `deck-add-${id}` }, onclick: () => this.add(id, 1) }, "+"),
        );
      });
      return h("section", {}, h("h3", {}, title), items.length ? h("ul", { class: "plain deck-lines" }, items) : h("p", { class: "muted" }, "Empty"));
    };
    fill(this.deckList, group("Deck", this.deck.cards), s.energyInDeck ? null : group("Energy deck", this.deck.energy));
    refocus(this.deckList, keep);
  }

  renderProblems() {
    const problems = this.problems || [];
    this.problemsEl.dataset.valid = String(!problems.length);
    fill(
      this.problemsEl,
      problems.length
        ? [h("p", { class: "invalid" }, `✗ Not legal yet (${problems.length} problem${problems.length === 1 ? "" : "s"}):`), h("ul", {}, problems.map((p) => h("li", {}, p)))]
        : h("p", { class: "valid" }, "✓ This deck is legal."),
      this.notOwned() ? h("p", { class: "not-owned", dataset: { notOwned: String(this.notOwned()) } }, `${this.notOwned()} of its cards are not in your collection: fine for free play, refused by the campaign.`) : null,
    );
  }

  async save() {
    try {
      const deck = await api.saveDeck(this.payload(), this.editing);
      this.editing = deck.id;
      const existing = this.saved.findIndex((d) => d.id === deck.id);
      if (existing >= 0) this.saved[existing] = deck;
      else this.saved.push(deck);
      this.savedChanged();
      savePrefs({ deck: `deck:${deck.id}`, preset: deck.preset });
      toast(`Saved “${deck.name}”. It is now your selected deck.`, { seconds: 4 });
      this.problemsEl.dataset.saved = deck.id;
    } catch (err) {
      errorToast(err.code, err.details?.problems ? err.details.problems.join("; ") : err.message);
    }
  }
}
