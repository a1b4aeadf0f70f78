// tutorial.js — the guided first game's hints, decided from the view alone.
//
// What lives here: `nextHint(view, opts)`, a pure function from one player's view (and its
// `legal_actions`) to the hint the page should show next: its id, a short friendly
// sentence and the elements to point at (CSS selectors, first match wins). The hints
// follow the game as it is, never a script: whatever the bot did, the next hint is the
// first of these that the view allows (answer a choice, setup, a knockout's points,
// evolve, energy, bench, trainer, attack, end the turn, the opponent's turn, the end).
// What must not: DOM, storage, sending (coach.js shows the hints; the player still plays).

/** Selector alternatives for a card instance: inside `scope` first, anywhere after. */
function card(uid, scope) {
  const attr = `[data-uid=${JSON.stringify(uid)}]`;
  return scope ? [`${scope} ${attr}`, attr] : [attr];
}

function nameIn(view, uid) {
  for (const p of view.players) {
    for (const ref of [...(p.hand || []), ...p.energy_zone]) if (ref.uid === uid) return ref.name;
    for (const c of [p.active, ...p.bench]) if (c?.uid === uid) return c.name;
  }
  return "it";
}

const firstOf = (actions, type, test = () => true) => actions.find((a) => a.type === type && test(a));

const TRAINER_WORDS = {
  item: "an item, play it for its effect (as many items a turn as you like)",
  supporter: "a supporter, a strong effect but only one supporter each turn",
  tool: "a tool, attach it to one of your creatures and it stays there",
  stadium: "a stadium, it changes the game for both players while it stays in play",
};

/** The score words of the view's rules: points (mantimon) or prize cards (classic). */
function goal(rules) {
  return rules.use_prizes ? "take all your prize cards to win" : `the first to ${rules.points_to_win} points wins`;
}

/**
 * The hint for `view` (null: nothing to say). Each hint is
 * `{id, key, text, targets, action}`: `key` is what "Got it" dismisses (an action hint
 * for this turn only, so it comes back next turn; an explanation for good), `targets` a
 * list of selector alternatives per element to point at (the first that matches is the
 * anchor), `action` the legal action the hint suggests (null for explanations).
 * @param {object} view  one player's VisibleGameState
 * @param {{dismissed?: string[], opponent?: string, pool?: Map<string, object>}} opts
 *   (`pool`: card id -> card, the public card data, for the words about a trainer's kind)
 */
export function nextHint(view, { dismissed = [], opponent = "Your opponent", pool = null } = {}) {
  if (!view || !view.viewer) return null;
  const skip = new Set(dismissed);
  for (const hint of candidates(view, opponent, pool)) {
    if (!skip.has(hint.key)) return hint;
  }
  return null;
}

/** Every hint that applies to `view`, most urgent first (nextHint takes the first one
 * not dismissed). */
