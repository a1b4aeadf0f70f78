// app.js — the page's entry point: which screen to show, from the URL and the stored session.
//
// Screens: start (`/`, `/?join=<game>`), how to play (`/?help`), deck builder (`/?decks`), the campaign
// (`/?campaign`) and the collection (`/?collection`), a game as a player
// (`/?game=<id>`) or as a spectator (`/?watch=<id>`). The URL always names the screen, so
// a reload lands on the same one; a game screen then resumes from localStorage. Only the
// current screen is in the DOM (a spectator's page holds nothing but the game it shows).

import { renderWho } from "./account.js";
import { CampaignScreen } from "./campaign.js";
import { DeckBuilder } from "./deckbuilder.js";
import { h, fill } from "./dom.js";
import { GameScreen } from "./game.js";
import { HelpScreen } from "./help.js";
import { LadderScreen } from "./ladder.js";
import { ReplayScreen } from "./replay.js";
import { StartScreen } from "./start.js";
import { loadSession } from "./store.js";

const main = document.getElementById("main");
let current = null;

function showWho() {
  // Logging out or creating an account: back to the start screen, drawn for the new session.
  renderWho(document.getElementById("who"), { onChange: () => go({}) });
}

/** Go to a screen: updates the URL (history entry unless `replace`) and draws it. */
export function go(params = {}, { replace = false } = {}) {
  const url = new URL(location.href);
  url.pathname = "/"; // every screen but a replay lives at the root
  url.search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== null)).toString();
  url.search = url.search.replace(/=(&|$)/g, "$1");
  if (url.href !== location.href) history[replace ? "replaceState" : "pushState"](null, "", url);
  route();
}

function route() {
  current?.destroy?.();
  current = null;
  showWho();
  const net = document.getElementById("net");
  net.textContent = "";
  const q = new URLSearchParams(location.search);
  const session = loadSession();
  const gameId = q.get("game");
  const watch = q.get("watch");
  const replayId = /^\/replay\/([^/]+)\/?$/.exec(location.pathname)?.[1];
  if (replayId) { // a finished game's replay (replay.js): /replay/<game>?as=<who>&step=N
    current = new ReplayScreen(main, { gameId: decodeURIComponent(replayId) });
    current.start();
    document.title = "Mantimon: replay";
    return;
  }
  // From a game, the rules open beside it (a new tab) rather than in its place.
  document.querySelector("[data-help-link]")?.setAttribute("target", gameId || watch ? "_blank" : "_self");
  if (q.has("help")) {
    current = new HelpScreen(main, { go });
    current.start();
  } else if (q.has("ladder")) {
    current = new LadderScreen(main, { go, offset: q.get("ladder") });
    current.start();
  } else if ((gameId || watch) && session) {
    current = new GameScreen(main, {
      gameId: gameId || watch,
      role: gameId ? "player" : "spectator",
      // A campaign game leads back to the campaign (campaign.js names the game it started).
      campaign: Boolean(gameId) && localStorage.getItem("mantimon.campaignGame") === gameId,
      onLeave: () => go(localStorage.getItem("mantimon.campaignGame") === (gameId || watch) ? { campaign: "" } : {}),
      onRematch: (origin, info) => StartScreen.rematch(origin, info, go),
    });
    current.start();
  } else if ((q.has("campaign") || q.has("collection")) && session) {
    current = new CampaignScreen(main, { go, view: q.has("collection") ? "collection" : "clubs" });
    current.start();
  } else if (q.has("decks") && session) {
    current = new DeckBuilder(main, { go, deckId: q.get("decks") || null });
    current.start();
  } else {
    current = new StartScreen(main, { go, join: q.get("join"), pendingWatch: watch, pendingGame: gameId, onSession: showWho });
    current.start();
  }
  document.title = q.has("help") ? "Mantimon: how to play" : q.has("ladder") ? "Mantimon: ladder" : gameId ? "Mantimon: game" : watch ? "Mantimon: watching" : q.has("decks") ? "Mantimon: deck builder" : q.has("campaign") ? "Mantimon: campaign" : q.has("collection") ? "Mantimon: collection" : "Mantimon TCG";
}

window.addEventListener("popstate", route);
route();
