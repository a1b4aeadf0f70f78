// cards.js — cards drawn as our own styled HTML/SVG (no external art).
//
// What lives here: `cardMini(def)`, a small card for a hand or a list (art, name, the key
// number) that offers its full face on hover or long press (`data-face-id`, see
// preview.js), and `cardBack()`. The full face, the labels and the generated art live in
// cardface.js and art.js and are re-exported here, so every screen that draws a card with
// these functions (game, deck builder, collection) shows the same faces and art.
// What must not: game state (the board draws creatures in play itself, from the view).

import { cardArt } from "./art.js";
import { cardType, STAGE_LABEL, TRAINER_LABEL } from "./cardface.js";
import { h } from "./dom.js";

export { cardArt } from "./art.js";
export { attackLines, cardFace, cardType, kindLine, STAGE_LABEL, TRAINER_LABEL } from "./cardface.js";

/** A small card for a hand or a list: art, name, and the key number. */
export function cardMini(def, name) {
  const type = cardType(def);
  const extra = def?.kind === "creature" ? `${def.hp} HP` : def?.kind === "trainer" ? TRAINER_LABEL[def.trainer] : "Energy";
  return h(
    "span",
    { class: ["mini", `t-${type}`, def?.kind && `k-${def.kind}`], dataset: def?.id ? { faceId: def.id } : undefined },
    cardArt(def, { size: 64 }),
    h("span", { class: "mini-name" }, name || def?.name || "?"),
    h("span", { class: "mini-extra" }, def?.kind === "creature" ? `${STAGE_LABEL[def.stage]} · ${extra}` : extra),
  );
}

/** A face-down card back (decorative; the count next to it carries the meaning). */
export function cardBack() {
  return h("span", { class: "card-back", "aria-hidden": "true" });
}
