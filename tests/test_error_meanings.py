"""Every error code a player can meet has a sentence in the browser client (js/errors.js).

Without one, a toast reads "The server refused that (some_code)". The codes are the wire
contract's (``WSErrorCode``) and every code the REST layer raises (``ApiError(status,
"code", ...)``, found in the source), so a new code without a sentence fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from mantimon.protocol.enums import WSErrorCode

SRC = Path(__file__).resolve().parents[1] / "src" / "mantimon"


def rest_codes() -> set[str]:
    codes: set[str] = set()
    for path in (SRC / "server").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or len(node.args) < 2:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            code = node.args[1]
            if name == "ApiError" and isinstance(code, ast.Constant):
                codes.add(str(code.value))
    return codes


def test_every_error_code_has_a_sentence_for_players() -> None:
    text = (SRC / "web" / "js" / "errors.js").read_text(encoding="utf-8")
    explained = set(re.findall(r"^\s+([a-z_]+):", text, re.M))
    codes = rest_codes() | {c.value for c in WSErrorCode}
    assert len(codes) > 30  # the scan found the REST codes
    assert codes - explained == set()
