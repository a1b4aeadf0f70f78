// game.js — the game screen: one game's socket, its latest view, and everything drawn from it.
//
// What lives here: handling every server message of a game (docs/PROTOCOL.md §4), sending
// only actions taken from the view's `legal_actions`, the status line (turn, phase, whose
// move, turn clock, opponent presence, spectators), the waiting room of a private game,
// and resuming after a reload (the view, log and last event id are kept in localStorage,
// so the server only replays what was missed). Card and choice dialogs are in
// `game_dialogs.js`, the table itself in `board.js`.

import { cardPool, gameInfo } from "./api.js";
import { context, actionsByCard, describe, distinct, sortedIndexes } from "./actions.js";
import { hand, side, stadium } from "./board.js";
import { h, focusKey, refocus, fill } from "./dom.js";
import { coach } from "./coach.js";
import { closeDialog, confirmDialog, dialogOpen } from "./dialogs.js";
import { cardDialog, discardDialog, gameOverDialog, pendingDialog, refreshCardDialog } from "./game_dialogs.js";
import { GameLog } from "./log.js";
import { enableCardPreviews } from "./preview.js";
import { Feel } from "./feel.js";
import { GameConnection } from "./socket.js";
import { clearGame, loadGame, saveGame } from "./store.js";
import { clockText, TurnClock } from "./timer.js";
import { uiIcon } from "./icons.js";
import { copyWithNotice, errorToast, toast } from "./toast.js";

const PHASE_LABEL = {
  setup: "Setup",
  main: "Main phase",
  end_of_turn: "End of turn",
  between_turns: "Between turns",
  game_over: "Game over",
};

export class GameScreen {
  /**
   * @param {HTMLElement} root
   * @param {{gameId: string, role: "player"|"spectator", origin?: object,
   *          onLeave: () => void, onRematch: (origin: object, info: object) => void,
   *          campaign?: boolean}} opts  (campaign: a campaign game: its end shows the rewards)
   */
  constructor(root, { gameId, role, origin, onLeave, onRematch, campaign = false }) {
    this.root = root;
    this.campaign = campaign;
    this.gameId = gameId;
    this.role = role;
    this.origin = origin || null;
    this.onLeave = onLeave;
    this.onRematch = onRematch;
    this.view = null;
    this.info = null;
    this.eventId = null;
    this.spectators = 0;
    this.log = new GameLog();
    this.clock = new TurnClock();
    this.oppStatus = null;
    this.net = "connecting";
    this.busy = false;
    this.over = null;
    this.pendingKey = null;
    this.overShown = false;
    this.warnedAt = new Map(); // player id -> remaining seconds of the last warning
  }

  get spectating() {
    return this.role === "spectator";
  }

  async start() {
    this.section = h("section", { id: "game", class: "game", "aria-label": "Game", dataset: { role: this.role, gameId: this.gameId } });
    this.content = h("div", { class: "game-content" });
    this.announcer = h("p", { class: "sr-only", "aria-live": "polite" });
    this.section.append(this.content, this.announcer);
    this.feel = new Feel(this); // drag and tap-to-target, attack buttons, animations
    fill(this.root, this.section);
    fill(this.content, h("p", { class: "loading" }, "Loading the game…"));
    try {
      [this.pool, this.info] = await Promise.all([cardPool(), gameInfo(this.gameId)]);
      enableCardPreviews(this.pool, () => this.view?.rules || null); // card faces on hover
      this.infoAt = Date.now();
    } catch (err) {
      errorToast(err.code || "network_error", err.message);
      this.leave();
      return;
    }
    this.clock.limit = this.info.turn_seconds ?? null; // null: an untimed game (no clock)
    const stored = loadGame();
    let lastEventId = null;
    if (stored && stored.id === this.gameId && stored.role === this.role) {
      this.origin ??= stored.origin || null;
      if (stored.view) {
        this.view = stored.view;
        this.eventId = stored.lastEventId;
        this.spectators = stored.spectators || 0;
        this.log = new GameLog(stored.log || []);
        lastEventId = stored.lastEventId;
        this.clock.sync(this.view);
      }
    }
    this.applyClocks();
    this.persist();
    this.conn = new GameConnection({
      gameId: this.gameId,
      spectate: this.spectating,
      lastEventId,
      onMessage: (msg) => this.receive(msg),
      onStatus: (status, info) => this.connection(status, info),
    });
    this.conn.start();
    this.ticker = setInterval(() => this.tick(), 500);
    // For the console and the browser tests: what this page already holds, nothing more
    // (a spectator's view has no hand; a player's is their own).
    window.mantimon = {
      view: () => this.view,
      eventId: () => this.eventId,
      dropSocket: () => this.conn?.drop(),
    };
    this.render();
  }

