// campaign.js — the campaign: the clubs and who is beaten, challenges, packs, the collection.
//
// What lives here: the campaign screen (`/?campaign`): beginning with a starter, the clubs
// with their duelists (beaten, open or locked), a duelist's introduction and the challenge,
// the pack-opening view that reveals a pack's cards one by one, and the collection
// (`/?collection`) with type and rarity filters. Every rule is the server's: this draws
// what /api/campaign says and asks it to act. What must not: game drawing (game.js).

import * as api from "./api.js";
import { cardFace, cardMini } from "./cards.js";
import { openDialog } from "./dialogs.js";
import { h, fill } from "./dom.js";
import { errorToast, toast } from "./toast.js";

const ROLE = { member: "Member", leader: "Leader", grand_master: "Grand Master", champion: "Champion" };

export class CampaignScreen {
  constructor(root, { go, view = "clubs" }) {
    this.root = root;
    this.go = go;
    this.view = view;
  }

  destroy() {
    this.dead = true;
  }

  async start() {
    fill(this.root, h("p", { class: "loading" }, "Loading…"));
    try {
      const [world, pool] = await Promise.all([api.api("GET", "/api/campaign/world"), api.cardPool()]);
      this.world = world;
      this.pool = pool;
      this.state = await api.api("GET", "/api/campaign").catch((err) => {
        if (err.code === "campaign_not_started") return null;
        throw err;
      });
    } catch (err) {
      errorToast(err.code, err.message);
      return;
    }
    if (this.dead) return;
    if (!this.state) this.renderBegin();
    else if (this.view === "collection") await this.renderCollection();
    else this.renderClubs();
  }

  header(title, ...extra) {
    return h("div", { class: "campaign-head" },
      h("h1", {}, title),
      h("nav", { class: "campaign-nav", "aria-label": "Campaign" },
        h("button", { type: "button", class: "link-btn", onclick: () => this.go({}) }, "Start page"),
        h("button", { type: "button", class: "link-btn", onclick: () => this.go({ campaign: "" }) }, "Clubs"),
        h("button", { type: "button", class: "link-btn", onclick: () => this.go({ collection: "" }) }, "Collection"),
      ),
      ...extra,
    );
  }

  async renderBegin() {
    const starters = (await api.starters()).filter((d) => d.preset === "mantimon");
    const pick = h("select", { id: "campaign-starter" }, starters.map((d) => h("option", { value: d.id }, d.name)));
    const about = h("p", { class: "muted" });
    const describe = () => { about.textContent = starters.find((d) => d.id === pick.value)?.description || ""; };
    pick.addEventListener("change", describe);
    describe();
    fill(this.root, h("div", { class: "campaign" },
      this.header("The campaign"),
      h("section", { class: "panel" },
        h("p", {}, "Eight clubs of duelists wait for a challenger. Beat a club's members to meet its leader, win the leader's medal, and with all eight medals face the Grand Masters and the Champion. Wins earn booster packs; their cards join your collection."),
        h("div", { class: "field" }, h("label", { for: "campaign-starter" }, "Your first deck"), pick),
        about,
        h("button", { type: "button", class: "btn btn-primary", dataset: { begin: "" }, onclick: () => this.begin(pick.value) }, "Begin the campaign"),
      ),
    ));
  }

  async begin(starter) {
    try {
      this.state = await api.api("POST", "/api/campaign/start", { starter });
      localStorage.setItem("mantimon.campaignDeck", starter);
    } catch (err) {
      errorToast(err.code, err.message);
      return;
    }
    this.renderClubs();
  }

  duelistRow(d) {
    const st = this.state;
    const beaten = st.beaten.includes(d.id);
    const open = st.challengeable.includes(d.id);
    const status = beaten ? "Beaten" : open ? "Open" : "Locked";
    return h("li", { class: ["duelist", beaten && "beaten", !open && "locked"], dataset: { duelist: d.id, status: status.toLowerCase() } },
      h("div", { class: "duelist-who" },
        h("b", {}, d.name), " ", h("small", { class: "muted" }, `${ROLE[d.role]} · ${d.level}`),
        h("p", { class: "duelist-line" }, d.personality),
      ),
      h("span", { class: "duelist-status" }, beaten ? "✓ Beaten" : open ? "" : "Locked"),
      open ? h("button", { type: "button", class: "btn btn-small", onclick: () => this.introduce(d) }, beaten ? "Rematch" : "Challenge") : null,
    );
  }

