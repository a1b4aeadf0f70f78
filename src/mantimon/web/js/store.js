// store.js — what the page keeps in localStorage so a reload picks up where it was.
//
// What lives here: the session (tokens + user), preferences (name, decks, preset, clock)
// and the current game (id, role, last event id, the last view and log, how the game was
// made for a rematch). Nothing secret beyond the player's own tokens, and only the
// player's own view of a game. What must not: network calls.

const KEYS = { session: "mantimon.session", prefs: "mantimon.prefs", game: "mantimon.game" };

function read(key) {
  try {
    const raw = localStorage.getItem(key);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value === null || value === undefined) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled (private mode): the page still works, only without resume.
  }
}

/** `{access_token, refresh_token, user}` or null. */
export const loadSession = () => read(KEYS.session);
export const saveSession = (session) => write(KEYS.session, session);

/**
 * `{name, deck, preset, botDeck, botTimed}` with defaults. `botDeck`: the bot's deck as a
 * deck select value ("" for the same deck as the player's); `botTimed`: a turn clock in
 * bot games (off unless asked).
 */
export function loadPrefs() {
  return { name: "", deck: "starter:ember-rush", preset: "mantimon", botDeck: "", botTimed: false, ...(read(KEYS.prefs) || {}) };
}
export function savePrefs(update) {
  write(KEYS.prefs, { ...loadPrefs(), ...update });
}

/**
 * The game to resume: `{id, role: "player"|"spectator", lastEventId, view, log, origin}`.
 * `view` and `log` let a reload rejoin with `last_event_id` and still draw the board.
 */
export const loadGame = () => read(KEYS.game);
export const saveGame = (game) => write(KEYS.game, game);
export const clearGame = () => write(KEYS.game, null);
