// start.js — the start screen: a display name, a deck, and the ways into a game.
//
// What lives here: the signed-out start (account.js's forms: guest, log in, sign up),
// picking rules and a deck (a starter or a saved one), playing a server bot (botchoice.js:
// its level, its deck, a turn clock only if asked), creating a
// private game with an invite link, joining by link, quick match (the long-poll queue),
// watching live games and resuming one's own. What must not: game drawing (game.js).

import { signInForms } from "./account.js";
import * as api from "./api.js";
import { botPanel } from "./botchoice.js";
import { learnPanel } from "./coach.js";
import { h, fill } from "./dom.js";
import { errorToast, toast } from "./toast.js";
import { clearGame, loadGame, loadPrefs, loadSession, savePrefs, saveGame } from "./store.js";

const PRESETS = [
  ["mantimon", "Mantimon: 40 cards + energy deck"],
  ["classic", "Classic: 60 cards, 6 prizes"],
];

/** The REST `deck` field for a select value ("starter:<id>" or "deck:<id>"). */
export function deckChoice(value) {
  const [kind, id] = value.split(/:(.*)/s);
  return kind === "deck" ? { deck_id: id } : id;
}

export class StartScreen {
  constructor(root, { go, join, pendingWatch, pendingGame, onSession }) {
    this.root = root;
    this.go = go;
    this.join = join;
    this.pendingWatch = pendingWatch;
    this.pendingGame = pendingGame;
    this.onSession = onSession;
    this.prefs = loadPrefs();
    this.searching = false;
  }

  destroy() {
    this.searching = false;
    this.dead = true;
  }

  async start() {
    if (!loadSession()) {
      this.renderName();
      return;
    }
    if (this.pendingWatch || this.pendingGame) {
      this.go(this.pendingWatch ? { watch: this.pendingWatch } : { game: this.pendingGame }, { replace: true });
      return;
    }
    fill(this.root, h("p", { class: "loading" }, "Loading…"));
    try {
      const [starters, saved, bots, joinInfo] = await Promise.all([
        api.starters(),
        api.myDecks().catch(() => []),
        api.bots().catch(() => [{ id: "random", description: "" }, { id: "greedy", description: "" }]),
        this.join ? api.gameInfo(this.join).catch((err) => ({ error: err })) : null,
      ]);
      Object.assign(this, { starters, saved, bots, joinInfo });
    } catch (err) {
      errorToast(err.code, err.message);
      fill(this.root, h("p", { class: "loading" }, "The server cannot be reached. Reload to try again."));
      return;
    }
    if (this.joinInfo && !this.joinInfo.error) this.prefs.preset = this.joinInfo.preset;
    if (!this.dead) this.render();
  }

  // --- name ----------------------------------------------------------------------------

  renderName() {
    const forms = signInForms({
      onSignedIn: () => {
        this.onSession();
        this.start();
      },
    });
    const invited = this.join ? h("p", { class: "panel" }, "You were invited to a game: enter your name (or log in) to join it.") : null;
    fill(this.root, this.hero(), invited, forms);
    this.root.querySelector("#name")?.focus();
  }

  hero() {
    return h(
      "section",
      { class: "hero" },
      h("h1", {}, "Mantimon TCG"),
      h("p", {}, "A creature-battle card game: build a deck, then play a bot, a friend, or a stranger — or watch a game."),
      h("p", { class: "hero-help" }, "New here? ", h("a", { href: "/?help", dataset: { help: "" }, onclick: (e) => { e.preventDefault(); this.go({ help: "" }); } }, "Learn how to play"), " in five minutes."),
    );
  }

  // --- main ----------------------------------------------------------------------------

  deckOptions(preset) {
    const starters = this.starters.filter((d) => d.preset === preset);
    const saved = this.saved.filter((d) => d.preset === preset);
    const opts = [
      h("optgroup", { label: "Starter decks" }, starters.map((d) => h("option", { value: `starter:${d.id}` }, d.name))),
    ];
    if (saved.length) opts.push(h("optgroup", { label: "Your decks" }, saved.map((d) => h("option", { value: `deck:${d.id}` }, d.name))));
    return opts;
  }

