"""Bulk writes that skip SQLAlchemy's per-call execution machinery, on SQLite only.

What lives here: ``executemany(conn, stmt, rows)``, which the hot path (``SqlStore.commit``)
uses for its inserts and updates. What must not: statements themselves (``store.py``
builds them with Core, as everywhere else) or anything PostgreSQL-specific.

Why: a game step writes a handful of rows, and ``Connection.execute`` costs ~100 µs of
Python per call before SQLite sees a row (execution context, compiled-cache lookup,
parameter processing, event dispatch), several times SQLite's own work for the step
(bench/RESULTS.md). On SQLite the same Core statement is compiled once per dialect to its
SQL text and bind order, rows become tuples (through each parameter type's own bind
processor, so JSON columns are encoded exactly as Core would), and the driver's
``executemany`` runs them inside the caller's transaction. Driver errors are wrapped as
SQLAlchemy's (``IntegrityError`` and so on), so callers see one kind of exception. Any
other dialect goes through ``Connection.execute`` unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.compiler import SQLCompiler

Processor = Callable[[Any], Any] | None
Statement = sa.Insert | sa.Update | sa.Select[Any]


class _Compiled:
    """One statement as SQLite's driver takes it: SQL text, parameter names in bind order,
    and each parameter's bind processor (None where the value goes through as is)."""

    __slots__ = ("names", "processors", "sql")

    def __init__(self, stmt: Statement, dialect: Dialect) -> None:
        compiled = stmt.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        names = compiled.positiontup
        if names is None:
            raise TypeError(f"{dialect.name} does not use positional parameters")
        self.sql = compiled.string
        self.names = tuple(names)
        binds = compiled.binds
        self.processors: tuple[Processor, ...] = tuple(
            binds[n].type.bind_processor(dialect) for n in self.names
        )

    def rows(self, rows: Sequence[dict[str, Any]]) -> list[tuple[Any, ...]]:
        pairs = tuple(zip(self.names, self.processors, strict=True))
        return [tuple(row[n] if p is None else p(row[n]) for n, p in pairs) for row in rows]


_COMPILED: dict[tuple[int, str], tuple[Statement, _Compiled]] = {}


def _compiled(stmt: Statement, dialect: Dialect) -> _Compiled:
    """Compiled once per statement object (kept alive by the cache, so its id is stable)."""
    key = (id(stmt), dialect.name)
    hit = _COMPILED.get(key)
    if hit is None:
        hit = _COMPILED[key] = (stmt, _Compiled(stmt, dialect))
    return hit[1]


def executemany(conn: Connection, stmt: Statement, rows: Sequence[dict[str, Any]]) -> None:
    """``conn.execute(stmt, rows)`` for an INSERT/UPDATE whose rows give every parameter;
    on SQLite straight through the driver, in ``conn``'s transaction."""
    if not rows:
        return
    dialect = conn.dialect
    if dialect.name != "sqlite":
        conn.execute(stmt, rows)
        return
    compiled = _compiled(stmt, dialect)
    params = compiled.rows(rows)
    dbapi = dialect.loaded_dbapi
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(compiled.sql, params)
    except dbapi.Error as exc:
        raise sa.exc.DBAPIError.instance(
            compiled.sql, params, exc, dbapi.Error, dialect=dialect
        ) from exc
    finally:
        cursor.close()


def fetch_each(
    conn: Connection, stmt: Statement, params: Sequence[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """The rows of ``stmt`` (a SELECT with plain parameters) run once per parameter set,
    concatenated; on SQLite straight through the driver (result values unprocessed: use it
    for columns the driver already returns as Python values, such as text and numbers)."""
    dialect = conn.dialect
    if dialect.name != "sqlite":
        return [tuple(r) for p in params for r in conn.execute(stmt, p)]
    compiled = _compiled(stmt, dialect)
    dbapi = dialect.loaded_dbapi
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    out: list[tuple[Any, ...]] = []
    try:
        for args in compiled.rows(params):
            out.extend(cursor.execute(compiled.sql, args).fetchall())
    except dbapi.Error as exc:
        raise sa.exc.DBAPIError.instance(
            compiled.sql, list(params), exc, dbapi.Error, dialect=dialect
        ) from exc
    finally:
        cursor.close()
    return out
