// api.js — the REST half: sign-in (guest, account), cards, decks, games, matchmaking.
//
// What lives here: `api(method, path, body)` with the stored bearer token, one refresh
// on a 401 (a refresh token is good for one use: the new one is stored), sign-out, and
// errors as `ApiError(code, message)` in the server's error shape
// (`{"error": {"code", "message", "details"}}`). What must not: rendering.

import { loadSession, saveSession } from "./store.js";

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
}

async function request(method, path, body, token) {
  const headers = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new ApiError(0, "network_error", "the server cannot be reached");
  }
  if (response.status === 204) return { response, data: null };
  const data = await response.json().catch(() => null);
  return { response, data };
}

let refreshing = null;

/** Trade the refresh token for new tokens (one at a time); false when that fails. */
export async function refreshSession() {
  const session = loadSession();
  if (!session?.refresh_token) return false;
  refreshing ??= request("POST", "/api/auth/refresh", { refresh_token: session.refresh_token })
    .then(({ response, data }) => {
      if (!response.ok) return false;
      saveSession(data);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** Call the API; throws `ApiError`. Authenticated when a session exists. */
export async function api(method, path, body) {
  let { response, data } = await request(method, path, body, loadSession()?.access_token);
  if (response.status === 401 && path !== "/api/auth/refresh" && (await refreshSession())) {
    ({ response, data } = await request(method, path, body, loadSession()?.access_token));
  }
  if (!response.ok) {
    const error = data?.error || {};
    throw new ApiError(response.status, error.code || "http_error", error.message || response.statusText, error.details);
  }
  return data;
}

/** A guest account with a display name; the session is stored. */
export async function signInAsGuest(name) {
  const tokens = await api("POST", "/api/auth/guest", { name });
  saveSession(tokens);
  return tokens;
}

/** A new account with a username and password (`name`: the display name, optional). */
export async function register(username, password, name) {
  const tokens = await api("POST", "/api/auth/register", { username, password, ...(name ? { name } : {}) });
  saveSession(tokens);
  return tokens;
}

/** The signed-in guest becomes a registered user: the same account, games and decks. */
export async function registerGuest(username, password, name) {
  const old = loadSession();
  const tokens = await api("POST", "/api/auth/register-guest", { username, password, ...(name ? { name } : {}) });
  saveSession(tokens);
  // The guest sign-in's refresh family is ended: the new tokens are the account's now.
  if (old?.refresh_token) await request("POST", "/api/auth/logout", { refresh_token: old.refresh_token }).catch(() => null);
  return tokens;
}

/** Sign in with a username and password; the session is stored. */
export async function logIn(username, password) {
  const tokens = await request("POST", "/api/auth/login", { username, password }).then(({ response, data }) => {
    if (!response.ok) {
      const error = data?.error || {};
      throw new ApiError(response.status, error.code || "http_error", error.message || response.statusText, error.details);
    }
    return data;
  });
  saveSession(tokens);
  return tokens;
}

/** End the stored sign-in on the server (best effort) and forget it here. */
export async function signOut() {
  const session = loadSession();
  saveSession(null);
  if (session?.refresh_token) {
    await request("POST", "/api/auth/logout", { refresh_token: session.refresh_token }).catch(() => null);
  }
}

let cardsPromise = null;

/** The card pool as a Map id -> card (fetched once per page). */
export function cardPool() {
  cardsPromise ??= api("GET", "/api/cards").then((list) => new Map(list.map((c) => [c.id, c])));
  return cardsPromise;
}

export const starters = () => api("GET", "/api/decks/starters");
export const myDecks = () => api("GET", "/api/decks");
export const bots = () => api("GET", "/api/bots");
export const gameInfo = (id) => api("GET", `/api/games/${encodeURIComponent(id)}`);
export const liveGames = () => api("GET", "/api/games/live");
export const myActiveGames = () => api("GET", "/api/games/me/active");
export const createGame = (body) => api("POST", "/api/games", body);
export const cancelGame = (id) => api("DELETE", `/api/games/${encodeURIComponent(id)}`);
export const joinGame = (id, deck) => api("POST", `/api/games/${encodeURIComponent(id)}/join`, { deck });
export const validateDeck = (deck) => api("POST", "/api/decks/validate", deck);
export const saveDeck = (deck, id) => (id ? api("PUT", `/api/decks/${encodeURIComponent(id)}`, deck) : api("POST", "/api/decks", deck));
export const deleteDeck = (id) => api("DELETE", `/api/decks/${encodeURIComponent(id)}`);
export const queueMatch = (body) => api("POST", "/api/matchmaking", body);
export const leaveQueue = () => api("DELETE", "/api/matchmaking");
export const ladder = (limit, offset) => api("GET", `/api/ladder?limit=${limit}&offset=${offset}`);
export const ratingsOf = (id) => api("GET", `/api/users/${encodeURIComponent(id)}/ratings`);
