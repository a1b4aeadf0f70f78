"""The engine and card layers stay pure and import only downward (DESIGN.md §2).

An AST check beside the import-linter contracts in pyproject.toml: every module under
``src/mantimon/engine`` and ``src/mantimon/cards`` is parsed and each ``import x``,
``import x.y``, ``from x import y`` and relative import (anywhere in the file, including inside
functions and ``TYPE_CHECKING`` blocks) is resolved to an absolute module name. Forbidden:
the clock, I/O, threads, logging and global randomness, any higher layer, and (for cards)
the engine. Literal ``importlib.import_module("x")`` / ``__import__("x")`` calls count too.
The synthetic tests at the end show the checker flags what it should, so it can fail.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PURE_PACKAGES = ("mantimon.engine", "mantimon.cards")

FORBIDDEN_STDLIB = frozenset(
    {"asyncio", "time", "random", "os", "socket", "logging", "threading", "datetime"}
)
HIGHER_LAYERS = (
    "mantimon.bots",
    "mantimon.cli",
    "mantimon.server",
    "mantimon.session",
    "mantimon.storage",
    "mantimon.protocol",
)


def _within(name: str, package: str) -> bool:
    """``name`` is ``package`` or one of its submodules (``mantimon.botsy`` is not in bots)."""
    return name == package or name.startswith(package + ".")


def _resolve_from(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute module named by ``from <level dots><target> import ...`` in ``module``."""
    if level == 0:
        return target or ""
    parts = module.split(".")
    base = parts if is_package else parts[:-1]
    if level - 1 > len(base) - 1:
        raise ValueError(f"relative import beyond the top package in {module}")
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target]) if target else ".".join(base)


