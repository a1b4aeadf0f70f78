// cards.js — cards drawn as our own styled HTML/SVG (no external art).
//
// What lives here: `cardFace(def)`, the full card (type colour, name, HP, stage, attacks
// with energy costs and damage as the server labels it, e.g. "30×" or "20+", ability,
// weakness/resistance/retreat, trainer text), and
// `cardArt(def)`, a small generated emblem standing in for artwork: the type's symbol on
// a pattern seeded by the card id, so every card looks a little different. What must
// not: game state (the board draws creatures in play itself, from the view).

import { h, s } from "./dom.js";
import { energyIcon, energyRow, TYPE_LABEL } from "./icons.js";

export const STAGE_LABEL = { basic: "Basic", stage1: "Stage 1", stage2: "Stage 2" };
export const TRAINER_LABEL = { item: "Item", supporter: "Supporter", stadium: "Stadium", tool: "Tool" };

/** The colour family a card is drawn in (a type for creatures and energy). */
export function cardType(def) {
  if (!def) return "unknown";
  if (def.kind === "creature") return def.type;
  if (def.kind === "energy") return def.energy_type;
  return "trainer";
}

/** "Fire Basic creature", "Supporter", "Water energy": what kind of card this is. */
export function kindLine(def) {
  if (!def) return "card";
  if (def.kind === "creature") {
    const variant = def.variant && def.variant !== "normal" ? ` ${def.variant}` : "";
    return `${TYPE_LABEL[def.type]} ${STAGE_LABEL[def.stage] || def.stage}${variant} creature`;
  }
  if (def.kind === "trainer") return `Trainer: ${TRAINER_LABEL[def.trainer] || def.trainer}`;
  return `${TYPE_LABEL[def.energy_type]} energy`;
}

function hash(text) {
  let x = 2166136261;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619);
  return x >>> 0;
}

/** A generated emblem for a card: rings and dots from the id, the type symbol in front. */
export function cardArt(def, { size = 64 } = {}) {
  const type = cardType(def);
  const seed = hash(def?.id || "x");
  const shapes = [];
  for (let i = 0; i < 5; i++) {
    const v = (seed >>> (i * 5)) & 31;
    shapes.push(s("circle", { cx: 8 + ((v * 7) % 48), cy: 8 + ((v * 11) % 32), r: 3 + (v % 9), class: "art-dot" }));
  }
  const glyph =
    def?.kind === "trainer"
      ? s("path", { d: "M20 12h24l6 8-18 20-18-20z", class: "art-trainer" })
      : null;
  const svg = s(
    "svg",
    { class: `card-art t-${type}`, viewBox: "0 0 64 48", width: size, height: (size * 3) / 4, "aria-hidden": "true", focusable: "false" },
    s("rect", { width: 64, height: 48, rx: 4, class: "art-bg" }),
    ...shapes,
    glyph,
  );
  const wrap = h("span", { class: "card-art-wrap" }, svg);
  if (def?.kind !== "trainer" && type !== "unknown") wrap.append(energyIcon(type, { size: Math.round(size / 2.6), label: `${TYPE_LABEL[type]} type` }));
  return wrap;
}

function attackBlock(attack) {
  return h(
    "li",
    { class: "attack" },
    h("span", { class: "attack-cost" }, energyRow(attack.cost, { empty: "free" })),
    h("b", { class: "attack-name" }, attack.name),
    h("span", { class: "attack-dmg" }, attack.damage_label || ""),
    attack.text ? h("p", { class: "attack-text" }, attack.text) : null,
  );
}

function weakLine(label, spec, sign) {
  if (!spec) return h("span", {}, `${label}: none`);
  const amount = spec.value != null ? ` ${sign}${spec.value}` : "";
  return h("span", {}, `${label}: `, energyIcon(spec.type, { size: 14 }), amount);
}

/** The full face of a card definition (from GET /api/cards). */
export function cardFace(def, { compact = false } = {}) {
  if (!def) return h("article", { class: "card card-unknown" }, "Unknown card");
  const type = cardType(def);
  const head = h(
    "header",
    { class: "card-head" },
    h("span", { class: "card-kind" }, def.kind === "creature" ? STAGE_LABEL[def.stage] : def.kind === "trainer" ? TRAINER_LABEL[def.trainer] : "Energy"),
    h("h3", { class: "card-name" }, def.name),
    def.kind === "creature" ? h("span", { class: "card-hp" }, h("small", {}, "HP "), String(def.hp)) : null,
  );
  const body = [];
  if (def.kind === "creature") {
    if (def.evolves_from) body.push(h("p", { class: "card-evolves" }, `Evolves from ${def.evolves_from}`));
    if (def.ability) {
      body.push(
        h("div", { class: "card-ability" }, h("b", {}, `${def.ability.kind === "passive" ? "Passive" : "Ability"}: ${def.ability.name}`), compact ? null : h("p", {}, def.ability.text)),
      );
    }
    body.push(h("ul", { class: "attacks", "aria-label": "Attacks" }, def.attacks.map(attackBlock)));
    body.push(
      h(
        "footer",
        { class: "card-foot" },
        weakLine("Weak", def.weakness, "+"),
        weakLine("Resist", def.resistance, "−"),
        h("span", {}, "Retreat: ", energyRow(Array(def.retreat).fill("colorless"), { size: 12, empty: "0" })),
      ),
    );
  } else if (def.kind === "trainer") {
    body.push(h("p", { class: "card-text" }, def.text));
  } else {
    body.push(h("p", { class: "card-text" }, def.basic ? "Basic energy" : "Special energy"));
  }
  if (def.flavor && !compact) body.push(h("p", { class: "card-flavor" }, def.flavor));
  const variant = def.variant && def.variant !== "normal" ? `variant-${def.variant}` : "";
  return h(
    "article",
    { class: ["card", `t-${type}`, `k-${def.kind}`, variant, compact && "compact"], "aria-label": `${def.name}, ${kindLine(def)}${def.hp ? `, ${def.hp} HP` : ""}`, dataset: { cardId: def.id } },
    head,
    cardArt(def, { size: compact ? 48 : 72 }),
    h("span", { class: "card-type-line" }, kindLine(def), def.rarity ? ` · ${def.rarity}` : ""),
    ...body,
  );
}

/** A small card for a hand or a list: art, name, and the key number. */
export function cardMini(def, name) {
  const type = cardType(def);
  const extra = def?.kind === "creature" ? `${def.hp} HP` : def?.kind === "trainer" ? TRAINER_LABEL[def.trainer] : "Energy";
  return h(
    "span",
    { class: ["mini", `t-${type}`, def?.kind && `k-${def.kind}`] },
    cardArt(def, { size: 40 }),
    h("span", { class: "mini-name" }, name || def?.name || "?"),
    h("span", { class: "mini-extra" }, def?.kind === "creature" ? `${STAGE_LABEL[def.stage]} · ${extra}` : extra),
  );
}

/** A face-down card back (decorative; the count next to it carries the meaning). */
export function cardBack() {
  return h("span", { class: "card-back", "aria-hidden": "true" });
}
