"""The attacking side of the hostile suite, run as its own process at a lower CPU priority.

What lives here: ``python -m tests.hostile.attack URL PID DB REQUEST_TIMEOUT ROUND [NAME...]``
runs every probe of ``probes`` (or the NAMEd ones) in order against the proxy at URL (PID
and DB are the server's, for what probes measure from outside), and prints one JSON line
per probe: ``{"probe", "start",
"end", "runs", "failure"}``. A probe shorter than ``MIN_SECONDS`` is run again, after a
short pause, until that much time has passed: the attack is sustained, and its window holds
enough of the honest players' samples for a p99 to mean something. Every run comes from a
loopback address of its own (127.<2 x ROUND>.<probe>.<run>), as a fresh attacker would.
It stops early if the server process dies.

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
from tests.hostile.probes import PERIODS, PROBES, Target

SETTLE_SECONDS = 0.5  # pause between probes, outside every window
MIN_SECONDS = 3.0  # a probe is run again until it has lasted this long
PAUSE_SECONDS = 0.25  # between two runs of one probe


async def main(url: str, target: Target, round_: int, names: list[str]) -> None:
    for n, (name, probe) in enumerate(PROBES.items()):
        if names and name not in names:
            continue
        await asyncio.sleep(SETTLE_SECONDS)
        start, failure, runs = time.time(), None, 0
        while failure is None and target.alive():
            runs += 1
            began = time.time()
            try:
                await probe(Attacker(url, f"127.{2 * round_}.{10 + n}.{runs}"), target)
            except Exception as exc:  # every probe is judged, not just the first failing one
                failure = f"run {runs}: {type(exc).__name__}: {exc}"[:600]
            if time.time() - start >= MIN_SECONDS:
                break
            period = PERIODS.get(name, 0.0)
            await asyncio.sleep(max(PAUSE_SECONDS, began + period - time.time()))
        end = time.time()
        if not target.alive():
            failure = f"{failure or ''} / the server died".strip(" /")
        line = {"probe": name, "start": start, "end": end, "runs": runs, "failure": failure}
        sys.stdout.write(orjson.dumps(line).decode() + "\n")
        sys.stdout.flush()
        if not target.alive():
            return


if __name__ == "__main__":
    url, pid, db, timeout, round_ = sys.argv[1:6]
    target = Target(int(pid), Path(db), float(timeout))
    asyncio.run(main(url, target, int(round_), sys.argv[6:]))
