"""Bulk writes for the billing cycle: one compiled statement, many rows.

SQLAlchemy converts every parameter of every row on its way to the driver, which costs
more than the database's own work when a billing run writes hundreds of thousands of
rows. Here a statement is compiled once, each column's conversion is looked up once, and
conversions of repeated values (the same invoice date on thousands of rows) are
remembered, before the rows go to the driver's ``executemany`` in one call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.sql import ClauseElement
from sqlalchemy.types import DateTime, TypeEngine


def _converter(process: Callable[[Any], Any], memo: dict[Any, Any]) -> Callable[[list], list]:
    """Convert a whole column, remembering each distinct value's conversion."""
    def convert(value: Any) -> Any:
        converted = memo[value] = process(value)
        return converted

    def column(values: list) -> list:
        return [None if v is None else memo[v] if v in memo else convert(v) for v in values]
    return column


def execute_many(
    connection: Connection,
    statement: ClauseElement,
    rows: Sequence[dict[str, Any]],
) -> None:
    """Run ``statement`` once per row; rows are dicts keyed by the statement's parameters."""
    if rows:
        names = list(rows[0])
        execute_rows(connection, statement, names, [[row[n] for n in names] for row in rows])


def execute_rows(
    connection: Connection,
    statement: ClauseElement,
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Run ``statement`` once per row; each row holds the values of ``names`` in order."""
    if not rows:
        return
    dialect = connection.dialect
    compiled = statement.compile(dialect=dialect, column_keys=list(names))
    columns = list(map(list, zip(*rows, strict=True)))
    memos: dict[type, dict[Any, Any]] = {}
    converted = set()
    for bind, name in compiled.bind_names.items():
        impl = bind.type.dialect_impl(dialect)
        process = impl.bind_processor(dialect)
        if process is not None and name not in converted:
            converted.add(name)
            index = names.index(name)
            columns[index] = _converter(process, memos.setdefault(type(impl), {}))(
                columns[index])
    _send(connection, compiled, names, list(zip(*columns, strict=True)))


def to_driver(connection: Connection, sqltype: TypeEngine) -> Callable[[Any], Any]:
    """A function giving a value of ``sqltype`` in the form the driver takes, remembering
    each distinct value's conversion (for rows built already converted, see
    :func:`execute_converted`)."""
    process = sqltype.dialect_impl(connection.dialect).bind_processor(connection.dialect)
    if process is None:
        return lambda value: value
    memo: dict[Any, Any] = {None: None}

    def convert(value: Any) -> Any:
        try:
            return memo[value]
        except KeyError:
            converted = memo[value] = process(value)
            return converted
    return convert


def from_driver(connection: Connection, sqltype: TypeEngine) -> Callable[[Any], Any]:
    """The inverse of :func:`to_driver`: a value of ``sqltype`` from the driver's form (as
    a query returns a column read with ``type_coerce(column, String)``)."""
    process = sqltype.dialect_impl(connection.dialect).result_processor(
        connection.dialect, None)
    if process is None:
        return lambda value: value
    if isinstance(sqltype, DateTime) and connection.dialect.name == "sqlite":
        # SQLAlchemy stores ISO 8601 text on SQLite, which the C parser reads directly.
        return lambda value: None if value is None else datetime.fromisoformat(value)
    return process


def execute_converted(
    connection: Connection,
    statement: ClauseElement,
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Like :func:`execute_rows`, for rows whose values are already in the driver's form."""
    if rows:
        compiled = statement.compile(dialect=connection.dialect, column_keys=list(names))
        _send(connection, compiled, names, rows)


def _send(connection: Connection, compiled, names: Sequence[str],
          rows: Sequence[Sequence[Any]]) -> None:
    """Give the driver ``rows`` (values of ``names``, in the driver's form) in the order
    or under the names the compiled statement takes them."""
    if compiled.positional:
        order = [names.index(name) for name in compiled.positiontup]
        if order == list(range(len(names))):
            shaped: Sequence = rows
        elif len(order) == 1:  # itemgetter of one index gives the value, not a tuple
            shaped = [(row[order[0]],) for row in rows]
        else:
            pick = itemgetter(*order)
            shaped = [pick(row) for row in rows]
    else:
        shaped = [dict(zip(names, row, strict=True)) for row in rows]
    connection.exec_driver_sql(compiled.string, shaped)
