// game_panels.js — the game screen's panels around the board: the connection banner, the
// waiting room of a private game, the status line (turn, phase, whose move, turn clock,
// opponent presence, spectators), the game-over banner and the moves panel.
//
// What lives here: drawing those from a `GameScreen` (game.js), which owns the socket, the
// view and every decision; each function reads the screen and returns elements. What must
// not: handling messages or sending anything but the legal actions the screen offers.

import { describe, distinct, sortedIndexes } from "./actions.js";
import { h } from "./dom.js";
import { gameOverDialog, pendingDialog } from "./game_dialogs.js";
import { uiIcon } from "./icons.js";
import { clockText } from "./timer.js";
import { copyWithNotice } from "./toast.js";

const PHASE_LABEL = {
  setup: "Setup",
  main: "Main phase",
  end_of_turn: "End of turn",
  between_turns: "Between turns",
  game_over: "Game over",
};

export function connectionBanner(screen) {
  if (screen.net === "reconnecting") return h("div", { class: "banner banner-warn", role: "status", dataset: { banner: "reconnecting" } }, "⟳ Connection lost: reconnecting…");
  if (screen.net === "replaced") {
    return h(
      "div",
      { class: "banner banner-warn", role: "status" },
      "This game is open in another tab or window. ",
      h("button", { type: "button", class: "btn", onclick: () => { screen.conn.start(); } }, "Play here instead"),
    );
  }
  return null;
}

export function waitingRoom(screen) {
  const invite = screen.info?.invite_path ? new URL(screen.info.invite_path, location.origin).href : null;
  if (screen.spectating || !invite) return h("p", { class: "loading", role: "status" }, "Waiting for the game to start…");
  const field = h("input", { type: "text", readonly: true, value: invite, id: "invite-link", class: "invite-link", "aria-label": "Invite link" });
  const copy = () => copyWithNotice(invite, field, "Invite link copied. Send it to your friend.");
  return h(
    "section",
    { class: "panel waiting-room", "aria-labelledby": "wait-title" },
    h("h2", { id: "wait-title" }, "Waiting for your opponent"),
    h("p", {}, "Send this link to a friend. The game starts as soon as they join."),
    h("div", { class: "copy-row" }, field, h("button", { type: "button", class: "btn btn-primary", onclick: copy, dataset: { focus: "copy-invite" } }, "Copy link")),
    h("p", { role: "status", class: "muted" }, "⏳ Waiting…"),
    h("button", { type: "button", class: "btn", onclick: () => screen.leave() }, "Cancel and go back"),
  );
}

export function timerEl(screen) {
  const v = screen.view;
  const running = v.waiting_for.map((id) => [id, screen.clock.remaining(id)]).filter(([, r]) => r !== null);
  if (!running.length || screen.over) return h("span", { class: "timer", dataset: { timer: "" } }, "");
  const mine = running.find(([id]) => id === v.viewer) || running[0];
  const [id, left] = mine;
  const low = left <= 10 || (screen.warnedAt.has(id) && left <= screen.warnedAt.get(id));
  const who = screen.spectating ? screen.names.get(id) || "Player" : id === v.viewer ? "You" : screen.names.get(id) || "Opponent";
  return h(
    "span",
    { class: ["timer", low && "timer-low"], dataset: { timer: "" }, role: "timer", "aria-label": `${who}: ${left} seconds left this turn` },
    uiIcon("clock"), " ",
    `${who}: ${clockText(left)}`,
    low ? h("strong", {}, " hurry!") : null,
  );
}

