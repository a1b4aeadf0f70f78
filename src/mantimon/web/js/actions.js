// actions.js — the view's legal actions, named in words and grouped by the cards they touch.
//
// What lives here: `describe(action, ctx)` (one line a player understands, like the
// terminal client's `describe`) and `subjects(action, ctx)` (the card instances an action
// involves, so clicking a card shows exactly what it can do). The page never decides
// what is legal: every button it offers is one entry of `state.legal_actions`, sent back
// unchanged. What must not: DOM.

/** Names of every card instance the view shows, plus pending option labels. */
export function namesOf(view) {
  const names = new Map();
  const add = (ref) => ref && names.set(ref.uid, ref.name);
  for (const p of view.players) {
    for (const ref of [...(p.hand || []), ...p.discard, ...p.energy_zone, ...p.energy_discard]) add(ref);
    for (const c of [p.active, ...p.bench]) {
      if (!c) continue;
      names.set(c.uid, c.name);
      [...c.energy, ...c.below, c.tool].forEach(add);
    }
  }
  if (view.stadium) add(view.stadium);
  for (const o of view.pending?.options || []) names.set(o.id, o.card?.name || o.label);
  return names;
}

/** uid -> card id for every card the view shows that is not a creature in play: two
 * copies of one card there (in a hand, the energy zone, a discard pile, a choice, or two
 * energies of one kind on a creature) are alike, whereas each creature in play has its
 * own damage and energy. */
export function kindsOf(view) {
  const kinds = new Map();
  const inPlay = new Set();
  const add = (ref) => ref && ref.card_id && !inPlay.has(ref.uid) && kinds.set(ref.uid, ref.card_id);
  for (const p of view.players) for (const c of [p.active, ...p.bench]) if (c) inPlay.add(c.uid);
  for (const p of view.players) {
    for (const ref of [...(p.hand || []), ...p.discard, ...p.energy_zone, ...p.energy_discard]) add(ref);
    for (const c of [p.active, ...p.bench]) if (c) [...c.energy, ...c.below, c.tool].forEach(add);
  }
  if (view.stadium) add(view.stadium);
  for (const o of view.pending?.options || []) add(o.card);
  return kinds;
}

/** Context for describing actions: names, my side, the card pool. */
export function context(view, pool) {
  const me = view.players.find((p) => p.player_id === view.viewer) || null;
  return { view, pool, me, names: namesOf(view), kinds: kindsOf(view) };
}

/** What an action does, with alike cards (see `kindsOf`) made one: two legal actions of
 * one signature ("Evolve Ashhound into Pyrehound" with either Pyrehound of the hand) are
 * the same move to the player, so the page offers it once. */
export function signature(a, ctx) {
  const same = (v) => (typeof v === "string" && ctx.kinds.has(v) ? ctx.kinds.get(v) : v);
  const out = {};
  for (const [key, value] of Object.entries(a)) out[key] = Array.isArray(value) ? value.map(same).sort() : same(value);
  return JSON.stringify(out);
}

