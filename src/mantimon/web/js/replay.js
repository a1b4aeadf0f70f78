// replay.js — a finished game's replay at `/replay/<game>?as=<player id|spectator>&step=N`.
//
// What lives here: the replay screen: step forward and back (buttons, or the left/right
// arrow keys), jump to a step or a turn, pick whose perspective to see (either player's or
// a spectator's), and a shareable link (the URL always names the perspective and step).
// The page never holds more than that perspective had at the step shown: it asks the
// server for one step at a time (`GET /api/games/{id}/replay/views?as=..&step=N`: that
// step's messages, each view made by the engine's one visibility function, and the log
// read up to it), so not even the perspective's own next draw is on the page; the full
// record (decks, seed) is never downloaded.
// The table is drawn by board.js, read-only (no moves). What must not: sending anything
// but those reads, or any game rule.

import { api, cardPool, gameInfo } from "./api.js";
import { hand, side, stadium } from "./board.js";
import { cardFace, cardMini } from "./cards.js";
import { h, fill, focusKey, refocus } from "./dom.js";
import { closeDialog, openDialog } from "./dialogs.js";
import { endReasonText } from "./errors.js";
import { GameLog } from "./log.js";
import { loadSession } from "./store.js";
import { copyWithNotice, toast } from "./toast.js";

const SPECTATOR = "spectator";
const NO_MOVES = new Map();

/** The replay page's address for a game (optionally a perspective and a 1-based step). */
export function replayHref(gameId, { as, step } = {}) {
  const q = new URLSearchParams();
  if (as) q.set("as", as);
  if (step) q.set("step", String(step));
  const query = q.toString();
  return `/replay/${encodeURIComponent(gameId)}${query ? `?${query}` : ""}`;
}

/** One step's messages: its view, and the result if the game ended there. */
function stepOf(messages) {
  let view = null;
  let over = null;
  for (const m of messages) {
    if (m.type === "game_state") view = m.state;
    else if (m.type === "game_over") over = { winner: m.winner_id, reason: m.end_reason };
  }
  return { view, over };
}

function findRef(view, uid) {
  for (const p of view.players) {
    for (const c of [p.active, ...p.bench]) {
      if (c?.uid === uid) return c;
    }
    for (const ref of [...(p.hand || []), ...p.energy_zone]) if (ref.uid === uid) return ref;
  }
  return view.stadium?.uid === uid ? view.stadium : null;
}

export class ReplayScreen {
  /** @param {HTMLElement} root  @param {{gameId: string}} opts */
  constructor(root, { gameId }) {
    this.root = root;
    this.gameId = gameId;
    this.count = 0; // steps in the game
    this.index = 0; // the step shown (0-based)
    this.target = 0; // the step last asked for (arrow keys held down run ahead of the answers)
    this.ticket = 0;
    this.current = null; // {view, over, log} of the step shown
    this.turns = []; // every step's {turn, phase}
    this.as = SPECTATOR;
    this.onKey = (event) => this.key(event);
  }

  async start() {
    this.section = h("section", { id: "replay", class: "replay", "aria-label": "Replay", dataset: { gameId: this.gameId } });
    this.announcer = h("p", { class: "sr-only", "aria-live": "polite" });
    this.content = h("div", { class: "replay-content" }, h("p", { class: "loading" }, "Loading the replay…"));
    this.section.append(this.content, this.announcer);
    fill(this.root, this.section);
    const q = new URLSearchParams(location.search);
    try {
      [this.pool, this.info] = await Promise.all([cardPool(), gameInfo(this.gameId)]);
    } catch (err) {
      this.failed(err.message || "the game cannot be found");
      return;
    }
    const me = loadSession()?.user?.id;
    const players = this.info.players.map((p) => p.user_id);
    const asked = q.get("as");
    this.as = asked && (asked === SPECTATOR || players.includes(asked)) ? asked : players.includes(me) ? me : SPECTATOR;
    await this.load(this.as, Math.max(0, (Number.parseInt(q.get("step") || "1", 10) || 1) - 1));
    document.addEventListener("keydown", this.onKey);
    window.mantimon = { view: () => this.current?.view || null, step: () => this.index + 1 };
  }

  destroy() {
    document.removeEventListener("keydown", this.onKey);
    closeDialog("card");
  }