export function statusBar(screen) {
  const v = screen.view;
  let whose;
  if (screen.over) whose = "Game over";
  else if (screen.myMove()) whose = v.phase === "setup" ? "Your move: set up your creatures" : v.pending ? "Your move: answer the choice" : "Your move";
  else if (!v.waiting_for.length) whose = "…";
  else whose = `Waiting for ${v.waiting_for.map((id) => screen.nameOf(id)).join(" and ")}`;
  const turn = v.phase === "setup" || !v.turn ? "Setup" : `Turn ${v.turn}${v.rules.turn_limit ? ` of ${v.rules.turn_limit}` : ""}`;
  const phase = PHASE_LABEL[v.phase] || v.phase;
  const opp = screen.spectating ? null : v.players.find((p) => p.player_id !== v.viewer);
  const presence = opp && screen.oppStatus
    ? h("span", { class: `presence presence-${screen.oppStatus}`, dataset: { presence: screen.oppStatus } }, h("span", { "aria-hidden": "true" }, { connected: "● ", reconnecting: "◐ ", disconnected: "○ " }[screen.oppStatus]), `${screen.names.get(opp.player_id) || "Opponent"}: ${screen.oppStatus}`)
    : null;
  return h(
    "div",
    { class: "status-bar", role: "region", "aria-label": "Game status" },
    h("span", { class: "turn" }, turn),
    // The phase only when it adds something ("Setup" is already the turn's word and
    // "Game over" the move line's).
    phase !== turn && phase !== whose ? h("span", { class: "phase" }, phase) : null,
    h("span", { class: ["whose", screen.myMove() && "whose-me"], dataset: { whose: "" } }, screen.myMove() ? "★ " : "", whose),
    timerEl(screen),
    presence,
    h("span", { class: "spectators", "aria-label": `${screen.spectators} watching` }, uiIcon("eye"), " ", `${screen.spectators} watching`),
    h(
      "span",
      { class: "status-actions" },
      !screen.spectating && !screen.over ? h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => screen.resign(), dataset: { focus: "resign" } }, "Resign") : null,
      h("button", { type: "button", class: "btn btn-small", onclick: () => screen.leave(), dataset: { focus: "leave" } }, screen.spectating || screen.over ? "Leave" : "Leave (keep seat)"),
    ),
  );
}

export function overBanner(screen) {
  const { winner } = screen.over;
  const text = winner === null || winner === undefined ? "Draw" : screen.spectating ? `${screen.names.get(winner) || "A player"} won` : winner === screen.view.viewer ? "You won!" : "You lost";
  return h(
    "div",
    { class: "banner banner-over", role: "status" },
    h("strong", {}, `Game over: ${text}${/[.!?]$/.test(text) ? "" : "."} `),
    h("button", { type: "button", class: "btn btn-small", onclick: () => gameOverDialog(screen) }, "Show result"),
  );
}

export function movesPanel(screen, ctx, actions) {
  const v = screen.view;
  if (screen.busy) return h("section", { class: "moves", "aria-busy": "true" }, h("h2", {}, "Your moves"), h("p", { role: "status" }, "Sending…"));
  if (!screen.myMove()) {
    const text = screen.over ? "The game is over." : `Waiting for ${v.waiting_for.map((id) => screen.nameOf(id)).join(" and ")}…`;
    return h("section", { class: "moves" }, h("h2", {}, "Your moves"), h("p", { role: "status", class: "muted" }, text));
  }
  const button = (i, cls = "") =>
    h(
      "button",
      { type: "button", class: ["btn", "move", cls], dataset: { actionType: actions[i].type, action: JSON.stringify(actions[i]), focus: `move-${i}` }, onclick: () => screen.act(actions[i]) },
      describe(actions[i], ctx),
    );
  const quickTypes = new Set(["attack", "setup_done", "end_turn"]);
  const quick = actions.map((a, i) => (quickTypes.has(a.type) ? i : -1)).filter((i) => i >= 0);
  const answers = actions.some((a) => a.type === "choose" || a.type === "promote");
  const all = distinct(sortedIndexes(actions).filter((i) => actions[i].type !== "resign"), actions, ctx);
  const hint = v.phase === "setup"
    ? "Setup: pick a basic creature from your hand as your Active (click it), add any to the bench, then finish setup."
    : "Drag a card onto a lit target, or tap it and then a target (tap twice for all its moves); attack with the buttons beside your Active; or pick from the full list.";
  return h(
    "section",
    { class: "moves", "aria-labelledby": "moves-title" },
    h("h2", { id: "moves-title" }, "Your moves"),
    h("p", { class: "hint" }, hint),
    h(
      "div",
      { class: "quick" },
      answers ? h("button", { type: "button", class: "btn btn-primary", onclick: () => pendingDialog(screen, actions.filter((a) => a.type === "choose" || a.type === "promote")), dataset: { focus: "answer" } }, `Answer: ${v.pending?.prompt || "choose"}`) : null,
      quick.map((i) => button(i, actions[i].type === "end_turn" ? "" : "btn-primary")),
    ),
    h(
      "details",
      { class: "all-moves", open: screen.allOpen || undefined, ontoggle: (e) => { screen.allOpen = e.target.open; } },
      h("summary", { dataset: { focus: "all-moves" } }, `All moves (${all.length})`),
      h("ul", { class: "move-list" }, all.map((i) => h("li", {}, button(i)))),
    ),
  );
}
