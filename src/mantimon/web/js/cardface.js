// cardface.js — a card's printed face, drawn from its definition (GET /api/cards).
//
// What lives here: `cardFace(def)`, the full card as a printed card reads: stage (and what
// it evolves from), name, HP, type, the generated art, ability, attacks with their energy
// costs, damage as the server labels it ("30×", "20+") and text, weakness, resistance,
// retreat, flavour, rarity and set number; `attackLines(def)`, the attacks in one compact
// line each for a creature on the board; and the labels (`STAGE_LABEL`, `kindLine`...)
// shared by everything that names a card. What must not: game state (damage, attached
// energy) or events: a face shows the card as printed. The hover/long-press popover that
// shows a face is in `preview.js`.

import { artSvg } from "./art.js";
import { h } from "./dom.js";
import { energyIcon, energyRow, TYPE_LABEL } from "./icons.js";

export const STAGE_LABEL = { basic: "Basic", stage1: "Stage 1", stage2: "Stage 2" };
export const TRAINER_LABEL = { item: "Item", supporter: "Supporter", stadium: "Stadium", tool: "Tool" };
export const RARITY = {
  common: { mark: "●", label: "Common" },
  uncommon: { mark: "◆", label: "Uncommon" },
  rare: { mark: "★", label: "Rare" },
  ex: { mark: "★★", label: "ex rare" },
  mega: { mark: "★★★", label: "Mega rare" },
};

/** The colour family a card is drawn in (a type for creatures and energy). */
export function cardType(def) {
  if (!def) return "unknown";
  if (def.kind === "creature") return def.type;
  if (def.kind === "energy") return def.energy_type;
  return "trainer";
}

/** "Fire Basic creature", "Trainer: Supporter", "Water energy": what kind of card this is. */
export function kindLine(def) {
  if (!def) return "card";
  if (def.kind === "creature") {
    const variant = def.variant && def.variant !== "normal" ? ` ${def.variant}` : "";
    return `${TYPE_LABEL[def.type]} ${STAGE_LABEL[def.stage] || def.stage}${variant} creature`;
  }
  if (def.kind === "trainer") return `Trainer: ${TRAINER_LABEL[def.trainer] || def.trainer}`;
  return `${TYPE_LABEL[def.energy_type]} energy`;
}

/** "M1 050" from "m1-050"; basic energy has no set number. */
export function setNumber(def) {
  const m = /^([a-z]+\d*)-(\d+)$/.exec(def?.id || "");
  return m ? `${m[1].toUpperCase()} · ${m[2]}` : "";
}

function attackBlock(attack) {
  return h(
    "li",
    { class: "attack" },
    h("span", { class: "attack-cost", "aria-label": attack.cost.length ? `Cost: ${attack.cost.map((t) => TYPE_LABEL[t] || t).join(", ")}` : "No cost" }, energyRow(attack.cost, { size: 18, empty: "free" })),
    h("b", { class: "attack-name" }, attack.name),
    h("span", { class: "attack-dmg" }, attack.damage_label || ""),
    attack.text ? h("p", { class: "attack-text" }, attack.text) : null,
  );
}

/** The attacks of a creature in play, one short line each: cost icons, name, damage. */
export function attackLines(def) {
  if (def?.kind !== "creature") return null;
  const lines = def.attacks.map((a) =>
    h(
      "span",
      { class: "cr-atk" },
      h("span", { class: "cr-atk-cost" }, energyRow(a.cost, { size: 12, empty: "–" })),
      h("span", { class: "cr-atk-name" }, a.name),
      h("b", { class: "cr-atk-dmg" }, a.damage_label || ""),
    ),
  );
  const ability = def.ability ? h("span", { class: "cr-ability" }, h("b", {}, def.ability.kind === "passive" ? "Passive " : "Ability "), def.ability.name) : null;
  return h("span", { class: "cr-attacks" }, ability, lines);
}

/** "Jab 20, One-Two 30×": the attacks for a label read aloud. */
export function attacksText(def) {
  if (def?.kind !== "creature") return "";
  return def.attacks.map((a) => `${a.name}${a.damage_label ? ` ${a.damage_label}` : ""}`).join(", ");
}

