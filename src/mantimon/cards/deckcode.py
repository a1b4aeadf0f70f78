"""Deck codes: a deck as one short line of text to share ("mtd1." + base64url).

What lives here: ``encode_deck`` and ``decode_deck``, the same format as the browser's
``web/js/deckcode.js`` (a code made by one decodes in the other), pure functions with no
card pool: whether the cards exist and the deck is legal is the caller's question. What
must not: I/O, the pool, the rules.

The bytes: preset (0 mantimon, 1 classic), then two parts (deck, energy deck), each
``groups:varint`` and per group ``prefix:str, width:u8, entries:varint`` and per entry
``(number:varint if width else suffix:str), count:u8`` (1..99), then a checksum byte. A
group holds the ids ``<prefix>-<suffix>`` of one prefix; ``width`` > 0 when every suffix
is a number of that many digits (``m1-050``: prefix ``m1``, width 3, number 50), so a card
costs two bytes. ``str`` is a length byte and ASCII.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

PREFIX = "mtd1."
PRESETS = ("mantimon", "classic")
MAX_COUNT = 99
MAX_LENGTH = 2000  # 100 different cards of this game make about 300 characters
_NUMERIC = re.compile(r"\d{1,6}")
_PRINTABLE = re.compile(r"[\x20-\x7e]{0,255}")
_CUT = "The code is cut short (check that it was copied whole)."

Counts = Mapping[str, int] | Iterable[str]


class DeckCodeError(ValueError):
    """A code that is not a deck code, or a deck no code can hold; the text is for players."""


@dataclass(frozen=True, slots=True)
class DecodedDeck:
    preset: str
    cards: dict[str, int] = field(default_factory=dict)
    energy: dict[str, int] = field(default_factory=dict)


def _checksum(data: bytes | bytearray) -> int:
    return sum(b * ((i % 7) + 1) for i, b in enumerate(data)) % 251


def _counts(part: Counts) -> dict[str, int]:
    if isinstance(part, Mapping):
        return {cid: n for cid, n in part.items() if n > 0}
    return dict(Counter(part))


def _split(card_id: str) -> tuple[str, int, int | str]:
    prefix, dash, suffix = card_id.rpartition("-")
    if not dash:
        prefix, suffix = "", card_id
    if _NUMERIC.fullmatch(suffix):
        return prefix, len(suffix), int(suffix)
    return prefix, 0, suffix


class _Writer:
    def __init__(self) -> None:
        self.out = bytearray()

    def u8(self, n: int) -> None:
        self.out.append(n & 0xFF)

    def varint(self, n: int) -> None:
        while n >= 0x80:
            self.out.append((n & 0x7F) | 0x80)
            n >>= 7
        self.out.append(n)

    def text(self, value: str) -> None:
        if not _PRINTABLE.fullmatch(value):
            raise DeckCodeError(f"A card id cannot go into a code: {value}")
        self.u8(len(value))
        self.out += value.encode("ascii")


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def u8(self) -> int:
        if self.at >= len(self.data):
            raise DeckCodeError(_CUT)
        self.at += 1
        return self.data[self.at - 1]

    def varint(self) -> int:
        n, shift = 0, 0
        while True:
            b = self.u8()
            n |= (b & 0x7F) << shift
            if not b & 0x80:
                return n
            shift += 7
            if shift > 21:
                raise DeckCodeError("The code is damaged.")

    def text(self) -> str:
        return bytes(self.u8() for _ in range(self.u8())).decode("latin-1")


def _write_part(w: _Writer, part: Counts) -> None:
    groups: dict[tuple[str, int], list[tuple[int | str, int]]] = {}
    for cid, n in _counts(part).items():
        if not 1 <= n <= MAX_COUNT:
            raise DeckCodeError(f"{cid}: a count must be 1..{MAX_COUNT}")
        prefix, width, key = _split(cid)
        groups.setdefault((prefix, width), []).append((key, n))
    w.varint(len(groups))
    # The browser sorts groups by prefix + width as text, and entries by key: the same here.
    for (prefix, width), entries in sorted(groups.items(), key=lambda g: f"{g[0][0]}{g[0][1]}"):
        w.text(prefix)
        w.u8(width)
        w.varint(len(entries))
        for key, n in sorted(entries, key=lambda e: e[0]):
            if isinstance(key, int):
                w.varint(key)
            else:
                w.text(key)
            w.u8(n)


def _read_part(r: _Reader) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _ in range(r.varint()):
        prefix = r.text()
        width = r.u8()
        for _ in range(r.varint()):
            suffix = str(r.varint()).zfill(width) if width else r.text()
            cid = f"{prefix}-{suffix}" if prefix else suffix
            n = r.u8()
            if not 1 <= n <= MAX_COUNT:
                raise DeckCodeError("The code is damaged (a card count is out of range).")
            if cid in counts:
                raise DeckCodeError("The code is damaged (a card is named twice).")
            counts[cid] = n
    return counts


def encode_deck(preset: str, cards: Counts, energy: Counts = ()) -> str:
    """The code of a deck (``cards``/``energy``: id -> count maps or lists of ids)."""
    if preset not in PRESETS:
        raise DeckCodeError(f"Unknown rules: {preset}")
    w = _Writer()
    w.u8(PRESETS.index(preset))
    _write_part(w, cards)
    _write_part(w, energy)
    w.u8(_checksum(w.out))
    return PREFIX + base64.urlsafe_b64encode(bytes(w.out)).decode("ascii").rstrip("=")


def decode_deck(text: str) -> DecodedDeck:
    """The deck in a code (white space anywhere is ignored); ``DeckCodeError`` says why a
    code is refused."""
    code = re.sub(r"\s+", "", text)
    if not code:
        raise DeckCodeError("Paste a deck code first.")
    if len(code) > MAX_LENGTH:
        raise DeckCodeError("That is far too long for a deck code.")
    if not code.startswith(PREFIX):
        if re.match(r"mtd\d+\.", code):
            raise DeckCodeError("This deck code is from a newer version of the game.")
        raise DeckCodeError(f"That is not a deck code: a deck code starts with “{PREFIX}”.")
    body = code[len(PREFIX) :]
    if not re.fullmatch(r"[A-Za-z0-9_-]*", body):
        raise DeckCodeError(
            "The code holds characters a deck code never has (check that it was copied whole)."
        )
    try:
        data = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise DeckCodeError("The code is damaged (check that it was copied whole).") from None
    if len(data) < 4:
        raise DeckCodeError(_CUT)
    if _checksum(data[:-1]) != data[-1]:
        raise DeckCodeError(
            "The code is damaged: a character was changed or lost (check that it was copied whole)."
        )
    r = _Reader(data[:-1])
    index = r.u8()
    if index >= len(PRESETS):
        raise DeckCodeError("The code names rules this game does not have.")
    cards = _read_part(r)
    energy = _read_part(r)
    if r.at != len(r.data):
        raise DeckCodeError("The code is damaged (it has extra characters).")
    return DecodedDeck(PRESETS[index], cards, energy)
