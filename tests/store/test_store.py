"""Storage on a real SQLite file: schema from blank and from an old version,
one entry per person per day, privacy flags, queries."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeness.core.days import days_in_a_row
from closeness.core.errors import AlreadyCheckedIn, StorageError
from closeness.core.models import Entry
from closeness.store.database import open_store
from closeness.store.migrations import MIGRATIONS, SCHEMA_VERSION, migrate

FIXTURES = Path(__file__).parents[1] / "fixtures"
NOW = dt.datetime(2026, 11, 20, 21, 30, tzinfo=dt.UTC)


def entry(person: str = "Sam", day: str = "2026-11-20", **fields: Any) -> Entry:
    values: dict[str, Any] = {"closeness": 7, "created_at": NOW, "updated_at": NOW}
    values.update(fields)
    return Entry.make(person=person, day=dt.date.fromisoformat(day), **values)


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()


def test_new_database_gets_the_whole_schema(home: Path) -> None:
    with open_store(home) as store:
        assert store.entries() == []
    db_path = home / "closeness.db"
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = [name for name, _ in schema(db_path)]
    assert names == [
        "deletions",
        "entries",
        "entries_by_day",
        "reflections",
        "synced_files",
        "synced_files_by_person",
    ]
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 2


def test_migrating_a_version_1_database_keeps_every_byte(home: Path) -> None:
    home.mkdir()
    db_path = home / "closeness.db"
    with sqlite3.connect(db_path) as db:
        db.executescript((FIXTURES / "closeness_v1.sql").read_text(encoding="utf-8"))
        before = db.execute("SELECT * FROM entries ORDER BY id").fetchall()
    with open_store(home) as store:
        entries = sorted(store.entries(), key=lambda e: (e.day, e.person))
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        after = db.execute("SELECT * FROM entries ORDER BY id").fetchall()
        # Every byte of every row, and the deeper question's columns (m007) empty.
        assert [row[: len(before[0])] for row in after] == before
        assert {row[len(before[0]) :] for row in after} == {("", "", "")}
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM entries WHERE day BETWEEN ? AND ?",
            ("2026-11-01", "2026-11-30"),
        ).fetchall()
    assert "entries_by_day" in str(plan)
    assert [(e.person, e.day.isoformat()) for e in entries] == [
        ("Sam", "2026-11-18"),
        ("Alex", "2026-11-19"),
        ("Sam", "2026-11-19"),
    ]
    walk = entries[2]
    assert walk.moments == ("walk", "laughter") and walk.private == frozenset({"note"})
    assert walk.text("best") == "A long walk 🌳" and walk.need == 2
    assert walk.updated_at == dt.datetime(2026, 11, 19, 21, 6, 30, tzinfo=dt.UTC)


def test_blank_and_migrated_schemas_are_identical(tmp_path: Path) -> None:
    blank, old = tmp_path / "blank.db", tmp_path / "old.db"
    for path in (blank, old):
        with sqlite3.connect(path, isolation_level=None) as db:
            if path == old:
                migrate(db, target=1)
            migrate(db)
    assert schema(blank) == schema(old)


def test_newer_schema_is_refused_untouched(home: Path) -> None:
    home.mkdir()
    db_path = home / "closeness.db"
    with sqlite3.connect(db_path, isolation_level=None) as db:
        migrate(db)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="newer closeness"), open_store(home):
        pass
    assert db_path.read_bytes() == before


def test_one_entry_per_person_per_day(home: Path) -> None:
    with open_store(home) as store:
        assert store.save_entry(entry(best="first"), replace=False) is False
        with pytest.raises(AlreadyCheckedIn, match="already checked in for 2026-11-20"):
            store.save_entry(entry(best="second"), replace=False)
        # Names match whatever their case: "sam" is Sam.
        with pytest.raises(AlreadyCheckedIn):
            store.save_entry(entry(person="sam"), replace=False)
        assert [e.text("best") for e in store.entries()] == ["first"]
        # Another person, or another day, is fine.
        store.save_entry(entry(person="Alex"), replace=False)
        store.save_entry(entry(day="2026-11-19"), replace=False)
        assert len(store.entries()) == 3


def test_replace_overwrites_but_keeps_created_at(home: Path) -> None:
    later = NOW + dt.timedelta(hours=1)
    with open_store(home) as store:
        store.save_entry(entry(best="first", moments=("hug",)), replace=False)
        replaced = store.save_entry(
            entry(best="second", need=3, created_at=later, updated_at=later), replace=True
        )
        stored = store.get_entry("Sam", dt.date(2026, 11, 20))
    assert replaced is True
    assert stored is not None
    assert (stored.text("best"), stored.need, stored.moments) == ("second", 3, ())
    assert (stored.created_at, stored.updated_at) == (NOW, later)


def test_private_fields_and_moments_round_trip(home: Path) -> None:
    original = entry(
        best="b",
        note="n",
        need=1,
        moments=("hug", "sunset_watch"),
        private=frozenset({"note", "need"}),
    )
    with open_store(home) as store:
        store.save_entry(original, replace=False)
        assert store.get_entry("Sam", original.day) == original


def test_entries_filters(home: Path) -> None:
    with open_store(home) as store:
        store.save_entry(entry(day="2026-11-18", best="100% sure", note="walk_in"), replace=False)
        store.save_entry(entry(day="2026-11-19", challenge="Work ran late"), replace=False)
        store.save_entry(
            entry(person="Alex", day="2026-11-20", appreciation="WORK help"), replace=False
        )
        days = [e.day.day for e in store.entries()]
        assert days == [20, 19, 18]  # newest first
        assert [e.day.day for e in store.entries(search="work")] == [20, 19]
        # LIKE wildcards in the search are literal characters
        assert [e.text("best") for e in store.entries(search="100%")] == ["100% sure"]
        assert store.entries(search="%") == store.entries(search="100%")
        assert [e.text("note") for e in store.entries(search="k_i")] == ["walk_in"]
        assert store.entries(search="_") == store.entries(search="k_i")
        assert len(store.entries(person="alex")) == 1
        assert [e.day.day for e in store.entries(since=dt.date(2026, 11, 19))] == [20, 19]


def test_readonly_open_of_a_missing_database_creates_nothing(home: Path) -> None:
    with open_store(home, readonly=True) as store:
        assert store.entries() == []
    assert not home.exists()


def test_delete(home: Path) -> None:
    with open_store(home) as store:
        store.save_entry(entry(), replace=False)
        assert store.delete_entry("sam", dt.date(2026, 11, 20), deleted_at=NOW) is True
        assert store.delete_entry("Sam", dt.date(2026, 11, 20), deleted_at=NOW) is False
        assert store.entries() == []


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    offsets=st.sets(st.integers(min_value=0, max_value=80), max_size=60),
    last=st.integers(min_value=0, max_value=82),
)
def test_days_in_a_row_counts_as_the_pure_rule_does(
    home: Path, offsets: set[int], last: int
) -> None:
    """The store counts runs with range counts in SQL; it must agree with the
    plain day-by-day definition, gaps and edges included."""
    start = dt.date(2026, 9, 1)
    days = {start + dt.timedelta(days=n) for n in offsets}
    with open_store(home) as store:
        store._db.execute("DELETE FROM entries")
        for day in days:
            store.save_entry(entry(day=day.isoformat()), replace=False)
        day = start + dt.timedelta(days=last)
        assert store.days_in_a_row("Sam", day) == days_in_a_row(days, day)


def test_days_in_a_row_reaches_the_first_day_of_the_calendar(home: Path) -> None:
    with open_store(home) as store:
        for n in range(3):
            store.save_entry(
                entry(day=(dt.date.min + dt.timedelta(days=n)).isoformat()), replace=False
            )
        assert store.days_in_a_row("Sam", dt.date.min + dt.timedelta(days=2)) == 3
        assert store.days_in_a_row("Sam", dt.date.min) == 1
        assert store.days_in_a_row("sam", dt.date(2026, 11, 20)) == 0


def test_people_lists_each_person_once_by_the_name_on_their_first_day(home: Path) -> None:
    with open_store(home) as store:
        store.save_entry(entry("élodie", "2026-11-21"), replace=False)
        store.save_entry(entry("Élodie", "2026-11-19"), replace=False)
        store.save_entry(entry("Sam", "2026-11-20"), replace=False)
        store.save_entry(entry("alex", "2026-11-20"), replace=False)
        assert store.people() == ["alex", "Sam", "Élodie"]


def test_an_edit_in_the_same_second_is_dated_after_what_it_replaces(home: Path) -> None:
    # Clocks are kept to the second; a merge (import, sync) keeps the newer
    # version, so an edit must never carry the time of the version it replaces.
    when = dt.datetime(2026, 11, 30, 21, 0, tzinfo=dt.UTC)
    day = dt.date(2026, 11, 30)
    with open_store(home) as store:
        store.save_entry(Entry.make("Sam", day, 5, created_at=when, updated_at=when), replace=False)
        edit = Entry.make("Sam", day, 9, created_at=when, updated_at=when)
        assert store.save_entry(edit, replace=True)
        saved = store.get_entry("Sam", day)
    assert saved is not None and saved.closeness == 9
    assert saved.updated_at == when + dt.timedelta(seconds=1)