  render() {
    const session = loadSession();
    const preset = h("select", { id: "preset", name: "preset" }, PRESETS.map(([v, label]) => h("option", { value: v, selected: v === this.prefs.preset }, label)));
    const deck = h("select", { id: "deck", name: "deck" }, this.deckOptions(this.prefs.preset));
    deck.value = this.prefs.deck;
    if (deck.selectedIndex < 0) deck.selectedIndex = 0;
    preset.addEventListener("change", () => {
      fill(deck, this.deckOptions(preset.value));
      this.prefs.preset = preset.value;
      savePrefs({ preset: preset.value, deck: deck.value });
    });
    deck.addEventListener("change", () => savePrefs({ deck: deck.value }));
    this.deckSelect = deck;
    this.presetSelect = preset;
    const description = h("p", { class: "muted deck-desc" });
    const describe = () => {
      const starter = this.starters.find((d) => `starter:${d.id}` === deck.value);
      description.textContent = starter?.description || "";
    };
    deck.addEventListener("change", describe);
    preset.addEventListener("change", describe);
    describe();

    const chooser = h(
      "section",
      { class: "panel deck-panel", "aria-labelledby": "deck-title" },
      h("h2", { id: "deck-title" }, "Your deck"),
      h("div", { class: "field" }, h("label", { for: "preset" }, "Rules"), preset),
      h("div", { class: "field" }, h("label", { for: "deck" }, "Deck"), deck),
      description,
      h("button", { type: "button", class: "btn", onclick: () => this.go({ decks: "" }) }, "Build or edit a deck"),
    );
    const joinField = h("input", { id: "join-code", type: "text", placeholder: "Invite link or game id", autocomplete: "off" });
    const panels = [
      this.hero(),
      learnPanel(this.go), // the guided first game (coach.js)
      this.resumePanel(),
      this.joinPanel(),
      chooser,
      h("section", { class: "panel", "aria-labelledby": "campaign-title" }, h("h2", { id: "campaign-title" }, "The campaign"), h("p", { class: "muted" }, "Challenge eight clubs of duelists, win medals and booster packs, and build a collection."), h("button", { type: "button", class: "btn btn-primary", dataset: { campaign: "" }, onclick: () => this.go({ campaign: "" }) }, "Go to the campaign")),
      this.botPanel(),
      h(
        "section",
        { class: "panel", "aria-labelledby": "friend-title" },
        h("h2", { id: "friend-title" }, "Play a friend"),
        h("button", { type: "button", class: "btn btn-primary", dataset: { createInvite: "" }, onclick: () => this.createInvite() }, "Create a private game"),
        h("p", { class: "muted" }, "You get a link to send; the game starts when your friend opens it."),
        h(
          "form",
          { class: "copy-row", onsubmit: (e) => { e.preventDefault(); this.joinByCode(joinField.value); } },
          h("label", { for: "join-code", class: "sr-only" }, "Invite link or game id"),
          joinField,
          h("button", { type: "submit", class: "btn" }, "Join"),
        ),
      ),
      h(
        "section",
        { class: "panel", "aria-labelledby": "quick-title" },
        h("h2", { id: "quick-title" }, "Quick match"),
        (this.quickSlot = h("div", { class: "quick-buttons" }, h("button", { type: "button", class: "btn btn-primary", onclick: () => this.quickMatch() }, "Find an opponent"), h("button", { type: "button", class: "btn", dataset: { ranked: "" }, onclick: () => this.quickMatch(true) }, "Ranked match"))),
        h("p", { class: "muted" }, "Ranked matches (registered accounts) pair you with a player of your rating and move you on ", h("a", { href: "/?ladder", dataset: { ladderLink: "" }, onclick: (e) => { e.preventDefault(); this.go({ ladder: "" }); } }, "the ladder"), "."),
      ),
      this.watchPanel(),
    ];
    fill(this.root, h("div", { class: "start" }, panels));
    this.loadActive();
  }

  currentDeck() {
    return { deck: deckChoice(this.deckSelect.value), preset: this.presetSelect.value };
  }

  enter(game, role, origin) {
    saveGame({ id: game.id, role, lastEventId: null, view: null, log: [], origin });
    this.go(role === "spectator" ? { watch: game.id } : { game: game.id });
  }

