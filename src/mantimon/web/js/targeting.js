// targeting.js — playing a card by dragging it onto its target, or tap-then-target.
//
// What lives here: which legal actions have a source (a hand or energy-zone card, or an
// attack that picks a target) and a target on the table (a creature, the empty Active
// spot, the bench), lighting up exactly those targets, pointer dragging (mouse and touch
// alike, through Pointer Events), tapping a card then a lit target, and the keyboard way
// (Enter selects, arrows or Tab move between targets, Enter plays, Escape cancels).
// Every move it sends is one entry of the view's `legal_actions`, unchanged: a target is
// lit only because some legal action names it. A card whose drop would be ambiguous (two
// legal actions for one source and target) opens the card dialog instead, which also
// stays the way to see all of a card's moves ("More options", or tapping it twice; in
// setup a tap opens it at once, where the choice is "Active or bench").
// What must not: drawing the board (board.js) or animations (fx.js).

import { describe } from "./actions.js";
import { h } from "./dom.js";
import { cardDialog } from "./game_dialogs.js";

const DRAG_START_PX = 8;

/** The target key of a legal action, if it is played by pointing at something. */
function targetOf(a) {
  switch (a.type) {
    case "setup_place":
      return `slot:${a.position}`;
    case "play_creature":
      return "slot:bench";
    case "evolve":
    case "attach_energy":
      return `uid:${a.target_id}`;
    case "play_trainer":
    case "attack":
      return a.target_id ? `uid:${a.target_id}` : null;
    case "promote":
      return `uid:${a.card_id}`;
    default:
      return null;
  }
}

/** The source key of a legal action: the card moved, or the attack that aims. */
function sourceOf(a) {
  if (a.type === "attack") return `attack:${a.attack_index}`;
  if (a.type === "promote") return "pending:promote";
  return a.card_id ? `card:${a.card_id}` : null;
}

/** source key -> [{action, target}] for every legal action played by pointing. */
export function playsBySource(actions) {
  const plays = new Map();
  for (const action of actions) {
    const target = targetOf(action);
    const source = sourceOf(action);
    if (!target || !source) continue;
    if (!plays.has(source)) plays.set(source, []);
    plays.get(source).push({ action, target });
  }
  return plays;
}

export class Targeting {
  /** @param {import("./game.js").GameScreen} game @param {(text: string) => void} say */
  constructor(game, say) {
    this.game = game;
    this.say = say;
    this.plays = new Map();
    this.selected = null; // source key
    this.drag = null;
    this.suppressClick = false;
    this.bar = h("div", { class: "feel-bar", hidden: true, role: "region", "aria-label": "Playing a card", dataset: { feelBar: "" } });
    const root = game.section;
    root.append(this.bar);
    root.addEventListener("click", (e) => this.onClick(e), true);
    root.addEventListener("pointerdown", (e) => this.onPointerDown(e));
    this.move = (e) => this.onPointerMove(e);
    this.up = (e) => this.onPointerUp(e);
    this.cancelDrag = () => this.endDrag(null);
    this.key = (e) => this.onKey(e);
    document.addEventListener("keydown", this.key, true);
    document.addEventListener("pointermove", this.move);
    document.addEventListener("pointerup", this.up);
    document.addEventListener("pointercancel", this.cancelDrag);
  }

  destroy() {
    document.removeEventListener("pointermove", this.move);
    document.removeEventListener("pointerup", this.up);
    document.removeEventListener("pointercancel", this.cancelDrag);
    document.removeEventListener("keydown", this.key, true);
    this.drag?.ghost.remove();
  }

  get content() {
    return this.game.content;
  }

  /** After every render: mark sources and (for the selection) light its targets. */
  decorate() {
    const actions = this.game.ctx?.actions || [];
    this.plays = playsBySource(actions);
    for (const el of this.content.querySelectorAll(".hand-card[data-uid], .energy-card[data-uid]")) {
      if (this.plays.has(`card:${el.dataset.uid}`)) {
        el.dataset.playSource = `card:${el.dataset.uid}`;
        el.classList.add("can-play");
      }
    }
    // A pending promotion needs no source: the benched creatures it names are the targets.
    const promote = this.plays.get("pending:promote");
    if (promote && this.selected === null) this.light("pending:promote", { persistent: true });
    else if (this.selected && !this.plays.has(this.selected)) this.cancel(null);
    else if (this.selected) this.light(this.selected);
    else this.showBar();
  }