  destroy() {
    clearInterval(this.ticker);
    this.conn?.stop();
    this.feel?.destroy();
    for (const slot of ["card", "pending", "over", "confirm"]) closeDialog(slot);
  }

  leave() {
    this.destroy();
    clearGame();
    this.onLeave();
  }

  persist() {
    saveGame({
      id: this.gameId,
      role: this.role,
      lastEventId: this.view ? this.eventId : null,
      view: this.view,
      log: this.log.toJSON(),
      spectators: this.spectators,
      origin: this.origin,
    });
  }

  /** Display names by user id (from the game's record). */
  get names() {
    const names = new Map();
    for (const p of this.info?.players || []) names.set(p.user_id, p.name);
    return names;
  }

  nameOf(id) {
    if (!this.spectating && id === this.view?.viewer) return "You";
    return this.names.get(id) || "Opponent";
  }

  /** The server's clocks from the game record (seconds left when it was fetched). */
  applyClocks() {
    if (!this.view) return; // applied again with the first view (they need its turn number)
    const elapsed = (Date.now() - (this.infoAt || Date.now())) / 1000;
    for (const [id, seconds] of Object.entries(this.info?.clocks || {})) {
      if (this.view.waiting_for.includes(id)) this.clock.set(id, Math.max(0, seconds - elapsed), this.view.turn);
    }
  }

  async refreshInfo() {
    try {
      this.info = await gameInfo(this.gameId);
      this.infoAt = Date.now();
      this.applyClocks();
      this.render();
    } catch {
      // The names stay as they were; the next state tries again.
    }
  }

  // --- messages ------------------------------------------------------------------------

  receive(msg) {
    this.feel?.snapshot();
    switch (msg.type) {
      case "game_state":
        this.showState(msg.state, msg.event_id);
        this.spectators = msg.spectator_count;
        break;
      case "game_over":
        this.over = { winner: msg.winner_id, reason: msg.end_reason };
        this.showState(msg.final_state, msg.event_id);
        break;
      case "turn_start":
        this.eventId = msg.event_id;
        this.persist();
        break;
      case "action_result":
        // After a success the moves stay locked until the new view arrives (it follows at
        // once), so nothing stale can be clicked in between.
        if (msg.success) {
          this.busy = this.view && this.eventId === this.sentAt ? "state" : false;
          this.log.merge(msg.changes?.events);
        } else {
          this.busy = false;
          errorToast(msg.error_code, msg.error_message);
        }
        break;
      case "turn_timeout":
        this.timeout(msg);
        break;
      case "opponent_status":
        if (this.oppStatus && this.oppStatus !== msg.status) {
          const who = this.names.get(msg.opponent_id) || "Your opponent";
          const text = { connected: `${who} is back.`, reconnecting: `${who} lost the connection; waiting for them to reconnect…`, disconnected: `${who} is disconnected. Their turn clock keeps running.` }[msg.status];
          toast(text, { kind: msg.status === "connected" ? "info" : "warning" });
        }
        this.oppStatus = msg.status;
        break;
      case "error":
        this.busy = false;
        // Joined a game that waits for its second player: the waiting room already says so.
        if (msg.details?.reason === "waiting_for_opponent") break;
        if (msg.code !== "connection_closed" || msg.details?.game_id === this.gameId) errorToast(msg.code, msg.message);
        if (msg.code === "not_in_game" && !this.spectating && !this.view) this.leaveSoon();
        if (msg.code === "game_not_found") this.leaveSoon();
        // An invitation cancelled or expired before anyone took the seat: nothing to show.
        if (msg.code === "game_ended" && !this.view) this.leaveSoon();
        break;
      default:
        return;
    }
    this.render();
    this.feel?.events(msg);
  }

  leaveSoon() {
    setTimeout(() => this.leave(), 2500);
  }