  renderClubs() {
    const st = this.state;
    const medals = new Set(st.medals);
    const clubs = this.world.clubs.map((c) => h("section", { class: ["panel", "club", medals.has(c.id) && "won"], dataset: { club: c.id } },
      h("h2", {}, c.name, medals.has(c.id) ? h("span", { class: "medal", title: c.medal }, ` 🏅 ${c.medal}`) : null),
      h("p", { class: "muted" }, c.blurb),
      h("ul", { class: "plain duelists" }, [...c.members, c.leader].map((d) => this.duelistRow(d))),
    ));
    const summit = h("section", { class: "panel club summit" },
      h("h2", {}, "The Grand Masters and the Champion"),
      h("p", { class: "muted" }, "With all eight medals: three Grand Masters in a row with one deck, then the Champion."),
      h("ul", { class: "plain duelists" }, [...this.world.grand_masters, this.world.champion].map((d) => this.duelistRow(d))),
    );
    const packs = h("section", { class: "panel packs-panel" },
      h("h2", {}, "Booster packs"),
      h("p", { dataset: { packs: String(st.packs) } }, st.packs ? `${st.packs} unopened pack${st.packs > 1 ? "s" : ""}.` : "No unopened pack: win games to earn them."),
      h("button", { type: "button", class: "btn btn-primary", disabled: !st.packs, dataset: { openPack: "" }, onclick: () => this.openPack() }, "Open a pack"),
      h("p", { class: "muted" }, `${st.cards_owned} cards owned · ${st.medals.length} of ${this.world.clubs.length} medals${st.champion ? " · Champion!" : ""}`),
      h("details", { class: "pack-odds" },
        h("summary", {}, "What a pack holds"),
        h("table", {},
          h("thead", {}, h("tr", {}, h("th", {}, "Card"), ["common", "uncommon", "rare", "ex", "mega"].map((r) => h("th", {}, r)))),
          h("tbody", {}, this.world.pack_odds.map((slot, i) => h("tr", {}, h("td", {}, String(i + 1)),
            ["common", "uncommon", "rare", "ex", "mega"].map((r) => h("td", {}, slot[r] ? `${Math.round(slot[r] * 100)}%` : "")))))),
        h("p", { class: "muted" }, "Basic energy is never in a pack; within a rarity every card is equally likely."),
      ),
    );
    const fame = h("section", { class: "panel hall-of-fame" }, h("h2", {}, "Hall of fame"), h("p", { class: "muted" }, "Loading…"));
    api.api("GET", "/api/campaign/hall-of-fame").then((list) => {
      fill(fame, h("h2", {}, "Hall of fame"), list.length
        ? h("ol", {}, list.map((c) => h("li", {}, h("b", {}, c.name), ` · ${new Date(c.at * 1000).toLocaleDateString()}`)))
        : h("p", { class: "muted" }, "Nobody has beaten the Champion yet. Be the first."));
    }, () => fame.remove());
    fill(this.root, h("div", { class: "campaign" }, this.header("The campaign"), h("div", { class: "campaign-top" }, packs, fame), h("div", { class: "clubs" }, clubs, summit)));
  }

  async introduce(d) {
    const first = localStorage.getItem("mantimon.campaignDeck") || "ember-rush";
    const saved = (await api.myDecks().catch(() => [])).filter((x) => x.preset === "mantimon");
    const pick = h("select", { id: "campaign-deck" },
      h("option", { value: `starter:${first}` }, "Your first deck"),
      saved.map((x) => h("option", { value: `deck:${x.id}` }, x.name)));
    const last = localStorage.getItem("mantimon.campaignChoice");
    if (last && [...pick.options].some((o) => o.value === last)) pick.value = last;
    const choice = () => {
      localStorage.setItem("mantimon.campaignChoice", pick.value);
      const [kind, id] = pick.value.split(/:(.*)/s);
      return kind === "deck" ? { deck_id: id } : id;
    };
    const dlg = openDialog({
      title: d.name,
      slot: "duelist",
      className: "duelist-intro",
      body: [
        h("p", { class: "muted" }, `${ROLE[d.role]} · plays at the ${d.level} level`),
        h("blockquote", {}, `“${d.greeting}”`),
        h("p", {}, d.personality),
        h("div", { class: "field" }, h("label", { for: "campaign-deck" }, "Your deck (owned cards only)"), pick),
        h("div", { class: "dialog-actions" },
          h("button", { type: "button", class: "btn", onclick: () => dlg.close() }, "Not now"),
          h("button", { type: "button", class: "btn btn-primary", dataset: { accept: "" }, onclick: () => this.challenge(d, choice(), dlg) }, "Duel!"),
        ),
      ],
    });
  }

  async challenge(d, deck, dlg) {
    try {
      const game = await api.api("POST", "/api/campaign/challenge", { duelist: d.id, deck });
      localStorage.setItem("mantimon.campaignGame", game.id);
      dlg.close();
      this.go({ game: game.id });
    } catch (err) {
      errorToast(err.code, err.message);
    }
  }

