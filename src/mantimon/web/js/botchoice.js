// botchoice.js — the start screen's "Play against the computer" panel.
//
// What lives here: the bot's deck (the player's own, a starter or a saved deck: never a
// silent mirror), the turn clock box (off by default: a bot game waits for the player;
// both remembered in the preferences), and one button per bot, levels first, each with its
// description for players (GET /api/bots). What must not: creating the game (start.js).

import { h, fill } from "./dom.js";
import { savePrefs } from "./store.js";

/**
 * `{element, value()}`: the panel, and `{botDeck, timed}` as chosen (`botDeck`: a deck
 * select value, "" for the player's own deck). `deckOptions(preset)`: the start screen's
 * deck options; `presetSelect`: its rules select; `onPlay(botId)` for a level's button.
 */
export function botPanel({ bots, prefs, presetSelect, deckOptions, onPlay }) {
  const options = (preset) => [h("option", { value: "" }, "The same deck as yours"), deckOptions(preset)];
  const botDeck = h("select", { id: "bot-deck", name: "bot-deck" }, options(presetSelect.value));
  botDeck.value = prefs.botDeck || "";
  if (botDeck.selectedIndex < 0) botDeck.value = "";
  botDeck.addEventListener("change", () => savePrefs({ botDeck: botDeck.value }));
  presetSelect.addEventListener("change", () => {
    fill(botDeck, options(presetSelect.value));
    botDeck.value = "";
  });
  const timed = h("input", { id: "bot-timed", type: "checkbox", checked: Boolean(prefs.botTimed), onchange: (e) => savePrefs({ botTimed: e.target.checked }) });
  const levels = bots.map((b) =>
    h(
      "li",
      { class: "bot-item" },
      h("button", { type: "button", class: "btn btn-primary", dataset: { bot: b.id }, onclick: () => onPlay(b.id) }, `Play vs ${b.id[0].toUpperCase()}${b.id.slice(1)} bot`),
      b.description ? h("small", { class: "muted" }, ` ${b.description}`) : null,
    ),
  );
  const element = h(
    "section",
    { class: "panel bot-panel", "aria-labelledby": "bot-title" },
    h("h2", { id: "bot-title" }, "Play against the computer"),
    h("div", { class: "field" }, h("label", { for: "bot-deck" }, "The bot's deck"), botDeck),
    h("div", { class: "check" }, timed, h("label", { for: "bot-timed" }, "Turn clock: a time limit on every turn (off: take all the time you want)")),
    h("p", { class: "muted" }, "Pick a level to start:"),
    h("ul", { class: "plain bot-levels" }, levels),
  );
  return { element, value: () => ({ botDeck: botDeck.value, timed: timed.checked }) };
}
