// game.js — the game screen: one game's socket, its latest view, and everything drawn from it.
//
// What lives here: handling every server message of a game (docs/PROTOCOL.md §4), sending
// only actions taken from the view's `legal_actions`, drawing the screen from the latest
// view, and resuming after a reload (the view, log and last event id are kept in
// localStorage, so the server only replays what was missed). The panels around the board
// (status line, waiting room, moves) are in `game_panels.js`, card and choice dialogs in
// `game_dialogs.js`, the table itself in `board.js`, drag/tap play and animations in
// `feel.js`.

import { cardPool, gameInfo } from "./api.js";
import { context, actionsByCard } from "./actions.js";
import { hand, side, stadium } from "./board.js";
import { h, focusKey, refocus, fill } from "./dom.js";
import { coach } from "./coach.js";
import { closeDialog, confirmDialog, dialogOpen } from "./dialogs.js";
import { cardDialog, discardDialog, gameOverDialog, pendingDialog, refreshCardDialog } from "./game_dialogs.js";
import { connectionBanner, movesPanel, overBanner, statusBar, timerEl, waitingRoom } from "./game_panels.js";
import { GameLog } from "./log.js";
import { enableCardPreviews } from "./preview.js";
import { Feel } from "./feel.js";
import { GameConnection } from "./socket.js";
import { clearGame, loadGame, saveGame } from "./store.js";
import { TurnClock } from "./timer.js";
import { errorToast, toast } from "./toast.js";

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
    el.replaceWith(timerEl(this));
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
      fill(this.content, connectionBanner(this), waitingRoom(this));
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
      : [hand(me, { pool: this.pool, byCard, onCard }), movesPanel(this, ctx, actions)];
    fill(
      this.content,
      connectionBanner(this),
      statusBar(this),
      this.over ? overBanner(this) : null,
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
}
