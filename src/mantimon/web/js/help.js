// help.js — how to play, for players: the rules in plain words, with pictures (`/?help`).
//
// What lives here: the help screen (a contents list, one section per part of the rules,
// diagrams drawn as inline SVG and real cards drawn by cards.js). The words follow the
// rules the server applies (RULES.md, DESIGN.md §3); numbers are the Mantimon rules', with
// the Classic rules' differences in their own table. What must not: game logic.

import { cardPool } from "./api.js";
import { cardFace } from "./cards.js";
import { h, s } from "./dom.js";
import { energyIcon } from "./icons.js";

const INK = "#1d2233";
const SOFT = "#eef1f8";

/** A rounded box with a centred label (and a smaller second line). */
function zone(x, y, w, ht, label, { sub = "", fill = SOFT, stroke = INK, dash = false, color = INK } = {}) {
  return s(
    "g",
    {},
    s("rect", { x, y, width: w, height: ht, rx: 10, fill, stroke, "stroke-width": 2, "stroke-dasharray": dash ? "6 5" : null }),
    s("text", { x: x + w / 2, y: y + ht / 2 + (sub ? -3 : 5), "text-anchor": "middle", "font-size": 15, "font-weight": 700, fill: color }, label),
    sub ? s("text", { x: x + w / 2, y: y + ht / 2 + 15, "text-anchor": "middle", "font-size": 12, fill: color }, sub) : null,
  );
}

function arrow(x1, y1, x2, y2) {
  return s("line", { x1, y1, x2, y2, stroke: INK, "stroke-width": 2.5, "marker-end": "url(#help-arrow)" });
}

