"""Prometheus metrics of one server (own registry, so tests can run several servers)."""

from __future__ import annotations

from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.connections = Gauge(
            "mantimon_connections", "Open WebSocket connections", registry=self.registry
        )
        self.active_games = Gauge(
            "mantimon_active_games", "Games held in memory", registry=self.registry
        )
        self.actions = Counter(
            "mantimon_actions", "Actions applied (player and bot)", registry=self.registry
        )
        self.latency = Histogram(
            "mantimon_action_seconds",
            "Time from receiving an action to its acknowledgement",
            buckets=(0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0),
            registry=self.registry,
        )
        self.errors = Counter(
            "mantimon_errors", "Error messages sent, by code", ["code"], registry=self.registry
        )
        self.messages = Counter(
            "mantimon_messages",
            "Client messages received, by type",
            ["type"],
            registry=self.registry,
        )

        self.bot_decisions = Counter(
            "mantimon_bot_decisions",
            "Hosted bot decisions, by where they were made (loop, worker, fallback)",
            ["where"],
            registry=self.registry,
        )

        self._received: dict[str, Any] = {}  # message type -> its labelled counter

    def received(self, message_type: str) -> None:
        """Count one client message. The labelled counter is looked up once per type (the
        contract's few): ``labels`` on every frame was ~1% of the server's CPU under load."""
        counter = self._received.get(message_type)
        if counter is None:
            counter = self._received[message_type] = self.messages.labels(message_type)
        counter.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
