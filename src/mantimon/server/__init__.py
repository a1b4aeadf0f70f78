"""The real-time game server: FastAPI REST + a plain WebSocket at ``/ws``.

What lives here: settings, the composition root (``bootstrap``), the hub that runs the
session layer's decisions against storage and sockets, the WebSocket loop, REST routers,
security (JWT, argon2), server-hosted bots and metrics. Thin: decode -> session -> deliver.
"""
