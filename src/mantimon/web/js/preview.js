// preview.js — a card's full face on demand: hover with a mouse, long-press on a touch
// screen, or press "i" on a focused card; it goes away on leave, Escape or the next touch.
//
// What lives here: one popover (the browser's top layer, so it shows above an open dialog
// too) and the document-wide listeners that fill it. A card offers its face by carrying
// `data-face-id` (its card id): only cards the view reveals are drawn with one, so a hand
// back, the deck or the prizes have nothing to show. What must not: deciding what a player
// may see (that is the server's view) or any game action: the popover is only a picture
// (pointer events pass through it) and clicks still reach the card beneath.

import { cardFace } from "./cardface.js";
import { h } from "./dom.js";

const HOVER_MS = 350;
const LONG_PRESS_MS = 480;

let pool = null;
let rulesOf = () => null;
let pop = null;
let shownFor = null;
let hoverTimer = 0;
let pressTimer = 0;
let swallowClick = false;
let watch = 0;

function faceTarget(el) {
  if (!(el instanceof Element)) return null;
  let own = el.closest("[data-face-id]");
  // A card inside a card button of the same card (a hand card): one target, the outer.
  for (let up = own?.parentElement?.closest("[data-face-id]"); up && up.dataset.faceId === own.dataset.faceId; up = up.parentElement?.closest("[data-face-id]")) own = up;
  if (own) return own;
  // A focused button around one card (a discard entry): its card inside.
  const inner = el.matches("button") ? el.querySelectorAll("[data-face-id]") : [];
  return inner.length === 1 ? inner[0] : null;
}

function place(target) {
  const r = target.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = window.innerHeight;
  const w = pop.offsetWidth;
  const ht = pop.offsetHeight;
  const gap = 8;
  let left = r.right + gap;
  if (left + w > vw - gap) left = r.left - w - gap;
  if (left < gap) left = Math.max(gap, Math.min(vw - w - gap, r.left + r.width / 2 - w / 2));
  let top = left === r.right + gap || left === r.left - w - gap ? r.top + r.height / 2 - ht / 2 : r.bottom + gap;
  if (top + ht > vh - gap) top = left === r.right + gap || left === r.left - w - gap ? vh - ht - gap : r.top - ht - gap;
  top = Math.max(gap, Math.min(top, vh - ht - gap));
  Object.assign(pop.style, { left: `${Math.round(left)}px`, top: `${Math.round(top)}px` });
}

/** Show the face of `target`'s card next to it. */
export function showFace(target) {
  const def = pool?.get(target.dataset.faceId);
  if (!def || !target.isConnected) return;
  hideFace();
  pop.replaceChildren(cardFace(def, { rules: rulesOf() }));
  pop.showPopover();
  place(target);
  shownFor = target;
  target.setAttribute("aria-describedby", pop.id);
  watch = setInterval(follow, 400);
}

/** After a redraw of the board: stay with the same card (by its uid) or go away. */
function follow() {
  if (!shownFor || shownFor.isConnected) return;
  const uid = shownFor.closest("[data-uid]")?.dataset.uid ?? shownFor.dataset.uid;
  const again = uid ? document.querySelector(`[data-uid="${CSS.escape(uid)}"]`) : null;
  const target = again ? faceTarget(again) : null;
  if (!target || target.dataset.faceId !== shownFor.dataset.faceId) {
    hideFace();
    return;
  }
  shownFor = target;
  target.setAttribute("aria-describedby", pop.id);
  place(target);
}

/** Hide the face, if one is shown. */
export function hideFace() {
  clearTimeout(hoverTimer);
  clearInterval(watch);
  if (shownFor) shownFor.removeAttribute("aria-describedby");
  shownFor = null;
  if (pop?.matches(":popover-open")) pop.hidePopover();
}

function onOver(event) {
  if (event.pointerType === "touch") return;
  const target = faceTarget(event.target);
  if (!target || target === shownFor) return;
  clearTimeout(hoverTimer);
  hoverTimer = setTimeout(() => showFace(target), shownFor ? 60 : HOVER_MS);
}

function onOut(event) {
  if (event.pointerType === "touch") return;
  const from = faceTarget(event.target);
  const to = faceTarget(event.relatedTarget);
  if (from && from !== to) {
    clearTimeout(hoverTimer);
    if (shownFor === from) hideFace();
  }
}

function onDown(event) {
  clearTimeout(pressTimer);
  swallowClick = false;
  hideFace();
  if (event.pointerType !== "touch") return;
  const target = faceTarget(event.target);
  if (!target) return;
  pressTimer = setTimeout(() => {
    swallowClick = true;
    showFace(target);
  }, LONG_PRESS_MS);
}

function onUp() {
  clearTimeout(pressTimer);
}

function onClick(event) {
  if (!swallowClick) return;
  // The click that ends a long press only showed the face: it does not press the card.
  swallowClick = false;
  event.preventDefault();
  event.stopPropagation();
}

function onKey(event) {
  if (event.key === "Escape" && shownFor) {
    hideFace();
    event.preventDefault();
    event.stopPropagation();
    return;
  }
  if ((event.key === "i" || event.key === "I") && !event.ctrlKey && !event.metaKey && !event.altKey) {
    const el = document.activeElement;
    if (!el || el.matches("input, textarea, select, [contenteditable]")) return;
    const target = faceTarget(el);
    if (!target) return;
    event.preventDefault();
    if (shownFor === target) hideFace();
    else showFace(target);
  }
}

/**
 * Turn the previews on for the whole page (once; later calls only update `cards`, the
 * pool as a Map from card id to definition, and `rules`, a function returning the game's
 * rules, or null, for weakness and resistance amounts).
 */
export function enableCardPreviews(cards, rules = () => null) {
  pool = cards;
  rulesOf = rules;
  if (pop) return;
  pop = h("div", { id: "card-face-pop", class: "face-pop", popover: "manual", role: "tooltip" });
  document.body.append(pop);
  document.addEventListener("pointerover", onOver);
  document.addEventListener("pointerout", onOut);
  document.addEventListener("pointerdown", onDown, true);
  document.addEventListener("pointerup", onUp, true);
  document.addEventListener("pointercancel", onUp, true);
  document.addEventListener("click", onClick, true);
  document.addEventListener("keydown", onKey, true);
  document.addEventListener("focusout", (event) => {
    if (shownFor && event.target instanceof Node && event.target.contains(shownFor)) hideFace();
  });
  document.addEventListener("contextmenu", (event) => {
    if (swallowClick || (event.pointerType === "touch" && faceTarget(event.target))) event.preventDefault();
  });
  // Scrolling moves the card: the face follows it (a pending hover still opens).
  window.addEventListener("scroll", () => shownFor?.isConnected && place(shownFor), { passive: true, capture: true });
}
