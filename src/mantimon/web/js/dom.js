// dom.js — the page's only way to build elements.
//
// What lives here: `h(tag, attrs, ...children)`, which sets text with textContent and
// styles as an object (`style: {width: "50%"}`, through the CSSOM), and never parses HTML
// (display names and deck names come from other players), plus small focus helpers.
// What must not: game knowledge.

const SVG_NS = "http://www.w3.org/2000/svg";

function apply(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    // Styles go through the CSSOM: the page's Content-Security-Policy refuses style attributes.
    else if (key === "style") Object.assign(el.style, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "value" || key === "checked" || key === "selected" || key === "disabled") el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: `h("button", {class: "x", onclick: f}, "text", otherNode)`. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** An SVG element (same calling convention as `h`). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

/** Replace everything inside `el` with `children`. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A key that finds "the same" control again after a re-render (for keeping focus). */
export function focusKey(el) {
  return el && el.closest ? el.closest("[data-focus]")?.dataset.focus ?? null : null;
}

/** Focus the control with `key` inside `root`, if it is still there. */
export function refocus(root, key) {
  if (!key) return;
  const el = root.querySelector(`[data-focus="${CSS.escape(key)}"]`);
  if (el) el.focus({ preventScroll: true });
}

/** Text for screen readers only. */
export function srOnly(text) {
  return h("span", { class: "sr-only" }, text);
}
