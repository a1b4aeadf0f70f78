"""The protocol layer imports only the engine, the cards and a small set of libraries.

An allowlist, so anything new (I/O, asyncio, a higher layer, even ``mantimon.bots``) fails
here until it is argued for. Reuses the import walker of ``tests/test_purity.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_purity import SRC, imported_modules

PACKAGE = SRC / "mantimon" / "protocol"
ALLOWED_TOP = frozenset(
    {
        "__future__",
        "collections",
        "copy",
        "datetime",  # a server message's default timestamp
        "enum",
        "functools",
        "typing",
        "uuid",  # a message's default id
        "orjson",
        "pydantic",
        "pydantic_core",
    }
)
ALLOWED_OURS = ("mantimon.engine", "mantimon.cards", "mantimon.protocol")


def problems(source: str, module: str, is_package: bool) -> list[str]:
    found = []
    for line, name in imported_modules(source, module, is_package):
        top = name.split(".")[0]
        if top == "mantimon":
            if name != "mantimon" and not any(
                name == ok or name.startswith(ok + ".") for ok in ALLOWED_OURS
            ):
                found.append(f"{module}:{line} imports {name}")
        elif top not in ALLOWED_TOP:
            found.append(f"{module}:{line} imports {name}")
    return found


MODULES = sorted(PACKAGE.glob("*.py"))


def test_the_walk_sees_the_package() -> None:
    names = {p.stem for p in MODULES}
    assert {"__init__", "codec", "client", "server", "schema"} <= names


@pytest.mark.parametrize("path", MODULES, ids=[p.stem for p in MODULES])
def test_module_imports_only_what_the_layer_may(path: Path) -> None:
    module = "mantimon.protocol" + ("" if path.stem == "__init__" else f".{path.stem}")
    assert problems(path.read_text(encoding="utf-8"), module, path.stem == "__init__") == []


@pytest.mark.parametrize(
    "source",
    [
        "import asyncio\n",
        "import os\n",
        "from time import monotonic\n",
        "from mantimon.session import Match\n",
        "from mantimon.bots import GreedyBot\n",
        "from .. import server\n",
        "import logging\n",
    ],
)
def test_the_check_flags_what_it_should(source: str) -> None:
    assert problems(source, "mantimon.protocol.codec", False)