  failed(text) {
    fill(
      this.content,
      h("section", { class: "panel", role: "alert" }, h("h1", {}, "No replay"), h("p", {}, `This replay cannot be shown: ${text}.`), h("a", { class: "btn", href: "/" }, "Back to start")),
    );
  }

  /** Show step `index` (0-based) as `as` saw it: asked of the server, then drawn and put
   * in the address. An answer overtaken by a newer question is dropped. */
  async load(as, index) {
    if (this.count) index = Math.max(0, Math.min(this.count - 1, index));
    const ticket = ++this.ticket;
    this.target = index;
    this.section.dataset.loading = "true";
    let data;
    try {
      data = await api("GET", `/api/games/${encodeURIComponent(this.gameId)}/replay/views?as=${encodeURIComponent(as)}&step=${index + 1}`);
    } catch (err) {
      if (ticket !== this.ticket) return;
      this.section.dataset.loading = "false";
      this.target = this.index;
      if (this.current) toast(`That step cannot be shown: ${err.message}`, { kind: "warning" });
      else this.failed(err.message);
      return;
    }
    if (ticket !== this.ticket) return;
    this.section.dataset.loading = "false";
    this.as = as;
    this.count = data.steps;
    this.turns = data.index;
    this.index = this.target = data.step - 1;
    this.current = { ...stepOf(data.messages), log: new GameLog(data.log) };
    history.replaceState(null, "", replayHref(this.gameId, { as: this.as, step: this.index + 1 }));
    this.render();
  }

  show(index) {
    if (!Number.isFinite(index) || index === this.target) return;
    this.load(this.as, index);
  }

  key(event) {
    if (event.altKey || event.ctrlKey || event.metaKey || document.querySelector("dialog[open]")) return;
    const typing = event.target.closest?.("input, select, textarea");
    const moves = { ArrowLeft: this.target - 1, ArrowRight: this.target + 1, Home: 0, End: this.count - 1 };
    if (typing || !(event.key in moves) || !this.count) return;
    event.preventDefault();
    const to = Math.max(0, Math.min(this.count - 1, moves[event.key]));
    this.show(to);
  }

  get names() {
    return new Map(this.info.players.map((p) => [p.user_id, p.name]));
  }

  nameOf(id) {
    return this.names.get(id) || "Player";
  }

  render() {
    const keep = focusKey(document.activeElement);
    const { view, over, log } = this.current;
    const names = this.names;
    Object.assign(this.section.dataset, { step: String(this.index + 1), steps: String(this.count), as: this.as, turn: String(view.turn), phase: view.phase });
    const players = view.players;
    const me = this.as === SPECTATOR ? players[0] : players.find((p) => p.player_id === this.as);
    const them = players.find((p) => p !== me);
    const onCard = (uid) => this.cardDialog(view, uid);
    const onDiscard = (p) => this.discardDialog(p);
    const common = { view, pool: this.pool, byCard: NO_MOVES, onCard, onDiscard, mine: false };
    const board = h(
      "div",
      { class: "board" },
      side(them, { ...common, displayName: this.nameOf(them.player_id) }),
      stadium(view, { names, onCard, byCard: NO_MOVES }),
      side(me, { ...common, displayName: this.nameOf(me.player_id) }),
    );
    let lower;
    if (this.as === SPECTATOR) {
      lower = h("p", { class: "spectator-note" }, "A spectator's view: both boards are shown; hands stay hidden.");
    } else {
      lower = hand(me, { pool: this.pool, byCard: NO_MOVES, onCard });
      lower.querySelector("h2").textContent = `${this.nameOf(me.player_id)}'s hand (${me.hand_count})`;
    }
    fill(
      this.content,
      this.header(),
      this.controls(),
      over ? this.overBanner(over, view) : null,
      h("div", { class: "table" }, h("div", { class: "board-col" }, board, lower), h("aside", { class: "log-col" }, log.render(names))),
    );
    const latest = log.lines(names).at(-1)?.text;
    this.announcer.textContent = `Step ${this.index + 1} of ${this.count}${latest ? `: ${latest}` : ""}`;
    refocus(this.content, keep);
  }

  header() {
    const [a, b] = this.info.players;
    return h(
      "div",
      { class: "replay-head" },
      h("h1", {}, `Replay: ${a?.name || "?"} vs ${b?.name || "?"}`),
      h("a", { class: "btn btn-small", href: "/" }, "Back to start"),
    );
  }

