"""Subprocess for test_durability: commits steps of two games to a SQLite file, forever.

Usage: ``python durability_writer.py DB_PATH``. Prints ``ready`` once the games exist, then
one line per ``Store.commit`` call that returned (``<seq>``: both games got step ``seq``
in one group commit), flushed at once: a printed line is an acknowledged commit.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo root: tests.storage

from mantimon.storage.sql import create_store
from tests.storage.records import game, step

GAMES = ("ga", "gb")


async def main(path: str) -> None:
    store = await create_store(f"sqlite+aiosqlite:///{path}")
    for gid in GAMES:
        await store.add_game(game(gid, "u1", "u2"))
    print("ready", flush=True)
    seq = 0
    while True:
        seq += 1
        await store.commit([step(gid, seq) for gid in GAMES])
        print(seq, flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
