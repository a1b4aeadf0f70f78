"""Load the wire contract (``ws_messages.py``) unchanged, with our engine's types in it.

The spec imports ``GameEndReason``, ``Action`` and ``VisibleGameState`` from ``app.core...``;
``spec_loaded`` puts stand-in ``app.*`` modules that expose ours into ``sys.modules``,
executes the spec file as it is, and afterwards leaves ``sys.modules`` exactly as it found
it. The spec is read from ``../shared/spec`` beside the repository when present, else from
the verbatim copy in this folder (``tests/test_wire_contract.py`` keeps the two identical).
Used by the contract tests, the protocol tests and ``bench/protocol_bench.py``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import mantimon.engine as engine

SHARED_SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "ws_messages.py"
VENDORED_SPEC = Path(__file__).resolve().parent / "ws_messages.py"
SPEC_PATH = SHARED_SPEC if SHARED_SPEC.is_file() else VENDORED_SPEC
SPEC_MODULE = "_mantimon_test_ws_messages"
FAKE_PACKAGES = ("app", "app.core", "app.core.models")


def _fake_modules() -> dict[str, types.ModuleType]:
    mods = {name: types.ModuleType(name) for name in FAKE_PACKAGES}
    for mod in mods.values():
        mod.__path__ = []  # a package, so submodules can hang off it
    enums = types.ModuleType("app.core.enums")
    enums.GameEndReason = engine.GameEndReason  # type: ignore[attr-defined]
    actions = types.ModuleType("app.core.models.actions")
    actions.Action = engine.Action  # type: ignore[attr-defined]
    visibility = types.ModuleType("app.core.visibility")
    visibility.VisibleGameState = engine.VisibleGameState  # type: ignore[attr-defined]
    mods.update({m.__name__: m for m in (enums, actions, visibility)})
    for name, mod in mods.items():
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(mods[parent], child, mod)
    return mods


@contextlib.contextmanager
def spec_loaded(path: Path = SPEC_PATH) -> Iterator[types.ModuleType]:
    """The spec file executed as it is, with the ``app.*`` stand-ins in ``sys.modules`` while
    the block runs; afterwards ``sys.modules`` holds exactly what it held before."""
    fakes = _fake_modules()
    names = (*fakes, SPEC_MODULE)
    before = {name: sys.modules.get(name) for name in names}
    try:
        sys.modules.update(fakes)
        spec = importlib.util.spec_from_file_location(SPEC_MODULE, path)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[SPEC_MODULE] = module
        spec.loader.exec_module(module)
        yield module
    finally:
        for name, previous in before.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous
