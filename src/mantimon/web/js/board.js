// board.js — both sides of the table, drawn from one VisibleGameState.
//
// What lives here: the Actives and benches (generated art, HP bar and number, damage,
// attacks in short, energy icons, tool, conditions), zones (hand or hand count, deck, discard, energy zone, energy deck,
// points or prizes) and the stadium. Every card that a legal action involves is a button
// marked with how many moves it has; clicking it is handled by the game screen. Every
// card the view shows face up carries `data-face-id` (its full face on hover, preview.js);
// hidden cards (hand backs, deck, prizes) carry nothing.
// What must not: sending anything, or deciding legality (`byCard` comes from the view).

import { h } from "./dom.js";
import { artSvg } from "./art.js";
import { attackLines, attacksText } from "./cardface.js";
import { cardBack, cardMini, cardType, STAGE_LABEL } from "./cards.js";
import { conditionBadge, energyIcon, energyRow, TYPE_LABEL, uiIcon } from "./icons.js";

function movesBadge(count) {
  if (!count) return null;
  return h("span", { class: "moves-badge", "aria-hidden": "true" }, `▶ ${count}`);
}

function movesText(count) {
  return count ? `. ${count} ${count === 1 ? "move" : "moves"} available` : "";
}

/** A creature in play as a button: art, name, HP bar and number, attacks, energy, tool,
 * conditions. Its full card face shows on hover, long press or "i" (`data-face-id`). */