  async openPack() {
    let opened;
    try {
      opened = await api.api("POST", "/api/campaign/packs/open");
    } catch (err) {
      errorToast(err.code, err.message);
      return;
    }
    this.state.packs -= 1;
    let shown = 0;
    const slots = opened.cards.map((c, i) => h("li", { class: "pack-slot", dataset: { slot: String(i) } },
      h("button", { type: "button", class: "pack-back", "aria-label": `Reveal card ${i + 1}`, onclick: () => reveal(i) }, "?")));
    const revealAll = h("button", { type: "button", class: "btn", dataset: { revealAll: "" }, onclick: () => opened.cards.forEach((_, i) => reveal(i)) }, "Reveal all");
    const done = h("button", { type: "button", class: "btn btn-primary", hidden: true, onclick: () => this.start() }, "Back to the clubs");
    const reveal = (i) => {
      const slot = slots[i];
      if (slot.dataset.revealed) return;
      const def = this.pool.get(opened.cards[i].id);
      slot.dataset.revealed = "true";
      slot.dataset.card = opened.cards[i].id;
      const rarity = def?.rarity || "";
      fill(slot, h("span", { class: ["pack-rarity", `r-${rarity}`] }, rarity), def ? cardFace(def, { compact: true }) : h("b", {}, opened.cards[i].name));
      shown += 1;
      if (shown === slots.length) {
        revealAll.hidden = true;
        hint.hidden = true;
        done.hidden = false;
        toast(`Pack ${opened.number}: ${slots.length} cards added to your collection`);
      }
    };
    const hint = h("p", { class: "muted" }, "Click a card to turn it over.");
    fill(this.root, h("div", { class: "campaign" },
      this.header(`Pack ${opened.number}`),
      hint,
      h("ol", { class: "plain pack", "aria-label": "The pack's cards" }, slots),
      h("div", { class: "dialog-actions" }, revealAll, done),
    ));
  }

  async renderCollection() {
    const owned = (await api.api("GET", "/api/collection")).cards;
    const types = [...new Set([...this.pool.values()].map((c) => c.type).filter(Boolean))].sort();
    const typeSel = h("select", { id: "coll-type" }, h("option", { value: "" }, "Every type"), types.map((t) => h("option", { value: t }, t)));
    const raritySel = h("select", { id: "coll-rarity" }, h("option", { value: "" }, "Every rarity"), ["common", "uncommon", "rare", "ex", "mega"].map((r) => h("option", { value: r }, r)));
    const setSel = h("select", { id: "coll-set" }, h("option", { value: "" }, "Every set"), h("option", { value: "m1" }, "First Tides (m1)"), h("option", { value: "m2" }, "Second Tides (m2)"));
    const ownSel = h("select", { id: "coll-owned" }, h("option", { value: "owned" }, "Owned"), h("option", { value: "missing" }, "Missing"), h("option", { value: "" }, "All"));
    const list = h("ul", { class: "plain collection-list" });
    const draw = () => {
      const rows = [...this.pool.values()]
        .filter((c) => c.kind !== "energy")
        .filter((c) => !typeSel.value || c.type === typeSel.value)
        .filter((c) => !raritySel.value || c.rarity === raritySel.value)
        .filter((c) => !setSel.value || c.id.startsWith(`${setSel.value}-`))
        .filter((c) => (ownSel.value === "owned" ? owned[c.id] : ownSel.value === "missing" ? !owned[c.id] : true))
        .map((c) => h("li", { class: ["collection-card", !owned[c.id] && "missing"], dataset: { card: c.id, count: String(owned[c.id] || 0) } },
          cardMini(c, c.name), h("span", { class: "count" }, `×${owned[c.id] || 0}`), h("small", { class: "muted" }, ` ${c.rarity}`)));
      fill(list, rows.length ? rows : h("li", { class: "muted" }, "No card matches."));
    };
    for (const sel of [typeSel, raritySel, setSel, ownSel]) sel.addEventListener("change", draw);
    draw();
    const total = Object.values(owned).reduce((a, b) => a + b, 0);
    fill(this.root, h("div", { class: "campaign" },
      this.header("Collection", h("p", { class: "muted" }, `${total} cards, ${Object.keys(owned).length} different`)),
      h("div", { class: "filters" },
        h("label", { for: "coll-type" }, "Type "), typeSel,
        h("label", { for: "coll-rarity" }, " Rarity "), raritySel,
        h("label", { for: "coll-set" }, " Set "), setSel,
        h("label", { for: "coll-owned" }, " Show "), ownSel),
      list,
    ));
  }
}
