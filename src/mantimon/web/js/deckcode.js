// deckcode.js — a deck as a short text code to share: encode and decode, nothing else.
//
// What lives here: `encodeDeck({preset, cards, energy})` and `decodeDeck(text)`, pure
// functions with no DOM and no network (the deck builder checks the card ids against the
// pool and the server judges legality). What must not: drawing, storage.
//
// The code is "mtd1." (Mantimon deck, version 1) plus base64url of these bytes:
//   preset (0 mantimon, 1 classic), then two parts (deck, energy deck), each
//   groups:varint, and per group: prefix:str, width:u8, entries:varint, then per entry
//   (width > 0 ? number:varint : suffix:str), count:u8 (1..99); last a checksum byte.
// A group holds the ids "<prefix>-<suffix>" of one prefix; width > 0 when every suffix is
// a number written with that many digits ("m1-050": prefix "m1", width 3, number 50), so
// a card costs 2 bytes. str is a length byte and ASCII. A 40-card deck is about 80 chars.
// src/mantimon/cards/deckcode.py reads and writes the same codes (for the CLI and API).

export const PREFIX = "mtd1.";
const PRESETS = ["mantimon", "classic"];
const MAX_COUNT = 99;
const MAX_LENGTH = 2000; // 100 different cards of this game make about 300 characters

export class DeckCodeError extends Error {}

function checksum(bytes) {
  let sum = 0;
  bytes.forEach((b, i) => {
    sum = (sum + b * ((i % 7) + 1)) % 251;
  });
  return sum;
}

function toBase64Url(bytes) {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new DeckCodeError("The code holds characters a deck code never has (check that it was copied whole).");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  let bin;
  try {
    bin = atob(b64);
  } catch {
    throw new DeckCodeError("The code is damaged (check that it was copied whole).");
  }
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** Entries of a Map or an {id: count} object, or a list of ids counted. */
function countsOf(part) {
  const map = new Map();
  if (Array.isArray(part)) for (const id of part) map.set(id, (map.get(id) || 0) + 1);
  else for (const [id, n] of part instanceof Map ? part : Object.entries(part || {})) if (n > 0) map.set(id, n);
  return map;
}

function splitId(id) {
  const cut = id.lastIndexOf("-");
  const [prefix, suffix] = cut < 0 ? ["", id] : [id.slice(0, cut), id.slice(cut + 1)];
  const numeric = /^\d{1,6}$/.test(suffix);
  return { prefix, width: numeric ? suffix.length : 0, key: numeric ? Number(suffix) : suffix };
}

function joinId(prefix, width, key) {
  const suffix = width ? String(key).padStart(width, "0") : key;
  return prefix ? `${prefix}-${suffix}` : suffix;
}

class Writer {
  constructor() {
    this.bytes = [];
  }
  u8(n) {
    this.bytes.push(n & 0xff);
  }
  varint(n) {
    while (n >= 0x80) {
      this.bytes.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    this.bytes.push(n);
  }
  str(text) {
    if (!/^[\x20-\x7e]{0,255}$/.test(text)) throw new DeckCodeError(`A card id cannot go into a code: ${text}`);
    this.u8(text.length);
    for (const c of text) this.u8(c.charCodeAt(0));
  }
}

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.at = 0;
  }
  u8() {
    if (this.at >= this.bytes.length) throw new DeckCodeError("The code is cut short (check that it was copied whole).");
    return this.bytes[this.at++];
  }
  varint() {
    let n = 0;
    for (let shift = 1; ; shift *= 128) {
      const b = this.u8();
      n += (b & 0x7f) * shift;
      if (!(b & 0x80)) return n;
      if (shift >= 2 ** 21) throw new DeckCodeError("The code is damaged.");
    }
  }
  str() {
    const len = this.u8();
    let text = "";
    for (let i = 0; i < len; i++) text += String.fromCharCode(this.u8());
    return text;
  }
}

function writePart(w, part) {
  const groups = new Map(); // "prefix width" -> [[key, count]]
  for (const [id, n] of countsOf(part)) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_COUNT) throw new DeckCodeError(`${id}: a count must be 1..${MAX_COUNT}`);
    const { prefix, width, key } = splitId(id);
    const gk = `${prefix} ${width}`;
    if (!groups.has(gk)) groups.set(gk, { prefix, width, entries: [] });
    groups.get(gk).entries.push([key, n]);
  }
  // Code-point order (not the locale's): the Python codec (cards/deckcode.py) sorts alike.
  const order = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...groups.values()].sort((a, b) => order(`${a.prefix}${a.width}`, `${b.prefix}${b.width}`));
  w.varint(sorted.length);
  for (const g of sorted) {
    w.str(g.prefix);
    w.u8(g.width);
    g.entries.sort(([a], [b]) => order(a, b));
    w.varint(g.entries.length);
    for (const [key, n] of g.entries) {
      if (g.width) w.varint(key);
      else w.str(key);
      w.u8(n);
    }
  }
}

function readPart(r) {
  const counts = new Map();
  const groups = r.varint();
  for (let gi = 0; gi < groups; gi++) {
    const prefix = r.str();
    const width = r.u8();
    const entries = r.varint();
    for (let i = 0; i < entries; i++) {
      const id = joinId(prefix, width, width ? r.varint() : r.str());
      const n = r.u8();
      if (n < 1 || n > MAX_COUNT) throw new DeckCodeError("The code is damaged (a card count is out of range).");
      if (counts.has(id)) throw new DeckCodeError("The code is damaged (a card is named twice).");
      counts.set(id, n);
    }
  }
  return counts;
}

/** The code for a deck: `{preset, cards, energy}` (Maps, {id: count} objects or id lists). */
export function encodeDeck({ preset, cards, energy }) {
  const index = PRESETS.indexOf(preset);
  if (index < 0) throw new DeckCodeError(`Unknown rules: ${preset}`);
  const w = new Writer();
  w.u8(index);
  writePart(w, cards);
  writePart(w, energy);
  w.u8(checksum(w.bytes));
  return PREFIX + toBase64Url(w.bytes);
}

/**
 * `{preset, cards: Map, energy: Map}` from a code (spaces and line breaks around or inside
 * it are ignored). Throws `DeckCodeError` with a sentence for a player on any bad input.
 */
export function decodeDeck(text) {
  const code = String(text ?? "").replace(/\s+/g, "");
  if (!code) throw new DeckCodeError("Paste a deck code first.");
  if (code.length > MAX_LENGTH) throw new DeckCodeError("That is far too long for a deck code.");
  if (!code.startsWith(PREFIX)) {
    throw new DeckCodeError(/^mtd\d+\./.test(code) ? "This deck code is from a newer version of the game." : `That is not a deck code: a deck code starts with “${PREFIX}”.`);
  }
  const bytes = fromBase64Url(code.slice(PREFIX.length));
  if (bytes.length < 4) throw new DeckCodeError("The code is cut short (check that it was copied whole).");
  const body = bytes.slice(0, -1);
  if (checksum(body) !== bytes[bytes.length - 1]) throw new DeckCodeError("The code is damaged: a character was changed or lost (check that it was copied whole).");
  const r = new Reader(body);
  const preset = PRESETS[r.u8()];
  if (!preset) throw new DeckCodeError("The code names rules this game does not have.");
  const cards = readPart(r);
  const energy = readPart(r);
  if (r.at !== body.length) throw new DeckCodeError("The code is damaged (it has extra characters).");
  return { preset, cards, energy };
}
