// attackbar.js — one button per attack of the player's own Active, right beside it.
//
// What lives here: the attack bar (name and damage of each attack the Active's card has;
// a button is enabled only when a legal `attack` action for that attack is in the view,
// and it sends that action unchanged; an attack that picks a target lights its targets
// through targeting.js). What must not: deciding legality or drawing the creature.

import { describe } from "./actions.js";
import { energyRow } from "./icons.js";
import { h } from "./dom.js";

/** Insert the bar into the freshly drawn board (`game.content`); nothing for spectators. */
export function attackBar(game, targeting) {
  const v = game.view;
  if (!v || game.spectating || v.phase === "setup" || v.phase === "game_over" || game.over) return;
  const me = v.players.find((p) => p.player_id === v.viewer);
  const row = game.content.querySelector(".side-me .active-row");
  if (!me?.active || !row) return;
  const def = game.pool?.get(me.active.card_id);
  const attacks = def?.attacks || [];
  if (!attacks.length) return;
  const actions = game.ctx?.actions || [];
  const buttons = attacks.map((atk, i) => {
    const legal = actions.filter((a) => a.type === "attack" && a.attack_index === i);
    const dmg = atk.damage_label ? ` ${atk.damage_label}` : "";
    const why = legal.length ? "" : game.myMove() ? ", not usable now (energy or rules)" : ", not your move";
    return h(
      "button",
      {
        type: "button",
        class: ["btn", "attack-btn", legal.length && "btn-primary"],
        disabled: !legal.length,
        dataset: { attackIndex: String(i), focus: `attack-${i}`, attackBtn: "" },
        "aria-label": `Attack: ${atk.name}${dmg ? `, ${atk.damage_label} damage` : ""}${why}`,
        onclick: () => {
          if (legal.length === 1 && !legal[0].target_id) {
            targeting.say(`${describe(legal[0], game.ctx.ctx)}.`);
            game.act(legal[0]);
          }
          else if (legal.length) targeting.select(`attack:${i}`, { keyboard: true });
        },
      },
      h("span", { class: "attack-cost", "aria-hidden": "true" }, energyRow((atk.cost || []).map(String), { size: 12 })),
      h("span", { class: "attack-name" }, atk.name),
      dmg ? h("b", { class: "attack-dmg" }, atk.damage_label) : null,
    );
  });
  row.append(h("div", { class: "attack-bar", role: "group", "aria-label": "Attacks of your Active", dataset: { attackBar: "" } }, buttons));
}
