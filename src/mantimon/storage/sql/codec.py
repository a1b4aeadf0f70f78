"""How game states are compressed at rest: Zstandard level 1 with a trained dictionary, one
frame per body (``game_snapshots.state_z``; until revision 0004 also the stored event
messages, which the migration reads once more).

What lives here: ``compress``/``decompress`` of bodies and the dictionaries they use
(``dicts/``). What must not: anything about rows or queries.

Measured on real ``game_state`` messages (mean ~10 KiB of JSON, bench/RESULTS.md): zstd
level 1 shrinks them 4.8x at ~40 µs each; zlib level 1 gets 4.4x at ~150 µs. Most of a
game_state is the same from one message to the next and from one game to the next (field
names, rules, card names), which a dictionary trained on our own messages
(``scripts/train_event_dictionary.py``) holds once instead of every frame repeating it: with
it the frames are about 2.4x smaller again, for the same time.

Every body says how to read it: a zstd frame starts with its magic number and names the
dictionary it was compressed with (0: none), a zlib stream starts with 0x78. So the codec
and the dictionary can change without a migration, as long as every dictionary a release
ever wrote with stays in ``dicts/``. ``compression.zstd`` is in the standard library from
Python 3.14; before that the ``backports.zstd`` package is the same module.
"""

from __future__ import annotations

import functools
import sys
import threading
import zlib
from pathlib import Path

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

LEVEL = 1
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
DICTIONARIES = Path(__file__).with_name("dicts")
CURRENT_DICTIONARY = 1884005616  # the id new bodies are compressed with (0: no dictionary)
_local = threading.local()  # one compressor per thread (reused: half the cost of a new one)


@functools.cache
def dictionary(dict_id: int) -> zstd.ZstdDict:
    """The dictionary with this id, from ``dicts/events-<id>.zdict``."""
    try:
        content = (DICTIONARIES / f"events-{dict_id}.zdict").read_bytes()
    except FileNotFoundError:
        raise ValueError(
            f"body compressed with dictionary {dict_id}, which this version does not have"
        ) from None
    return zstd.ZstdDict(content)


def compress(data: bytes) -> bytes:
    compressor: zstd.ZstdCompressor | None = getattr(_local, "compressor", None)
    if compressor is None:
        trained = dictionary(CURRENT_DICTIONARY) if CURRENT_DICTIONARY else None
        compressor = _local.compressor = zstd.ZstdCompressor(LEVEL, zstd_dict=trained)
    return compressor.compress(data, zstd.ZstdCompressor.FLUSH_FRAME)


def decompress(body: bytes) -> bytes:
    if body[:4] == ZSTD_MAGIC:
        dict_id = zstd.get_frame_info(body).dictionary_id
        if dict_id:
            return zstd.decompress(body, zstd_dict=dictionary(dict_id))
        return zstd.decompress(body)
    if body[:1] == b"\x78":
        return zlib.decompress(body)
    raise ValueError(f"unknown compressed body (starts {body[:4]!r})")
