"""Deletions that travel: `delete` leaves a tombstone, a check-in saved
again removes it, and a merge keeps, for each person and day, the newest of
the stored entry, an incoming entry and a deletion (store/deletions.py:wins),
so that homes merging the same records in any order end up the same."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from closeness.core.models import Deletion, Entry, MergeCount, Period
from closeness.store.database import Store, open_store
from closeness.store.deletions import (
    canonical_record,
    deletion_version,
    entry_version,
    wins,
)
from closeness.store.entries import _MERGE_CHUNK

UTC = dt.UTC
DAY = dt.date(2026, 11, 20)
NOON = dt.datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def at(minutes: int) -> dt.datetime:
    return NOON + dt.timedelta(minutes=minutes)


def entry(person: str = "Alex", day: dt.date = DAY, when: int = 0, **fields: Any) -> Entry:
    values: dict[str, Any] = {"closeness": 7, "created_at": at(when), "updated_at": at(when)}
    values.update(fields)
    return Entry.make(person=person, day=day, **values)


def gone(person: str = "Alex", day: dt.date = DAY, when: int = 0) -> Deletion:
    return Deletion(person, day, at(when))


def scores(store: Store) -> dict[tuple[str, dt.date], int]:
    return {(e.person, e.day): e.closeness for e in store.entries()}


def tombstones(store: Store) -> list[tuple[str, dt.date, dt.datetime]]:
    return [tuple(d) for d in store.deletions()]  # type: ignore[misc]


# -- the order, as a pure function -------------------------------------------------


def test_the_later_moment_wins_whatever_the_offsets() -> None:
    one = entry(closeness=9)
    # 13:30 at +02:00 is 11:30 UTC: earlier than 12:00 UTC, though it reads later.
    earlier = entry(closeness=1)._replace(
        updated_at=dt.datetime(2026, 11, 20, 13, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    )
    assert wins(entry_version(one), entry_version(earlier))
    assert not wins(entry_version(earlier), entry_version(one))
    assert wins(deletion_version(at(1)), entry_version(one))
    assert not wins(deletion_version(at(-1)), entry_version(one))


def test_at_the_same_second_a_deletion_beats_an_entry() -> None:
    assert wins(deletion_version(NOON), entry_version(entry()))
    assert not wins(entry_version(entry()), deletion_version(NOON))
    assert not wins(deletion_version(NOON), deletion_version(NOON))  # the same: no change


def test_two_entries_of_the_same_second_are_ordered_by_their_canonical_record() -> None:
    low, high = entry(closeness=3), entry(closeness=8)
    assert canonical_record(low) < canonical_record(high)
    assert wins(entry_version(high), entry_version(low))
    assert not wins(entry_version(low), entry_version(high))
    assert not wins(entry_version(high), entry_version(high))  # idempotent
    # The spelling of the name and the offset of the time do not count.
    respelt = high._replace(
        person="alex", updated_at=NOON.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    )
    assert canonical_record(respelt) == canonical_record(high)
    assert not wins(entry_version(respelt), entry_version(high))


def test_the_canonical_record_holds_private_answers_with_sorted_keys() -> None:
    text = canonical_record(entry(note="Ask about Friday", private=frozenset({"note"})))
    assert '"note":"Ask about Friday"' in text and '"private":["note"]' in text
    assert '"person"' not in text and '"updated_at"' not in text
    assert text.index('"appreciation"') < text.index('"best"') < text.index('"closeness"')
    assert canonical_record(entry(best="Café")).count("Café") == 1  # as written, not \u escapes


# -- the store's own writes ----------------------------------------------------------


def test_delete_leaves_a_tombstone_under_the_name_as_stored(home: Path) -> None:
    with open_store(home) as store:
        store.save_entry(entry("Alex"), replace=False)
        later = dt.datetime(2026, 11, 21, 9, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
        assert store.delete_entry("alex", DAY, deleted_at=later) is True
        assert store.entries() == []
        assert store.deletions() == [Deletion("Alex", DAY, later)]
        assert store.deletions()[0].deleted_at.utcoffset() == dt.timedelta(0)  # stored in UTC
        # Nothing to delete: no tombstone either.
        assert store.delete_entry("Alex", DAY + dt.timedelta(days=1), deleted_at=later) is False
        assert len(store.deletions()) == 1


def test_a_day_checked_in_again_after_its_deletion_is_kept(home: Path) -> None:
    with open_store(home) as store:
        store.save_entry(entry(), replace=False)
        store.delete_entry("Alex", DAY, deleted_at=at(5))
        store.save_entry(entry(when=10, closeness=4), replace=False)
        assert store.deletions() == []
        # An older copy of the day arriving now is older than the new save.
        result = store.merge([entry(when=1, closeness=9)], [])
        assert result.entries == MergeCount(unchanged=1)
        assert scores(store) == {("Alex", DAY): 4}


def test_a_save_in_the_second_of_the_deletion_is_dated_after_it(home: Path) -> None:
    """Else a partner's merge would let the deletion win the tie."""
    with open_store(home) as store:
        store.save_entry(entry(), replace=False)
        store.delete_entry("Alex", DAY, deleted_at=at(5))
        store.save_entry(entry(when=5, closeness=4), replace=False)
        saved = store.get_entry("Alex", DAY)
        assert saved is not None
        assert saved.updated_at == saved.created_at == at(5) + dt.timedelta(seconds=1)
    with open_store(home.parent / "partner") as partner:
        partner.merge([], [], [gone(when=5)])
        assert partner.merge([saved], []).entries == MergeCount(added=1)
        assert scores(partner) == {("Alex", DAY): 4}


