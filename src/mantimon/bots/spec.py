"""Bots with changed settings, for experiments: ``name[:key=value]...``.

What lives here: turning such a spec (``expert:rounds=0:budget=48``, ``normal:ko_base=40``,
``hard:w.hp=0.5``) into a bot, for the tournament, ``mantimon selfplay`` and the benches,
so a variant is measured with the same machinery, ledger included, as a shipped level.
What must not: anything offered to players; the server and the clients name bots by
``make_bot``'s names only.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from mantimon.bots.base import Bot, make_bot
from mantimon.bots.search import SearchBot


def bot_from_spec(spec: str) -> Bot:
    """The bot ``spec`` names, with its settings changed; ``ValueError`` for an unknown
    bot or setting, or a value of the wrong kind. A setting is a class attribute of the
    bot's class (a number, flag or text), or ``w.<name>`` for a search bot's evaluation
    weight."""
    name, *settings = spec.split(":")
    bot = make_bot(name)
    weights: dict[str, Any] = {}  # numbers, for ``Weights``' fields
    for item in settings:
        key, sep, text = item.partition("=")
        if not sep or not key:
            raise ValueError(f"'{item}' in '{spec}': a setting is written key=value")
        if key.startswith("w."):
            weights[key[2:]] = _number(text, float, spec)
            continue
        current = getattr(type(bot), key, None)
        if (
            key.startswith("_")
            or key in ("name", "description")
            or not isinstance(current, (bool, int, float, str))
        ):
            raise ValueError(f"'{name}' has no setting '{key}'")
        setattr(bot, key, _value(text, current, spec))
    if weights:
        if not isinstance(bot, SearchBot):
            raise ValueError(f"'{name}' has no evaluation weights (w.*)")
        try:
            bot.weights = dataclasses.replace(bot.weights, **weights)
        except TypeError as exc:
            raise ValueError(f"'{spec}': unknown weight ({exc})") from None
    return bot


def _value(text: str, current: bool | int | float | str, spec: str) -> bool | int | float | str:
    """``text`` as a value of the kind ``current`` is."""
    if isinstance(current, bool):
        if text not in ("0", "1", "true", "false"):
            raise ValueError(f"'{spec}': a flag is 0, 1, true or false, not '{text}'")
        return text in ("1", "true")
    if isinstance(current, int):
        return _number(text, int, spec)
    if isinstance(current, float):
        return _number(text, float, spec)
    return text


def _number(text: str, kind: type[int] | type[float], spec: str) -> int | float:
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"'{spec}': '{text}' is not {kind.__name__}") from None
