"""Effect handlers, registered by id; ``registry`` documents the hook contract.

Importing ``mantimon.engine.effects.library`` registers every built-in handler.
"""
