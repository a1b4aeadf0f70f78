"""What a one-core benchmark does first: pin itself to one core and say where it runs.

Imported by the scripts in this folder (run as ``python bench/<name>.py``, so this folder
is on the path).
"""

from __future__ import annotations

import os
import platform


def pin_one_core() -> str:
    """Pin this process to the highest-numbered core it may use; the "machine:" line."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {max(os.sched_getaffinity(0))})
    return (
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, one core pinned"
    )
