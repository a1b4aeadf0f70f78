// game_dialogs.js — the game's dialogs: a card and its moves, a discard pile, a pending
// choice (pick cards or a creature to promote), and the result at the end.
//
// Every button offered here is one entry of the view's `legal_actions`; a choice's
// selection is matched against those entries (by card kind, as the engine groups
// identical cards) and the matching entry is sent unchanged.

import { describe } from "./actions.js";
import { api } from "./api.js";
import { cardFace, cardMini } from "./cards.js";
import { h } from "./dom.js";
import { closeDialog, dialogOpen, openDialog } from "./dialogs.js";
import { endReasonText } from "./errors.js";
import { conditionBadge } from "./icons.js";
import { rematchOffer, twoPeople } from "./rematch.js";
import { replayHref } from "./replay.js";

function findCard(view, uid) {
  for (const p of view.players) {
    for (const c of [p.active, ...p.bench]) {
      if (c?.uid === uid) return { ref: c, creature: c, owner: p };
      for (const ref of [...(c?.energy || []), ...(c?.below || []), ...(c?.tool ? [c.tool] : [])]) if (ref.uid === uid) return { ref, owner: p };
    }
    for (const ref of [...(p.hand || []), ...p.energy_zone, ...p.discard, ...p.energy_discard]) if (ref.uid === uid) return { ref, owner: p };
  }
  if (view.stadium?.uid === uid) return { ref: view.stadium };
  for (const o of view.pending?.options || []) if (o.card?.uid === uid) return { ref: o.card };
  return null;
}

function creatureFacts(c) {
  const left = Math.max(0, c.hp - c.damage);
  return h(
    "ul",
    { class: "facts" },
    h("li", {}, `HP ${left} of ${c.hp}`, c.damage ? ` (${c.damage} damage)` : ""),
    h("li", {}, "Energy: ", c.energy.length ? c.energy.map((e) => e.name).join(", ") : "none"),
    c.tool ? h("li", {}, `Tool: ${c.tool.name}`) : null,
    c.conditions.length ? h("li", {}, "Conditions: ", c.conditions.map(conditionBadge)) : null,
    c.below.length ? h("li", {}, `Evolved from: ${c.below.map((b) => b.name).join(", ")}`) : null,
    c.effects.length ? h("li", {}, `Effects: ${c.effects.map((e) => e.replaceAll("_", " ")).join(", ")}`) : null,
    h("li", {}, `Retreat cost: ${c.retreat_cost}`),
  );
}

function cardDialogBody(screen, uid) {
  const found = findCard(screen.view, uid);
  if (!found) return null;
  const { ctx, actions, byCard } = screen.ctx;
  const def = screen.pool.get(found.ref.card_id);
  const moves = (byCard.get(uid) || []).map((i) =>
    h(
      "li",
      {},
      h(
        "button",
        { type: "button", class: "btn btn-primary move", dataset: { actionType: actions[i].type, action: JSON.stringify(actions[i]), focus: `dlg-move-${i}` }, onclick: () => screen.act(actions[i]) },
        describe(actions[i], ctx),
      ),
    ),
  );
  const none = screen.spectating ? "You are watching." : screen.myMove() ? "No moves with this card right now." : "Not your move right now.";
  return [
    h("div", { class: "card-detail" }, cardFace(def, { rules: screen.view?.rules }), found.creature ? creatureFacts(found.creature) : null),
    h("h3", {}, "What it can do"),
    moves.length ? h("ul", { class: "move-list" }, moves) : h("p", { class: "muted" }, none),
  ];
}

/** The card `uid` in full, with the legal moves that involve it. */
export function cardDialog(screen, uid) {
  const body = cardDialogBody(screen, uid);
  if (!body) return;
  const dlg = openDialog({ title: findCard(screen.view, uid).ref.name, body, slot: "card", className: "card-dialog" });
  dlg.el.dataset.uid = uid;
  dlg.el.querySelector(".move")?.focus();
}

/** After a new view: redraw the open card dialog, or close it when the view's legal
 * actions changed (`actionsChanged`). A button redrawn in place under the pointer would
 * be a misclick trap: "Place Kilnback as your Active" must not turn into "Use Stoke the
 * Kiln" between a look and a click. Focus goes back to the card on the board. */
