// art_creature.js — how a creature's portrait is drawn from its art spec (art.js).
//
// What lives here: the SVG pieces of a creature (its type's backdrop, a body outline from a
// superellipse, head features, wings or fins, tail, eyes, mouth, pattern, the ex and mega
// flourishes) placed by the spec's layout, plus the small drawing helpers art.js shares.
// What must not: choosing anything: every choice is in the spec, so the same spec always
// draws the same picture.

import { s } from "./dom.js";

export const W = 100;
export const H = 75;

/** A number rounded to one decimal: short path data. */
export const f = (x) => Math.round(x * 10) / 10;
export const hsl = (hue, sat, light) => `hsl(${Math.round(((hue % 360) + 360) % 360)},${Math.round(sat)}%,${Math.round(Math.max(4, Math.min(97, light)))}%)`;

/** A closed smooth path through `points` (Catmull-Rom turned into cubic Béziers). */
function smooth(points) {
  const n = points.length;
  let d = `M${f(points[0][0])} ${f(points[0][1])}`;
  for (let i = 0; i < n; i++) {
    const [p0, p1, p2, p3] = [points[(i - 1 + n) % n], points[i], points[(i + 1) % n], points[(i + 2) % n]];
    d += `C${f(p1[0] + (p2[0] - p0[0]) / 6)} ${f(p1[1] + (p2[1] - p0[1]) / 6)} ${f(p2[0] - (p3[0] - p1[0]) / 6)} ${f(p2[1] - (p3[1] - p1[1]) / 6)} ${f(p2[0])} ${f(p2[1])}`;
  }
  return `${d}Z`;
}

/** A body outline: a superellipse, narrower at the top or bottom, with optional lobes. */
function bodyPath(cx, cy, rx, ry, b) {
  const pts = [];
  const N = 12;
  for (let i = 0; i < N; i++) {
    const a = (i / N) * Math.PI * 2;
    const c = Math.cos(a);
    const sn = Math.sin(a);
    const x = Math.sign(c) * Math.abs(c) ** (2 / b.squareness);
    const y = Math.sign(sn) * Math.abs(sn) ** (2 / b.squareness);
    const wob = 1 + b.wobble * Math.sin(b.lobes * a + b.phase);
    pts.push([cx + rx * x * (1 + b.taper * y) * wob, cy + ry * y * wob]);
  }
  return smooth(pts);
}

export const P = (d, fill, extra = {}) => s("path", { d, fill, ...extra });
export const C = (cx, cy, r, fill, extra = {}) => s("circle", { cx: f(cx), cy: f(cy), r: f(r), fill, ...extra });
export const E = (cx, cy, rx, ry, fill, extra = {}) => s("ellipse", { cx: f(cx), cy: f(cy), rx: f(rx), ry: f(ry), fill, ...extra });

function scene(spec) {
  const p = spec.palette;
  const out = [s("rect", { width: W, height: H, fill: p.sky })];
  const t = spec.type;
  const faint = { opacity: 0.35 };
  if (t === "grass") out.push(P(`M0 56Q${25 + spec.scene * 8} 40 55 54T100 50V75H0Z`, p.ground));
  else if (t === "fire") out.push(P("M0 60L15 48 26 58 40 44 55 58 70 46 84 57 100 47V75H0Z", p.ground), C(82, 14, 7, "#ffb347", faint));
  else if (t === "water") out.push(P("M0 52q8-5 16 0t16 0 16 0 16 0 16 0 16 0 4 0V75H0Z", p.ground), P("M6 20q6-4 12 0M70 14q6-4 12 0", "none", { stroke: "#fff", "stroke-width": 1.5, opacity: 0.7 }));
  else if (t === "lightning") out.push(P("M78 4l-8 14h6l-5 12 11-16h-6l5-10z", "#fff", { opacity: 0.6 }), P("M0 58H100V75H0Z", p.ground));
  else if (t === "psychic") out.push(C(50, 40, 34, "none", { stroke: "#fff", "stroke-width": 2, opacity: 0.35 }), C(50, 40, 24, "none", { stroke: "#fff", "stroke-width": 1.5, opacity: 0.3 }), P("M0 60H100V75H0Z", p.ground));
  else if (t === "fighting") out.push(P(`M0 58L${18 + spec.scene * 5} 36 38 58 56 40 76 58 90 44 100 52V75H0Z`, p.ground));
  else if (t === "darkness") out.push(P("M84 6a9 9 0 1 0 8 14 7 7 0 0 1-8-14z", "#f4e9b8", { opacity: 0.8 }), C(14, 10, 1, "#fff"), C(30, 20, 0.8, "#fff"), C(64, 8, 1, "#fff"), P("M0 60H100V75H0Z", p.ground));
  else if (t === "metal") out.push(P("M0 58H100V75H0Z", p.ground), P("M8 8h14v10H8zM78 10h14v10H78z", "none", { stroke: "#fff", "stroke-width": 1.5, opacity: 0.5 }));
  else out.push(E(20, 16, 12, 5, "#fff", { opacity: 0.8 }), E(78, 12, 10, 4, "#fff", { opacity: 0.8 }), P("M0 58H100V75H0Z", p.ground));
  return out;
}

