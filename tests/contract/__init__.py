"""The wire contract, vendored for tests (``ws_messages.py``), and its loader (``loader.py``)."""
