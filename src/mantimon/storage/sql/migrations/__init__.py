"""Alembic migrations of the SQL storage, run in code by ``mantimon.storage.sql.migrate``."""
