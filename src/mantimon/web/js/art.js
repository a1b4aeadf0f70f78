// art.js — card art generated from the card's own data: a small deterministic SVG portrait.
//
// What lives here: `artSpec(def)`, the choices for one card (layout, body shape, eyes,
// mouth, features, pattern, palette, scene) made by a seeded generator from a hash of the
// card's id and name within its type's colour family, with the stage making the creature
// bigger and fiercer and ex/mega adding a flourish; `artSvg(def)`, that spec drawn as an
// SVG (flat fills, no ids, so hundreds can share a page; a creature's pieces are drawn in
// art_creature.js); and `cardArt(def)`, the art with the type symbol in its corner (a
// type is never told by colour alone). Trainers are drawn by their kind (item, supporter,
// stadium, tool; the name picks the object where it says one, "Berry", "Boots"...),
// energy by its type.
// What must not: any randomness besides the hash, or game state: the same card always
// gives the same picture.

import { C, creatureParts, f, H, hsl, P, W } from "./art_creature.js";
import { h, s } from "./dom.js";
import { energyIcon, GLYPH, TYPE_LABEL } from "./icons.js";

// Hue, saturation and lightness at the centre of each type's colour family.
const FAMILY = {
  grass: [112, 52, 44], fire: [14, 80, 52], water: [204, 68, 50], lightning: [47, 92, 52],
  psychic: [284, 52, 58], fighting: [24, 52, 44], darkness: [258, 24, 32], metal: [212, 16, 60],
  colorless: [32, 30, 74],
};
// The head features, back features and tails each type draws from.
const TOP = {
  grass: ["leaf", "leaf", "ears", "antenna"], fire: ["flame", "horns", "ears", "crest"],
  water: ["fin", "fin", "antenna", "round"], lightning: ["bolt", "ears", "antenna", "crest"],
  psychic: ["gem", "antenna", "round", "long"], fighting: ["horns", "crest", "ears", "round"],
  darkness: ["horns", "ears", "crest", "long"], metal: ["horns", "crest", "antenna", "gem"],
  colorless: ["ears", "round", "long", "crest"],
};
const BACK = {
  grass: ["leafwings", "none", "spikes"], fire: ["wings", "spikes", "none"], water: ["fins", "none", "fins"],
  lightning: ["wings", "spikes", "none"], psychic: ["wings", "none", "fins"], fighting: ["spikes", "none", "none"],
  darkness: ["wings", "spikes", "none"], metal: ["spikes", "fins", "none"], colorless: ["wings", "none", "none"],
};
const TAIL = {
  grass: ["leaf", "curl", "none"], fire: ["flame", "flame", "curl"], water: ["fish", "curl", "none"],
  lightning: ["bolt", "curl", "none"], psychic: ["curl", "orb", "none"], fighting: ["spike", "none", "curl"],
  darkness: ["spike", "curl", "none"], metal: ["spike", "orb", "none"], colorless: ["curl", "none", "orb"],
};
const STAGE_SCALE = { basic: 0.86, stage1: 1, stage2: 1.1 };

/** FNV-1a of a text: the only source of variety in the art. */
export function hashText(text) {
  let x = 2166136261;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619);
  return x >>> 0;
}