export function candidates(view, opponent = "Your opponent", pool = null) {
  const out = [];
  const me = view.players.find((p) => p.player_id === view.viewer);
  const them = view.players.find((p) => p.player_id !== view.viewer);
  if (!me || !them) return out;
  const actions = (view.legal_actions || []).filter((a) => a.type !== "resign");
  const myMove = view.waiting_for.includes(view.viewer) && actions.length > 0;
  const once = (id, text, targets = []) => out.push({ id, key: id, text, targets, action: null });
  const now = (id, text, targets, action) => out.push({ id, key: `${id}@${view.turn}`, text, targets, action });

  if (view.phase === "game_over") {
    const how = {
      points: `you reached ${view.rules.points_to_win} points`,
      prizes: "you took all your prize cards",
      no_creatures: `${opponent} had no creature left in play`,
      deck_out: `${opponent} had no card left to draw`,
      turn_limit: "you had more points when the turns ran out",
      resignation: `${opponent} resigned`,
    }[view.end_reason];
    const text = view.winner === view.viewer
      ? `You won${how ? `: ${how}` : ""}! Well played. Try a stronger bot next.`
      : view.winner
        ? `${opponent} won this time. Every game teaches something: try again from the start page.`
        : "A draw! Both sides ended level.";
    once("game-over", text, [[".banner-over"]]);
    return out;
  }

  if (myMove && view.pending) {
    const promote = firstOf(actions, "promote");
    if (promote) {
      now("promote", "Your Active was knocked out. Choose a creature from your bench to step in as your new Active.", [["[data-focus=answer]"]], promote);
    } else {
      now("choose", "A card asks you to choose: pick in the dialog (the “Answer” button reopens it).", [["[data-focus=answer]"]], firstOf(actions, "choose") || null);
    }
    return out;
  }

  if (view.phase === "setup") {
    if (!myMove) {
      once("setup-wait", `${opponent} is setting up too. Your first turn starts in a moment.`);
      return out;
    }
    const active = firstOf(actions, "setup_place", (a) => a.position === "active");
    const bench = firstOf(actions, "setup_place", (a) => a.position === "bench");
    const done = firstOf(actions, "setup_done");
    if (active) {
      now("setup-active", `Welcome! First pick your Active, the creature that fights first: click ${nameIn(view, active.card_id)} in your hand and place it as your Active.`, [card(active.card_id, ".hand")], active);
    }
    if (bench && me.bench.length === 0) {
      now("setup-bench", `Nice! Now put ${nameIn(view, bench.card_id)} on your bench: benched creatures wait as backup and can step in later.`, [card(bench.card_id, ".hand")], bench);
    }
    if (done) {
      now("setup-done", "Happy with your creatures? Press “Finish setup” to start the game.", [["[data-action-type=setup_done]"]], done);
    }
    return out;
  }

  const scored = view.rules.use_prizes
    ? me.prizes_count < view.rules.prize_count || them.prizes_count < view.rules.prize_count
    : me.points + them.points > 0;
  if (scored && !view.rules.use_prizes) {
    const mine = me.points > 0;
    once(
      "points",
      mine
        ? `Knockout! Each creature you knock out scores points (1, or 2 for an ex, 3 for a mega). You have ${me.points}: ${goal(view.rules)}.`
        : `${opponent} knocked out one of yours and scored. Keep creatures on your bench: ${goal(view.rules)}.`,
      [[mine ? ".side-me .score" : ".side-them .score"]],
    );
  } else if (scored) {
    once("points", `A knockout! Its attacker takes prize cards: ${goal(view.rules)}.`, [[".side-me .score"]]);
  }

  if (!myMove) {
    if (view.phase !== "setup") once("opponent-turn", `Now it is ${opponent}'s turn. Its moves appear in the game log.`, [[".log-col", ".log"]]);
    return out;
  }

  const evolve = firstOf(actions, "evolve");
  if (evolve) {
    now("evolve", `${nameIn(view, evolve.target_id)} can evolve into ${nameIn(view, evolve.card_id)}! Evolving keeps its damage and energy and makes it stronger.`, [card(evolve.card_id, ".hand"), card(evolve.target_id, ".side-me")], evolve);
  }
  const attach = firstOf(actions, "attach_energy", (a) => a.target_id === me.active?.uid) || firstOf(actions, "attach_energy");
  if (attach) {
    const from = view.rules.energy_in_deck ? card(attach.card_id, ".hand") : card(attach.card_id, ".energy-zone");
    now("energy", `Attacks need energy. Attach ${nameIn(view, attach.card_id)} to ${nameIn(view, attach.target_id)}: you may attach one energy each turn.`, [from, card(attach.target_id, ".side-me")], attach);
  }
  const benchIt = firstOf(actions, "play_creature");
  if (benchIt && me.bench.length < 2) {
    now("bench", `Put ${nameIn(view, benchIt.card_id)} on your bench: if your Active is knocked out, a benched creature takes its place.`, [card(benchIt.card_id, ".hand")], benchIt);
  }
  const trainer = firstOf(actions, "play_trainer");
  if (trainer) {
    const name = nameIn(view, trainer.card_id);
    const ref = (me.hand || []).find((r) => r.uid === trainer.card_id);
    const what = TRAINER_WORDS[pool?.get(ref?.card_id)?.trainer] || "play it for its effect. Items as often as you like, one supporter per turn";
    now("trainer", `${name} is a trainer card: ${what}.`, [card(trainer.card_id, ".hand")], trainer);
  }
  const attack = firstOf(actions, "attack");
  if (attack) {
    now("attack", `${me.active ? me.active.name : "Your Active"} is ready: attack! A creature whose damage reaches its HP is knocked out and scores; ${goal(view.rules)}. Attacking ends your turn.`, [[`[data-attack-index="${attack.attack_index}"]`, "[data-action-type=attack]", ".side-me .active-row .creature"]], attack);
  }
  const end = firstOf(actions, "end_turn");
  if (end) {
    const goingFirst = view.turn === 1 && view.first_player === view.viewer && !view.rules.first_turn_energy && !view.rules.energy_in_deck;
    const why = goingFirst ? "You went first, so you get no energy on this first turn. " : "";
    now("end-turn", `${why}Nothing more to do? Press “End your turn” and ${opponent} plays.`, [["[data-action-type=end_turn]"]], end);
  }
  return out;
}
