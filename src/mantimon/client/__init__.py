"""The Python client: REST calls (httpx) and a game socket (websockets) with typed messages.

    async with Client("http://127.0.0.1:8000") as client:
        await client.guest("Ana")
        game = await client.create_game(opponent="bot", bot="normal", deck="ember-rush")
        async with client.socket() as sock:
            await sock.join(game["id"])
            async for message in sock:          # typed ServerMessage models
                ...

The socket remembers the last ``event_id`` of every game it joined and, after a dropped
connection, ``reconnect()`` rejoins each with it, so the server replays exactly the missed
events.
"""

from mantimon.client.api import ApiError, Client
from mantimon.client.autoplay import PlayReport, play
from mantimon.client.socket import GameSocket

__all__ = ["ApiError", "Client", "GameSocket", "PlayReport", "play"]