/** Where the creature's parts go for its layout. */
function frame(spec) {
  const k = spec.scale;
  const st = spec.body.stretch;
  if (spec.layout === "stacked") {
    const body = { cx: 50, cy: 55 - 2 * k, rx: 16 * k * st, ry: 12 * k };
    const hr = 12.5 * k;
    return { body, head: { x: 50, y: body.cy - body.ry - hr * 0.55, r: hr }, ground: 66 };
  }
  if (spec.layout === "beast") {
    const body = { cx: 54, cy: 50, rx: 22 * k, ry: 11 * k * st };
    const hr = 11.5 * k;
    return { body, head: { x: body.cx - body.rx * 0.85, y: body.cy - body.ry * 0.9, r: hr }, legs: true, ground: 64 };
  }
  const floater = spec.layout === "floater";
  const body = { cx: 50, cy: floater ? 40 : 45, rx: 21 * k * st, ry: 19 * k };
  return { body, head: { x: 50, y: body.cy - body.ry * 0.25, r: body.rx * 0.8 }, merged: true, ground: floater ? 66 : 64 };
}

function outlined(p) {
  return { stroke: p.line, "stroke-width": 1.3, "stroke-linejoin": "round" };
}

function topFeature(spec, hd) {
  const p = spec.palette;
  const o = outlined(p);
  const { x, y, r } = hd;
  const out = [];
  const tall = 1 + spec.fierce * 0.18;
  for (const sd of [-1, 1]) {
    const bx = x + sd * r * 0.5;
    const by = y - r * 0.82;
    if (spec.top === "horns") out.push(P(`M${f(bx - sd * r * 0.2)} ${f(by + 2)}Q${f(bx + sd * r * 0.7)} ${f(by - r * 0.3)} ${f(bx + sd * r * 0.55)} ${f(by - r * 0.95 * tall)}Q${f(bx + sd * r * 0.15)} ${f(by - r * 0.3)} ${f(bx + sd * r * 0.25)} ${f(by + 3)}Z`, p.light, o));
    else if (spec.top === "ears") out.push(P(`M${f(x + sd * r * 0.2)} ${f(y - r * 0.9)}L${f(x + sd * r * 0.95)} ${f(y - r * (1.55 * tall))}L${f(x + sd * r * 0.9)} ${f(y - r * 0.35)}Z`, p.body, o), P(`M${f(x + sd * r * 0.45)} ${f(y - r * 0.85)}L${f(x + sd * r * 0.85)} ${f(y - r * 1.25 * tall)}L${f(x + sd * r * 0.82)} ${f(y - r * 0.6)}Z`, p.accent));
    else if (spec.top === "round") out.push(C(x + sd * r * 0.68, y - r * 0.72, r * 0.34, p.body, o), C(x + sd * r * 0.68, y - r * 0.72, r * 0.17, p.accent));
    else if (spec.top === "long") out.push(E(x + sd * r * 0.42, y - r * 1.25, r * 0.2, r * 0.62, p.body, { ...o, transform: `rotate(${sd * 14} ${f(x + sd * r * 0.42)} ${f(y - r * 1.25)})` }));
    else if (spec.top === "antenna") out.push(P(`M${f(x + sd * r * 0.3)} ${f(y - r * 0.9)}Q${f(x + sd * r * 0.4)} ${f(y - r * 1.5)} ${f(x + sd * r * 0.75)} ${f(y - r * 1.6)}`, "none", { stroke: p.line, "stroke-width": 1.4 }), C(x + sd * r * 0.75, y - r * 1.6, r * 0.16, p.accent, o));
    else if (spec.top === "bolt") out.push(P(`M${f(bx)} ${f(by)}l${f(sd * r * 0.3)} ${f(-r * 0.45)}h${f(-sd * r * 0.2)}l${f(sd * r * 0.4)} ${f(-r * 0.55 * tall)}l${f(-sd * r * 0.1)} ${f(r * 0.5)}h${f(sd * r * 0.2)}Z`, p.accent, o));
  }
  if (spec.top === "leaf") out.push(P(`M${f(x)} ${f(y - r * 0.9)}q${f(r * 0.1)} ${f(-r * 0.7)} ${f(r * 0.9)} ${f(-r * 0.95)}q${f(-r * 0.1)} ${f(r * 0.8)} ${f(-r * 0.9)} ${f(r * 0.95)}zm0 0q${f(-r * 0.3)} ${f(-r * 0.5)} ${f(-r * 0.8)} ${f(-r * 0.6)}q${f(0)} ${f(r * 0.55)} ${f(r * 0.8)} ${f(r * 0.6)}z`, p.accent, o));
  else if (spec.top === "flame") out.push(P(`M${f(x - r * 0.45)} ${f(y - r * 0.8)}c${f(-r * 0.1)} ${f(-r * 0.6)} ${f(r * 0.3)} ${f(-r * 0.7)} ${f(r * 0.2)} ${f(-r * 1.2 * tall)}c${f(r * 0.35)} ${f(r * 0.3)} ${f(r * 0.5)} ${f(r * 0.4)} ${f(r * 0.45)} ${f(r * 0.7)}c${f(r * 0.2)} ${f(-r * 0.3)} ${f(r * 0.35)} ${f(-r * 0.35)} ${f(r * 0.35)} ${f(-r * 0.6)}c${f(r * 0.3)} ${f(r * 0.5)} ${f(r * 0.1)} ${f(r * 0.9)} ${f(-r * 0.1)} ${f(r * 1.1)}z`, "#ffb03b", { stroke: "#d9482b", "stroke-width": 1.2 }));
  else if (spec.top === "fin") out.push(P(`M${f(x - r * 0.5)} ${f(y - r * 0.8)}Q${f(x)} ${f(y - r * 1.9 * tall)} ${f(x + r * 0.6)} ${f(y - r * 1.5 * tall)}Q${f(x + r * 0.3)} ${f(y - r * 1.1)} ${f(x + r * 0.5)} ${f(y - r * 0.8)}Z`, p.accent, o));
  else if (spec.top === "crest") {
    const n = 3 + spec.fierce;
    for (let i = 0; i < n; i++) {
      const t = (i / (n - 1) - 0.5) * 1.1;
      const bx = x + Math.sin(t) * r;
      const by = y - Math.cos(t) * r;
      out.push(P(`M${f(bx - r * 0.18)} ${f(by + 1)}L${f(x + Math.sin(t) * r * 1.55)} ${f(y - Math.cos(t) * r * 1.5 * tall)}L${f(bx + r * 0.18)} ${f(by + 1)}Z`, p.accent, o));
    }
  } else if (spec.top === "gem") out.push(P(`M${f(x)} ${f(y - r * 0.95)}l${f(r * 0.22)} ${f(-r * 0.3)}l${f(-r * 0.22)} ${f(-r * 0.35)}l${f(-r * 0.22)} ${f(r * 0.35)}z`, p.accent, o));
  return out;
}

