// feel.js — what makes the game screen feel like a card game, joined to it by three hooks.
//
// What lives here: the glue between the game screen (game.js) and targeting.js (drag and
// tap-then-target), attackbar.js (attack buttons on the Active) and fx.js (damage
// numbers, knockouts, coin flips, turn banner, last move outlined), plus one live region
// that says aloud what these did. The game screen calls `snapshot()` before handling a
// message, `events(msg)` after drawing it, and `decorate(focusKey)` at the end of every
// render. What must not: the game's state or messages (game.js owns them).

import { attackBar } from "./attackbar.js";
import { h, refocus } from "./dom.js";
import { Fx } from "./fx.js";
import { Targeting } from "./targeting.js";

/** The events a server message carries (the same ones the log reads). */
function eventsOf(msg) {
  return msg.state?.events || msg.final_state?.events || msg.changes?.events || [];
}

export class Feel {
  /** @param {import("./game.js").GameScreen} game (after `start()` made its section) */
  constructor(game) {
    this.game = game;
    this.live = h("p", { class: "sr-only", "aria-live": "assertive", dataset: { feelLive: "" } });
    game.section.append(this.live);
    const say = (text) => {
      this.live.textContent = text;
    };
    this.targeting = new Targeting(game, say);
    this.fx = new Fx(game, say);
    this.hadView = false;
  }

  destroy() {
    this.targeting.destroy();
    this.fx.destroy();
  }

  snapshot() {
    this.hadView = !!this.game.view;
    this.fx.snapshot();
  }

  /** After a message was drawn: animate what it brought. A view first seen in the middle
   * of a game (nothing stored, past turn 1) is shown as it is, not replayed. */
  events(msg) {
    const list = eventsOf(msg);
    const joinedLate = !this.hadView && this.fx.lastSeq === -1 && (this.game.view?.turn ?? 0) > 1;
    this.fx.play(list, { fresh: !joinedLate });
  }

  /** At the end of every render: sources, targets, attack bar, outlines, focus. */
  decorate(keep) {
    if (!this.game.view || !this.game.content) return;
    attackBar(this.game, this.targeting);
    this.targeting.decorate();
    this.fx.outline();
    if (keep && !this.game.content.contains(document.activeElement)) refocus(this.game.content, keep);
  }
}