  // --- bots ----------------------------------------------------------------------------

  /** Play the computer: the bot's deck and a turn clock (off unless asked), then a level. */
  botPanel() {
    this.botChoice = botPanel({ bots: this.bots, prefs: this.prefs, presetSelect: this.presetSelect, deckOptions: (p) => this.deckOptions(p), onPlay: (bot) => this.playBot(bot) });
    return this.botChoice.element;
  }

  async playBot(bot) {
    const { botDeck, timed } = this.botChoice?.value() || {};
    const origin = { opponent: "bot", bot, ...this.currentDeck(), timed: Boolean(timed) };
    if (botDeck) origin.bot_deck = deckChoice(botDeck);
    try {
      this.enter(await api.createGame(origin), "player", origin);
    } catch (err) {
      errorToast(err.code, err.message);
    }
  }

  async createInvite() {
    const origin = { opponent: "invite", ...this.currentDeck() };
    try {
      this.enter(await api.createGame(origin), "player", origin);
    } catch (err) {
      errorToast(err.code, err.message);
    }
  }

  joinByCode(text) {
    const value = text.trim();
    if (!value) return;
    let id = value;
    try {
      id = new URL(value, location.origin).searchParams.get("join") || value;
    } catch {
      // not a link: a bare game id
    }
    this.go({ join: id });
  }

  joinPanel() {
    if (!this.join) return null;
    const info = this.joinInfo;
    if (!info || info.error) {
      return h("section", { class: "panel join-panel" }, h("h2", {}, "Invitation"), h("p", {}, "That game does not exist (check the link)."));
    }
    const host = info.players[0]?.name || "Someone";
    const me = loadSession()?.user.id;
    const seated = info.players.some((p) => p.user_id === me);
    const full = info.players.length >= 2 && !seated;
    const closed = info.status === "finished" && info.players.length < 2;
    let action;
    if (closed) action = h("p", {}, info.end_reason === "expired" ? "This invitation has expired: ask for a new link." : "This invitation was cancelled.");
    else if (seated) action = h("button", { type: "button", class: "btn btn-primary", onclick: () => this.enter(info, "player", { opponent: "invite", preset: info.preset }) }, "Go to the game");
    else if (full || info.status !== "waiting") action = [h("p", {}, "Both seats are taken."), h("button", { type: "button", class: "btn", onclick: () => this.enter(info, "spectator") }, "Watch it instead")];
    else action = h("button", { type: "button", class: "btn btn-primary", dataset: { joinGame: info.id }, onclick: () => this.acceptInvite(info) }, `Join ${host}'s game`);
    return h(
      "section",
      { class: "panel join-panel", "aria-labelledby": "join-title" },
      h("h2", { id: "join-title" }, "Invitation"),
      h("p", {}, `${host} invites you to a game (${info.preset} rules). Pick your deck below, then join.`),
      action,
    );
  }

  async acceptInvite(info) {
    const { deck } = this.currentDeck();
    try {
      const game = await api.joinGame(info.id, deck);
      this.enter(game, "player", { opponent: "invite", deck, preset: info.preset });
    } catch (err) {
      if (err.code === "already_in_game") this.enter(info, "player", { opponent: "invite", deck, preset: info.preset });
      else errorToast(err.code, err.message);
    }
  }

  async quickMatch(ranked = false) {
    const body = { ...this.currentDeck(), wait_seconds: 20, ...(ranked ? { ranked: true } : {}) };
    this.searching = true;
    const cancel = h("button", { type: "button", class: "btn", onclick: async () => { this.searching = false; await api.leaveQueue().catch(() => null); this.render(); } }, "Cancel");
    fill(this.quickSlot, h("p", { role: "status" }, ranked ? "⏳ Looking for a ranked opponent near your rating…" : "⏳ Looking for an opponent…"), cancel);
    while (this.searching) {
      try {
        const result = await api.queueMatch(body);
        if (!this.searching) return;
        if (result.status === "matched") {
          this.searching = false;
          this.enter(result.game, "player", { opponent: "invite", deck: body.deck, preset: body.preset });
          return;
        }
      } catch (err) {
        this.searching = false;
        errorToast(err.code, err.message);
        this.render();
        return;
      }
    }
  }