function backFeature(spec, fr) {
  const p = spec.palette;
  const o = outlined(p);
  const { cx, cy, rx, ry } = fr.body;
  const out = [];
  const big = 1 + spec.fierce * 0.15;
  for (const sd of [-1, 1]) {
    if (fr.legs && sd < 0) continue; // a beast's back is its top
    const bx = fr.legs ? cx : cx + sd * rx * 0.7;
    const by = fr.legs ? cy - ry * 0.8 : cy - ry * 0.35;
    if (spec.back === "wings") out.push(P(`M${f(bx)} ${f(by)}Q${f(bx + sd * 16 * big)} ${f(by - 22 * big)} ${f(bx + sd * 26 * big)} ${f(by - 10 * big)}Q${f(bx + sd * 20 * big)} ${f(by - 4)} ${f(bx + sd * 22 * big)} ${f(by + 2)}Q${f(bx + sd * 14 * big)} ${f(by - 1)} ${f(bx + sd * 12 * big)} ${f(by + 6)}Q${f(bx + sd * 8)} ${f(by + 2)} ${f(bx)} ${f(by + 8)}Z`, p.shade, o));
    else if (spec.back === "leafwings") out.push(E(bx + sd * 12, by - 6, 12 * big, 5, p.accent, { ...o, transform: `rotate(${sd * -30} ${f(bx + sd * 12)} ${f(by - 6)})` }));
    else if (spec.back === "fins") out.push(P(`M${f(bx)} ${f(by)}q${f(sd * 14 * big)} ${f(-4)} ${f(sd * 16 * big)} ${f(8)}q${f(-sd * 8)} ${f(-2)} ${f(-sd * 14)} ${f(4)}z`, p.accent, o));
    else if (spec.back === "spikes") {
      for (let i = 0; i < 3; i++) {
        const a = -1.2 + i * 0.35;
        const px = cx + sd * Math.cos(a) * rx * 0.95;
        const py = cy + Math.sin(a) * ry * 0.95;
        out.push(P(`M${f(px - 3)} ${f(py)}L${f(px + sd * 6 * big)} ${f(py - 6 * big)}L${f(px + 2)} ${f(py + 3)}Z`, p.light, o));
      }
    }
  }
  return out;
}

