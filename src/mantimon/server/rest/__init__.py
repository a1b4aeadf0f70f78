"""REST routers (JSON; OpenAPI at ``/docs``): auth, cards, decks, games, matchmaking, ops."""
