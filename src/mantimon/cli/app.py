"""The shared Typer application and console every command module registers on."""

import typer
from rich.console import Console

app = typer.Typer(help="Mantimon TCG: server, bots, tools.", no_args_is_help=True)
console = Console()