function tail(spec, fr) {
  const p = spec.palette;
  if (spec.tail === "none") return [];
  const { cx, cy, rx, ry } = fr.body;
  const x0 = cx + rx * 0.85;
  const y0 = cy + ry * 0.35;
  const x1 = Math.min(W - 6, x0 + 15);
  const y1 = y0 - 14 - spec.fierce * 3;
  const stroke = [P(`M${f(x0 - 3)} ${f(y0)}Q${f(x1 + 2)} ${f(y0 + 4)} ${f(x1)} ${f(y1)}`, "none", { stroke: p.line, "stroke-width": 6.5, "stroke-linecap": "round" }), P(`M${f(x0 - 3)} ${f(y0)}Q${f(x1 + 2)} ${f(y0 + 4)} ${f(x1)} ${f(y1)}`, "none", { stroke: p.body, "stroke-width": 4, "stroke-linecap": "round" })];
  const o = outlined(p);
  const tip = {
    flame: P(`M${f(x1 - 4)} ${f(y1 + 1)}c-1-5 3-6 3-10 3 3 5 5 4 9z`, "#ffb03b", { stroke: "#d9482b", "stroke-width": 1.1 }),
    leaf: P(`M${f(x1)} ${f(y1)}q7-1 8-9q-8 1-8 9z`, p.accent, o),
    bolt: P(`M${f(x1 - 2)} ${f(y1)}l5-8h-3l4-5-8 7h3z`, p.accent, o),
    fish: P(`M${f(x1)} ${f(y1)}l-5-7h10z`, p.accent, o),
    spike: P(`M${f(x1 - 3)} ${f(y1 + 1)}l3-9 3 9z`, p.light, o),
    orb: C(x1, y1 - 2, 3.5, p.accent, o),
    curl: C(x1, y1, 2.6, p.body, o),
  }[spec.tail];
  return [...stroke, tip];
}

