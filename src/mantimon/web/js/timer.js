// timer.js — the turn clock as the page shows it.
//
// The server owns the clock (docs/PROTOCOL.md §5.8): it runs for each player the game
// waits for, restarts when that player's new turn begins, and keeps running through
// actions within the turn. The page mirrors those rules from the views it receives, and
// corrects itself from the server's numbers: `clocks` in GET /api/games/{id} on (re)join
// and `remaining_seconds` in every `turn_timeout` warning.

export class TurnClock {
  constructor() {
    this.limit = 90; // seconds per turn; null for an untimed game (no clock ever runs)
    this.running = new Map(); // player id -> {deadline (ms, this page's clock), turn}
  }

  /** Start or stop clocks for who `view` waits for, the way the server does. */
  sync(view) {
    if (!view || view.phase === "game_over" || this.limit === null) {
      this.running.clear();
      return;
    }
    const now = Date.now();
    for (const id of view.waiting_for) {
      const c = this.running.get(id);
      if (!c || c.turn !== view.turn) this.running.set(id, { deadline: now + this.limit * 1000, turn: view.turn });
    }
    for (const id of [...this.running.keys()]) if (!view.waiting_for.includes(id)) this.running.delete(id);
  }

  /** The server said `seconds` remain for `playerId` (a warning, or GET /api/games/{id}). */
  set(playerId, seconds, turn) {
    const c = this.running.get(playerId);
    this.running.set(playerId, { deadline: Date.now() + seconds * 1000, turn: turn ?? c?.turn ?? -1 });
  }

  /** Whole seconds left for `playerId`, or null when their clock is not running. */
  remaining(playerId) {
    const c = this.running.get(playerId);
    return c ? Math.max(0, Math.ceil((c.deadline - Date.now()) / 1000)) : null;
  }
}

/** "1:05" */
export function clockText(seconds) {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}
