"""Store.merge writes an import in chunks (issue 11.17): one query finds a
chunk's stored days, then one executemany inserts and one updates. Across
chunk boundaries, and with the same day twice in one call, it does what one
row at a time did: added, newer replaces, same or older is left."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from closeness.core.errors import StorageError
from closeness.core.models import Entry
from closeness.store.database import open_store
from closeness.store.entries import _MERGE_CHUNK

UTC = dt.UTC
FIRST = dt.date(2000, 1, 1)


def entry(person: str, n: int, score: int, hour: int) -> Entry:
    stamp = dt.datetime(2026, 1, 1, hour, tzinfo=UTC)
    return Entry.make(
        person, FIRST + dt.timedelta(days=n), score, best=f"day {n}", moments=("hug",),
        private=frozenset({"note"}), created_at=stamp, updated_at=stamp,
    )  # fmt: skip


def test_merge_in_chunks_adds_replaces_and_leaves(home: Path) -> None:
    many = 2 * _MERGE_CHUNK + 500
    with open_store(home) as store:
        first = store.merge([entry("Alex", n, 5, hour=10) for n in range(many)], [])
        assert first.entries._asdict() == {
            "added": many,
            "updated": 0,
            "deleted": 0,
            "unchanged": 0,
        }

        again = [entry("Alex", n, 5, hour=10) for n in range(0, many, 3)]  # same: unchanged
        newer = [entry("alex", n, 9, hour=12) for n in range(1, many, 3)]  # later: replaces
        older = [entry("Alex", n, 1, hour=8) for n in range(2, many, 3)]  # earlier: left
        fresh = [entry("Kim", n, 7, hour=10) for n in range(many)]
        # The same day twice in one call: the second, later, replaces the first.
        twice = [entry("Sam", 0, 3, hour=10), entry("Sam", 0, 4, hour=11)]
        result = store.merge([*again, *fresh, *newer, *older, *twice], [])
        assert result.entries._asdict() == {
            "added": many + 1,
            "updated": len(newer) + 1,
            "deleted": 0,
            "unchanged": len(again) + len(older),
        }
        scores = {(e.person, (e.day - FIRST).days): e.closeness for e in store.entries()}
    assert len(scores) == 2 * many + 1
    assert all(scores["Alex", n] == (9 if n % 3 == 1 else 5) for n in range(many))
    assert all(scores["Kim", n] == 7 for n in range(many))
    assert scores["Sam", 0] == 4


def test_a_merge_that_fails_writes_nothing(home: Path) -> None:
    """All chunks are one transaction: a failure in the last leaves none."""
    with open_store(home) as store:
        bad = entry("Alex", 1, 5, hour=10)._replace(closeness=11)  # the schema's CHECK refuses it
        rows = [entry("Alex", n, 5, hour=10) for n in range(2, 2 * _MERGE_CHUNK)] + [bad]
        with pytest.raises(StorageError):
            store.merge(rows, [])
        assert store.entries() == []
