// dialogs.js — modal dialogs on the native <dialog> element.
//
// The browser gives <dialog> its focus trap, Escape to close and an inert page behind;
// here we add a title, a close button, returning focus to the control that opened it, and
// `confirmDialog` for yes/no questions. Only one dialog is open at a time per `slot`.

import { h } from "./dom.js";

const open = new Map(); // slot -> {el, close}

/**
 * Open a dialog. `body` is a node or list of nodes; `slot` names it so a newer dialog of
 * the same slot replaces the older one. Returns `{el, close, body}`.
 */
export function openDialog({ title, body, slot = "main", className = "", dismissable = true, onClose, label }) {
  closeDialog(slot);
  const opener = document.activeElement;
  const titleId = `dlg-${slot}-title`;
  const content = h("div", { class: "dialog-body" }, body);
  const closeBtn = dismissable
    ? h("button", { type: "button", class: "dialog-close", "aria-label": "Close", dataset: { focus: `close-${slot}` } }, "×")
    : null;
  const el = h(
    "dialog",
    { class: ["dialog", className], "aria-labelledby": titleId, dataset: { slot } },
    h("div", { class: "dialog-head" }, h("h2", { id: titleId }, title), closeBtn),
    content,
  );
  if (label) el.setAttribute("aria-label", label);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    open.delete(slot);
    if (el.open) el.close();
    el.remove();
    if (opener && opener.isConnected && typeof opener.focus === "function") opener.focus({ preventScroll: true });
    onClose?.();
  };
  el.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (dismissable) close();
  });
  closeBtn?.addEventListener("click", close);
  document.body.append(el);
  el.showModal();
  open.set(slot, { el, close, body: content });
  return { el, close, body: content };
}

export function closeDialog(slot = "main") {
  open.get(slot)?.close();
}

export function dialogOpen(slot = "main") {
  return open.get(slot) || null;
}

/** Ask a yes/no question; resolves true for yes. */
export function confirmDialog(title, text, { yes = "Yes", no = "Cancel" } = {}) {
  return new Promise((resolve) => {
    let answer = false;
    const yesBtn = h("button", { type: "button", class: "btn btn-danger" }, yes);
    const noBtn = h("button", { type: "button", class: "btn" }, no);
    const dlg = openDialog({
      title,
      slot: "confirm",
      body: [h("p", {}, text), h("div", { class: "dialog-actions" }, noBtn, yesBtn)],
      onClose: () => resolve(answer),
    });
    yesBtn.addEventListener("click", () => {
      answer = true;
      dlg.close();
    });
    noBtn.addEventListener("click", () => dlg.close());
    noBtn.focus();
  });
}
