// fx.js — what the table shows when something happens: the visible events, animated.
//
// What lives here: floating damage numbers on the creature that took damage, a knockout
// animation, a coin flip showing heads or tails, the turn banner, and outlining what the
// opponent's last move touched. All of it is drawn in an overlay (`.fx-layer`) outside the
// re-rendered board, positioned from the creatures' places on screen (before the new
// view is drawn, for a creature the new view no longer has). The information never
// depends on motion: with `prefers-reduced-motion: reduce` (css/fx.css) the same numbers,
// coin and banner are shown still, for the same time. Driven only by the `events` the
// client receives (the log's source too); the wire contract is unchanged.
// What must not: sending anything or changing the view.

import { h } from "./dom.js";

const SHOW_MS = { damage: 1600, knockout: 1300, flip: 1500, banner: 1800, lastMove: 4000 };
const FLIP_GAP_MS = 1200; // what a coin decides shows after the coin has landed

/** The kinds of event that are a player's move, and so outline what they touched. */
const MOVE_KINDS = new Set(["setup_place", "bench", "evolve", "attach", "play_trainer", "ability", "attack", "promote", "switch", "move_energy", "heal"]);

export class Fx {
  /** @param {import("./game.js").GameScreen} game @param {(text: string) => void} say */
  constructor(game, say) {
    this.game = game;
    this.say = say;
    this.layer = h("div", { class: "fx-layer", "aria-hidden": "true", dataset: { fxLayer: "" } });
    game.section.append(this.layer);
    this.lastSeq = null;
    this.places = new Map(); // uid -> DOMRect before the latest render
    this.lastMove = { uids: new Set(), until: 0 };
    this.timers = new Set();
  }

  destroy() {
    for (const t of this.timers) clearTimeout(t);
    this.layer.remove();
  }

  later(ms, fn) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Before a message is handled: where each creature is, and which events are old. */
  snapshot() {
    if (this.lastSeq === null) {
      const seqs = this.game.log.toJSON().map((e) => e.seq);
      // A resumed game: what the stored log holds was already seen.
      this.lastSeq = seqs.length ? Math.max(...seqs) : -1;
    }
    this.places = new Map();
    for (const el of this.game.content?.querySelectorAll(".creature[data-uid]") || []) {
      this.places.set(el.dataset.uid, { rect: el.getBoundingClientRect(), name: el.dataset.name || "" });
    }
  }

  /** After the message is drawn: animate its events that are new. */
  play(events, { fresh = true } = {}) {
    const list = (events || []).filter((e) => e.seq > this.lastSeq).sort((a, b) => a.seq - b.seq);
    if (!list.length) return;
    this.lastSeq = list[list.length - 1].seq;
    // A game opened in the middle (no stored log) shows its state, not its past.
    if (!fresh) return;
    const viewer = this.game.view?.viewer;
    let delay = 0;
    const moved = new Set();
    for (const e of list) {
      const uid = e.cards?.[0]?.uid;
      if (e.kind === "flip") {
        this.later(delay, () => this.coin(e.data?.result === "heads"));
        delay += FLIP_GAP_MS;
      } else if (e.kind === "damage" && uid) {
        this.later(delay, () => this.damage(uid, e.data?.amount));
      } else if (e.kind === "knockout" && uid) {
        const place = this.placeOf(uid);
        this.later(delay + 250, () => this.knockout(uid, place));
      } else if (e.kind === "turn_start") {
        this.later(delay, () => this.banner(e.player === viewer ? "Your turn" : `${this.game.names.get(e.player) || "Opponent"}'s turn`, e.player === viewer));
      }
      if (MOVE_KINDS.has(e.kind) && e.player && e.player !== viewer) for (const c of e.cards || []) if (c?.uid) moved.add(c.uid);
    }
    if (moved.size) {
      this.lastMove = { uids: moved, until: Date.now() + SHOW_MS.lastMove };
      this.outline();
      this.later(SHOW_MS.lastMove + 50, () => this.outline());
    }
  }

  /** Outline the cards the opponent's last move touched (again after every render). */
  outline() {
    const on = Date.now() < this.lastMove.until;
    for (const el of this.game.content?.querySelectorAll(".fx-last-move") || []) {
      if (!on || !this.lastMove.uids.has(el.dataset.uid)) {
        el.classList.remove("fx-last-move");
        delete el.dataset.lastMove;
      }
    }
    if (!on) return;
    for (const uid of this.lastMove.uids) {
      for (const el of this.game.content.querySelectorAll(`.board [data-uid="${CSS.escape(uid)}"]`)) {
        el.classList.add("fx-last-move");
        el.dataset.lastMove = "";
      }
    }
  }

  /** Where a creature is now, or was before this message removed it. */
  placeOf(uid) {
    const el = this.game.content?.querySelector(`.creature[data-uid="${CSS.escape(uid)}"]`);
    if (el) return { rect: el.getBoundingClientRect(), name: el.dataset.name || "" };
    return this.places.get(uid) || null;
  }

  /** An element in the overlay at a rectangle, removed after `ms`. */
  put(el, rect, ms) {
    if (rect) {
      el.style.left = `${rect.left + rect.width / 2}px`;
      el.style.top = `${rect.top + rect.height / 2}px`;
    }
    this.layer.append(el);
    this.later(ms, () => el.remove());
    return el;
  }

  damage(uid, amount) {
    const place = this.placeOf(uid);
    if (!place || !amount) return;
    this.put(h("div", { class: "fx-damage", dataset: { fxDamage: String(amount), uid } }, `−${amount}`), place.rect, SHOW_MS.damage);
    const el = this.game.content.querySelector(`.creature[data-uid="${CSS.escape(uid)}"]`);
    if (el) {
      el.classList.add("fx-hit");
      this.later(500, () => el.classList.remove("fx-hit"));
    }
  }

  knockout(uid, place) {
    if (!place) return;
    const box = h("div", { class: "fx-knockout", dataset: { fxKnockout: uid } }, h("span", { class: "fx-ko-name" }, place.name), h("strong", {}, "Knocked out!"));
    box.style.width = `${place.rect.width}px`;
    box.style.height = `${place.rect.height}px`;
    this.put(box, place.rect, SHOW_MS.knockout);
  }

  coin(heads) {
    const face = heads ? "Heads" : "Tails";
    const coin = h(
      "div",
      { class: ["fx-coin", heads ? "fx-heads" : "fx-tails"], dataset: { fxCoin: face.toLowerCase() } },
      h("span", { class: "fx-coin-disc" }, heads ? "H" : "T"),
      h("span", { class: "fx-coin-text" }, `Coin: ${face}`),
    );
    this.put(coin, null, SHOW_MS.flip);
  }

  banner(text, mine) {
    for (const old of this.layer.querySelectorAll(".fx-banner")) old.remove();
    this.put(h("div", { class: ["fx-banner", mine && "fx-banner-me"], dataset: { fxBanner: mine ? "me" : "them" } }, text), null, SHOW_MS.banner);
    this.say(`${text}.`);
  }
}