/** `indexes` without the later ones whose action has the signature of an earlier one. */
export function distinct(indexes, actions, ctx) {
  const seen = new Set();
  return indexes.filter((i) => {
    const sig = signature(actions[i], ctx);
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
}

function n(ctx, uid) {
  return ctx.names.get(uid) || "a card";
}

function where(ctx, uid) {
  for (const p of ctx.view.players) {
    const mine = p.player_id === ctx.view.viewer;
    if (p.active?.uid === uid) return mine ? " (your Active)" : " (their Active)";
    if (p.bench.some((c) => c.uid === uid)) return mine ? " (your bench)" : " (their bench)";
  }
  return "";
}

function activeDef(ctx) {
  const active = ctx.me?.active;
  return active ? ctx.pool.get(active.card_id) : null;
}

/** One line for a legal action: "Attach Fire Energy to Cindercub (your Active)". */
export function describe(a, ctx) {
  const t = (uid) => `${n(ctx, uid)}${where(ctx, uid)}`;
  switch (a.type) {
    case "setup_place":
      return a.position === "active" ? `Place ${n(ctx, a.card_id)} as your Active` : `Place ${n(ctx, a.card_id)} on your bench`;
    case "setup_done":
      return "Finish setup";
    case "play_creature":
      return `Put ${n(ctx, a.card_id)} on your bench`;
    case "evolve":
      return `Evolve ${t(a.target_id)} into ${n(ctx, a.card_id)}`;
    case "attach_energy":
      return `Attach ${n(ctx, a.card_id)} to ${t(a.target_id)}`;
    case "play_trainer":
      return a.target_id ? `Play ${n(ctx, a.card_id)} on ${t(a.target_id)}` : `Play ${n(ctx, a.card_id)}`;
    case "use_ability": {
      const creature = ctx.view.players.flatMap((p) => [p.active, ...p.bench]).find((c) => c?.uid === a.creature_id);
      const ability = creature ? ctx.pool.get(creature.card_id)?.ability?.name : null;
      const target = a.target_id ? ` on ${t(a.target_id)}` : "";
      return `Use ${ability ? `“${ability}”` : "the ability"} of ${n(ctx, a.creature_id)}${target}`;
    }
    case "attack": {
      const attack = activeDef(ctx)?.attacks?.[a.attack_index];
      const label = attack ? `Attack: ${attack.name}${attack.damage_label ? ` (${attack.damage_label})` : ""}` : `Attack #${a.attack_index + 1}`;
      return a.target_id ? `${label} targeting ${t(a.target_id)}` : label;
    }
    case "retreat": {
      const paid = a.discard_energy.length ? `, discard ${a.discard_energy.map((u) => n(ctx, u)).join(", ")}` : "";
      return `Retreat: ${n(ctx, a.new_active_id)} comes in${paid}`;
    }
    case "promote":
      return `Promote ${n(ctx, a.card_id)} to Active`;
    case "choose":
      return a.selections.length ? `Choose ${a.selections.map((u) => n(ctx, u)).join(", ")}` : "Choose nothing";
    case "end_turn":
      return "End your turn";
    case "resign":
      return "Resign";
    default:
      return a.type.replaceAll("_", " ");
  }
}

/** The card instances an action involves, most important first. */
export function subjects(a, ctx) {
  const active = ctx.me?.active?.uid;
  switch (a.type) {
    case "setup_place":
    case "play_creature":
    case "promote":
      return [a.card_id];
    case "evolve":
    case "attach_energy":
      return [a.card_id, a.target_id];
    case "play_trainer":
      return [a.card_id, a.target_id].filter(Boolean);
    case "use_ability":
      return [a.creature_id, a.target_id].filter(Boolean);
    case "attack":
      return [active, a.target_id].filter(Boolean);
    case "retreat":
      return [active, a.new_active_id].filter(Boolean);
    case "choose":
      return [...a.selections];
    default:
      return [];
  }
}

/** uid -> [action index] for every card some legal action involves (each move once:
 * see `distinct`). */
export function actionsByCard(actions, ctx) {
  const map = new Map();
  actions.forEach((a, i) => {
    for (const uid of subjects(a, ctx)) {
      if (!map.has(uid)) map.set(uid, []);
      map.get(uid).push(i);
    }
  });
  for (const [uid, indexes] of map) map.set(uid, distinct(indexes, actions, ctx));
  return map;
}

/** Order for listing moves: the forward ones first, resign last. */
const ORDER = ["promote", "choose", "setup_place", "setup_done", "attack", "attach_energy", "evolve", "play_creature", "play_trainer", "use_ability", "retreat", "end_turn", "resign"];
export function sortedIndexes(actions) {
  return actions.map((_, i) => i).sort((x, y) => ORDER.indexOf(actions[x].type) - ORDER.indexOf(actions[y].type) || x - y);
}

export const KIND_LABEL = {
  setup_place: "Place",
  setup_done: "Setup",
  play_creature: "Bench",
  evolve: "Evolve",
  attach_energy: "Energy",
  play_trainer: "Trainer",
  use_ability: "Ability",
  attack: "Attack",
  retreat: "Retreat",
  end_turn: "Turn",
  promote: "Promote",
  choose: "Choose",
  resign: "Resign",
};
