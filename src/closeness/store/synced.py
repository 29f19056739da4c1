"""The sync ledger (table synced_files) and what sync asks of the store to
know, without rendering anything, which months of yours changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from closeness.core.validate import person_key
from closeness.store.connection import Table, stored_time


class SyncedFile(NamedTuple):
    """One file of the shared folder as this home last wrote or applied it."""

    name: str  # DEVICE/YYYY-MM.age
    device: str
    person: str
    size: int
    mtime_ns: int
    sha256: str
    holds: str  # this home's own files: the fingerprint of what was written
    written_at: dt.datetime
    applied_at: dt.datetime

    def same_file(self, size: int, mtime_ns: int) -> bool:
        return self.size == size and self.mtime_ns == mtime_ns


_FIELDS = SyncedFile._fields
_SELECT = f"SELECT {', '.join(_FIELDS)} FROM synced_files"
_RECORD = "INSERT OR REPLACE INTO synced_files (person_key, {}) VALUES (?, {})".format(
    ", ".join(_FIELDS), ", ".join("?" * len(_FIELDS))
)

# Each record of one month, as (kind, who, which, when): what a month file
# holds changes exactly when one of these rows does (every save and merge
# sets a new updated_at). Months by the day, a reflection by its last day.
_MONTH_ROWS = """
    SELECT substr(day, 1, 7), 'e', person, day, updated_at
        FROM entries WHERE person_key = :key
    UNION ALL
    SELECT substr(day, 1, 7), 'd', person, day, deleted_at
        FROM deletions WHERE person_key = :key
    UNION ALL
    SELECT substr(until, 1, 7), 'r', person, since || kind || until, updated_at
        FROM reflections WHERE person_key = :key
    ORDER BY 1, 2, 4
"""


class SyncedFiles(Table):
    """The ledger of the shared folder's files."""

    def synced_files(self) -> dict[str, SyncedFile]:
        with self._errors():
            rows = self._db.execute(_SELECT).fetchall()
        return {row[0]: _synced(row) for row in rows}

    def last_written(self, person: str) -> dt.datetime | None:
        """When `person`'s newest file in the shared folder was written, as
        far as this home has seen (an index read)."""
        with self._errors():
            found = self._db.execute(
                "SELECT max(written_at) FROM synced_files WHERE person_key = ?",
                (person_key(person),),
            ).fetchone()[0]
        return None if found is None else stored_time(found)

    def month_fingerprints(self, person: str, version: str) -> dict[tuple[int, int], str]:
        """A fingerprint of each month of `person`'s records (entries,
        deletions, reflections): it changes whenever what an export of
        that month would hold changes. `version` stands for the format
        written, so a new format rewrites every month."""
        import hashlib  # here: OpenSSL's import is milliseconds every other command skips

        digests: dict[str, hashlib._Hash] = {}
        with self._errors():
            for month, kind, who, which, when in self._db.execute(
                _MONTH_ROWS, {"key": person_key(person)}
            ):
                digest = digests.get(month)
                if digest is None:
                    digest = digests[month] = hashlib.sha256(version.encode())
                digest.update(f"\0{kind}\0{who}\0{which}\0{when}".encode("utf-8", "surrogatepass"))
        return {(int(m[:4]), int(m[5:7])): d.hexdigest() for m, d in digests.items()}

    def record_synced(self, files: Iterable[SyncedFile]) -> None:
        """Files written after a sync's merge, in a transaction of their own
        (a kill before it: the next run writes them again)."""
        with self._errors(), self._transaction():
            self._record_synced(files, forget_others=False)

    def _record_synced(self, files: Iterable[SyncedFile], *, forget_others: bool) -> None:
        """Inside the caller's transaction. `forget_others`: the folder
        changed, so what was known of the old one goes."""
        if forget_others:
            self._db.execute("DELETE FROM synced_files")
        self._db.executemany(
            _RECORD,
            (
                (
                    person_key(f.person),
                    *f[:7],
                    f.written_at.isoformat(),
                    f.applied_at.isoformat(),
                )
                for f in files
            ),
        )


def _synced(row: tuple[object, ...]) -> SyncedFile:
    name, device, person, size, mtime_ns, sha, holds, written, applied = row
    return SyncedFile(
        str(name),
        str(device),
        str(person),
        int(str(size)),
        int(str(mtime_ns)),
        str(sha),
        str(holds),
        stored_time(written),
        stored_time(applied),
    )
