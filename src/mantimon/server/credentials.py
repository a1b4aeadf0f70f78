"""What a display name, a deck name, a username and a password may be: the one check for
each, used by every request model a name or password enters through.

What lives here: ``display_name``, ``deck_name`` and ``password`` (pydantic
after-validators: they return the clean value or raise ``ValueError`` with a sentence for
the 422 answer),
``password_for`` (the password against its username) and the bundled list of common
passwords (``data/common-passwords.txt``). Usernames are ASCII letters, digits and
``_ . -`` (the request model's pattern), so nothing else can hide in them. What
must not: hashing (``passwords.py``) or storage.

Why so strict about names: other players see them (boards, lobbies, spectators). A
control character, NUL or a bidirectional override or isolate can break or disguise what
is around the name ("Ana" followed by U+202E turns the rest of a line around), and a name
that is only spaces is no name. Format characters are refused except the zero-width
joiners that emoji and some scripts need.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

NAME_MAX = 32
DECK_NAME_MAX = 64
ALLOWED_FORMAT = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner
REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible formatting character (such as a text direction override)",
    "Cs": "a lone surrogate",
    "Co": "a private-use character",
    "Cn": "an unassigned character",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}


def display_name(value: str) -> str:
    """A player's name, trimmed and in NFC (``_clean``), at most ``NAME_MAX`` characters."""
    return _clean(value, NAME_MAX)


def deck_name(value: str) -> str:
    """A saved deck's name: the same rules (others see it too), up to ``DECK_NAME_MAX``."""
    return _clean(value, DECK_NAME_MAX)


def _clean(value: str, limit: int) -> str:
    """The name trimmed and in NFC; refused when blank, longer than ``limit``, or holding a
    character that is not printable text."""
    name = unicodedata.normalize("NFC", value).strip()
    if not name:
        raise ValueError("the name is blank")
    if len(name) > limit:
        raise ValueError(f"the name is longer than {limit} characters")
    for ch in name:
        category = unicodedata.category(ch)
        if category in REFUSED_CATEGORIES and ch not in ALLOWED_FORMAT:
            what = REFUSED_CATEGORIES[category]
            raise ValueError(f"the name holds {what} (U+{ord(ch):04X})")
    return name


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("mantimon.server").joinpath("data/common-passwords.txt").read_text()
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password(value: str) -> str:
    if value.casefold() in common_passwords():
        raise ValueError("this password is one of the most common ones; choose another")
    return value


def password_for(name: str, value: str) -> None:
    """Refuse a password equal to its account's username (in any case)."""
    if value.casefold() == name.casefold():
        raise ValueError("the password must not be the username")
