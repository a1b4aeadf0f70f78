"""Train the Zstandard dictionary the SQL store compresses event messages with.

Plays random games with every starter deck (both presets) through the server's message
path (``view_data`` -> ``messages.game_state`` -> orjson, as the session sends them, for both
seats and a spectator), trains a dictionary on part of the messages and prints how much
smaller the rest compress with it than without. ``--write`` saves it as
``src/mantimon/storage/sql/dicts/events-<id>.zdict`` and prints the id to put in
``codec.CURRENT_DICTIONARY``.

A dictionary, once used by a release, must stay in that folder for good: rows compressed
with it name it by id and cannot be read without it. Retrain when the messages change
shape (new fields, a new card set); the old rows keep reading with the old dictionary.

    .venv/bin/python scripts/train_event_dictionary.py [--games 120] [--write]
"""

from __future__ import annotations

import argparse
import random
import secrets
import sys
import time

import orjson

from mantimon.engine import PRESETS, apply_action, default_pool, new_game
from mantimon.engine.legal import legal_for_seat, waiting_for
from mantimon.engine.view import view_data
from mantimon.session import messages as msg
from mantimon.storage.sql import codec

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

SIZE = 32 * 1024  # bytes; 112 KiB compressed no better on these messages
IDS = ("u-" + "a" * 12, "u-" + "b" * 12)


def messages(games: int, seed: int) -> list[bytes]:
    """Every game_state of ``games`` random games, as the server would send them."""
    pool = default_pool()
    rng = random.Random(seed)
    starters = list(pool.starters.values())
    out: list[bytes] = []
    for n in range(games):
        preset = ("mantimon", "classic")[n % 2]
        decks = [d for d in starters if d.preset == preset]
        pair = [rng.choice(decks).decklist() for _ in IDS]
        ids = tuple(f"u-{secrets.token_hex(6)}" for _ in IDS)
        state = new_game(PRESETS[preset], pair, ids, rng.randrange(2**32))
        game_id = f"g-{secrets.token_hex(6)}"
        event_id = 0
        while not state.over:
            seats = waiting_for(state)
            seat = seats[0] if len(seats) == 1 else rng.choice(seats)
            apply_action(state, ids[seat], rng.choice(legal_for_seat(state, seat)))
            event_id += 1
            for viewer in (*ids, None):
                view = view_data(state, viewer, wire=True)
                message = msg.game_state(game_id, view, event_id, 0, time.time())
                out.append(orjson.dumps(message))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games", type=int, default=120)
    parser.add_argument("--write", action="store_true", help="save the dictionary")
    args = parser.parse_args()
    train = messages(args.games, seed=1)
    test = messages(max(10, args.games // 4), seed=2)
    dictionary = zstd.train_dict(train, SIZE)
    with_dict = zstd.ZstdCompressor(codec.LEVEL, zstd_dict=dictionary)
    plain = sum(len(zstd.compress(m, codec.LEVEL)) for m in test)
    small = sum(len(with_dict.compress(m, zstd.ZstdCompressor.FLUSH_FRAME)) for m in test)
    raw = sum(map(len, test))
    print(
        f"{len(train)} messages to train, {len(test)} to test (mean {raw / len(test):,.0f} B): "
        f"zstd-{codec.LEVEL} {raw / plain:.1f}x smaller, with the dictionary "
        f"{raw / small:.1f}x ({plain / small:.2f}x less than without)"
    )
    if args.write:
        path = codec.DICTIONARIES / f"events-{dictionary.dict_id}.zdict"
        path.write_bytes(dictionary.dict_content)
        print(
            f"wrote {path} ({len(dictionary.dict_content):,} B); CURRENT_DICTIONARY = "
            f"{dictionary.dict_id}"
        )


if __name__ == "__main__":
    main()
