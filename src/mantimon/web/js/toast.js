// toast.js — short notices in the corner: errors with their meaning, timer warnings, news.
//
// Toasts live in the page's polite live region, so screen readers hear them too; errors
// stay until dismissed or replaced, others fade after a few seconds.

import { h } from "./dom.js";
import { meaning } from "./errors.js";

const MAX_TOASTS = 4;

/** Show a toast; `kind` is "info", "warning" or "error". Returns the element. */
export function toast(text, { kind = "info", detail = "", seconds } = {}) {
  const box = document.getElementById("toasts");
  const close = h("button", { class: "toast-close", type: "button", "aria-label": "Dismiss notice" }, "×");
  const icon = { info: "ℹ", warning: "⚠", error: "✖" }[kind] || "ℹ";
  const el = h(
    "div",
    { class: ["toast", `toast-${kind}`], role: kind === "error" ? "alert" : "status", dataset: { kind } },
    h("span", { class: "toast-icon", "aria-hidden": "true" }, icon),
    h("div", { class: "toast-body" }, h("strong", {}, kind === "error" ? "Error: " : kind === "warning" ? "Warning: " : ""), text, detail ? h("small", {}, detail) : null),
    close,
  );
  close.addEventListener("click", () => el.remove());
  box.append(el);
  while (box.children.length > MAX_TOASTS) box.firstElementChild.remove();
  const life = seconds ?? (kind === "error" ? 12 : 5);
  if (life > 0) setTimeout(() => el.remove(), life * 1000);
  return el;
}

/** An error toast for a protocol or REST error code, with the server's message below. */
export function errorToast(code, message) {
  return toast(meaning(code), { kind: "error", detail: message && message !== meaning(code) ? `${message} (${code})` : `(${code})` });
}

/** Copy `text` (a link) to the clipboard, or select it in `field` for the player to copy
 *  where the clipboard is refused (an insecure origin), and say so in a toast. */
export async function copyWithNotice(text, field, notice) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    field.select();
    document.execCommand?.("copy");
  }
  toast(notice, { seconds: 4 });
}
