"""Schema step m004 (issue 11.16): names compare by NFKC before casefolding
now, so the person_key stored with every row is recomputed. A name stored
before keeps its days (half-width "ｻﾑ" is found as "サム"), and a name that
would now share its key with someone else's is renamed "NAME (2)": two
people's days are never merged, and each stays reachable by name."""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Callable
from pathlib import Path

from closeness.core.validate import person_key
from closeness.store.migrations import SCHEMA_VERSION, migrate, schema_version
from conftest import Result

Cli = Callable[..., Result]


def old_key(name: str) -> str:
    """person_key before m004: NFC, casefolded."""
    return unicodedata.normalize("NFC", name).casefold()


def version_3_home(home: Path, entries: list[tuple[str, str]], reflections: list[str]) -> Path:
    """A database as closeness left it at schema 3: (name, day) entries and
    one weekly reflection per name, keyed by the old rule."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = home / "closeness.db"
    db = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(db, target=3) == 3
        for name, day in entries:
            db.execute(
                "INSERT INTO entries (person, person_key, day, closeness, best, created_at,"
                " updated_at) VALUES (?, ?, ?, 6, ?, '2026-11-20T21:00:00+00:00',"
                " '2026-11-20T21:00:00+00:00')",
                (name, old_key(name), day, f"{name} on {day}"),
            )
        for name in reflections:
            db.execute(
                "INSERT INTO reflections (person, person_key, kind, since, until, answers,"
                " created_at, updated_at) VALUES (?, ?, 'week', '2026-11-14', '2026-11-20',"
                " '[[\"connecting\", \"a walk\"]]', '2026-11-20T21:00:00+00:00',"
                " '2026-11-20T21:00:00+00:00')",
                (name, old_key(name)),
            )
    finally:
        db.close()
    return path


def stored_keys(path: Path, table: str) -> dict[str, set[str]]:
    with sqlite3.connect(path) as db:
        assert schema_version(db) == SCHEMA_VERSION
        keys: dict[str, set[str]] = {}
        for name, key in db.execute(f"SELECT person, person_key FROM {table}"):
            keys.setdefault(name, set()).add(key)
        return keys


def test_a_name_stored_before_keeps_its_days(cli: Cli, home: Path) -> None:
    days = ["2026-11-18", "2026-11-19", "2026-11-20"]
    path = version_3_home(home, [("ｻﾑ", day) for day in days], ["ｻﾑ"])
    assert old_key("ｻﾑ") != person_key("ｻﾑ")  # what the step is for

    found = cli("log", "--as", "サム")  # opening the store migrates it
    assert found.code == 0, found.err
    assert all(f"ｻﾑ on {day}" in found.out for day in days), found.out
    assert stored_keys(path, "entries") == {"ｻﾑ": {person_key("サム")}}
    assert stored_keys(path, "reflections") == {"ｻﾑ": {person_key("サム")}}

    # The same day is the same check-in, not a second one beside it.
    again = cli("checkin", "--as", "ｻﾑ", "--new-person", "--date", "2026-11-20", "--score", "3")
    assert again.code == 1 and "already checked in" in again.err
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == 3


def test_two_people_are_never_merged_and_each_is_reachable(cli: Cli, home: Path) -> None:
    """Sam's own days and an earlier import under a fullwidth "Ｓam" (which
    the old rule let through) would now share one key: Sam keeps it, and the
    other is renamed "Ｓam (2)" with a key of its own, so `--as` finds each
    and never the other; every row is otherwise as it was."""
    entries = [
        ("Sam", "2026-11-19"), ("Sam", "2026-11-20"),
        ("Ｓam", "2026-11-20"), ("Ｓam", "2026-11-21"),
        ("ﬁona", "2026-11-20"),
    ]  # fmt: skip
    path = version_3_home(home, entries, ["Ｓam", "ﬁona"])
    with sqlite3.connect(path) as db:
        before = db.execute("SELECT id, day, best FROM entries ORDER BY id").fetchall()
        assert migrate(db) == SCHEMA_VERSION
        after = db.execute("SELECT id, day, best FROM entries ORDER BY id").fetchall()
    assert after == before
    apart = "Ｓam (2)"
    assert stored_keys(path, "entries") == {
        "Sam": {"sam"},
        apart: {person_key(apart)},
        "ﬁona": {"fiona"},
    }
    assert stored_keys(path, "reflections") == {apart: {person_key(apart)}, "ﬁona": {"fiona"}}
    shown = cli("show", "2026-11-21", "--as", apart)
    assert shown.code == 0 and "Ｓam on 2026-11-21" in shown.out
    own = cli("show", "2026-11-20", "--as", "Ｓam")  # the fullwidth spelling is Sam now
    assert own.code == 0 and "Sam on 2026-11-20" in own.out and "Ｓam on" not in own.out


def test_of_two_stored_names_with_one_new_key_the_larger_takes_it(home: Path) -> None:
    entries = [("Ｓam", "2026-11-20"), ("ｓａｍ", "2026-11-19"), ("ｓａｍ", "2026-11-20")]
    path = version_3_home(home, entries, [])
    with sqlite3.connect(path) as db:
        migrate(db)
    assert stored_keys(path, "entries") == {"ｓａｍ": {"sam"}, "Ｓam (2)": {person_key("Ｓam (2)")}}