  showState(state, eventId) {
    const first = !this.view;
    if (this.busy === "state") this.busy = false;
    this.view = state;
    this.eventId = eventId;
    this.log.merge(state.events);
    this.clock.sync(state);
    if (first) this.applyClocks();
    if (state.phase === "game_over" && !this.over) this.over = { winner: state.winner, reason: state.end_reason };
    const known = this.names;
    if (first || state.players.some((p) => !known.has(p.player_id))) this.refreshInfo();
    this.persist();
  }

  timeout(msg) {
    const who = msg.player_id === this.view?.viewer ? "You have" : `${this.names.get(msg.player_id) || "Your opponent"} has`;
    if (msg.is_warning) {
      this.clock.set(msg.player_id, msg.remaining_seconds, this.view?.turn);
      this.warnedAt.set(msg.player_id, msg.remaining_seconds);
      toast(`${who} ${msg.remaining_seconds} s left for this turn.`, { kind: "warning", seconds: 6 });
    } else {
      const whose = msg.player_id === this.view?.viewer ? "You" : this.names.get(msg.player_id) || "Your opponent";
      toast(`Time ran out: the server acted for ${whose === "You" ? "you" : whose}. Three timeouts in a row lose the game.`, { kind: "warning", seconds: 8 });
    }
  }

  connection(status) {
    this.net = status;
    const net = document.getElementById("net");
    if (net) {
      net.textContent = { connecting: "connecting…", open: "● online", reconnecting: "reconnecting…", replaced: "opened elsewhere", signed_out: "signed out", stopped: "" }[status] ?? "";
      net.dataset.status = status;
    }
    if (status === "signed_out") errorToast("authentication_failed", "sign in again from the start page");
    this.render();
  }

  tick() {
    const el = this.content.querySelector("[data-timer]");
    if (!el || !this.view) return;
    el.replaceWith(this.timerEl());
  }

  // --- acting --------------------------------------------------------------------------

  act(action) {
    if (this.busy || this.spectating || !this.conn) return;
    this.busy = true;
    this.sentAt = this.eventId;
    this.conn.act(action);
    for (const slot of ["card", "pending"]) closeDialog(slot);
    this.render();
  }

  async resign() {
    if (await confirmDialog("Resign this game?", "Your opponent wins at once. This cannot be undone.", { yes: "Resign" })) {
      this.busy = true;
      this.sentAt = this.eventId;
      this.conn.resign();
      this.render();
    }
  }

  // --- drawing -------------------------------------------------------------------------

  myMove() {
    const v = this.view;
    return !!v && !this.spectating && v.waiting_for.includes(v.viewer) && v.legal_actions.some((a) => a.type !== "resign");
  }

  render() {
    if (!this.content) return;
    const keep = focusKey(document.activeElement);
    const ds = this.section.dataset;
    ds.phase = this.view?.phase || "waiting";
    ds.turn = this.view?.turn ?? "";
    ds.eventId = this.eventId ?? "";
    ds.myMove = String(this.myMove());
    ds.busy = String(!!this.busy);
    ds.over = String(!!this.over);
    ds.net = this.net;
    ds.pending = String(!!this.view?.pending && !this.spectating);
    if (!this.view) {
      fill(this.content, this.connectionBanner(), this.waitingRoom());
      refocus(this.content, keep);
      return;
    }
    const ctx = context(this.view, this.pool);
    const actions = this.spectating || this.busy ? [] : this.view.legal_actions;
    const byCard = actionsByCard(actions, ctx);
    const actionsKey = JSON.stringify(actions);
    const actionsChanged = this.ctx !== undefined && this.ctx.actionsKey !== actionsKey;
    this.ctx = { ctx, actions, byCard, actionsKey };
    const names = this.names;
    const players = this.view.players;
    const me = this.spectating ? players[0] : players.find((p) => p.player_id === this.view.viewer);
    const them = players.find((p) => p !== me);
    const onCard = (uid) => cardDialog(this, uid);
    const onDiscard = (p) => discardDialog(this, p);
    const common = { view: this.view, pool: this.pool, byCard, onCard, onDiscard };
    const board = h(
      "div",
      { class: "board" },
      side(them, { ...common, mine: false, displayName: names.get(them.player_id) || "Opponent" }),
      stadium(this.view, { names, onCard, byCard }),
      side(me, { ...common, mine: !this.spectating, displayName: this.spectating ? names.get(me.player_id) || "Player" : names.get(me.player_id) || "You" }),
    );
    const lower = this.spectating
      ? h("p", { class: "spectator-note" }, "You are watching: both boards are shown; hands stay hidden.")
      : [hand(me, { pool: this.pool, byCard, onCard }), this.movesPanel(ctx, actions)];
    fill(
      this.content,
      this.connectionBanner(),
      this.statusBar(),
      this.over ? this.overBanner() : null,
      h("div", { class: "table" }, h("div", { class: "board-col" }, board, lower), h("aside", { class: "log-col" }, this.log.render(names))),
    );
    const said = this.log.announce(names);
    if (said) this.announcer.textContent = said;
    refocus(this.content, keep);
    this.feel?.decorate(keep);
    refreshCardDialog(this, actionsChanged);
    this.maybePending(actions);
    if (this.over && !this.overShown) {
      this.overShown = true;
      gameOverDialog(this);
    }
    coach(this); // the guided first game's hint, when this is one (coach.js)
  }