def imported_modules(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every ``(line, absolute module name)`` the source imports.

    ``from a import b`` yields both ``a`` and ``a.b`` (``b`` may be a submodule, as in
    ``from mantimon import bots``).
    """
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_from(module, is_package, node.level, node.module)
            found.append((node.lineno, base))
            found.extend(
                (node.lineno, f"{base}.{alias.name}" if base else alias.name)
                for alias in node.names
                if alias.name != "*"
            )
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            arg = node.args[0]
            if (
                name in ("import_module", "__import__")
                and isinstance(arg, ast.Constant)
                and isinstance(arg.value, str)
            ):
                found.append((node.lineno, arg.value))
    return found


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """Human-readable import violations of ``module`` (empty when it is pure)."""
    out: list[str] = []
    for line, name in imported_modules(source, module, is_package):
        top = name.split(".")[0]
        if top in FORBIDDEN_STDLIB:
            out.append(f"{module}:{line} imports {name} (impure: {top})")
        for layer in HIGHER_LAYERS:
            if _within(name, layer):
                out.append(f"{module}:{line} imports {name} (higher layer {layer})")
        if _within(module, "mantimon.cards") and _within(name, "mantimon.engine"):
            out.append(f"{module}:{line} imports {name} (cards must not import the engine)")
    return sorted(set(out))


def _modules() -> list[tuple[str, Path]]:
    found = []
    for package in PURE_PACKAGES:
        root = SRC.joinpath(*package.split("."))
        for path in sorted(root.rglob("*.py")):
            rel = path.relative_to(SRC).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found.append((".".join(parts), path))
    return found


MODULES = _modules()


def test_the_walk_finds_the_pure_layers() -> None:
    names = {name for name, _ in MODULES}
    # The walk must actually see the code it guards (a wrong root would pass vacuously).
    for expected in (
        "mantimon.engine",
        "mantimon.engine.rng",
        "mantimon.engine.apply",
        "mantimon.engine.view",
        "mantimon.engine.effects.registry",
        "mantimon.cards",
        "mantimon.cards.schema",
        "mantimon.cards.pool",
    ):
        assert expected in names, f"{expected} not found under {SRC}"
    assert len(MODULES) >= 20


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_module_is_pure_and_imports_only_downward(module: str, path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    is_package = path.name == "__init__.py"
    assert violations(source, module, is_package) == []


# --- the checker itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "source", "needle"),
    [
        ("mantimon.engine.apply", "import time\n", "time"),
        ("mantimon.engine.apply", "import os.path\n", "os.path"),
        ("mantimon.engine.apply", "import random as r\n", "random"),
        ("mantimon.engine.apply", "from datetime import datetime\n", "datetime"),
        ("mantimon.engine.apply", "from asyncio.tasks import sleep\n", "asyncio.tasks"),
        ("mantimon.engine.apply", "def f():\n    import logging\n", "logging"),
        ("mantimon.engine.apply", "import socket, json\n", "socket"),
        ("mantimon.engine.apply", "from threading import Lock\n", "threading"),
        (
            "mantimon.engine.apply",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import mantimon.bots\n",
            "mantimon.bots",
        ),
        ("mantimon.engine.apply", "from mantimon.bots import make_bot\n", "mantimon.bots"),
        ("mantimon.engine.apply", "from mantimon import cli\n", "mantimon.cli"),
        ("mantimon.engine.apply", "import mantimon.server.app\n", "mantimon.server"),
        ("mantimon.engine.apply", "from mantimon.session import x\n", "mantimon.session"),
        ("mantimon.engine.apply", "from mantimon.storage.sql import x\n", "mantimon.storage"),
        ("mantimon.engine.apply", "from ..protocol import codec\n", "mantimon.protocol"),
        ("mantimon.engine.effects.board", "from ...bots import base\n", "mantimon.bots"),
        ("mantimon.engine", "from .. import bots\n", "mantimon.bots"),
        ("mantimon.cards.pool", "from mantimon.engine import rng\n", "mantimon.engine"),
        ("mantimon.cards.pool", "import mantimon.engine.state\n", "mantimon.engine"),
        ("mantimon.cards.pool", "from .. import engine\n", "mantimon.engine"),
        ("mantimon.cards", "from ..engine.rng import below\n", "mantimon.engine"),
        ("mantimon.engine.apply", "import importlib\nimportlib.import_module('time')\n", "time"),
        ("mantimon.engine.apply", "__import__('random')\n", "random"),
    ],
)
def test_checker_flags_forbidden_import(module: str, source: str, needle: str) -> None:
    is_package = module in PURE_PACKAGES
    found = violations(source, module, is_package)
    assert found, f"{source!r} in {module} was not flagged"
    assert any(f"imports {needle}" in v for v in found), found


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("mantimon.engine.apply", "import json\nimport timeit\nimport randomize\n"),
        ("mantimon.engine.apply", "from mantimon.cards import CardPool\n"),
        ("mantimon.engine.apply", "from mantimon.engine import rng, ops\n"),
        ("mantimon.engine.apply", "from . import rng\nfrom .state import GameState\n"),
        ("mantimon.engine.apply", "import mantimon.botsy\nfrom mantimon import clique\n"),
        ("mantimon.engine.apply", "from importlib import resources\nfrom pathlib import Path\n"),
        ("mantimon.cards.pool", "from mantimon.cards.schema import CardDef\n"),
        ("mantimon.cards.pool", "from .schema import CardDef\nfrom . import schema\n"),
        ("mantimon.cards.pool", "from mantimon import engineering\n"),
    ],
)
def test_checker_accepts_allowed_imports(module: str, source: str) -> None:
    assert imported_modules(source, module)
    assert violations(source, module) == []


def test_relative_imports_resolve_against_the_module() -> None:
    assert _resolve_from("mantimon.engine.apply", False, 1, "state") == "mantimon.engine.state"
    assert _resolve_from("mantimon.engine.apply", False, 2, None) == "mantimon"
    assert _resolve_from("mantimon.engine", True, 1, "rng") == "mantimon.engine.rng"
    assert _resolve_from("mantimon.engine", True, 2, "bots") == "mantimon.bots"
    assert _resolve_from("mantimon.engine.effects.board", False, 2, "ops") == (
        "mantimon.engine.ops"
    )
    with pytest.raises(ValueError, match="beyond the top package"):
        _resolve_from("mantimon.engine.apply", False, 4, "x")