  resumePanel() {
    const stored = loadGame();
    this.activeSlot = h("div", {});
    const items = [];
    if (stored?.id) {
      items.push(h("button", { type: "button", class: "btn btn-primary", dataset: { resume: stored.id }, onclick: () => this.go(stored.role === "spectator" ? { watch: stored.id } : { game: stored.id }) }, stored.role === "spectator" ? "Back to the game you were watching" : "Resume your last game"));
    }
    return h("section", { class: "panel resume-panel", hidden: !items.length || undefined, "aria-labelledby": "resume-title" }, h("h2", { id: "resume-title" }, "Continue"), items, this.activeSlot);
  }

  async loadActive() {
    let games = [];
    try {
      games = await api.myActiveGames();
    } catch {
      return;
    }
    const stored = loadGame();
    const me = loadSession()?.user.id;
    // Open invitations are listed even when one is the stored game: that is where they can
    // be cancelled (an open one takes a place among the games a player may have at once).
    const others = games.filter((g) => g.id !== stored?.id || g.status === "waiting");
    if (!others.length || this.dead) return;
    const opponentName = (g) => g.players.find((p) => p.user_id !== me)?.name || "an opponent";
    const item = (g) => {
      if (g.status !== "waiting") return h("li", {}, h("button", { type: "button", class: "btn", onclick: () => this.go({ game: g.id }) }, `Your game vs ${opponentName(g)}`));
      return h(
        "li",
        { class: "invite-item" },
        h("button", { type: "button", class: "btn", onclick: () => this.go({ game: g.id }) }, "Your open invitation"),
        " ",
        h("button", { type: "button", class: "btn btn-small", dataset: { cancelGame: g.id }, onclick: () => this.cancelInvite(g.id) }, "Cancel invitation"),
      );
    };
    fill(this.activeSlot, h("ul", { class: "plain" }, others.map(item)));
    this.activeSlot.closest(".resume-panel").hidden = false;
  }

  async cancelInvite(id) {
    try {
      await api.cancelGame(id);
      toast("Invitation cancelled: its link no longer works.");
    } catch (err) {
      errorToast(err.code, err.message);
    }
    if (loadGame()?.id === id) clearGame();
    if (!this.dead) this.render();
  }

  watchPanel() {
    const list = h("div", { class: "live-list" }, h("p", { class: "muted" }, "Loading live games…"));
    const load = async () => {
      try {
        const games = await api.liveGames();
        fill(
          list,
          games.length
            ? h("ul", { class: "plain" }, games.map((g) => h("li", {}, h("button", { type: "button", class: "btn", dataset: { watch: g.id }, onclick: () => this.enter(g, "spectator") }, `Watch ${g.players.map((p) => p.name).join(" vs ")}`))))
            : h("p", { class: "muted" }, "No games are being played right now."),
        );
      } catch (err) {
        fill(list, h("p", { class: "muted" }, "Could not load the live games."));
      }
    };
    load();
    return h(
      "section",
      { class: "panel", "aria-labelledby": "watch-title" },
      h("h2", { id: "watch-title" }, "Watch a live game"),
      list,
      h("button", { type: "button", class: "btn btn-small", onclick: load }, "Refresh"),
    );
  }

  /** "Rematch" from a game-over screen: a new bot game at once, or a new invite to share. */
  static async rematch(origin, info, go) {
    if (info?.next_game) { // a rematch between two people that both accepted (rematch.js)
      saveGame({ id: info.next_game, role: "player", lastEventId: null, view: null, log: [], origin });
      go({ game: info.next_game });
      return;
    }
    const body = origin && origin.opponent === "bot" ? origin : { opponent: "invite", deck: origin?.deck || "ember-rush", preset: origin?.preset || info?.preset || "mantimon" };
    try {
      const game = await api.createGame(body);
      saveGame({ id: game.id, role: "player", lastEventId: null, view: null, log: [], origin: body });
      if (body.opponent === "invite") toast("A new private game is ready: send the link to your opponent.", { seconds: 6 });
      go({ game: game.id });
    } catch (err) {
      errorToast(err.code, err.message);
      go({});
    }
  }
}