  maybePending(actions) {
    const v = this.view;
    const answers = actions.filter((a) => a.type === "choose" || a.type === "promote");
    if (!v.pending || !answers.length) {
      this.pendingKey = null;
      closeDialog("pending");
      return;
    }
    const key = JSON.stringify([this.eventId, v.pending]);
    if (key === this.pendingKey && dialogOpen("pending")) return;
    if (key === this.pendingKey) return; // the player closed it; the moves panel reopens it
    this.pendingKey = key;
    pendingDialog(this, answers);
  }

  connectionBanner() {
    if (this.net === "reconnecting") return h("div", { class: "banner banner-warn", role: "status", dataset: { banner: "reconnecting" } }, "⟳ Connection lost: reconnecting…");
    if (this.net === "replaced") {
      return h(
        "div",
        { class: "banner banner-warn", role: "status" },
        "This game is open in another tab or window. ",
        h("button", { type: "button", class: "btn", onclick: () => { this.conn.start(); } }, "Play here instead"),
      );
    }
    return null;
  }

  waitingRoom() {
    const invite = this.info?.invite_path ? new URL(this.info.invite_path, location.origin).href : null;
    if (this.spectating || !invite) return h("p", { class: "loading", role: "status" }, "Waiting for the game to start…");
    const field = h("input", { type: "text", readonly: true, value: invite, id: "invite-link", class: "invite-link", "aria-label": "Invite link" });
    const copy = () => copyWithNotice(invite, field, "Invite link copied. Send it to your friend.");
    return h(
      "section",
      { class: "panel waiting-room", "aria-labelledby": "wait-title" },
      h("h2", { id: "wait-title" }, "Waiting for your opponent"),
      h("p", {}, "Send this link to a friend. The game starts as soon as they join."),
      h("div", { class: "copy-row" }, field, h("button", { type: "button", class: "btn btn-primary", onclick: copy, dataset: { focus: "copy-invite" } }, "Copy link")),
      h("p", { role: "status", class: "muted" }, "⏳ Waiting…"),
      h("button", { type: "button", class: "btn", onclick: () => this.leave() }, "Cancel and go back"),
    );
  }

  timerEl() {
    const v = this.view;
    const running = v.waiting_for.map((id) => [id, this.clock.remaining(id)]).filter(([, r]) => r !== null);
    if (!running.length || this.over) return h("span", { class: "timer", dataset: { timer: "" } }, "");
    const mine = running.find(([id]) => id === v.viewer) || running[0];
    const [id, left] = mine;
    const low = left <= 10 || (this.warnedAt.has(id) && left <= this.warnedAt.get(id));
    const who = this.spectating ? this.names.get(id) || "Player" : id === v.viewer ? "You" : this.names.get(id) || "Opponent";
    return h(
      "span",
      { class: ["timer", low && "timer-low"], dataset: { timer: "" }, role: "timer", "aria-label": `${who}: ${left} seconds left this turn` },
      uiIcon("clock"), " ",
      `${who}: ${clockText(left)}`,
      low ? h("strong", {}, " hurry!") : null,
    );
  }