/** A generator of numbers in [0, 1) seeded by `seed` (mulberry32): same seed, same series. */
function seeded(seed) {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


function tools(seed) {
  const r = seeded(seed);
  return { r, pick: (list) => list[Math.floor(r() * list.length)], between: (a, b) => a + r() * (b - a) };
}

function palette(type, g) {
  const [hue, sat, light] = FAMILY[type] || FAMILY.colorless;
  const bh = hue + g.between(-16, 16);
  const bs = sat + g.between(-10, 12);
  const bl = light + g.between(-8, 8);
  const accentShift = g.pick([35, -35, 150, 180, 60]);
  return {
    body: hsl(bh, bs, bl),
    shade: hsl(bh, bs, bl - 12),
    line: hsl(bh, Math.min(90, bs + 10), bl - 30),
    light: hsl(bh, bs - 8, bl + 22),
    accent: hsl(bh + accentShift, Math.max(45, bs), type === "darkness" ? 55 : bl + g.between(-4, 10)),
    sky: hsl(hue + g.between(-20, 20), type === "darkness" ? 30 : sat * 0.45, type === "darkness" ? 20 : 88),
    ground: hsl(hue + g.between(-25, 25), sat * 0.4, type === "darkness" ? 14 : 72),
    eye: type === "darkness" ? g.pick(["#ffd54a", "#ff5a5a", "#7ef0ff"]) : "#1d1f2b",
  };
}

/** Every choice that makes one card's picture (a plain object: easy to compare and test). */
export function artSpec(def) {
  const id = `${def?.id || "?"}|${def?.name || ""}`;
  const g = tools(hashText(id));
  if (!def || def.kind !== "creature") {
    const kind = def?.kind === "trainer" ? def.trainer : def?.kind === "energy" ? "energy" : "unknown";
    return { kind, type: def?.energy_type || "colorless", hue: Math.floor(g.r() * 360), variant: Math.floor(g.r() * 4), name: (def?.name || "").toLowerCase(), seed: g.r() };
  }
  const type = def.type in FAMILY ? def.type : "colorless";
  const stage = def.stage in STAGE_SCALE ? def.stage : "basic";
  const fierce = stage === "stage2" ? 2 : stage === "stage1" ? (g.r() < 0.5 ? 1 : 0) : 0;
  return {
    kind: "creature",
    type,
    stage,
    variant: def.variant || "normal",
    scale: STAGE_SCALE[stage] + (def.variant === "mega" ? 0.06 : def.variant === "ex" ? 0.03 : 0),
    layout: g.pick(["blob", "blob", "stacked", "beast", "floater"]),
    body: { squareness: g.between(1.7, 3.4), taper: g.between(-0.15, 0.3), wobble: g.pick([0, 0, 0.05, 0.09]), lobes: 3 + Math.floor(g.r() * 5), phase: g.between(0, 6.28), stretch: g.between(0.85, 1.2) },
    eyes: g.pick(fierce === 2 ? ["angry", "slit", "angry", "big"] : ["dot", "big", "big", "slit", "sleepy", "cyclops", "angry"]),
    eyeSize: g.between(0.8, 1.25),
    mouth: g.pick(fierce ? ["fang", "grin", "open", "fang"] : ["smile", "smile", "open", "beak", "flat", "fang"]),
    top: g.r() < 0.85 ? g.pick(TOP[type]) : "none",
    back: g.pick(BACK[type]),
    tail: g.pick(TAIL[type]),
    pattern: g.pick(["belly", "spots", "stripes", "none", "belly", "mask"]),
    cheeks: g.r() < 0.35,
    feet: g.r() < 0.7,
    fierce,
    scene: Math.floor(g.r() * 3),
    palette: palette(type, g),
    spots: Array.from({ length: 4 }, () => [g.between(-0.55, 0.55), g.between(0, 0.6), g.between(0.08, 0.16)]),
  };
}

// --- trainers and energy -----------------------------------------------------------------

function trainerParts(spec) {
  const hue = spec.hue;
  const n = spec.name;
  const bg = { item: [180, 40, 86], supporter: [28, 60, 86], stadium: [200, 55, 80], tool: [260, 25, 86] }[spec.kind] || [0, 0, 88];
  const parts = [s("rect", { width: W, height: H, fill: hsl(bg[0], bg[1], bg[2]) }), C(50, 38, 30, "#fff", { opacity: 0.45 })];
  const ink = { stroke: "#2d3142", "stroke-width": 1.4, "stroke-linejoin": "round" };
  const main = hsl(hue, 60, 55);
  if (spec.kind === "item") {
    if (/berry|salve|poultice|tonic/.test(n)) parts.push(C(42, 44, 12, main, ink), C(58, 46, 11, hsl(hue + 20, 60, 48), ink), P("M50 30q4-10 14-10q-4 8-14 10z", "#4caf50", ink), C(38, 40, 3, "#fff", { opacity: 0.6 }));
    else if (/net|line|reel|snare|scoop|basket|pan|bucket/.test(n)) parts.push(P("M28 22h44l-6 36H34z", "none", { ...ink, fill: hsl(hue, 45, 70) }), P("M31 34h38M32 46h36M42 22l-2 36M58 22l2 36", "none", { stroke: "#2d3142", "stroke-width": 1 }), P("M72 22q8-10 14-4", "none", ink));
    else if (/map|scroll|note|book/.test(n)) parts.push(P("M30 22h36v34H34q-4 0-4-4z", "#f4e6c3", ink), P("M30 22q-6 0-6 6h6M66 22q6 0 6 6v28q0 4-6 4", "none", ink), P("M38 32h20M38 38h16M38 44h20", "none", { stroke: main, "stroke-width": 2, "stroke-linecap": "round" }), P("M52 50l4-4 4 4-4 4z", hsl(hue + 180, 60, 50)));
    else if (/whistle|magnet|splint|sling|dart|token|relay|charm/.test(n) || spec.variant % 2) parts.push(C(50, 40, 17, hsl(45, 80, 58), ink), C(50, 40, 12.5, "none", { stroke: "#a87900", "stroke-width": 1.2 }), P("M50 31l2.6 5.6 6.1.6-4.6 4.1 1.3 6-5.4-3.1-5.4 3.1 1.3-6-4.6-4.1 6.1-.6z", main, { stroke: "#a87900", "stroke-width": 0.8 }));
    else parts.push(P("M44 14h12v10l10 16a14 14 0 0 1-32 0l10-16z", "#eef", ink), P("M36 44a14 14 0 0 0 28 0l-4-8H40z", main), s("rect", { x: 42, y: 10, width: 16, height: 6, rx: 2, fill: "#a0522d", ...ink }));
  } else if (spec.kind === "supporter") {
    const skin = ["#f2d0b1", "#d9a47a", "#a86b45", "#6e4429"][spec.variant];
    const hair = hsl(hue, 45, 30);
    parts.push(P("M24 75q2-22 26-22t26 22z", main, ink), C(50, 34, 14, skin, ink));
    if (spec.variant % 2) parts.push(P("M35 32q0-16 15-16t15 16q-4-8-15-8t-15 8z", hair, ink));
    else parts.push(P("M34 30q2-14 16-14t16 14l-4-4-4 4-4-5-4 5-4-5-4 5z", hair, ink), P("M30 26h40l-6-8H36z", hsl(hue + 180, 50, 45), ink));
    parts.push(C(45, 35, 1.6, "#1d1f2b"), C(55, 35, 1.6, "#1d1f2b"), P("M46 41q4 3 8 0", "none", { stroke: "#1d1f2b", "stroke-width": 1.2, "stroke-linecap": "round" }));
  } else if (spec.kind === "stadium") {
    parts.push(s("rect", { width: W, height: H, fill: hsl(hue, 50, 78) }));
    if (/grove|meadow|sanctum/.test(n)) parts.push(P("M0 58q50-14 100 0v17H0z", hsl(110, 40, 45)), P("M22 58V40M72 58V36", "none", { stroke: "#6d4c2f", "stroke-width": 3 }), C(22, 34, 9, hsl(120, 45, 38), ink), C(72, 30, 11, hsl(100, 45, 40), ink));
    else if (/crater|quarry|spire|basin/.test(n)) parts.push(P("M0 60L28 24l14 18 14-26 44 44v15H0z", hsl(hue + 30, 25, 45), ink), P("M48 26l8-10 6 8z", "#fff", { opacity: 0.7 }));
    else if (/lagoon|harbor|mire/.test(n)) parts.push(P("M0 50q10-4 20 0t20 0 20 0 20 0 20 0V75H0z", hsl(205, 60, 50)), P("M60 50V28h12v22", "none", { ...ink, fill: "#e8dcc8" }));
    else parts.push(P("M0 58h100v17H0z", hsl(hue + 40, 30, 50)), P("M22 58V36q28-18 56 0v22H66V44q-16-8-32 0v14z", "#e8dcc8", ink), P("M50 24v-10l10 4-10 4", hsl(hue + 180, 70, 50), ink));
  } else if (spec.kind === "tool") {
    if (/boot/.test(n)) parts.push(P("M38 18h16v28l16 6v10H36z", main, ink), P("M36 58h34", "none", ink));
    else if (/amulet|charm|stone/.test(n)) parts.push(P("M34 14q16 24 32 0", "none", { stroke: "#8a6d3b", "stroke-width": 2 }), P("M50 30l12 14-12 16-12-16z", main, ink), P("M50 36l5 8-5 8-5-8z", "#fff", { opacity: 0.6 }));
    else if (/band|sash|mantle/.test(n)) parts.push(P("M22 30q28 14 56 0v14q-28 14-56 0z", main, ink), C(50, 44, 6, "#ffd34d", ink));
    else parts.push(P("M36 60V36q0-12 14-12t14 12v24z", main, ink), P("M36 36h28M40 24v-6M48 24v-8M56 24v-6", "none", ink));
  } else {
    parts.push(s("text", { x: 50, y: 48, "text-anchor": "middle", "font-size": 30, fill: "#5b6070" }, "?"));
  }
  return parts;
}

function energyParts(spec) {
  const [hue, sat, light] = FAMILY[spec.type] || FAMILY.colorless;
  const glyphFill = spec.type === "lightning" || spec.type === "colorless" ? "#1d1f2b" : "#fff";
  const rays = [];
  for (let i = 0; i < 16; i++) {
    const a = (i / 16) * Math.PI * 2;
    rays.push(`M50 37.5L${f(50 + Math.cos(a) * 70)} ${f(37.5 + Math.sin(a) * 70)}L${f(50 + Math.cos(a + 0.18) * 70)} ${f(37.5 + Math.sin(a + 0.18) * 70)}Z`);
  }
  return [
    s("rect", { width: W, height: H, fill: hsl(hue, sat, light + 22) }),
    P(rays.join(""), "#fff", { opacity: 0.35 }),
    C(50, 37.5, 24, hsl(hue, sat, light), { stroke: "#fff", "stroke-width": 3 }),
    P(GLYPH[spec.type] || GLYPH.colorless, glyphFill, { transform: "translate(32 19.5) scale(1.5)" }),
  ];
}

/** The card's picture as an SVG element (decorative: the card's text says what it is). */
export function artSvg(def, { width = 100, className = "" } = {}) {
  const spec = artSpec(def);
  const parts = spec.kind === "creature" ? creatureParts(spec) : spec.kind === "energy" ? energyParts(spec) : trainerParts(spec);
  return s(
    "svg",
    { class: ["card-art", className].filter(Boolean).join(" "), viewBox: `0 0 ${W} ${H}`, width, height: f((width * H) / W), "aria-hidden": "true", focusable: "false" },
    ...parts,
  );
}

/** The art in a frame with the card's type symbol in its corner (creatures and energy). */
export function cardArt(def, { size = 64 } = {}) {
  const type = def?.kind === "creature" ? def.type : def?.kind === "energy" ? def.energy_type : null;
  const wrap = h("span", { class: "card-art-wrap" }, artSvg(def, { width: size }));
  if (type) wrap.append(energyIcon(type, { size: Math.max(12, Math.round(size / 4.5)), label: `${TYPE_LABEL[type]} type` }));
  return wrap;
}