export function refreshCardDialog(screen, actionsChanged = false) {
  const open = dialogOpen("card");
  if (!open || !open.el.dataset.uid) return;
  const uid = open.el.dataset.uid;
  const body = actionsChanged ? null : cardDialogBody(screen, uid);
  if (body) {
    open.body.replaceChildren(...body);
    return;
  }
  closeDialog("card");
  screen.content.querySelector(`[data-focus="card-${CSS.escape(uid)}"]`)?.focus({ preventScroll: true });
  if (actionsChanged) screen.announcer.textContent = "The moves changed, so the card's window closed.";
}

/** A player's discard pile (and energy discard), face up. */
export function discardDialog(screen, p) {
  const cards = [...p.discard, ...p.energy_discard];
  const name = screen.names.get(p.player_id) || "Player";
  const items = cards.map((ref) =>
    h("li", {}, h("button", { type: "button", class: "hand-card", onclick: () => openDialog({ title: ref.name, body: cardFace(screen.pool.get(ref.card_id), { rules: screen.view?.rules }), slot: "card-face" }) }, cardMini(screen.pool.get(ref.card_id), ref.name))),
  );
  openDialog({
    title: `${p.player_id === screen.view.viewer ? "Your" : `${name}'s`} discard pile (${cards.length})`,
    slot: "card",
    body: items.length ? h("ul", { class: "card-list" }, items) : h("p", { class: "muted" }, "The discard pile is empty."),
  });
}

function optionKey(pending, ids) {
  const of = new Map(pending.options.map((o) => [o.id, o.card?.card_id || o.id]));
  return ids.map((id) => of.get(id) || id).sort().join("|");
}

/** The pending decision: promote a creature, or pick cards (min..max) from the options. */
export function pendingDialog(screen, answers) {
  const v = screen.view;
  const pending = v.pending;
  const { ctx } = screen.ctx;
  if (pending.kind === "promote" || answers.every((a) => a.type === "promote")) {
    const buttons = answers.map((a, i) =>
      h("li", {}, h("button", { type: "button", class: "btn btn-primary move", dataset: { actionType: a.type, action: JSON.stringify(a), focus: `promote-${i}` }, onclick: () => screen.act(a) }, describe(a, ctx))),
    );
    const dlg = openDialog({ title: "Choose your new Active", slot: "pending", className: "pending-dialog", body: [h("p", {}, pending.prompt), h("ul", { class: "move-list" }, buttons)] });
    dlg.el.querySelector("button.move")?.focus();
    return;
  }
  const byKey = new Map(answers.map((a) => [optionKey(pending, [...a.selections]), a]));
  const picked = new Set();
  const status = h("p", { class: "choice-status", role: "status" });
  const confirm = h("button", { type: "button", class: "btn btn-primary", dataset: { focus: "confirm-choice", choiceConfirm: "" } }, "Confirm");
  const update = () => {
    const action = byKey.get(optionKey(pending, [...picked]));
    confirm.disabled = !action;
    const range = pending.min === pending.max ? `${pending.max}` : `${pending.min} to ${pending.max}`;
    status.textContent = `Selected ${picked.size}; pick ${range}.${action ? "" : picked.size > pending.max ? " Too many." : ""}`;
    for (const btn of list.querySelectorAll("[data-option]")) btn.setAttribute("aria-pressed", String(picked.has(btn.dataset.option)));
  };
  const list = h(
    "ul",
    { class: "card-list choice-list" },
    pending.options.map((o) =>
      h(
        "li",
        {},
        h(
          "button",
          {
            type: "button",
            class: "hand-card choice-option",
            "aria-pressed": "false",
            dataset: { option: o.id, name: o.card?.name || o.label },
            onclick: () => {
              if (picked.has(o.id)) picked.delete(o.id);
              else {
                if (pending.max === 1) picked.clear();
                picked.add(o.id);
              }
              update();
            },
          },
          o.card ? cardMini(screen.pool.get(o.card.card_id), o.card.name) : h("span", { class: "mini" }, o.label),
          h("span", { class: "check", "aria-hidden": "true" }, "✓"),
        ),
      ),
    ),
  );
  confirm.addEventListener("click", () => {
    const action = byKey.get(optionKey(pending, [...picked]));
    if (action) screen.act(action);
  });
  const nothing = byKey.get("") && pending.min === 0 ? h("button", { type: "button", class: "btn", onclick: () => screen.act(byKey.get("")) }, "Take nothing") : null;
  openDialog({
    title: "Your choice",
    slot: "pending",
    className: "pending-dialog",
    body: [h("p", { class: "prompt" }, pending.prompt), list, status, h("div", { class: "dialog-actions" }, nothing, confirm)],
  });
  update();
  list.querySelector("button")?.focus();
}

