"""Mantimon TCG: a creature-battle trading card game with an authoritative server.

Layers (imports point down only): cli > server > session > storage > protocol > bots >
engine > cards. See DESIGN.md in the shared folder and docs/adr/ for the decisions.
"""

__version__ = "0.1.0"
