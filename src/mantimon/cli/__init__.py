"""The ``mantimon`` command line. One Typer app; each module here adds its commands.

What lives here: argument parsing and printing only. Commands call the engine, bots,
server and client through their public functions.
"""

from mantimon.cli import (  # noqa: F401  (register their commands)
    balance_cmds,
    compare_cmds,
    engine_cmds,
    server_cmds,
    tournament_cmds,
)
from mantimon.cli.app import app

__all__ = ["app"]
