"""The one exception the engine raises for a refused action, carrying its protocol code."""

from __future__ import annotations

from mantimon.engine.enums import ActionErrorCode


class IllegalAction(Exception):
    """An action was refused; ``code`` is a wire error code, ``message`` says why in words."""

    def __init__(self, code: ActionErrorCode, message: str) -> None:
        super().__init__(f"{code.value}: {message}")
        self.code = code
        self.message = message
