// coach.js — the guided first game on the page: its start button and the hint callout.
//
// What lives here: `learnPanel(go)` (the start page's "Learn to play" entry: a game against
// the easy bot with fixed starter decks, opened at `/?game=<id>&tutorial`), and
// `coach(screen)`, called by the game screen after every render: it asks tutorial.js for
// the next hint and shows it in a callout next to the element it is about (outlined),
// with "Got it" and "Skip the tutorial". The callout never covers input it points at and
// never takes focus; it sits first in the game's tab order and a polite live region
// reads each new hint. Dismissed hints are kept per game in localStorage (a reload keeps
// them). What must not: deciding hints (tutorial.js) or game moves (the player plays).

import { createGame } from "./api.js";
import { h } from "./dom.js";
import { saveGame } from "./store.js";
import { errorToast } from "./toast.js";
import { nextHint } from "./tutorial.js";

const KEY = "mantimon.tutorial";
/** The tutorial's game: fixed starter decks (fire against grass, weak to fire) and the
 * easy bot, untimed (a bot game has no turn clock unless asked). */
export const TUTORIAL_GAME = { opponent: "bot", bot: "easy", deck: "ember-rush", bot_deck: "verdant-surge", preset: "mantimon" };

/** The tutorial's stored state if it is about `gameId` (one guided game at a time). */
function stored(gameId) {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) || "null");
    if (saved && saved.game === gameId && Array.isArray(saved.dismissed)) return saved;
  } catch {
    // unreadable: as if there were none
  }
  return null;
}

function load(gameId) {
  return stored(gameId) || { game: gameId, dismissed: [], skipped: false };
}

function save(state) {
  try {
    localStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // storage disabled: hints then only last for this page
  }
}

/** Start a guided game and open it. */
export async function startTutorial(go) {
  try {
    const game = await createGame(TUTORIAL_GAME);
    save({ game: game.id, dismissed: [], skipped: false });
    saveGame({ id: game.id, role: "player", lastEventId: null, view: null, log: [], origin: TUTORIAL_GAME });
    go({ game: game.id, tutorial: "" });
  } catch (err) {
    errorToast(err.code, err.message);
  }
}

/** The start page's entry to the guided game. */
export function learnPanel(go) {
  return h(
    "section",
    { class: "panel learn-panel", "aria-labelledby": "learn-title" },
    h("h2", { id: "learn-title" }, "New to Mantimon?"),
    h("p", { class: "muted" }, "Play a relaxed first game against the easy bot while the page shows you what to do, step by step."),
    h("button", { type: "button", class: "btn btn-primary", dataset: { tutorial: "" }, onclick: () => startTutorial(go) }, "Learn to play: a guided first game"),
  );
}

const reducedMotion = () => window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
const coaches = new WeakMap(); // game section -> its callout's state

/** A guided game: started as one (its state is stored, so resuming it from the start
 * page keeps the hints) or opened with `&tutorial`; never once skipped. */
function tutorialOn(gameId) {
  const saved = stored(gameId);
  return saved ? !saved.skipped : new URLSearchParams(location.search).has("tutorial");
}

/** Show the hint for the game screen's current view (or nothing when it is no tutorial). */
export function coach(screen) {
  const section = screen.section;
  if (!section) return;
  let c = coaches.get(section);
  if (screen.spectating || !tutorialOn(screen.gameId)) {
    if (c) remove(c);
    return;
  }
  if (!c) c = create(screen);
  const them = screen.view?.players.find((p) => p.player_id !== screen.view.viewer);
  const opponent = (them && screen.names?.get(them.player_id)) || "Your opponent";
  const hint = screen.view ? nextHint(screen.view, { dismissed: load(screen.gameId).dismissed, opponent, pool: screen.pool }) : null;
  show(c, hint);
}

function create(screen) {
  const c = { screen, section: screen.section, hint: null, targets: [], fresh: true };
  c.text = h("p", { class: "coach-text", id: "coach-text" });
  c.ok = h("button", { type: "button", class: "btn btn-small btn-primary", dataset: { coachBtn: "ok", focus: "coach-ok" }, onclick: () => dismiss(c) }, "Got it");
  c.skip = h("button", { type: "button", class: "btn btn-small", dataset: { coachBtn: "skip", focus: "coach-skip" }, onclick: () => skip(c) }, "Skip the tutorial");
  c.arrow = h("span", { class: "coach-arrow", "aria-hidden": "true" });
  c.box = h(
    "aside",
    { class: "coach", role: "region", "aria-label": "Tutorial hint", "aria-describedby": "coach-text", hidden: true, dataset: { coach: "" } },
    c.arrow,
    h("p", { class: "coach-title" }, "Tutorial"),
    c.text,
    h("div", { class: "coach-buttons" }, c.ok, c.skip),
  );
  c.live = h("p", { class: "sr-only", "aria-live": "polite", dataset: { coachLive: "" } });
  c.section.classList.add("coached");
  c.section.prepend(c.box, c.live); // first in the game's tab order, before the board
  c.onResize = () => (c.section.isConnected ? place(c) : window.removeEventListener("resize", c.onResize));
  window.addEventListener("resize", c.onResize);
  coaches.set(c.section, c);
  return c;
}

function remove(c) {
  unmark(c);
  c.box.remove();
  c.live.remove();
  c.section.classList.remove("coached");
  window.removeEventListener("resize", c.onResize);
  coaches.delete(c.section);
}

function unmark(c) {
  for (const el of c.section.querySelectorAll(".coach-target")) el.classList.remove("coach-target");
}