  /** The element standing for a target key on the current board. */
  targetEl(key) {
    const c = this.content;
    if (key.startsWith("uid:")) return c.querySelector(`.board .creature[data-uid="${CSS.escape(key.slice(4))}"]`);
    if (key === "slot:active") return c.querySelector(".side-me .active-row .slot") || c.querySelector(".side-me .active-row");
    if (key === "slot:bench") return c.querySelector(".side-me .bench .slot.empty") || c.querySelector(".side-me .bench-row");
    return null;
  }

  sourceEl(key) {
    if (key.startsWith("card:")) return this.content.querySelector(`[data-play-source="${CSS.escape(key)}"]`);
    if (key.startsWith("attack:")) return this.content.querySelector(`[data-attack-index="${key.slice(7)}"]`);
    return null;
  }

  targetEls() {
    return [...this.content.querySelectorAll("[data-target]")];
  }

  /** Light the targets of `source`'s plays (the only ones the legal actions allow). */
  light(source, { persistent = false } = {}) {
    for (const el of this.targetEls()) this.unlight(el);
    for (const { target } of this.plays.get(source) || []) {
      const el = this.targetEl(target);
      if (!el) continue;
      el.dataset.target = target;
      el.classList.add("fx-target");
      if (!el.matches("button")) {
        el.tabIndex = 0;
        el.setAttribute("role", "button");
        el.dataset.focus = `target-${target}`;
        el.setAttribute("aria-label", target === "slot:active" ? "Your Active spot" : "Your bench");
      }
    }
    this.sourceEl(source)?.classList.add("fx-selected");
    this.sourceEl(source)?.setAttribute("aria-pressed", "true");
    this.showBar(source, persistent);
  }

  unlight(el) {
    el.classList.remove("fx-target", "fx-drop-over");
    delete el.dataset.target;
    if (!el.matches("button")) {
      el.removeAttribute("tabindex");
      el.removeAttribute("role");
      el.removeAttribute("aria-label");
    }
  }

  showBar(source = null, persistent = false) {
    if (!source) {
      this.bar.hidden = true;
      this.bar.replaceChildren();
      return;
    }
    const count = this.targetEls().length;
    const name = this.sourceName(source);
    const more = source.startsWith("card:")
      ? h("button", { type: "button", class: "btn btn-small", dataset: { feelMore: "" }, onclick: () => this.more(source) }, "More options")
      : null;
    const cancel = persistent ? null : h("button", { type: "button", class: "btn btn-small", dataset: { feelCancel: "" }, onclick: () => this.cancel() }, "Cancel (Esc)");
    const text = persistent ? "Choose your new Active: tap a lit creature (or use the dialog)." : `${name}: tap a lit target (${count}), or drag it there.`;
    this.bar.replaceChildren(h("span", { class: "feel-bar-text" }, text), more, cancel);
    this.bar.hidden = false;
  }

  sourceName(source) {
    if (source.startsWith("card:")) return this.game.ctx?.ctx.names.get(source.slice(5)) || "Card";
    if (source.startsWith("attack:")) {
      const active = this.game.ctx?.ctx.me?.active;
      return this.game.pool?.get(active?.card_id)?.attacks?.[Number(source.slice(7))]?.name || "Attack";
    }
    return "Promote";
  }

  /** Select a source: light its targets; by keyboard, focus the first one. */
  select(source, { keyboard = false } = {}) {
    this.selected = source;
    this.light(source);
    const targets = this.targetEls();
    const names = targets.map((el) => el.dataset.name || el.getAttribute("aria-label")?.split(",")[0] || "target");
    this.say(`${this.sourceName(source)} selected. ${targets.length} target${targets.length === 1 ? "" : "s"}: ${names.join(", ")}. Enter plays on the focused target, Escape cancels.`);
    if (keyboard) targets[0]?.focus({ preventScroll: false });
  }

  cancel(message = "Cancelled.") {
    const source = this.selected;
    this.selected = null;
    for (const el of this.targetEls()) this.unlight(el);
    for (const el of this.content.querySelectorAll(".fx-selected")) {
      el.classList.remove("fx-selected");
      el.removeAttribute("aria-pressed");
    }
    this.showBar();
    if (this.plays.has("pending:promote")) this.light("pending:promote", { persistent: true });
    if (message) this.say(message);
    return source;
  }

  more(source) {
    this.cancel(null);
    cardDialog(this.game, source.slice(5));
  }

