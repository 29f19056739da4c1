"""The database: every table of store/ on one connection. `open_store`
opens (and migrates) it; each write is one transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

from closeness.core.models import Entry, MergeCount, MergeResult, Reflection
from closeness.store.connection import connect, connect_immutable, database_file, writable
from closeness.store.entries import Entries
from closeness.store.files import DB_NAME
from closeness.store.migrations import migrate
from closeness.store.reflections import Reflections, reflection_row


class Store(Entries, Reflections):
    """An open closeness database. Use `open_store` to get one."""

    def merge(self, entries: Sequence[Entry], reflections: Sequence[Reflection]) -> MergeResult:
        """Import: add what is new, replace what the incoming side changed
        later (newer updated_at), leave the rest. One transaction for all."""
        with self._errors(), self._transaction():
            entry_outcomes = self._merge_entries(entries)
            reflection_outcomes = Counter(
                self._upsert_reflection(reflection_row(r), only_if_newer=True) for r in reflections
            )
        return MergeResult(MergeCount(**entry_outcomes), MergeCount(**reflection_outcomes))


@contextlib.contextmanager
def open_store(home: Path, *, readonly: bool = False) -> Iterator[Store]:
    """Open the database in `home`, creating it (0600) and bringing its schema
    up to date. With `readonly`, a missing database is not created and a
    read-only home or file (or a full disk) still opens for reading. A file
    that is not a closeness database is never written to, and what is no
    file (a folder, a pipe, a dangling link) is never opened."""
    path = home / DB_NAME
    exists = database_file(path)  # refuses a folder, a pipe, a dangling link
    if readonly and not exists:
        db = sqlite3.connect(":memory:", isolation_level=None)
        migrate(db)  # nothing stored yet: an empty schema, and no file created
        store = Store(db, path)
    elif readonly and not writable(path):
        store = Store(connect_immutable(path), path)
    else:
        store = Store(connect(home, path, readonly), path)
    try:
        yield store
    finally:
        store.close()