  controls() {
    const n = this.count;
    const { view } = this.current;
    const perspective = h(
      "select",
      { id: "replay-as", dataset: { focus: "replay-as" }, onchange: (e) => this.load(e.target.value, this.index) },
      this.info.players.map((p) => h("option", { value: p.user_id, selected: p.user_id === this.as }, `${p.name}'s view`)),
      h("option", { value: SPECTATOR, selected: this.as === SPECTATOR }, "Spectator (no hands)"),
    );
    const stepInput = h("input", {
      id: "replay-step",
      type: "number",
      min: "1",
      max: String(n),
      value: String(this.index + 1),
      dataset: { focus: "replay-step" },
      onchange: (e) => this.show(Number.parseInt(e.target.value, 10) - 1),
    });
    const turns = [];
    this.turns.forEach((s, i) => {
      const label = s.phase === "setup" ? "Setup" : `Turn ${s.turn}`;
      if (!turns.some((t) => t.label === label)) turns.push({ label, index: i });
    });
    const current = view.phase === "setup" ? "Setup" : `Turn ${view.turn}`;
    const turnSelect = h(
      "select",
      { id: "replay-turn", dataset: { focus: "replay-turn" }, onchange: (e) => this.show(Number(e.target.value)) },
      turns.map((t) => h("option", { value: String(t.index), selected: t.label === current }, t.label)),
    );
    const button = (label, text, target, name) =>
      h("button", { type: "button", class: "btn btn-small", "aria-label": label, disabled: target < 0 || target >= n || target === this.index, dataset: { replay: name, focus: `replay-${name}` }, onclick: () => this.show(target) }, text);
    const link = new URL(replayHref(this.gameId, { as: this.as, step: this.index + 1 }), location.origin).href;
    const linkField = h("input", { id: "replay-link", type: "text", readonly: true, value: link, class: "replay-link" });
    const copy = () => copyWithNotice(link, linkField, "Link copied: it opens this replay at this step.");
    return h(
      "div",
      { class: "replay-controls panel", role: "group", "aria-label": "Replay controls" },
      h("div", { class: "replay-row" },
        h("label", { for: "replay-as" }, "Perspective "), perspective,
        h("label", { for: "replay-turn" }, "Jump to turn "), turnSelect,
      ),
      h("div", { class: "replay-row" },
        button("First step", "« First", 0, "first"),
        button("Previous step", "◀ Back", this.index - 1, "prev"),
        h("label", { for: "replay-step" }, "Step "), stepInput, h("span", { class: "replay-count" }, ` of ${n}`),
        button("Next step", "Next ▶", this.index + 1, "next"),
        button("Last step", "Last »", n - 1, "last"),
        h("span", { class: "muted replay-hint" }, "Arrow keys ← → step"),
      ),
      h("div", { class: "replay-row" },
        h("label", { for: "replay-link" }, "Share "), linkField,
        h("button", { type: "button", class: "btn btn-small", dataset: { focus: "replay-copy" }, onclick: copy }, "Copy link"),
      ),
      h("p", { class: "replay-status", dataset: { replayStatus: "" } }, `${current} · ${view.waiting_for.length ? `waiting for ${view.waiting_for.map((id) => this.nameOf(id)).join(" and ")}` : view.phase === "game_over" ? "game over" : ""}`),
    );
  }

  overBanner(over, view) {
    const text = over.winner ? `${this.nameOf(over.winner)} won` : "Draw";
    return h(
      "div",
      { class: "banner banner-over", role: "status" },
      h("strong", {}, `Game over: ${text}. `),
      endReasonText(over.reason, { winner: over.winner ? this.nameOf(over.winner) : null, prizes: view.rules.use_prizes }),
    );
  }

  cardDialog(view, uid) {
    const ref = findRef(view, uid);
    if (!ref) return;
    openDialog({ title: ref.name, slot: "card", className: "card-dialog", body: cardFace(this.pool.get(ref.card_id)) });
  }

  discardDialog(p) {
    const cards = [...p.discard, ...p.energy_discard];
    const items = cards.map((ref) => h("li", {}, h("span", { class: "hand-card" }, cardMini(this.pool.get(ref.card_id), ref.name))));
    openDialog({
      title: `${this.nameOf(p.player_id)}'s discard pile (${cards.length})`,
      slot: "card",
      body: items.length ? h("ul", { class: "card-list" }, items) : h("p", { class: "muted" }, "The discard pile is empty."),
    });
  }
}
