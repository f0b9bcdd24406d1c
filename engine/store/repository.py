"""Load and save domain entities through SQLAlchemy Core, recording every change.

A repository hands out plain dataclasses. ``save`` writes only the columns that changed
since the entity was loaded, and each write becomes a :class:`Change` on the unit of work,
which is what an action's preview and result report.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, Table, delete, insert, select, update

T = TypeVar("T")


@dataclass
class Change:
    entity: str
    id: str
    op: str  # "create", "update" or "delete"
    fields: dict[str, list[Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "id": self.id,
            "op": self.op,
            "fields": {name: [_plain(a), _plain(b)] for name, (a, b) in self.fields.items()},
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# Columns whose values never appear in a change report.
_HIDDEN = {"passphrase_hash", "token"}


class Repository(Generic[T]):
    def __init__(
        self,
        connection: Connection,
        table: Table,
        cls: type[T],
        entity: str,
        changes: list[Change],
        key: str = "id",
    ) -> None:
        self.connection = connection
        self.table = table
        self.cls = cls
        self.entity = entity
        self.changes = changes
        self.key = key
        self._loaded: dict[str, dict[str, Any]] = {}

    def _entity(self, row: Any) -> T:
        values = dict(row)
        self._loaded[values[self.key]] = values
        return self.cls(**values)

    # Row locks are FOR NO KEY UPDATE (``key_share=True``): Betal never changes a key, and a
    # plain FOR UPDATE would also block the key-share lock another transaction's insert
    # takes on the rows it references (a charge attempt's payment method), which deadlocks
    # an admin's replace against a worker's charge on PostgreSQL.
    def get(self, key: str, *, for_update: bool = False) -> T | None:
        query = select(self.table).where(self.table.c[self.key] == key)
        if for_update:
            query = query.with_for_update(key_share=True)
        row = self.connection.execute(query).mappings().first()
        return self._entity(row) if row else None

    def find(self, *conditions: Any, order_by: Any = None, limit: int | None = None,
             for_update: bool = False) -> list[T]:
        query = select(self.table).where(*conditions)
        if order_by is not None:
            query = query.order_by(*order_by) if isinstance(order_by, tuple) else query.order_by(
                order_by)
        if limit is not None:
            query = query.limit(limit)
        if for_update:
            query = query.with_for_update(key_share=True)
        return [self._entity(row) for row in self.connection.execute(query).mappings()]

    def where(self, **equals: Any) -> list[T]:
        return self.find(*(self.table.c[name] == value for name, value in equals.items()))

    def count(self, *conditions: Any) -> int:
        from sqlalchemy import func

        query = select(func.count()).select_from(self.table).where(*conditions)
        return self.connection.execute(query).scalar_one()

    def add(self, entity: T) -> T:
        values = dataclasses.asdict(entity)
        self.connection.execute(insert(self.table).values(**values))
        self._loaded[values[self.key]] = values
        self.changes.append(Change(self.entity, values[self.key], "create", {
            name: [None, value] for name, value in values.items()
            if value is not None and name not in _HIDDEN
        }))
        return entity

    def save(self, entity: T) -> None:
        values = dataclasses.asdict(entity)
        key = values[self.key]
        before = self._loaded.get(key)
        if before is None:
            raise KeyError(f"{self.entity} {key} was not loaded in this unit of work")
        changed = {name: value for name, value in values.items() if before.get(name) != value}
        if not changed:
            return
        self.connection.execute(
            update(self.table).where(self.table.c[self.key] == key).values(**changed)
        )
        self.changes.append(Change(self.entity, key, "update", {
            name: [before.get(name), value] for name, value in changed.items()
            if name not in _HIDDEN
        }))
        self._loaded[key] = values

    def remove(self, entity: T) -> None:
        key = getattr(entity, self.key)
        self.connection.execute(delete(self.table).where(self.table.c[self.key] == key))
        self._loaded.pop(key, None)
        self.changes.append(Change(self.entity, key, "delete"))
