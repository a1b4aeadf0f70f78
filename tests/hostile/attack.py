"""The attacking side of the hostile suite, run as its own process at a lower CPU priority.

What lives here: ``python -m tests.hostile.attack URL PID DB REQUEST_TIMEOUT`` runs every
probe of ``probes`` once, in order, each from a loopback address of its own, against the
proxy at URL (PID and DB are the server's, for what probes measure from outside), and
prints one JSON line per probe: ``{"probe", "start", "end", "failure"}``. It stops early if
the server process dies.

Why a process of its own, started with ``nice``: on a real network the attacker's CPU is
their own. On one test machine, building 4 MB frames or parsing floods of answers would
otherwise take the cores the server and the honest players need, and count as the
server's latency. At a lower priority the attack still gets every cycle those leave free.

What must not: judging the samples (``test_hostile`` does) or the honest players.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import orjson

from tests.hostile.attacker import Attacker
from tests.hostile.probes import PROBES, Target

SETTLE_SECONDS = 0.5  # pause between probes, outside every window


async def main(url: str, target: Target) -> None:
    for n, (name, probe) in enumerate(PROBES.items()):
        await asyncio.sleep(SETTLE_SECONDS)
        start, failure = time.time(), None
        try:
            await probe(Attacker(url, f"127.0.0.{10 + n}"), target)
        except Exception as exc:  # every probe is judged, not just the first failing one
            failure = f"{type(exc).__name__}: {exc}"[:600]
        end = time.time()
        if not target.alive():
            failure = f"{failure or ''} / the server died".strip(" /")
        line = {"probe": name, "start": start, "end": end, "failure": failure}
        sys.stdout.write(orjson.dumps(line).decode() + "\n")
        sys.stdout.flush()
        if not target.alive():
            return


if __name__ == "__main__":
    url, pid, db, timeout = sys.argv[1:5]
    asyncio.run(main(url, Target(int(pid), Path(db), float(timeout))))
