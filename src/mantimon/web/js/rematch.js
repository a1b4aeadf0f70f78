// rematch.js — a rematch between two people, offered and accepted from the result screen.
//
// What lives here: the result dialog's rematch box for a game between two people: offer
// (or accept) a rematch, decline it, and be told when the other player offers, declines
// or leaves. The state is asked of the server about every 2 s while the game's screen is
// shown (`GET /api/games/{id}/rematch`; the wire contract has no message for it); when
// both accepted, the server deals the new game (same decks, seats swapped) and both pages
// go to it. Leaving the game's screen for another tells the server (`leave`). A game
// against a bot keeps its instant rematch (start.js). What must not: game rules.

import { api } from "./api.js";
import { h, fill, focusKey, refocus } from "./dom.js";
import { closeDialog } from "./dialogs.js";
import { loadSession } from "./store.js";
import { errorToast, toast } from "./toast.js";

const POLL_MS = 2000;
const FINAL = new Set(["declined", "left", "started"]);

/** Whether a game (its record from the server) was played by two people. */
export const twoPeople = (info) => info?.players?.length === 2 && info.players.every((p) => p.kind === "human");

class RematchFlow {
  constructor(screen) {
    this.screen = screen;
    this.path = `/api/games/${encodeURIComponent(screen.gameId)}/rematch`;
    this.state = null;
    this.box = null;
    this.busy = false;
    this.timer = setInterval(() => this.poll(), POLL_MS);
    this.poll();
  }

  get otherName() {
    const other = this.screen.info?.players.find((p) => p.user_id !== this.screen.view?.viewer);
    return other?.name || "Your opponent";
  }

  async poll() {
    if (!this.screen.section?.isConnected) {
      this.stop(true); // the game's screen is gone: the player left the result
      return;
    }
    try {
      this.update(await api("GET", this.path));
    } catch (err) {
      if (err.status >= 400 && err.status < 500 && err.status !== 429) this.stop(false);
    }
  }

  async send(answer) {
    if (this.busy) return;
    this.busy = true;
    this.draw();
    try {
      this.update(await api("POST", this.path, { answer }));
    } catch (err) {
      errorToast(err.code, err.message);
    } finally {
      this.busy = false;
      this.draw();
    }
  }

  update(state) {
    const before = this.state?.status;
    this.state = state;
    if (state.status === "started" && state.next_game) {
      this.stop(false);
      const screen = this.screen;
      closeDialog("over");
      screen.destroy();
      screen.onRematch(screen.origin, { ...screen.info, next_game: state.next_game });
      return;
    }
    if (state.status === "invited" && before !== "invited" && !this.box?.isConnected) {
      toast(`${this.otherName} offers a rematch: open "Show result" to answer.`, { seconds: 8 });
    }
    if (FINAL.has(state.status)) this.stop(false);
    this.draw();
  }

  /** Stop asking; `left`: tell the server this player left the result for another
   * screen (best effort). A page closed or reloaded says nothing: after a few seconds
   * without its questions the server shows it as away, which it stops being on return. */
  stop(left) {
    clearInterval(this.timer);
    if (!left || this.gone || FINAL.has(this.state?.status)) return;
    this.gone = true;
    const token = loadSession()?.access_token;
    fetch(this.path, {
      method: "POST",
      keepalive: true,
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ answer: "leave" }),
    }).catch(() => null);
  }

  element() {
    this.box = h("div", { class: "rematch-box" });
    this.draw();
    return this.box;
  }

  draw() {
    if (!this.box?.isConnected && this.box?.childNodes.length) return;
    const box = this.box;
    if (!box) return;
    const keep = focusKey(document.activeElement);
    const s = this.state || { status: "open", opponent_away: false };
    const me = this.screen.view?.viewer;
    const who = this.otherName;
    const away = s.opponent_away ? ` ${who} seems to have left.` : "";
    const button = (text, answer, data, primary = true) =>
      h("button", { type: "button", class: ["btn", primary && "btn-primary"], disabled: this.busy, dataset: { focus: `rematch-${answer}`, ...data }, onclick: () => this.send(answer) }, text);
    let controls = null;
    let text = "";
    if (s.status === "open") {
      controls = button("Offer a rematch", "accept", { rematch: "offer" });
      text = away.trim();
    } else if (s.status === "offered") {
      text = `Rematch offered: waiting for ${who}…${away}`;
    } else if (s.status === "invited") {
      controls = [button("Accept rematch", "accept", { rematchAccept: "" }), button("Decline", "decline", { rematchDecline: "" }, false)];
      text = `${who} offers a rematch.`;
    } else if (s.status === "declined") {
      text = s.by === me ? "You declined the rematch." : `${who} declined the rematch.`;
    } else if (s.status === "left") {
      text = s.by === me ? "You left: no rematch." : `${who} has left: no rematch.`;
    } else if (s.status === "started") {
      text = "Starting the rematch…";
    }
    box.dataset.rematchStatus = s.status;
    fill(box, controls, h("p", { class: "rematch-text", role: "status", "aria-live": "polite" }, text));
    refocus(box, keep);
  }
}

/** The rematch box of the result dialog (one flow per game screen, kept across reopenings). */
export function rematchOffer(screen) {
  screen.rematchFlow ??= new RematchFlow(screen);
  return screen.rematchFlow.element();
}