export function creatureButton(c, { byCard, onCard, role, pool, big = false }) {
  const def = pool?.get(c.card_id);
  const left = Math.max(0, c.hp - c.damage);
  const pct = c.hp ? Math.round((left / c.hp) * 100) : 0;
  const level = pct > 50 ? "ok" : pct > 25 ? "low" : "critical";
  const moves = byCard.get(c.uid)?.length || 0;
  const energyTypes = c.energy.map((e) => e.card_id.replace(/^energy-/, ""));
  const attacks = attacksText(def);
  const label = [
    `${c.name}, ${role}`,
    `${TYPE_LABEL[c.type]} ${STAGE_LABEL[c.stage] || c.stage}${c.variant !== "normal" ? ` ${c.variant}` : ""}`,
    `${left} of ${c.hp} HP`,
    c.damage ? `${c.damage} damage` : "no damage",
    c.energy.length ? `energy: ${c.energy.map((e) => e.name).join(", ")}` : "no energy",
    c.tool ? `tool: ${c.tool.name}` : "",
    c.conditions.length ? `conditions: ${c.conditions.join(", ")}` : "",
    attacks ? `attacks: ${attacks}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  return h(
    "button",
    {
      type: "button",
      class: ["creature", `t-${c.type}`, moves && "has-moves", `variant-${c.variant}`, big && "creature-big"],
      dataset: { uid: c.uid, focus: `card-${c.uid}`, name: c.name, faceId: c.card_id },
      "aria-label": label + movesText(moves),
      "aria-keyshortcuts": "i",
      onclick: () => onCard(c.uid),
    },
    h("span", { class: "cr-top" }, h("span", { class: "cr-name" }, c.name), h("span", { class: "cr-stage" }, STAGE_LABEL[c.stage] || c.stage, c.variant !== "normal" ? ` ${c.variant}` : "")),
    h(
      "span",
      { class: "cr-main" },
      h("span", { class: "cr-art" }, artSvg(def || { kind: "creature", id: c.card_id, name: c.name, type: c.type, stage: c.stage }, { width: big ? 112 : 60 }), energyIcon(c.type, { size: big ? 18 : 14, label: `${TYPE_LABEL[c.type]} type` })),
      h(
        "span",
        { class: "cr-stats" },
        h(
          "span",
          { class: `hp hp-${level}` },
          h("span", { class: "hp-num" }, h("small", {}, "HP "), `${left}/${c.hp}`),
          h("span", { class: "hp-bar", "aria-hidden": "true" }, h("span", { class: "hp-fill", style: { width: `${pct}%` } })),
        ),
        h("span", { class: "cr-energy" }, energyRow(energyTypes, { size: big ? 16 : 14 })),
        c.tool ? h("span", { class: "cr-tool", dataset: { faceId: c.tool.card_id } }, uiIcon("tool", 12), " ", c.tool.name) : null,
        c.conditions.length ? h("span", { class: "cr-conds" }, c.conditions.map(conditionBadge)) : null,
      ),
    ),
    attackLines(def),
    c.damage ? h("span", { class: "dmg" }, `−${c.damage}`) : null,
    c.played_this_turn ? h("span", { class: "cr-new" }, "new") : null,
    movesBadge(moves),
  );
}

function emptySlot(text) {
  return h("span", { class: "slot empty" }, text);
}

function scoreText(p, rules) {
  if (rules.use_prizes) return `${p.prizes_count} prize${p.prizes_count === 1 ? "" : "s"} left`;
  return `${p.points} / ${rules.points_to_win} points`;
}

/** The row of zones: hand (count), deck, discard, energy zone and deck, score. */
function zones(p, { mine, view, byCard, onCard, onDiscard, pool }) {
  const items = [];
  items.push(h("span", { class: "zone score", dataset: { points: p.points } }, h("b", {}, scoreText(p, view.rules))));
  if (!mine || p.hand === null) {
    const backs = Array.from({ length: Math.min(p.hand_count, 8) }, cardBack);
    // Cards of that hand a card revealed ("reveal it") are known to everyone while there.
    const known = (p.revealed || []).map((ref, i) => [i ? ", " : "", h("span", { class: "revealed-card", tabindex: 0, dataset: { faceId: ref.card_id }, "aria-keyshortcuts": "i" }, ref.name)]);
    items.push(
      h(
        "span",
        { class: "zone hand-count" },
        h("span", { class: "backs" }, backs),
        `Hand: ${p.hand_count}`,
        known.length ? h("span", { class: "hand-revealed" }, " (revealed: ", known, ")") : null,
      ),
    );
  }
  items.push(h("span", { class: "zone" }, `Deck: ${p.deck_count}`));
  const discardCount = p.discard.length + p.energy_discard.length;
  items.push(
    h(
      "button",
      { type: "button", class: "zone zone-btn", dataset: { focus: `discard-${p.player_id}` }, onclick: () => onDiscard(p), "aria-label": `Discard pile: ${discardCount} cards. Open to inspect.` },
      `Discard: ${discardCount}`,
    ),
  );
  if (!view.rules.energy_in_deck) {
    items.push(h("span", { class: "zone" }, `Energy deck: ${p.energy_deck_count}`));
    const zone = p.energy_zone.map((e) => {
      const type = e.card_id.replace(/^energy-/, "");
      const moves = byCard.get(e.uid)?.length || 0;
      return h(
        "button",
        {
          type: "button",
          class: ["energy-card", moves && "has-moves"],
          dataset: { uid: e.uid, focus: `card-${e.uid}`, name: e.name, faceId: e.card_id },
          "aria-label": `${e.name} in the energy zone${movesText(moves)}`,
          "aria-keyshortcuts": "i",
          onclick: () => onCard(e.uid),
        },
        energyIcon(type, { size: 22, label: e.name }),
        movesBadge(moves),
      );
    });
    items.push(h("span", { class: "zone energy-zone" }, "Energy zone: ", zone.length ? zone : "empty"));
  }
  if (p.mulligans) items.push(h("span", { class: "zone" }, `Mulligans: ${p.mulligans}`));
  return h("div", { class: "zones" }, items);
}

/** One player's side: title, zones, Active and bench. */
export function side(p, opts) {
  const { mine, displayName, view, byCard, onCard } = opts;
  const role = mine ? "your" : `${displayName}'s`;
  const setupHidden = view.phase === "setup" && !mine;
  const active = p.active
    ? creatureButton(p.active, { byCard, onCard, pool: opts.pool, big: true, role: `${role} Active` })
    : emptySlot(setupHidden ? "Placing face down…" : "No Active");
  const bench = [];
  for (let i = 0; i < view.rules.bench_size; i++) {
    const c = p.bench[i];
    bench.push(c ? creatureButton(c, { byCard, onCard, pool: opts.pool, role: `${role} bench` }) : emptySlot("Bench"));
  }
  const waiting = view.waiting_for.includes(p.player_id);
  return h(
    "section",
    { class: ["side", mine ? "side-me" : "side-them", waiting && "side-waiting"], "aria-label": `${mine ? "Your side" : `${displayName}'s side`}`, dataset: { player: p.player_id } },
    h(
      "h2",
      { class: "side-title" },
      displayName,
      mine ? " (you)" : "",
      view.current_player === p.player_id && view.phase !== "setup" && view.phase !== "game_over" ? h("span", { class: "turn-tag" }, "★ on turn") : null,
    ),
    zones(p, opts),
    h("div", { class: "row active-row" }, h("span", { class: "row-label" }, "Active"), active),
    h("div", { class: "row bench-row" }, h("span", { class: "row-label" }, `Bench (${p.bench.length}/${view.rules.bench_size})`), h("div", { class: "bench" }, bench)),
  );
}

/** The viewer's own hand, face up, each card a button. */
export function hand(p, { pool, byCard, onCard }) {
  const cards = (p.hand || []).map((ref) => {
    const def = pool.get(ref.card_id);
    const moves = byCard.get(ref.uid)?.length || 0;
    return h(
      "li",
      {},
      h(
        "button",
        {
          type: "button",
          class: ["hand-card", `t-${cardType(def)}`, moves && "has-moves"],
          dataset: { uid: ref.uid, focus: `card-${ref.uid}`, name: ref.name, faceId: ref.card_id },
          "aria-label": `${ref.name}${def?.kind === "creature" ? `, ${def.hp} HP` : ""}${movesText(moves)}`,
          "aria-keyshortcuts": "i",
          onclick: () => onCard(ref.uid),
        },
        cardMini(def, ref.name),
        movesBadge(moves),
      ),
    );
  });
  return h(
    "section",
    { class: "hand", "aria-labelledby": "hand-title" },
    h("h2", { id: "hand-title" }, `Your hand (${p.hand_count})`),
    cards.length ? h("ul", { class: "hand-cards" }, cards) : h("p", { class: "muted" }, "No cards in hand."),
  );
}

/** The stadium in play, if any. */
export function stadium(view, { names, onCard, byCard }) {
  if (!view.stadium) return h("div", { class: "stadium none" }, "No stadium in play");
  const owner = view.stadium_owner ? names.get(view.stadium_owner) || view.stadium_owner : "";
  return h(
    "div",
    { class: "stadium" },
    "Stadium: ",
    h("button", { type: "button", class: "link-btn", dataset: { uid: view.stadium.uid, focus: `card-${view.stadium.uid}`, faceId: view.stadium.card_id }, "aria-keyshortcuts": "i", onclick: () => onCard(view.stadium.uid) }, artSvg({ kind: "trainer", trainer: "stadium", id: view.stadium.card_id, name: view.stadium.name }, { width: 40, className: "stadium-art" }), view.stadium.name),
    owner ? ` (played by ${owner})` : "",
  );
}
