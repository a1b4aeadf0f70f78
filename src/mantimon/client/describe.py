"""Actions and boards in words, for terminal play (``mantimon play``).

Cards are looked up in the bundled pool (the server plays the same one); an attack's damage
is the engine's label of the card data ("30×", "20+"), as the browser shows it.
"""

from __future__ import annotations

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
    """One line a player understands: "attach Fire Energy to Blazefang"."""
    names = _names(view)

    def n(uid: str | None) -> str:
        return names.get(uid or "", uid or "?")

    data = action.model_dump()
    kind = action.type
    if kind == "setup_place":
        where = "Active" if data["position"] == "active" else "benched"
        return f"place {n(data['card_id'])} as {where}"
    if kind == "setup_done":
        return "finish setup"
    if kind == "play_creature":
        return f"put {n(data['card_id'])} on the bench"
    if kind == "evolve":
        return f"evolve {n(data['target_id'])} into {n(data['card_id'])}"
    if kind == "attach_energy":
        return f"attach {n(data['card_id'])} to {n(data['target_id'])}"
    if kind == "play_trainer":
        target = f" on {n(data['target_id'])}" if data.get("target_id") else ""
        return f"play {n(data['card_id'])}{target}"
    if kind == "use_ability":
        target = f" on {n(data['target_id'])}" if data.get("target_id") else ""
        return f"use the ability of {n(data['creature_id'])}{target}"
    if kind == "attack":
        target = f" targeting {n(data['target_id'])}" if data.get("target_id") else ""
        return _attack(view, data["attack_index"]) + target
    if kind == "retreat":
        paid = ", ".join(n(u) for u in data["discard_energy"]) or "nothing"
        return f"retreat to {n(data['new_active_id'])} (discard {paid})"
    if kind == "promote":
        return f"promote {n(data['card_id'])} to Active"
    if kind == "choose":
        picks = ", ".join(n(u) for u in data["selections"]) or "nothing"
        return f"choose {picks}"
    if kind == "end_turn":
        return "end the turn"
    if kind == "resign":
        return "resign"
    return kind


def _attack(view: VisibleGameState, index: int) -> str:
    """ "attack with Knucklet: One-Two (30×)" (the viewer's Active, its attack ``index``)."""
    me = next((p for p in view.players if p.player_id == view.viewer), None)
    if me is None or me.active is None:
        return f"attack #{index + 1}"
    card = default_pool().cards.get(me.active.card_id)
    if not isinstance(card, CreatureCard) or index >= len(card.attacks):
        return f"attack with {me.active.name} (attack #{index + 1})"
    attack = card.attacks[index]
    label = damage_label(attack)
    return f"attack with {me.active.name}: {attack.name}" + (f" ({label})" if label else "")


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


def board(view: VisibleGameState) -> str:
    """The board as a few lines of text, the viewer last."""
    me = next((p for p in view.players if p.player_id == view.viewer), view.players[0])
    other = next(p for p in view.players if p is not me)
    prizes = view.rules.use_prizes
    head = f"Turn {view.turn} · {view.phase} · " + (
        "your move"
        if view.viewer in view.waiting_for
        else f"waiting for {', '.join(view.waiting_for) or '-'}"
    )
    stadium = f" · stadium {view.stadium.name}" if view.stadium else ""
    return "\n".join([head + stadium, *_side(other, "Opponent", prizes), *_side(me, "You", prizes)])
