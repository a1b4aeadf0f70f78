"""Logging without secrets: every record the server writes passes ``RedactSecrets`` first.

What lives here: ``redact`` (the patterns of what must never reach a log: tokens in query
strings, ``Authorization`` values, anything shaped like a JWT, a password in a database
URL), the filter that applies it to a record, and ``log_config``, uvicorn's logging
configuration with the filter on every handler. What must not: deciding what is logged.

Why on the handlers: uvicorn logs each request line with its query string (the access
log, and ``"WebSocket /ws?token=..." [accepted]`` on the error log), and a filter on a
handler sees every record that reaches it, whichever logger wrote it. The record's
arguments are redacted in place (uvicorn's access formatter reads them by position), and
a traceback is rendered and redacted before any formatter sees it.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any

from uvicorn.config import LOGGING_CONFIG

REDACTED = "[redacted]"
_PATTERNS = (
    # ?token=..., &access_token=..., refresh_token=... in a URL or a form
    re.compile(r"(?i)((?:^|[?&;\s\"'])(?:access_|refresh_)?token=)[^&;\s\"']+"),
    # Authorization: Bearer ... / Basic ...
    re.compile(r"(?i)(\b(?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]+"),
    # a JWT anywhere (three base64url parts, the first two JSON objects)
    re.compile(r"()\beyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*"),
    # scheme://user:password@host
    re.compile(r"(://[^/:@\s]+:)[^@\s/]+(?=@)"),
)


def redact(text: str) -> str:
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


def _clean(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _clean(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_clean(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _clean(v) for k, v in record.args.items()}
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration, with ``RedactSecrets`` on each of its handlers,
    and warnings of every other logger (the server's own, libraries') through the same
    handler (uvicorn's ``--log-level`` still sets its own loggers' level)."""
    config: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {"redact": {"()": RedactSecrets}}
    for handler in config["handlers"].values():
        handler["filters"] = ["redact"]
    config["root"] = {"handlers": ["default"], "level": "WARNING"}
    return config