function eyes(spec, hd) {
  const p = spec.palette;
  const { x, y, r } = hd;
  const er = r * 0.16 * spec.eyeSize;
  const gap = r * 0.38;
  const ey = y - r * 0.02;
  const out = [];
  const xs = spec.eyes === "cyclops" ? [x] : [x - gap, x + gap];
  for (const ex of xs) {
    const side = ex < x ? -1 : 1;
    if (spec.eyes === "dot") out.push(C(ex, ey, er * 0.7, p.eye), C(ex + er * 0.25, ey - er * 0.25, er * 0.22, "#fff"));
    else if (spec.eyes === "sleepy") out.push(P(`M${f(ex - er)} ${f(ey)}q${f(er)} ${f(er * 0.9)} ${f(er * 2)} 0`, "none", { stroke: p.eye, "stroke-width": 1.4, "stroke-linecap": "round" }));
    else if (spec.eyes === "slit") out.push(E(ex, ey, er * 1.05, er * 1.2, "#ffe066", { stroke: p.line, "stroke-width": 1 }), E(ex, ey, er * 0.25, er * 1, "#1d1f2b"));
    else {
      const big = spec.eyes === "cyclops" ? 1.7 : 1;
      out.push(C(ex, ey, er * 1.2 * big, "#fff", { stroke: p.line, "stroke-width": 1 }), C(ex + side * er * 0.2, ey + er * 0.1, er * 0.7 * big, p.eye), C(ex + er * 0.1, ey - er * 0.3 * big, er * 0.25 * big, "#fff"));
    }
    if (spec.eyes === "angry" || spec.fierce === 2) {
      const inner = spec.eyes === "cyclops" ? 0 : -side;
      out.push(P(`M${f(ex - er * 1.5)} ${f(ey - er * (inner < 0 ? 1.1 : 2))}L${f(ex + er * 1.5)} ${f(ey - er * (inner < 0 ? 2 : 1.1))}`, "none", { stroke: p.line, "stroke-width": 1.8, "stroke-linecap": "round" }));
    }
  }
  if (spec.cheeks) for (const sd of [-1, 1]) out.push(E(x + sd * r * 0.62, y + r * 0.25, r * 0.14, r * 0.09, "#ff8a8a", { opacity: 0.7 }));
  return out;
}

function mouth(spec, hd) {
  const p = spec.palette;
  const { x, r } = hd;
  const y = hd.y + r * 0.36;
  const w = r * 0.26;
  const line = { stroke: p.line, "stroke-width": 1.3, "stroke-linecap": "round", fill: "none" };
  switch (spec.mouth) {
    case "open": return [E(x, y + 1, w * 0.6, w * 0.5, "#5a1e2a")];
    case "beak": return [P(`M${f(x - w)} ${f(y - 2)}L${f(x + w)} ${f(y - 2)}L${f(x)} ${f(y + w * 1.1)}Z`, "#f2a93b", { stroke: p.line, "stroke-width": 1 })];
    case "flat": return [P(`M${f(x - w * 0.7)} ${f(y)}h${f(w * 1.4)}`, "none", line)];
    case "grin": return [P(`M${f(x - w)} ${f(y - 1)}q${f(w)} ${f(w * 1.1)} ${f(w * 2)} 0z`, "#fff", { stroke: p.line, "stroke-width": 1.1 }), P(`M${f(x - w * 0.5)} ${f(y - 0.5)}v${f(w * 0.5)}M${f(x)} ${f(y - 0.5)}v${f(w * 0.6)}M${f(x + w * 0.5)} ${f(y - 0.5)}v${f(w * 0.5)}`, "none", { stroke: p.line, "stroke-width": 0.6 })];
    case "fang": return [P(`M${f(x - w)} ${f(y - 1)}q${f(w)} ${f(w * 0.8)} ${f(w * 2)} 0`, "none", line), P(`M${f(x - w * 0.55)} ${f(y - 0.2)}l${f(w * 0.2)} ${f(w * 0.7)} ${f(w * 0.2)} ${f(-w * 0.6)}z`, "#fff", { stroke: p.line, "stroke-width": 0.6 })];
    default: return [P(`M${f(x - w)} ${f(y - 1)}q${f(w)} ${f(w * 0.9)} ${f(w * 2)} 0`, "none", line)];
  }
}

function pattern(spec, fr) {
  const p = spec.palette;
  const { cx, cy, rx, ry } = fr.body;
  if (spec.pattern === "belly") return [E(cx, cy + ry * (fr.legs ? 0.35 : 0.4), rx * 0.55, ry * 0.45, p.light)];
  if (spec.pattern === "spots") return spec.spots.map(([u, v, sz]) => C(cx + u * rx, cy + v * ry, sz * rx, p.shade));
  if (spec.pattern === "stripes") {
    return [-1, 1].flatMap((sd) => [0.05, 0.4].map((dy) => P(`M${f(cx + sd * rx * 0.96)} ${f(cy + dy * ry)}q${f(-sd * rx * 0.2)} ${f(-1)} ${f(-sd * rx * 0.32)} ${f(ry * 0.14)}`, "none", { stroke: p.shade, "stroke-width": 2.2, "stroke-linecap": "round" })));
  }
  if (spec.pattern === "mask" && !fr.merged) return [];
  if (spec.pattern === "mask") return [E(fr.head.x, fr.head.y, fr.head.r * 0.8, fr.head.r * 0.3, p.shade)];
  return [];
}

