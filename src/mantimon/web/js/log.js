// log.js — the game log in words, from the `text` of the visible events.
//
// A view carries only the latest few events (the server's window), so the log merges
// them by sequence number as views and action results arrive; player ids in the texts are
// replaced by display names. The newest lines are also announced to screen readers.

import { h } from "./dom.js";

const KEEP = 300;

export class GameLog {
  constructor(entries = []) {
    this.entries = new Map(entries.map((e) => [e.seq, e]));
    this.fresh = [];
  }

  /** Add events (VisibleEvent dicts); returns how many were new. */
  merge(events) {
    let added = 0;
    for (const e of events || []) {
      if (this.entries.has(e.seq)) continue;
      this.entries.set(e.seq, { seq: e.seq, text: e.text, player: e.player, kind: e.kind });
      this.fresh.push(e.seq);
      added++;
    }
    if (this.entries.size > KEEP) {
      const keys = [...this.entries.keys()].sort((a, b) => a - b);
      for (const k of keys.slice(0, keys.length - KEEP)) this.entries.delete(k);
    }
    return added;
  }

  toJSON() {
    return [...this.entries.values()];
  }

  /** Lines in order, names substituted. */
  lines(names) {
    const ids = [...names.keys()].sort((a, b) => b.length - a.length);
    const named = (text) => ids.reduce((t, id) => t.split(id).join(names.get(id)), text);
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq).map((e) => ({ ...e, text: named(e.text) }));
  }

  /** The newest lines since the last call, for the page's live region. */
  announce(names) {
    const fresh = new Set(this.fresh);
    this.fresh = [];
    return this.lines(names).filter((e) => fresh.has(e.seq)).slice(-3).map((e) => e.text).join(". ");
  }

  /** The log panel: an ordered list, newest last, scrolled to the end. */
  render(names) {
    const lines = this.lines(names);
    const list = h(
      "ol",
      { class: "log-list", "aria-label": "Game log" },
      lines.map((e) => h("li", { class: ["log-line", e.kind && `ev-${e.kind}`], dataset: { seq: e.seq } }, e.text)),
    );
    const panel = h("section", { class: "log", "aria-labelledby": "log-title" }, h("h2", { id: "log-title" }, "Game log"), list);
    requestAnimationFrame(() => {
      list.scrollTop = list.scrollHeight;
    });
    return panel;
  }
}