  statusBar() {
    const v = this.view;
    let whose;
    if (this.over) whose = "Game over";
    else if (this.myMove()) whose = v.phase === "setup" ? "Your move: set up your creatures" : v.pending ? "Your move: answer the choice" : "Your move";
    else if (!v.waiting_for.length) whose = "…";
    else whose = `Waiting for ${v.waiting_for.map((id) => this.nameOf(id)).join(" and ")}`;
    const turn = v.phase === "setup" ? "Setup" : `Turn ${v.turn}${v.rules.turn_limit ? ` of ${v.rules.turn_limit}` : ""}`;
    const phase = PHASE_LABEL[v.phase] || v.phase;
    const opp = this.spectating ? null : v.players.find((p) => p.player_id !== v.viewer);
    const presence = opp && this.oppStatus
      ? h("span", { class: `presence presence-${this.oppStatus}`, dataset: { presence: this.oppStatus } }, h("span", { "aria-hidden": "true" }, { connected: "● ", reconnecting: "◐ ", disconnected: "○ " }[this.oppStatus]), `${this.names.get(opp.player_id) || "Opponent"}: ${this.oppStatus}`)
      : null;
    return h(
      "div",
      { class: "status-bar", role: "region", "aria-label": "Game status" },
      h("span", { class: "turn" }, turn),
      // The phase only when it adds something ("Setup" is already the turn's word and
      // "Game over" the move line's).
      phase !== turn && phase !== whose ? h("span", { class: "phase" }, phase) : null,
      h("span", { class: ["whose", this.myMove() && "whose-me"], dataset: { whose: "" } }, this.myMove() ? "★ " : "", whose),
      this.timerEl(),
      presence,
      h("span", { class: "spectators", "aria-label": `${this.spectators} watching` }, uiIcon("eye"), " ", `${this.spectators} watching`),
      h(
        "span",
        { class: "status-actions" },
        !this.spectating && !this.over ? h("button", { type: "button", class: "btn btn-small btn-danger", onclick: () => this.resign(), dataset: { focus: "resign" } }, "Resign") : null,
        h("button", { type: "button", class: "btn btn-small", onclick: () => this.leave(), dataset: { focus: "leave" } }, this.spectating || this.over ? "Leave" : "Leave (keep seat)"),
      ),
    );
  }

  overBanner() {
    const { winner } = this.over;
    const text = winner === null || winner === undefined ? "Draw" : this.spectating ? `${this.names.get(winner) || "A player"} won` : winner === this.view.viewer ? "You won!" : "You lost";
    return h(
      "div",
      { class: "banner banner-over", role: "status" },
      h("strong", {}, `Game over: ${text}${/[.!?]$/.test(text) ? "" : "."} `),
      h("button", { type: "button", class: "btn btn-small", onclick: () => gameOverDialog(this) }, "Show result"),
    );
  }

  movesPanel(ctx, actions) {
    const v = this.view;
    if (this.busy) return h("section", { class: "moves", "aria-busy": "true" }, h("h2", {}, "Your moves"), h("p", { role: "status" }, "Sending…"));
    if (!this.myMove()) {
      const text = this.over ? "The game is over." : `Waiting for ${v.waiting_for.map((id) => this.nameOf(id)).join(" and ")}…`;
      return h("section", { class: "moves" }, h("h2", {}, "Your moves"), h("p", { role: "status", class: "muted" }, text));
    }
    const button = (i, cls = "") =>
      h(
        "button",
        { type: "button", class: ["btn", "move", cls], dataset: { actionType: actions[i].type, action: JSON.stringify(actions[i]), focus: `move-${i}` }, onclick: () => this.act(actions[i]) },
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
        answers ? h("button", { type: "button", class: "btn btn-primary", onclick: () => pendingDialog(this, actions.filter((a) => a.type === "choose" || a.type === "promote")), dataset: { focus: "answer" } }, `Answer: ${v.pending?.prompt || "choose"}`) : null,
        quick.map((i) => button(i, actions[i].type === "end_turn" ? "" : "btn-primary")),
      ),
      h(
        "details",
        { class: "all-moves", open: this.allOpen || undefined, ontoggle: (e) => { this.allOpen = e.target.open; } },
        h("summary", { dataset: { focus: "all-moves" } }, `All moves (${all.length})`),
        h("ul", { class: "move-list" }, all.map((i) => h("li", {}, button(i)))),
      ),
    );
  }
}