/** The end of the game: who won, why, and a rematch. */
export function gameOverDialog(screen) {
  const v = screen.view;
  const { winner, reason } = screen.over;
  const names = screen.names;
  let title;
  if (winner === null || winner === undefined) title = "It's a draw";
  else if (screen.spectating) title = `${names.get(winner) || "A player"} won`;
  else title = winner === v.viewer ? "You won!" : "You lost";
  const score = v.players.map((p) => `${names.get(p.player_id) || "Player"}: ${v.rules.use_prizes ? `${p.prizes_count} prizes left` : `${p.points} points`}`).join(" · ");
  const rematch = !screen.spectating && !screen.campaign
    ? h("button", { type: "button", class: "btn btn-primary", dataset: { focus: "rematch", rematch: "" }, onclick: () => { closeDialog("over"); screen.destroy(); screen.onRematch(screen.origin, screen.info); } }, "Rematch")
    : null;
  const rewards = screen.campaign ? h("div", { class: "over-rewards", "aria-live": "polite" }) : null;
  const dlg = openDialog({
    title,
    slot: "over",
    className: "over-dialog",
    body: [
      h("p", { class: "over-reason", dataset: { reason: reason || "" } }, endReasonText(reason, { winner: winner ? names.get(winner) : null, prizes: v.rules.use_prizes })),
      h("p", { class: "over-score" }, score),
      rewards,
      h(
        "div",
        { class: "dialog-actions" },
        h("button", { type: "button", class: "btn", onclick: () => closeDialog("over") }, "Look at the board"),
        h("a", { class: "btn", href: replayHref(screen.gameId, { as: screen.spectating ? "spectator" : v.viewer }), target: "_blank", rel: "noopener", dataset: { replayLink: "" } }, "Watch the replay (new tab)"),
        h("button", { type: "button", class: "btn", dataset: { leave: "" }, onclick: () => screen.leave() }, screen.campaign ? "Back to the campaign" : "Back to start"),
        !screen.spectating && !screen.campaign && twoPeople(screen.info) ? rematchOffer(screen) : rematch, // two people: offer and accept
      ),
    ],
  });
  if (screen.campaign) showRewards(screen.gameId, rewards);
  (dlg.el.querySelector("[data-rematch]") || dlg.el.querySelector(".btn"))?.focus();
}

/** A campaign game's result as the server granted it: what the duelist said and what the
 * game earned (stored with the game's end, so it is there when game_over arrives). */
async function showRewards(gameId, box) {
  let entry;
  try {
    entry = (await api("GET", "/api/campaign/results")).find((r) => r.game_id === gameId);
  } catch {
    return;
  }
  if (!entry || !box.isConnected) return;
  const earned = [];
  if (entry.packs) earned.push(`${entry.packs} booster pack${entry.packs > 1 ? "s" : ""}`);
  if (entry.medal) earned.push("a medal");
  if (entry.promo) earned.push("a promo card");
  box.dataset.packs = String(entry.packs);
  box.append(
    entry.said ? h("blockquote", {}, `${entry.duelist_name}: “${entry.said}”`) : null,
    h("p", {}, earned.length ? `Earned: ${earned.join(", ")}.` : "Only a win earns rewards. Try again!"),
  );
  if (entry.crowned) box.append(credits());
}

/** The credits, rolled once: the player just became the Champion. */
function credits() {
  const lines = [
    "You are the Champion of Mantimon!",
    "Your name is in the hall of fame.",
    "",
    "Mantimon TCG",
    "Rules, cards and duelists: the Mantimon team",
    "Eight clubs, three Grand Masters, one Champion — and you.",
    "Rematches stay open. Thank you for playing.",
  ];
  return h("div", { class: "credits", role: "group", "aria-label": "Credits", dataset: { credits: "" } },
    h("div", { class: "credits-roll" }, lines.map((l) => (l ? h("p", {}, l) : h("br")))));
}