def test_the_deletions_read_by_person_and_period(home: Path) -> None:
    with open_store(home) as store:
        days = [DAY + dt.timedelta(days=n) for n in range(4)]
        for person, day in itertools.product(("Alex", "Kim"), days):
            store.save_entry(entry(person, day), replace=False)
            store.delete_entry(person, day, deleted_at=at(60))
        assert [d.day for d in store.deletions(person="alex")] == days  # oldest first
        inside = store.deletions(period=Period(days[1], days[2]))
        assert [(d.person, d.day) for d in inside] == [
            ("Alex", days[1]), ("Kim", days[1]), ("Alex", days[2]), ("Kim", days[2]),
        ]  # fmt: skip


def test_a_rename_moves_tombstones_keeping_the_later(home: Path) -> None:
    with open_store(home) as store:
        other = DAY + dt.timedelta(days=1)
        store.merge([], [], [gone("Al", DAY, 30), gone("Al", other, 10), gone("Alex", other, 20)])
        assert store.rename_person("Al", "Alex") == 0
        assert tombstones(store) == [("Alex", DAY, at(30)), ("Alex", other, at(20))]


def test_a_rename_onto_an_entry_keeps_the_entry(home: Path) -> None:
    with open_store(home) as store:
        store.merge([entry("Al", when=10)], [], [gone("Alex", DAY, 20)])
        assert store.rename_person("Al", "Alex") == 1
        assert scores(store) == {("Alex", DAY): 7}
        assert store.deletions() == []  # a day holds an entry or a tombstone


# -- merging ---------------------------------------------------------------------


def test_an_incoming_deletion_newer_than_the_entry_removes_it(home: Path) -> None:
    with open_store(home) as store:
        store.merge([entry("Alex", when=0)], [])
        result = store.merge([], [], [gone("alex", when=5)])
        assert result.entries == MergeCount(deleted=1)
        assert result.by_person == {"Alex": MergeCount(deleted=1)}
        assert store.entries() == []
        assert tombstones(store) == [("Alex", DAY, at(5))]  # the name as it was stored
        assert store.merge([], [], [gone("alex", when=5)]).entries == MergeCount(unchanged=1)


def test_an_incoming_deletion_older_than_the_entry_changes_nothing(home: Path) -> None:
    with open_store(home) as store:
        store.merge([entry(when=10)], [])
        assert store.merge([], [], [gone(when=5)]).entries == MergeCount(unchanged=1)
        assert scores(store) == {("Alex", DAY): 7}
        assert store.deletions() == []


def test_an_older_file_never_brings_a_deleted_day_back(home: Path) -> None:
    with open_store(home) as store:
        store.merge([entry(when=0)], [])
        store.merge([], [], [gone(when=5)])
        again = store.merge([entry(when=0)], [])
        assert again.entries == MergeCount(unchanged=1)
        assert store.entries() == []
        # A deletion for a day never stored is kept, so its older copy stays out too.
        other = DAY + dt.timedelta(days=1)
        store.merge([], [], [gone(day=other, when=5)])
        assert store.merge([entry(day=other, when=4)], []).entries == MergeCount(unchanged=1)
        assert store.entries() == []


def test_an_entry_saved_after_the_deletion_comes_back_and_the_tombstone_goes(home: Path) -> None:
    with open_store(home) as store:
        store.merge([], [], [gone(when=5)])
        result = store.merge([entry(when=6, closeness=2)], [])
        assert result.entries == MergeCount(added=1)
        assert scores(store) == {("Alex", DAY): 2}
        assert store.deletions() == []


def test_a_newer_tombstone_is_never_replaced_by_an_older(home: Path) -> None:
    with open_store(home) as store:
        store.merge([], [], [gone(when=9)])
        store.merge([], [], [gone(when=3)])
        assert tombstones(store) == [("Alex", DAY, at(9))]
        store.merge([], [], [gone(when=12)])
        assert tombstones(store) == [("Alex", DAY, at(12))]


def test_at_the_same_second_the_deletion_wins_in_either_order(home: Path) -> None:
    with open_store(home) as store:
        store.merge([entry(when=5)], [])
        assert store.merge([], [], [gone(when=5)]).entries == MergeCount(deleted=1)
        assert store.merge([entry(when=5)], []).entries == MergeCount(unchanged=1)
        assert store.entries() == []


