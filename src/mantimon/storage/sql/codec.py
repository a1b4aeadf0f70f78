"""How long event messages are compressed at rest: Zstandard level 1, one frame per message.

What lives here: ``compress``/``decompress`` of message bodies for ``game_events.message_z``.
What must not: anything about rows or queries.

Measured on real ``game_state`` messages (mean ~10 KiB of JSON, bench/RESULTS.md): zstd
level 1 shrinks them 4.8x at ~40 µs each; zlib level 1 gets 4.4x at ~150 µs. The body is
self-describing (a zstd frame starts with its magic number, a zlib stream with 0x78), so
either is read back and the codec can change without a migration. ``compression.zstd`` is
in the standard library from Python 3.14; before that the ``backports.zstd`` package is the
same module.
"""

from __future__ import annotations

import sys
import threading
import zlib

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

LEVEL = 1
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_local = threading.local()  # one compressor per thread (reused: half the cost of a new one)


def compress(data: bytes) -> bytes:
    compressor: zstd.ZstdCompressor | None = getattr(_local, "compressor", None)
    if compressor is None:
        compressor = _local.compressor = zstd.ZstdCompressor(LEVEL)
    return compressor.compress(data, zstd.ZstdCompressor.FLUSH_FRAME)


def decompress(body: bytes) -> bytes:
    if body[:4] == ZSTD_MAGIC:
        return zstd.decompress(body)
    if body[:1] == b"\x78":
        return zlib.decompress(body)
    raise ValueError(f"unknown compressed body (starts {body[:4]!r})")
