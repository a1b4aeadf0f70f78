// socket.js — one game's WebSocket: join or spectate, heartbeats, reconnect with replay.
//
// What lives here: the connection life cycle of docs/PROTOCOL.md §5. On every (re)open
// the socket sends `join_game` / `spectate_game` with the last event id it saw, so the
// server replays exactly what was missed; actions not yet answered are sent again with
// their original `message_id` (the server answers a repeat with the stored result,
// never applying it twice). Drops are retried with exponential backoff and jitter.
// What must not: rendering or rules (it passes every message to `onMessage`).

import { refreshSession } from "./api.js";
import { loadSession } from "./store.js";

const HEARTBEAT_MS = 20000;
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];
const EVENT_TYPES = new Set(["game_state", "turn_start", "game_over"]);

export function newMessageId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  return "m-" + Math.random().toString(16).slice(2) + Date.now().toString(16);
}

export class GameConnection {
  /**
   * @param {object} opts
   * @param {string} opts.gameId
   * @param {boolean} opts.spectate  watch instead of taking the seat
   * @param {string|null} opts.lastEventId  the last event id already shown (replay from there)
   * @param {(msg: object) => void} opts.onMessage  every server message for this game
   * @param {(status: string, info?: object) => void} opts.onStatus  connecting | open | reconnecting | replaced | signed_out | stopped
   */
  constructor({ gameId, spectate, lastEventId, onMessage, onStatus }) {
    this.gameId = gameId;
    this.spectate = spectate;
    this.lastEventId = lastEventId ?? null;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.ws = null;
    this.attempt = 0;
    this.stopped = false;
    this.unacked = new Map(); // message_id -> frame (actions sent, no action_result yet)
    this.timers = { beat: null, retry: null };
  }

  start() {
    this.stopped = false;
    this.open();
  }

  stop() {
    this.stopped = true;
    clearInterval(this.timers.beat);
    clearTimeout(this.timers.retry);
    if (this.ws) this.ws.close(1000);
    this.ws = null;
    this.onStatus("stopped");
  }

  /** Drop the connection as a network failure would (tests and the "reconnect" button). */
  drop() {
    if (this.ws) this.ws.close(4000);
  }

  open() {
    const token = loadSession()?.access_token || "";
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    this.onStatus(this.attempt ? "reconnecting" : "connecting", { attempt: this.attempt });
    const ws = new WebSocket(`${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`);
    this.ws = ws;
    ws.addEventListener("open", () => {
      if (ws !== this.ws) return;
      this.attempt = 0;
      this.raw({
        type: this.spectate ? "spectate_game" : "join_game",
        message_id: newMessageId(),
        game_id: this.gameId,
        last_event_id: this.lastEventId,
      });
      for (const frame of this.unacked.values()) this.raw(frame);
      clearInterval(this.timers.beat);
      this.timers.beat = setInterval(() => this.raw({ type: "heartbeat", message_id: newMessageId() }), HEARTBEAT_MS);
      this.onStatus("open");
    });
    ws.addEventListener("message", (event) => {
      if (ws !== this.ws) return;
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      this.receive(msg);
    });
    ws.addEventListener("close", (event) => {
      if (ws !== this.ws) return;
      clearInterval(this.timers.beat);
      this.ws = null;
      if (this.stopped) return;
      if (event.code === 4401) {
        refreshSession().then((ok) => (ok ? this.retry() : this.onStatus("signed_out")));
        return;
      }
      this.retry();
    });
  }

  retry() {
    if (this.stopped) return;
    const base = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)];
    const delay = base + Math.random() * base * 0.3;
    this.attempt += 1;
    this.onStatus("reconnecting", { attempt: this.attempt, delay });
    clearTimeout(this.timers.retry);
    this.timers.retry = setTimeout(() => this.open(), delay);
  }

  receive(msg) {
    if (msg.game_id && msg.game_id !== this.gameId) return;
    if (EVENT_TYPES.has(msg.type) && msg.event_id) this.lastEventId = msg.event_id;
    if (msg.type === "action_result") this.unacked.delete(msg.request_message_id);
    if (msg.type === "error") {
      if (msg.request_message_id) this.unacked.delete(msg.request_message_id);
      if (msg.code === "connection_closed" && msg.details?.game_id === this.gameId) {
        this.stopped = true;
        this.onStatus("replaced");
      }
    }
    this.onMessage(msg);
  }

  raw(frame) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  /** Send an engine action; it is resent after a reconnect until answered. */
  act(action) {
    const frame = { type: "action", message_id: newMessageId(), game_id: this.gameId, action };
    this.unacked.set(frame.message_id, frame);
    this.raw(frame);
    return frame.message_id;
  }

  resign() {
    const frame = { type: "resign", message_id: newMessageId(), game_id: this.gameId };
    this.unacked.set(frame.message_id, frame);
    this.raw(frame);
    return frame.message_id;
  }

  get busy() {
    return this.unacked.size > 0;
  }
}