/** The elements a hint points at: per target, the first selector that matches. */
function resolve(c, hint) {
  const root = c.screen.content || c.section;
  const found = [];
  for (const alternatives of hint?.targets || []) {
    for (const selector of alternatives) {
      const el = root.querySelector(selector);
      if (el) {
        found.push(el);
        break;
      }
    }
  }
  return found;
}

function show(c, hint) {
  unmark(c);
  const changed = (hint?.key || null) !== (c.hint?.key || null);
  c.hint = hint;
  if (!hint) {
    c.box.hidden = true;
    c.box.dataset.hint = "";
    return;
  }
  c.box.hidden = false;
  c.box.dataset.hint = hint.id;
  c.box.dataset.action = hint.action ? JSON.stringify(hint.action) : ""; // for tests and tools
  if (c.text.textContent !== hint.text) c.text.textContent = hint.text;
  if (changed) {
    // A live region just added to the page is not heard yet: its first words wait a moment.
    const say = () => { if (c.hint?.key === hint.key) c.live.textContent = `Tutorial: ${hint.text}`; };
    if (c.fresh) setTimeout(say, 300);
    else say();
    c.fresh = false;
  }
  c.targets = resolve(c, hint);
  for (const el of c.targets) el.classList.add("coach-target");
  place(c);
  if (changed) requestAnimationFrame(() => reveal(c));
}

/** Controls the callout should not cover: what it points at and whatever can be played. */
const BUSY = ".has-moves, [data-attack-index], .moves .quick button, [data-action-type]";

function overlap(a, b) {
  const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Put the callout next to its anchor: below, above, right or left of it, whichever
 * covers the fewest playable controls and stays on screen; at the top of the board when
 * the anchor is missing. */
function place(c) {
  const { box, section, arrow } = c;
  if (box.hidden) return;
  const anchor = c.targets.find((el) => el.isConnected && el.getClientRects().length);
  const s = section.getBoundingClientRect();
  const bw = box.offsetWidth;
  const bh = box.offsetHeight;
  box.classList.toggle("coach-floating", !anchor);
  if (!anchor) {
    const board = section.querySelector(".board") || c.screen.content || section;
    const b = board.getBoundingClientRect();
    Object.assign(box.style, { top: `${Math.max(0, b.top - s.top + 8)}px`, left: `${Math.max(8, (s.width - bw) / 2)}px` });
    box.dataset.place = "top";
    return;
  }
  const a = anchor.getBoundingClientRect();
  const gap = 14;
  const clampX = (x) => Math.min(Math.max(s.left + 8, x), Math.max(s.left + 8, s.right - bw - 8));
  const midX = clampX(a.left + a.width / 2 - bw / 2);
  const midY = a.top + a.height / 2 - bh / 2;
  const options = [
    ["below", midX, a.bottom + gap],
    ["above", midX, a.top - gap - bh],
    ["right", a.right + gap, midY],
    ["left", a.left - gap - bw, midY],
  ];
  const busy = [...new Set([...c.targets, ...section.querySelectorAll(BUSY)])].map((el) => el.getBoundingClientRect());
  let best = null;
  for (const [side, x, y] of options) {
    const r = { left: x, top: y, right: x + bw, bottom: y + bh };
    const off = (r.left < s.left ? 1 : 0) + (r.right > s.right ? 1 : 0) + (r.top < 0 ? 1 : 0) + (r.bottom > window.innerHeight ? 1 : 0);
    const covered = busy.reduce((sum, b) => sum + overlap(r, b), 0);
    const score = off * 1e7 + covered;
    if (!best || score < best.score) best = { side, x, y, score };
  }
  Object.assign(box.style, { top: `${best.y - s.top}px`, left: `${best.x - s.left}px` });
  box.dataset.place = best.side;
  const vertical = best.side === "below" || best.side === "above";
  arrow.style.left = vertical ? `${Math.min(Math.max(16, a.left + a.width / 2 - best.x), bw - 16)}px` : "";
  arrow.style.top = vertical ? "" : `${Math.min(Math.max(16, a.top + a.height / 2 - best.y), bh - 16)}px`;
}

/** A new hint about something to do, off screen: scroll its element (or the callout)
 * into sight, then place the callout again. Never moves focus; explanations never scroll. */
function reveal(c) {
  if (c.box.hidden || !c.box.isConnected || !c.hint?.action) return;
  const anchor = c.targets.find((el) => el.isConnected && el.getClientRects().length);
  const out = [c.box, anchor].filter(Boolean).some((el) => {
    const r = el.getBoundingClientRect();
    return r.top < 0 || r.bottom > window.innerHeight;
  });
  if (!out) return;
  (anchor || c.box).scrollIntoView({ block: "center", behavior: reducedMotion() ? "auto" : "smooth" });
  const again = () => place(c);
  window.addEventListener("scrollend", again, { once: true });
  setTimeout(again, 700);
}

function dismiss(c) {
  if (!c.hint) return;
  const state = load(c.screen.gameId);
  if (!state.dismissed.includes(c.hint.key)) state.dismissed.push(c.hint.key);
  save(state);
  coach(c.screen);
  // The last hint gone: focus goes on to the moves rather than to nowhere.
  if (c.box.hidden) c.section.querySelector(".has-moves, .moves button, .status-bar button")?.focus({ preventScroll: true });
}

function skip(c) {
  const state = load(c.screen.gameId);
  state.skipped = true;
  save(state);
  const url = new URL(location.href);
  url.searchParams.delete("tutorial");
  history.replaceState(null, "", url);
  const section = c.section;
  remove(c);
  // Focus was on the removed button: the board's status line is the next sensible place.
  section.querySelector(".status-bar button, .board button")?.focus({ preventScroll: true });
  const note = section.querySelector(".sr-only[aria-live]");
  if (note) note.textContent = "Tutorial closed. “How to play” in the top bar has the full rules.";
}
