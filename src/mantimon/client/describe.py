"""Actions and boards in words, for terminal play (``mantimon play``); events are worded
in ``client.events``.

Cards are looked up in the bundled pool (the server plays the same one); an attack's damage
is the engine's label of the card data ("30×", "20+"), as the browser shows it.
"""

from __future__ import annotations

from collections.abc import Mapping

from mantimon.cards import CreatureCard
from mantimon.engine import Action, VisibleGameState, damage_label, default_pool
from mantimon.engine.view import VisibleCreature, VisiblePlayer


def _names(view: VisibleGameState) -> dict[str, str]:
    names: dict[str, str] = {}
    for p in view.players:
        for ref in [*(p.hand or []), *p.discard, *p.energy_zone, *p.energy_discard]:
            names[ref.uid] = ref.name
        for c in [p.active, *p.bench]:
            if c is not None:
                names[c.uid] = c.name
                for ref in [*c.energy, *c.below, *([c.tool] if c.tool else [])]:
                    names[ref.uid] = ref.name
    if view.pending is not None:
        for option in view.pending.options:
            names[option.id] = option.label
    return names


def describe(action: Action, view: VisibleGameState) -> str:
    """One line a player understands: "Attach Fire Energy to Blazefang". Cards are named,
    never shown by instance id (one the view does not name is "a card")."""
    names = _names(view)

    def n(uid: str | None) -> str:
        return names.get(uid or "", "a card")

    data = action.model_dump()
    kind = action.type
    if kind == "setup_place":
        where = "as your Active" if data["position"] == "active" else "on your bench"
        return f"Place {n(data['card_id'])} {where}"
    if kind == "setup_done":
        return "Finish setting up"
    if kind == "play_creature":
        return f"Put {n(data['card_id'])} on your bench"
    if kind == "evolve":
        return f"Evolve {n(data['target_id'])} into {n(data['card_id'])}"
    if kind == "attach_energy":
        return f"Attach {n(data['card_id'])} to {n(data['target_id'])}"
    if kind == "play_trainer":
        target = f" on {n(data['target_id'])}" if data.get("target_id") else ""
        return f"Play {n(data['card_id'])}{target}"
    if kind == "use_ability":
        target = f" on {n(data['target_id'])}" if data.get("target_id") else ""
        return f"Ability: {_ability(view, data['creature_id'])}{target}"
    if kind == "attack":
        target = f", targeting {n(data['target_id'])}" if data.get("target_id") else ""
        return _attack(view, data["attack_index"]) + target
    if kind == "retreat":
        paid = ", ".join(n(u) for u in data["discard_energy"]) or "nothing"
        return f"Retreat: {n(data['new_active_id'])} becomes your Active (discard {paid})"
    if kind == "promote":
        return f"Promote {n(data['card_id'])} to your Active"
    if kind == "choose":
        picks = ", ".join(n(u) for u in data["selections"]) or "nothing"
        return f"Choose {picks}"
    if kind == "end_turn":
        return "End your turn"
    if kind == "resign":
        return "Resign"
    return kind.replace("_", " ").capitalize()


def _ability(view: VisibleGameState, uid: str) -> str:
    """ "Scout Ahead (Puffpaw)": the ability's name and the creature that has it."""
    for p in view.players:
        for c in [p.active, *p.bench]:
            if c is not None and c.uid == uid:
                card = default_pool().cards.get(c.card_id)
                if isinstance(card, CreatureCard) and card.ability is not None:
                    return f"{card.ability.name} ({c.name})"
                return f"the ability of {c.name}"
    return "an ability"


def _attack(view: VisibleGameState, index: int) -> str:
    """ "Attack: One-Two (30×), cost Fighting + Fighting" (the viewer's Active, its attack
    ``index``): a player picks an attack by its name, damage and price, never by a number."""
    me = next((p for p in view.players if p.player_id == view.viewer), None)
    active = me.active if me is not None else None
    card = default_pool().cards.get(active.card_id) if active is not None else None
    if not isinstance(card, CreatureCard) or index >= len(card.attacks):
        owner = f" of {active.name}" if active is not None else ""
        return f"Attack: attack {index + 1}{owner}"
    attack = card.attacks[index]
    label = damage_label(attack)
    cost = " + ".join(str(e).title() for e in attack.cost) or "free"
    return f"Attack: {attack.name}" + (f" ({label})" if label else "") + f", cost {cost}"


def _creature(c: VisibleCreature | None) -> str:
    if c is None:
        return "-"
    energy = "".join(e.name.split()[0][0] for e in c.energy)
    extras = [f"[{energy}]" if energy else "", f"tool {c.tool.name}" if c.tool else ""]
    extras += [str(x) for x in c.conditions]
    rest = " ".join(x for x in extras if x)
    return f"{c.name} {c.hp - c.damage}/{c.hp}" + (f" {rest}" if rest else "")


def _side(p: VisiblePlayer, label: str, prizes: bool) -> list[str]:
    score = f"{p.prizes_count} prizes left" if prizes else f"{p.points} pt"
    known = ", ".join(r.name for r in p.revealed) if p.hand is None else ""
    hand = f"{p.hand_count} (revealed: {known})" if known else str(p.hand_count)
    lines = [
        f"{label}: {score} | hand {hand} | deck {p.deck_count} | energy zone "
        + (", ".join(e.name for e in p.energy_zone) or "-"),
        f"  Active: {_creature(p.active)}",
        "  Bench:  " + (", ".join(_creature(c) for c in p.bench) or "-"),
    ]
    if p.hand is not None:
        lines.append("  Hand:   " + (", ".join(r.name for r in p.hand) or "-"))
    return lines


def board(view: VisibleGameState, names: Mapping[str, str] | None = None) -> str:
    """The board as a few lines of text, the viewer last. ``names``: display names by
    player id (the game's players); without them the other side is "Opponent"."""
    names = names or {}
    me = next((p for p in view.players if p.player_id == view.viewer), view.players[0])
    other = next(p for p in view.players if p is not me)
    prizes = view.rules.use_prizes
    waiting = ", ".join(
        "you" if pid == view.viewer else names.get(pid, "the opponent") for pid in view.waiting_for
    )
    head = f"Turn {view.turn} · {view.phase} · " + (
        "your move" if view.viewer in view.waiting_for else f"waiting for {waiting or '-'}"
    )
    stadium = f" · stadium {view.stadium.name}" if view.stadium else ""
    label = names.get(other.player_id, "Opponent")
    return "\n".join([head + stadium, *_side(other, label, prizes), *_side(me, "You", prizes)])