function flourish(spec) {
  if (spec.variant === "ex") {
    const star = (x, y, r) => P(`M${f(x)} ${f(y - r)}L${f(x + r * 0.3)} ${f(y - r * 0.3)} ${f(x + r)} ${f(y)} ${f(x + r * 0.3)} ${f(y + r * 0.3)} ${f(x)} ${f(y + r)} ${f(x - r * 0.3)} ${f(y + r * 0.3)} ${f(x - r)} ${f(y)} ${f(x - r * 0.3)} ${f(y - r * 0.3)}Z`, "#ffd34d", { stroke: "#a87900", "stroke-width": 0.6 });
    return { behind: [], front: [star(12, 14, 6), star(88, 56, 5), star(84, 18, 3.5), s("rect", { x: 1.5, y: 1.5, width: W - 3, height: H - 3, rx: 4, fill: "none", stroke: "#e0b22c", "stroke-width": 3 })] };
  }
  if (spec.variant === "mega") {
    const rays = [];
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * Math.PI * 2;
      rays.push(`M50 40L${f(50 + Math.cos(a - 0.1) * 70)} ${f(40 + Math.sin(a - 0.1) * 70)}L${f(50 + Math.cos(a + 0.1) * 70)} ${f(40 + Math.sin(a + 0.1) * 70)}Z`);
    }
    return { behind: [P(rays.join(""), "#b57bff", { opacity: 0.35 }), C(50, 42, 30, "#fff", { opacity: 0.25 })], front: [s("rect", { x: 1.5, y: 1.5, width: W - 3, height: H - 3, rx: 4, fill: "none", stroke: "#7a3cc2", "stroke-width": 3 }), s("rect", { x: 4.5, y: 4.5, width: W - 9, height: H - 9, rx: 3, fill: "none", stroke: "#e0b22c", "stroke-width": 1 })] };
  }
  return { behind: [], front: [] };
}

export function creatureParts(spec) {
  const p = spec.palette;
  const fr = frame(spec);
  const o = outlined(p);
  const { cx, cy, rx, ry } = fr.body;
  const fl = flourish(spec);
  const parts = [...scene(spec), ...fl.behind, E(50, fr.ground, rx * 0.9 + 4, 3.5, "#000", { opacity: 0.18 })];
  parts.push(...tail(spec, fr), ...backFeature(spec, fr));
  if (fr.legs) {
    for (const lx of [-0.7, -0.3, 0.3, 0.7]) parts.push(s("rect", { x: f(cx + lx * rx - 3), y: f(cy + ry * 0.4), width: 6, height: f(fr.ground - cy - ry * 0.4), rx: 2.5, fill: p.shade, ...o }));
  } else if (spec.feet && spec.layout !== "floater") {
    for (const sd of [-1, 1]) parts.push(E(cx + sd * rx * 0.45, cy + ry * 0.92, rx * 0.22, ry * 0.16, p.shade, o));
  }
  if (spec.layout === "floater") for (const sd of [-1, 0, 1]) parts.push(E(cx + sd * rx * 0.5, cy + ry * 0.95, rx * 0.16, ry * 0.22, p.body, o));
  if (fr.merged) parts.push(...topFeature(spec, fr.head));
  parts.push(P(bodyPath(cx, cy, rx, ry, spec.body), p.body, o), ...pattern(spec, fr));
  if (spec.layout === "stacked") for (const sd of [-1, 1]) parts.push(E(cx + sd * rx * 0.95, cy - ry * 0.1, 3.2, 5.5, p.body, { ...o, transform: `rotate(${sd * -25} ${f(cx + sd * rx * 0.95)} ${f(cy - ry * 0.1)})` }));
  if (!fr.merged) {
    const hd = fr.head;
    parts.push(...topFeature(spec, hd), P(bodyPath(hd.x, hd.y, hd.r, hd.r * 0.92, { ...spec.body, taper: -spec.body.taper * 0.5, wobble: spec.body.wobble / 2, squareness: Math.min(2.6, spec.body.squareness) }), p.body, o));
    if (spec.pattern === "mask") parts.push(E(hd.x, hd.y, hd.r * 0.8, hd.r * 0.3, p.shade));
  }
  parts.push(...eyes(spec, fr.head), ...mouth(spec, fr.head), ...fl.front);
  return parts;
}