function modifier(spec, rules, which) {
  if (!spec) return null;
  let amount = "";
  if (which === "weak") {
    const mode = spec.mode || rules?.weakness_mode;
    if (mode === "multiply") amount = `×${spec.value ?? rules?.weakness_multiplier ?? 2}`;
    else if (spec.value != null || rules) amount = `+${spec.value ?? rules.weakness_bonus}`;
  } else if (spec.value != null || rules) {
    amount = `−${spec.value ?? rules.resistance_value}`;
  }
  return [energyIcon(spec.type, { size: 16 }), amount ? ` ${amount}` : ""];
}

function footer(def, rules) {
  const cell = (label, content) => h("span", { class: "foot-cell" }, h("small", {}, label), h("span", { class: "foot-val" }, content ?? "—"));
  return h(
    "footer",
    { class: "card-foot" },
    cell("Weakness", modifier(def.weakness, rules, "weak")),
    cell("Resistance", modifier(def.resistance, rules, "resist")),
    cell("Retreat", def.retreat ? energyRow(Array(def.retreat).fill("colorless"), { size: 14 }) : "0"),
  );
}

function kindBadge(def) {
  if (def.kind === "creature") return STAGE_LABEL[def.stage] || def.stage;
  if (def.kind === "trainer") return TRAINER_LABEL[def.trainer] || def.trainer;
  return "Energy";
}

function bottomLine(def, compact) {
  const rarity = RARITY[def.rarity] || { mark: "", label: def.rarity };
  return h(
    "p",
    { class: "card-bottom" },
    !compact && def.flavor ? h("span", { class: "card-flavor" }, def.flavor) : null,
    h("span", { class: "card-set" }, h("span", { class: `rarity r-${def.rarity}`, title: rarity.label }, h("span", { "aria-hidden": "true" }, `${rarity.mark} `), rarity.label), setNumber(def) ? ` · ${setNumber(def)}` : ""),
  );
}

/**
 * The full face of a card definition. `compact` leaves out the ability's text and the
 * flavour (for small spaces); `rules` (the game's) prints weakness and resistance amounts.
 */
export function cardFace(def, { compact = false, rules = null } = {}) {
  if (!def) return h("article", { class: "card card-unknown" }, "Unknown card");
  const type = cardType(def);
  const creature = def.kind === "creature";
  const head = h(
    "header",
    { class: "card-head" },
    h("span", { class: "card-kind" }, kindBadge(def)),
    h("h3", { class: "card-name" }, def.name),
    creature ? h("span", { class: "card-hp" }, h("small", {}, "HP "), String(def.hp)) : null,
    creature || def.kind === "energy" ? energyIcon(type, { size: 22, label: `${TYPE_LABEL[type]} type` }) : null,
  );
  const body = [];
  if (creature) {
    if (def.ability) {
      body.push(
        h("div", { class: "card-ability" }, h("b", {}, h("span", { class: "ability-tag" }, def.ability.kind === "passive" ? "Passive" : "Ability"), ` ${def.ability.name}`), compact ? null : h("p", {}, def.ability.text)),
      );
    }
    body.push(h("ul", { class: "attacks", "aria-label": "Attacks" }, def.attacks.map(attackBlock)));
    body.push(footer(def, rules));
  } else if (def.kind === "trainer") {
    body.push(h("p", { class: "card-text" }, def.text));
    if (def.trainer === "supporter") body.push(h("p", { class: "card-rule" }, "You may play only one Supporter each turn."));
    if (def.trainer === "tool") body.push(h("p", { class: "card-rule" }, "Attach to one of your creatures; it stays until the creature leaves play."));
  } else {
    body.push(h("p", { class: "card-text" }, def.basic ? `Basic energy: provides one ${TYPE_LABEL[def.energy_type]} energy.` : "Special energy"));
  }
  const variant = def.variant && def.variant !== "normal" ? `variant-${def.variant}` : "";
  return h(
    "article",
    { class: ["card", "face", `t-${type}`, `k-${def.kind}`, variant, compact && "compact"], "aria-label": `${def.name}, ${kindLine(def)}${def.hp ? `, ${def.hp} HP` : ""}`, dataset: { cardId: def.id } },
    head,
    creature && def.evolves_from ? h("p", { class: "card-evolves" }, `Evolves from ${def.evolves_from}`) : null,
    h("div", { class: "card-art-frame" }, artSvg(def, { width: 240 })),
    h("span", { class: "card-type-line" }, kindLine(def)),
    ...body,
    bottomLine(def, compact),
  );
}
