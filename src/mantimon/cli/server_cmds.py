"""Server commands: ``serve`` (the game server), ``play`` (a game in the terminal) and
``bot`` (bots connecting as real clients)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mantimon.cli.app import app, console


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url", help="SQLAlchemy URL, or 'memory' (default: SQLite under ./var/)."
        ),
    ] = None,
    var_dir: Annotated[
        Path | None, typer.Option(help="Folder for the SQLite file and the JWT secret.")
    ] = None,
    turn_seconds: Annotated[
        float | None, typer.Option(help="Turn time limit for new games.")
    ] = None,
    bot_think_seconds: Annotated[
        float | None, typer.Option(help="Pause before a server bot moves.")
    ] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Run the game server (REST + WebSocket /ws); default: SQLite under ./var/, 127.0.0.1:8000."""
    import uvicorn

    from mantimon.server.bootstrap import create_app
    from mantimon.server.collector import settle_garbage_collector
    from mantimon.server.logs import redact
    from mantimon.server.settings import Settings
    from mantimon.server.transport import uvicorn_options

    settings = Settings.from_env(
        host=host,
        port=port,
        database_url=database_url,
        var_dir=var_dir,
        turn_seconds=turn_seconds,
        bot_think_seconds=bot_think_seconds,
    )
    if (
        settings.database_url.startswith("sqlite")
        and "///./" in settings.database_url
        and var_dir is not None
    ):
        settings = settings.model_copy(
            update={"database_url": f"sqlite+aiosqlite:///{settings.var_dir}/mantimon.db"}
        )
    console.print(
        f"[bold]Mantimon server[/bold] on http://{settings.host}:{settings.port}  "
        f"(storage: {redact(settings.database_url)}; API docs at /docs; WebSocket at /ws)"
    )
    console.print(f"Play in your browser: [bold]http://{settings.host}:{settings.port}/[/bold]")
    app = create_app(settings)
    settle_garbage_collector()
    uvicorn.run(app, log_level=log_level, **uvicorn_options(settings))


@app.command()
def play(
    bot: Annotated[
        str,
        typer.Option(
            help="The server bot to play against: a level (easy, normal, hard, expert) or "
            "another bot the server lists at /api/bots."
        ),
    ] = "normal",
    server: Annotated[str, typer.Option(help="Server URL.")] = "http://127.0.0.1:8000",
    name: Annotated[str, typer.Option(help="Your display name.")] = "Player",
    deck: Annotated[str, typer.Option(help="Your starter deck.")] = "ember-rush",
    bot_deck: Annotated[str | None, typer.Option(help="The bot's starter deck.")] = None,
    preset: Annotated[str, typer.Option(help="Rules preset.")] = "mantimon",
) -> None:
    """Play a game in the terminal against a server bot: both sides' moves are printed as
    they happen; type an option's number (kept for the whole turn), e to end the turn, r to
    resign."""
    import asyncio

    from mantimon.cli.terminal import play_in_terminal

    code = asyncio.run(play_in_terminal(server, name, bot, deck, bot_deck, preset))
    raise typer.Exit(code)


@app.command("bot")
def bots(
    server: Annotated[str, typer.Option(help="Server URL.")] = "http://127.0.0.1:8000",
    games: Annotated[int, typer.Option(min=1, help="Games to play.")] = 4,
    bot: Annotated[
        str, typer.Option(help="The client bot (mantimon selfplay --help lists them).")
    ] = "greedy",
    opponent: Annotated[
        str, typer.Option(help="'client' (two client bots play each other) or a server bot name.")
    ] = "client",
    concurrency: Annotated[int, typer.Option(min=1, help="Games played at the same time.")] = 2,
    deck: Annotated[str, typer.Option(help="Starter deck of the client bots.")] = "ember-rush",
) -> None:
    """Connect bots to a server as real clients and play games; prints results and latency."""
    import asyncio

    from mantimon.cli.terminal import run_client_bots

    asyncio.run(run_client_bots(server, games, bot, opponent, concurrency, deck))


@app.command("campaign-run")
def campaign_run(
    server: Annotated[str, typer.Option(help="Server URL.")] = "http://127.0.0.1:8000",
    bot: Annotated[str, typer.Option(help="The bot that plays the human's side.")] = "normal",
    starter: Annotated[str, typer.Option(help="The starter deck to begin with.")] = "ember-rush",
    max_games: Annotated[int, typer.Option(min=1, help="Give up after this many games.")] = 200,
) -> None:
    """Drive a fresh account through the whole campaign over the public API with a bot:
    prints every game and how many it took to become champion."""
    import asyncio

    from mantimon.client.campaign_run import run_campaign

    run = asyncio.run(run_campaign(server, bot, starter, max_games))
    for n, (duelist, outcome) in enumerate(run.games, 1):
        console.print(f"{n:4d}  {duelist:20s} {outcome}")
    wins = sum(o == "win" for _, o in run.games)
    console.print(
        f"{len(run.games)} games, {wins} won; medals {len(run.medals)}; packs earned"
        f" {run.packs_earned}; cards owned {run.cards_owned}"
    )
    if run.champion_after is None:
        console.print("[red]not champion[/red] within the games played")
        raise typer.Exit(1)
    console.print(f"[green]champion after {run.champion_after} games[/green]")
