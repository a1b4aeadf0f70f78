"""The server's Prometheus metrics: client messages are counted by type."""

from __future__ import annotations

from mantimon.server.metrics import Metrics


def test_client_messages_are_counted_per_type() -> None:
    metrics = Metrics()
    for kind in ("action", "join_game", "action", "action"):
        metrics.received(kind)
    text = metrics.render().decode()
    assert 'mantimon_messages_total{type="action"} 3.0' in text
    assert 'mantimon_messages_total{type="join_game"} 1.0' in text
    assert 'type="resign"' not in text
