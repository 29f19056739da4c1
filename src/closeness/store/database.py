"""The database: every table of store/ on one connection. `open_store`
opens (and migrates) it; each write is one transaction."""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import MappingProxyType

from closeness.core.models import Deletion, Entry, MergeCount, MergeResult, Reflection
from closeness.core.validate import person_key
from closeness.store.connection import connect, connect_immutable, database_file, writable
from closeness.store.deletions import Deletions, deletion_version, entry_version, wins
from closeness.store.entries import Entries
from closeness.store.files import DB_NAME
from closeness.store.migrations import migrate
from closeness.store.reflections import Reflections, reflection_row
from closeness.store.synced import SyncedFile, SyncedFiles


class Store(Entries, Reflections, Deletions, SyncedFiles):
    """An open closeness database. Use `open_store` to get one."""

    def merge(
        self,
        entries: Sequence[Entry],
        reflections: Sequence[Reflection],
        deletions: Sequence[Deletion] = (),
    ) -> MergeResult:
        """Import: for each person and day the newest of the stored entry, an
        incoming entry and a deletion wins (store/deletions.py:wins); a
        reflection replaces the stored one when its updated_at is later. One
        transaction for all. Counts are per person too, by name as stored."""
        return self.apply_synced(entries, reflections, deletions, ())

    def apply_synced(
        self,
        entries: Sequence[Entry],
        reflections: Sequence[Reflection],
        deletions: Sequence[Deletion],
        files: Sequence[SyncedFile],
        *,
        forget_others: bool = False,
    ) -> MergeResult:
        """`merge`, and in the same transaction the sync ledger's record of
        the files read and written (store/synced.py): a file is applied and
        recorded, or neither."""
        entries, deletions = _settled(entries, deletions)
        with self._errors(), self._transaction():
            outcomes = self._merge_entries(entries)
            outcomes.update(self._merge_deletions(deletions))
            reflection_outcomes = Counter(
                self._upsert_reflection(reflection_row(r), only_if_newer=True) for r in reflections
            )
            names = {key: self._stored_name(key) or key for key, _ in outcomes}
            if files or forget_others:
                self._record_synced(files, forget_others=forget_others)
        totals: Counter[str] = Counter()
        per_person: dict[str, Counter[str]] = {}
        for (key, outcome), count in outcomes.items():
            totals[outcome] += count
            per_person.setdefault(names[key], Counter())[outcome] += count
        return MergeResult(
            MergeCount(**totals),
            MergeCount(**reflection_outcomes),
            MappingProxyType({name: MergeCount(**c) for name, c in per_person.items()}),
        )


def _settled(
    entries: Sequence[Entry], deletions: Sequence[Deletion]
) -> tuple[Sequence[Entry], Sequence[Deletion]]:
    """An entry and a deletion of the same day arriving together: only the
    newer of them is merged (the older could only be undone by it), so each
    day is counted once."""
    if not deletions:
        return entries, deletions
    newest: dict[tuple[str, object], Deletion] = {}
    for deletion in deletions:
        key = (person_key(deletion.person), deletion.day)
        other = newest.get(key)
        if other is None or wins(
            deletion_version(deletion.deleted_at), deletion_version(other.deleted_at)
        ):
            newest[key] = deletion
    kept, beaten = [], set()
    for entry in entries:
        key = (person_key(entry.person), entry.day)
        same_day = newest.get(key)
        if same_day is None:
            kept.append(entry)
        elif wins(entry_version(entry), deletion_version(same_day.deleted_at)):
            kept.append(entry)
            beaten.add(key)
    return kept, [d for key, d in newest.items() if key not in beaten]


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
