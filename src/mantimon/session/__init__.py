"""The game session, sans-I/O: every decision about a live game, as data.

What lives here: the in-memory authority for one game (``match``: seats, engine state,
event ids, turn clocks, presence, idempotency; ``authority``: a client message or the
passage of time in, texts and a record to store out), the live game around it (``live``:
who is bound, hosted bots, join/spectate/replay/act/leave/tick decisions returning an
``outcome`` addressed to opaque connection handles, with requests for what only the store
knows), the refusals a socket gets outside any game (``refusals``), and a token bucket.
What must not: sockets, databases, the clock (``now`` is always an argument), asyncio.
The server (``mantimon.server``) performs the I/O an ``Outcome`` describes: answer its
request from the store, store its commit, then deliver its texts.
"""