  /** Play `source` on `target`: the one legal action they name (ambiguous: the dialog). */
  play(source, target) {
    const matching = (this.plays.get(source) || []).filter((p) => p.target === target);
    if (matching.length !== 1) {
      if (source.startsWith("card:")) this.more(source);
      return;
    }
    const { action } = matching[0];
    const text = this.game.ctx ? describe(action, this.game.ctx.ctx) : action.type;
    this.cancel(null);
    this.say(`${text}.`);
    this.game.act(action);
  }

  // --- pointer and keyboard ---------------------------------------------------------------

  onClick(e) {
    if (this.suppressClick) {
      this.suppressClick = false;
      e.stopPropagation();
      e.preventDefault();
      return;
    }
    const keyboard = e.detail === 0;
    const target = e.target.closest?.("[data-target]");
    const current = this.selected || (this.plays.has("pending:promote") ? "pending:promote" : null);
    if (target && current) {
      e.stopPropagation();
      e.preventDefault();
      this.play(current, target.dataset.target);
      return;
    }
    const attack = e.target.closest?.("[data-attack-index]");
    const source = e.target.closest?.("[data-play-source]")?.dataset.playSource;
    if (source && source === this.selected) {
      this.cancel(null); // a second tap: the card dialog, with all of its moves
      return;
    }
    // Setup keeps a tap for the placement dialog (Active or bench, said in words); a drag
    // places the card there too.
    if (source && this.game.view?.phase === "setup") return;
    if (source) {
      e.stopPropagation();
      e.preventDefault();
      this.select(source, { keyboard });
      return;
    }
    if (this.selected && !attack && !e.target.closest?.("[data-feel-bar]")) this.cancel();
  }

  onKey(e) {
    if (!this.selected || document.querySelector("dialog[open]")) return;
    if (e.key === "Escape") {
      e.stopPropagation();
      e.preventDefault();
      const source = this.cancel();
      this.sourceEl(source)?.focus();
      return;
    }
    const arrows = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    if (!(e.key in arrows)) return;
    const targets = this.targetEls();
    if (!targets.length) return;
    e.preventDefault();
    const at = targets.indexOf(document.activeElement);
    const next = at < 0 ? 0 : (at + arrows[e.key] + targets.length) % targets.length;
    targets[next].focus();
  }

  onPointerDown(e) {
    if (e.button !== 0) return;
    const el = e.target.closest?.("[data-play-source]");
    if (!el) return;
    this.drag = { source: el.dataset.playSource, x: e.clientX, y: e.clientY, started: false, ghost: null, over: null };
  }

  onPointerMove(e) {
    const d = this.drag;
    if (!d) return;
    if (!d.started) {
      if (Math.hypot(e.clientX - d.x, e.clientY - d.y) < DRAG_START_PX) return;
      d.started = true;
      this.select(d.source);
      d.ghost = h("div", { class: "fx-ghost", "aria-hidden": "true" }, this.sourceName(d.source));
      document.body.append(d.ghost);
    }
    d.ghost.style.left = `${e.clientX}px`;
    d.ghost.style.top = `${e.clientY}px`;
    const over = this.dropTargetAt(e.clientX, e.clientY);
    if (over !== d.over) {
      d.over?.classList.remove("fx-drop-over");
      over?.classList.add("fx-drop-over");
      d.over = over;
    }
  }

  onPointerUp(e) {
    const d = this.drag;
    if (!d?.started) {
      this.drag = null;
      return;
    }
    this.endDrag(this.dropTargetAt(e.clientX, e.clientY));
    // The click that follows this pointerup is the end of the drag, not a tap.
    this.suppressClick = true;
    setTimeout(() => {
      this.suppressClick = false;
    }, 0);
  }

  endDrag(target) {
    const d = this.drag;
    this.drag = null;
    if (!d) return;
    d.ghost?.remove();
    d.over?.classList.remove("fx-drop-over");
    if (!d.started) return;
    if (target) this.play(d.source, target.dataset.target);
    else this.cancel("Dropped outside a target: nothing played.");
  }

  /** The lit target under a point (a drop anywhere on the bench row counts for the bench). */
  dropTargetAt(x, y) {
    const el = document.elementFromPoint(x, y);
    if (!el) return null;
    const direct = el.closest("[data-target]");
    if (direct) return direct;
    if (el.closest(".side-me .bench-row")) return this.content.querySelector('[data-target="slot:bench"]');
    if (el.closest(".side-me .active-row")) return this.content.querySelector('[data-target="slot:active"]');
    return null;
  }
}
