"""The match authority, sans-I/O: ``(match, sender, message, now) -> (match', deliveries)``.

What lives here: the in-memory authority for one game (seats, engine state, event ids,
turn clocks, presence, idempotency), the functions that turn a client message or the
passage of time into server messages to deliver and records to store, and a token bucket.
What must not: sockets, databases, the clock (``now`` is always an argument), asyncio.
The server (``mantimon.server``) performs the I/O the returned ``Outcome`` describes:
store ``outcome.commit``, then deliver ``outcome.sends``.
"""
