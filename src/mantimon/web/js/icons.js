// icons.js — our own SVG symbols: one per energy type, plus the special conditions.
//
// Every icon carries a text alternative (role="img" + aria-label + <title>) and a shape of
// its own, so a type is never told by colour alone.

import { h, s } from "./dom.js";

export const TYPES = ["grass", "fire", "water", "lightning", "psychic", "fighting", "darkness", "metal", "colorless"];

export const TYPE_LABEL = {
  grass: "Grass", fire: "Fire", water: "Water", lightning: "Lightning", psychic: "Psychic",
  fighting: "Fighting", darkness: "Darkness", metal: "Metal", colorless: "Colorless",
};

// 24x24 paths drawn around the centre (12, 12); art.js draws them large on energy cards.
export const GLYPH = {
  grass: "M12 4c5 2 7 6 6 11-1 3-4 5-7 5-2-3-3-6-2-9l3-4-4 3c-2 2-3 5-2 8-2-2-3-5-2-8 1-3 4-5 8-6z",
  fire: "M12 3c1 4 6 6 6 11a6 6 0 0 1-12 0c0-3 2-5 3-6 0 2 1 3 2 3-1-3 0-6 1-8z",
  water: "M12 3c3 5 6 8 6 12a6 6 0 0 1-12 0c0-4 3-7 6-12z",
  lightning: "M13 2 5 14h6l-2 8 9-12h-6l2-8z",
  psychic: "M2 12c3-4 6-6 10-6s7 2 10 6c-3 4-6 6-10 6s-7-2-10-6zm10-3.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z",
  fighting: "M12 2l2.4 6.1L21 9l-5 4.3L17.5 20 12 16.6 6.5 20 8 13.3 3 9l6.6-.9z",
  darkness: "M15 3a9 9 0 1 0 6 15A7.5 7.5 0 0 1 15 3z",
  metal: "M12 2l8.7 5v10L12 22l-8.7-5V7zm0 6a4 4 0 1 0 0 8 4 4 0 0 0 0-8z",
  colorless: "M12 2l2.5 7.5L22 12l-7.5 2.5L12 22l-2.5-7.5L2 12l7.5-2.5z",
};

/** An energy-type icon: `energyIcon("fire")`. `size` in px. */
export function energyIcon(type, { size = 18, label } = {}) {
  const name = label || `${TYPE_LABEL[type] || type} energy`;
  return s(
    "svg",
    { class: `icon energy-icon t-${type}`, viewBox: "0 0 24 24", width: size, height: size, role: "img", "aria-label": name },
    s("title", {}, name),
    s("circle", { cx: 12, cy: 12, r: 12, class: "icon-disc" }),
    s("path", { d: GLYPH[type] || GLYPH.colorless, class: "icon-glyph", transform: "translate(3.6 3.6) scale(0.7)" }),
  );
}

/** A row of energy icons (a cost or what is attached); empty costs read "free". */
export function energyRow(types, { size = 16, empty = "" } = {}) {
  if (!types.length) return h("span", { class: "energy-row empty" }, empty);
  return h("span", { class: "energy-row", role: "list" }, types.map((t) => h("span", { role: "listitem" }, energyIcon(t, { size }))));
}

export const CONDITION = {
  asleep: { label: "Asleep", mark: "z" },
  paralyzed: { label: "Paralyzed", mark: "×" },
  confused: { label: "Confused", mark: "?" },
  poisoned: { label: "Poisoned", mark: "•" },
  burned: { label: "Burned", mark: "^" },
};

/** A special-condition badge: a mark plus the word (never colour alone). */
export function conditionBadge(condition) {
  const c = CONDITION[condition] || { label: condition, mark: "!" };
  return h("span", { class: `badge cond cond-${condition}`, title: c.label }, h("span", { "aria-hidden": "true" }, c.mark + " "), c.label);
}

const UI_GLYPH = {
  clock: [s("circle", { cx: 12, cy: 12, r: 9, fill: "none", stroke: "currentColor", "stroke-width": 2.5 }), s("path", { d: "M12 7v5l3 3", fill: "none", stroke: "currentColor", "stroke-width": 2.5, "stroke-linecap": "round" })],
  eye: [s("path", { d: "M2 12c3-5 6-7 10-7s7 2 10 7c-3 5-6 7-10 7s-7-2-10-7z", fill: "none", stroke: "currentColor", "stroke-width": 2.2 }), s("circle", { cx: 12, cy: 12, r: 3.2, fill: "currentColor" })],
  tool: [s("path", { d: "M14 3a5 5 0 0 0-4.6 6.9L3 16.3V21h4.7l6.4-6.4A5 5 0 0 0 21 10l-3 3-4-1-1-4 3-3a5 5 0 0 0-2-2z", fill: "currentColor" })],
};

/** A small decorative UI symbol (clock, eye, tool) drawn in the current text colour. */
export function uiIcon(name, size = 16) {
  const make = () => UI_GLYPH[name].map((el) => el.cloneNode(true));
  return s("svg", { class: "icon ui-icon", viewBox: "0 0 24 24", width: size, height: size, "aria-hidden": "true", focusable: "false" }, ...make());
}