function arrowMarker() {
  return s("defs", {}, s("marker", { id: "help-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, s("path", { d: "M0 0 L10 5 L0 10 z", fill: INK })));
}

function figure(svg, caption, label) {
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", label);
  return h("figure", { class: "help-figure" }, svg, h("figcaption", {}, caption));
}

/** Your side of the table, as the game screen lays it out. */
function boardDiagram() {
  const svg = s(
    "svg",
    { viewBox: "0 0 680 400", class: "help-svg" },
    s("rect", { x: 0, y: 0, width: 680, height: 400, rx: 16, fill: "#dfe9df" }),
    s("text", { x: 340, y: 26, "text-anchor": "middle", "font-size": 13, fill: "#44524a" }, "Your opponent's side mirrors yours at the top of the screen"),
    s("line", { x1: 20, y1: 40, x2: 660, y2: 40, stroke: "#9fb3a2", "stroke-width": 2, "stroke-dasharray": "8 6" }),
    zone(270, 58, 140, 96, "Active", { sub: "fights this turn", fill: "#ffe7b3" }),
    zone(30, 58, 150, 60, "Points", { sub: "4 to win", fill: "#fff4c9" }),
    zone(500, 58, 150, 60, "Deck", { sub: "draw 1 each turn", fill: "#d5def5" }),
    zone(500, 130, 150, 50, "Discard", { sub: "used & knocked out", fill: "#e4e4e4" }),
    zone(30, 130, 150, 50, "Energy deck", { sub: "20 energy cards", fill: "#d9f0e2" }),
    zone(30, 192, 150, 50, "Energy zone", { sub: "flipped energy waits", fill: "#c4ead2" }),
    ...[0, 1, 2, 3, 4].map((i) => zone(200 + i * 58, 186, 50, 70, String(i + 1), { fill: "#f6f6f6", dash: true })),
    s("text", { x: 340, y: 276, "text-anchor": "middle", "font-size": 15, "font-weight": 700, fill: INK }, "Bench: up to 5 creatures waiting"),
    zone(120, 300, 440, 70, "Your hand", { sub: "only you see it", fill: "#fbe3e3" }),
    arrowMarker(),
    arrow(180, 217, 268, 140),
    s("text", { x: 190, y: 168, "font-size": 12, fill: INK, transform: "rotate(-38 190 168)" }, "attach 1 a turn"),
  );
  return figure(svg, "Your side of the board. Your opponent has the same zones, and sees your active, your bench, your points and the energy zone, but never your hand or the order of your deck.", "Diagram of one player's side of the board: points, active spot, deck, discard pile, energy deck, energy zone, five bench places and the hand.");
}

/** The five steps of a turn. */
function turnDiagram() {
  const steps = [
    ["1 Draw", "a card"],
    ["2 Energy", "flip one"],
    ["3 Main", "play cards"],
    ["4 Attack", "optional"],
    ["5 Checkup", "between turns"],
  ];
  const svg = s("svg", { viewBox: "0 0 680 110", class: "help-svg" }, arrowMarker(), ...steps.map(([a, b], i) => zone(8 + i * 136, 20, 116, 70, a, { sub: b, fill: i === 2 ? "#ffe7b3" : SOFT })), ...[0, 1, 2, 3].map((i) => arrow(126 + i * 136, 55, 142 + i * 136, 55)));
  return figure(svg, "A turn, step by step. Attacking ends your turn; you may also end it without attacking.", "Diagram of a turn: draw, energy, main, attack, checkup.");
}

/** Weakness and resistance: the numbers on the defender change the damage. */
function damageDiagram() {
  const svg = s(
    "svg",
    { viewBox: "0 0 680 130", class: "help-svg" },
    arrowMarker(),
    zone(10, 25, 170, 80, "Fire attacker", { sub: "attack: 30 damage", fill: "#ffd9c7" }),
    arrow(185, 65, 255, 65),
    zone(260, 25, 180, 80, "Grass defender", { sub: "weakness: fire +20", fill: "#d6f1cf" }),
    s("text", { x: 462, y: 60, "font-size": 24, "font-weight": 800, fill: INK }, "30 + 20 = 50"),
    s("text", { x: 460, y: 86, "font-size": 13, fill: INK }, "damage on the defender"),
  );
  return figure(svg, "Weakness adds damage (+20 in the Mantimon rules); resistance takes some away (−20). Both count only against the defending active creature.", "Example: a fire attack of 30 against a creature weak to fire does 50 damage.");
}

function section(id, title, ...body) {
  return h("section", { class: "panel help-section", id: `help-${id}`, "aria-labelledby": `help-${id}-title`, dataset: { helpSection: id } }, h("h2", { id: `help-${id}-title` }, title), body);
}

const list = (...items) => h("ul", {}, items.map((i) => h("li", {}, i)));
const b = (text) => h("b", {}, text);

export class HelpScreen {
  constructor(root, { go }) {
    this.root = root;
    this.go = go;
  }

  destroy() {
    this.dead = true;
  }

  async start() {
    this.render(null);
    try {
      const pool = await cardPool();
      if (!this.dead) this.showCards(pool);
    } catch {
      // The cards are an illustration: the rules read fine without them.
    }
  }

  showCards(pool) {
    const chain = ["m1-001", "m1-002", "m1-003"].map((id) => pool.get(id)).filter(Boolean);
    if (!chain.length || !this.cardSlot) return;
    this.cardSlot.replaceChildren(...chain.map((def) => h("div", { class: "help-card" }, cardFace(def))));
    this.cardSlot.hidden = false;
  }

  sections() {
    this.cardSlot = h("div", { class: "help-cards", hidden: true, "aria-label": "An evolution line: a Basic, its Stage 1 and its Stage 2" });
    return [
      section(
        "goal",
        "The goal",
        h("p", {}, "Two players each bring a deck of creature, trainer and energy cards. Your creatures take turns attacking: every time one of yours knocks out one of your opponent's, you score."),
        list([b("Score 4 points"), " to win: 1 point for knocking out a normal creature, 2 for an ", b("ex"), ", 3 for a ", b("mega"), "."], ["You also win when your opponent has ", b("no creature left in play"), ", or ", b("cannot draw"), " a card at the start of their turn."], ["After ", b("30 turns"), " the player with more points wins (equal points: a draw)."]),
      ),
      section("board", "The board", boardDiagram()),
      section(
        "setup",
        "Getting ready",
        list(
          "Both decks are shuffled and a coin flip decides who goes first.",
          "Each player draws 7 cards. If you have no Basic creature, you show your hand, shuffle it back and draw again; your opponent may then draw an extra card.",
          "Each player secretly chooses one Basic creature as their Active and up to 5 more for the Bench. Then both sides are turned over together and the first turn begins.",
        ),
      ),
      section(
        "turn",
        "Your turn",
        turnDiagram(),
        list(
          [b("Draw"), " one card. If your deck is empty, you lose."],
          [b("Energy"), ": the top card of your energy deck flips into your energy zone. (The player who goes first skips this on their very first turn.)"],
          [b("Main"), ": do any of these, in any order: put Basic creatures on your bench, evolve, attach one energy, play trainers, retreat once, use abilities."],
          [b("Attack"), " with your Active creature, if you want. This ends your turn."],
          [b("Checkup"), ": poison, burns and other conditions take effect between turns."],
        ),
      ),
      section(
        "energy",
        "Energy",
        h("p", {}, "Attacks cost energy. Once per turn you may attach one energy from your energy zone to any of your creatures in play. Energy you do not use stays in the zone for later turns."),
        h("p", { class: "help-icons" }, "A coloured symbol ", energyIcon("fire", { size: 20, label: "Fire" }), " needs energy of that type; a plain star ", energyIcon("colorless", { size: 20, label: "Colorless" }), " can be paid with any energy."),
      ),
      section(
        "attack",
        "Attacking and damage",
        list(
          "Your Active can use an attack when the energy attached to it covers the attack's cost. Most attacks hit your opponent's Active.",
          "Damage stays on a creature until it is healed or leaves play. When its damage reaches its HP, it is knocked out.",
          "On their first turn, the player who goes first may attack (but has no energy yet, so only free attacks work).",
        ),
        damageDiagram(),
      ),
      section(
        "evolve",
        "Evolving",
        h("p", {}, "A Stage 1 card goes on top of the Basic it names, a Stage 2 on top of its Stage 1. The creature keeps its damage, energy and tool, gets the new card's HP and attacks, and loses any special condition."),
        list("Nobody evolves on the first turn of the game.", "A creature cannot evolve on the turn it came into play or already evolved."),
        this.cardSlot,
      ),
      section(
        "retreat",
        "Retreating",
        h("p", {}, "Once per turn you may swap your Active with a creature from your bench. It costs energy: discard as many energy from the Active as its retreat cost shows. An asleep or paralyzed creature cannot retreat. A creature that moves to the bench loses its special conditions."),
      ),
      section(
        "trainers",
        "Trainer cards",
        list(
          [b("Items"), ": play as many as you like each turn."],
          [b("Supporters"), ": powerful help, but only one per turn."],
          [b("Stadiums"), ": stay in play for both players until another stadium replaces them (one per turn)."],
          [b("Tools"), ": attach to a creature, one tool per creature; they leave with it."],
        ),
      ),
      section(
        "conditions",
        "Special conditions",
        list(
          [b("Asleep"), ": cannot attack or retreat; a coin flip at each checkup may wake it."],
          [b("Paralyzed"), ": cannot attack or retreat; wears off after its owner's next turn."],
          [b("Confused"), ": when it attacks, flip a coin: tails, the attack fails and it takes 30 damage itself."],
          [b("Poisoned"), ": 10 damage at each checkup. ", b("Burned"), ": 20 damage at each checkup, then a coin flip may heal it."],
          "Only the Active can have conditions. Retreating or evolving removes them all.",
        ),
      ),
      section(
        "knockouts",
        "Knockouts and points",
        h("p", {}, "When a creature is knocked out, it goes to the discard pile with all its cards, and its opponent scores its points. Its owner then chooses a bench creature to become the new Active. If they have none, they lose the game."),
      ),
      section(
        "classic",
        "The Classic rules",
        h("p", {}, "Some games use the Classic rules instead. The differences:"),
        h(
          "table",
          { class: "help-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, ""), h("th", { scope: "col" }, "Mantimon"), h("th", { scope: "col" }, "Classic"))),
          h(
            "tbody",
            {},
            [
              ["Deck", "40 cards plus a 20-card energy deck", "60 cards, energy cards included"],
              ["Energy", "flipped into your energy zone each turn", "attached from your hand"],
              ["To win", "4 points", "take all 6 prize cards (1 per knockout, 2 for an ex)"],
              ["First turn", "may attack, no energy", "no attack and no supporter"],
              ["Weakness / resistance", "+20 / −20", "×2 / −30"],
              ["Turn limit", "30 turns", "none"],
            ].map(([what, m, c]) => h("tr", {}, h("th", { scope: "row" }, what), h("td", {}, m), h("td", {}, c))),
          ),
        ),
      ),
      section(
        "tips",
        "Playing here",
        list(
          "Drag a card onto a lit target, or tap it and then tap where it goes: an energy onto a creature, an evolution onto the creature it grows from, a creature onto your bench. Your Active's attack buttons sit beside it. Hover or long-press any card to read it in full; every move the game allows is also listed under “All moves”.",
          "A bot game has no time limit unless you turn the turn clock on. Against people, each turn has a clock, and three timeouts in a row lose the game.",
          "You can leave a game and come back: your seat is kept.",
        ),
      ),
    ];
  }

  render() {
    const sections = this.sections();
    const contents = h(
      "nav",
      { class: "panel help-toc", "aria-label": "Contents" },
      h("h2", {}, "Contents"),
      h(
        "ol",
        {},
        sections.map((sec) =>
          h("li", {}, h("a", { href: `#${sec.id}`, onclick: (e) => { e.preventDefault(); sec.scrollIntoView({ behavior: "smooth", block: "start" }); sec.querySelector("h2").focus({ preventScroll: true }); } }, sec.querySelector("h2").textContent)),
        ),
      ),
    );
    for (const sec of sections) sec.querySelector("h2").setAttribute("tabindex", "-1");
    this.root.replaceChildren(
      h(
        "article",
        { class: "help", "aria-labelledby": "help-title" },
        h("div", { class: "help-head" }, h("h1", { id: "help-title" }, "How to play Mantimon"), h("button", { type: "button", class: "btn", onclick: () => this.go({}) }, "← Back to start")),
        h("p", { class: "help-lead" }, "Everything you need for your first game. The game always shows you which moves are possible, so you can learn as you play."),
        h("div", { class: "help-layout" }, contents, h("div", { class: "help-body" }, sections)),
      ),
    );
  }
}