def test_an_entry_and_its_deletion_in_one_file_count_once(home: Path) -> None:
    with open_store(home) as store:
        other = DAY + dt.timedelta(days=1)
        result = store.merge(
            [entry(when=1), entry(day=other, when=9)], [], [gone(when=2), gone(day=other, when=3)]
        )
        assert result.entries == MergeCount(added=1, unchanged=1)
        assert scores(store) == {("Alex", other): 7}
        assert tombstones(store) == [("Alex", DAY, at(2))]


def test_same_second_entries_keep_the_higher_record_in_either_order(tmp_path: Path) -> None:
    low, high = entry(closeness=3), entry(closeness=8)
    for n, order in enumerate(((low, high), (high, low))):
        with open_store(tmp_path / str(n)) as store:
            for one in order:
                store.merge([one], [])
            assert scores(store) == {("Alex", DAY): 8}


def test_counts_per_person_use_the_name_as_stored(home: Path) -> None:
    with open_store(home) as store:
        store.merge([entry("Ｓam", when=0)], [])
        other = DAY + dt.timedelta(days=1)
        result = store.merge([entry("sam", when=5), entry("Kim", other)], [], [gone("Kim", DAY, 1)])
        assert dict(result.by_person) == {
            "Ｓam": MergeCount(updated=1),
            "Kim": MergeCount(added=1, unchanged=1),
        }
        assert result.entries == MergeCount(added=1, updated=1, unchanged=1)


def test_deletions_merge_in_chunks_in_one_transaction(home: Path) -> None:
    many = _MERGE_CHUNK + 10
    days = [DAY - dt.timedelta(days=n) for n in range(many)]
    with open_store(home) as store:
        store.merge([entry(day=d, when=0) for d in days], [])
        result = store.merge([], [], [gone(day=d, when=1) for d in days[::2]])
        assert result.entries == MergeCount(deleted=len(days[::2]))
        assert len(store.entries()) == many - len(days[::2])
        assert len(store.deletions()) == len(days[::2])


def test_a_merge_that_fails_leaves_the_tombstones_too(home: Path) -> None:
    with open_store(home) as store:
        store.merge([entry(when=0)], [])
        bad = entry(day=DAY + dt.timedelta(days=1))._replace(closeness=11)  # CHECK refuses it
        with pytest.raises(Exception):  # noqa: B017 - a StorageError, as any failed write
            store.merge([bad], [], [gone(when=5)])
        assert scores(store) == {("Alex", DAY): 7}
        assert store.deletions() == []


# -- convergence ---------------------------------------------------------------------

# A few versions of one person's day, with moments from few values so that
# ties are common; each is merged on its own, in two different orders.
_notes = st.sampled_from(["", "a", "b"])
_version = st.one_of(
    st.tuples(st.just("entry"), st.integers(0, 3), st.integers(1, 10), _notes),
    st.tuples(st.just("deletion"), st.integers(0, 3), st.just(0), st.just("")),
)


def _record(version: tuple[str, int, int, str]) -> Entry | Deletion:
    kind, when, score, note = version
    if kind == "deletion":
        return gone(when=when)
    return entry(when=when, closeness=score, note=note)


def _day_in(store: Store) -> tuple[object, ...]:
    return (
        [(e.closeness, e.text("note"), e.updated_at) for e in store.entries()],
        tombstones(store),
    )


@settings(max_examples=60, deadline=None)
@given(versions=st.lists(_version, min_size=1, max_size=6), seed=st.randoms())
def test_two_homes_merging_the_same_records_in_any_order_converge(
    versions: list[tuple[str, int, int, str]], seed: Any
) -> None:
    records = [_record(v) for v in versions]
    shuffled = list(records)
    seed.shuffle(shuffled)
    with tempfile.TemporaryDirectory() as folder:
        states = []
        for n, order in enumerate((records, shuffled)):
            with open_store(Path(folder) / str(n)) as store:
                for one in order:
                    if isinstance(one, Deletion):
                        store.merge([], [], [one])
                    else:
                        store.merge([one], [])
                states.append(_day_in(store))
                # And all at once, again: nothing changes.
                store.merge(
                    [r for r in records if isinstance(r, Entry)][-1:],
                    [],
                    [r for r in records if isinstance(r, Deletion)][-1:],
                )
                assert _day_in(store) == states[-1]
    assert states[0] == states[1]


def test_the_database_never_holds_an_entry_and_a_tombstone_for_one_day(home: Path) -> None:
    with open_store(home) as store:
        store.merge([entry(when=0)], [], [])
        store.merge([], [], [gone(when=3)])
        store.merge([entry(when=4)], [])
        store.merge([], [], [gone(when=2)])
    with sqlite3.connect(home / "closeness.db") as db:
        both = db.execute(
            "SELECT count(*) FROM entries JOIN deletions USING (person_key, day)"
        ).fetchone()[0]
    assert both == 0
