"""store/glance.py answers as the Store, config.py and files.py do, for the
questions status asks, without their imports."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from closeness.core import days
from closeness.core.errors import StorageError
from closeness.core.models import Entry
from closeness.core.prompts import prompts_dir
from closeness.core.quick_prompts import prompts_dir as quick_prompts_dir
from closeness.core.validate import person_key
from closeness.store import files, glance
from closeness.store.config import load_settings
from closeness.store.database import open_store

NOW = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)


def entry(person: str, day: dt.date) -> Entry:
    return Entry.make(person=person, day=day, closeness=7, created_at=NOW, updated_at=NOW)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(gaps=st.sets(st.integers(0, 80), max_size=20), start=st.integers(0, 3))
def test_streak_is_the_stores(tmp_path: Path, gaps: set[int], start: int) -> None:
    home = tmp_path / f"h{len(os.listdir(tmp_path))}"
    last = dt.date(2026, 11, 20)
    with open_store(home) as store:
        for back in range(start, 90):
            if back not in gaps:
                store.save_entry(entry("Élodie", last - dt.timedelta(days=back)), replace=False)
        expected = days.streak(last, lambda d: store.days_in_a_row("élodie", d))
    quick = glance.open_glance(str(home))
    try:
        assert quick.streak("ÉLODIE", last) == expected
        assert quick.checked_in("Élodie", last) == (start == 0 and 0 not in gaps)
        assert quick.has_any("élodie") and not quick.has_any("Sam")
    finally:
        quick.close()


def test_person_key_and_today_are_core_s() -> None:
    for name in ("Sam", "Élodie", "Ｓam", "ﬁona", "STRASSE", "straße"):
        assert glance.person_key(name) == person_key(name)
    for hour in (0, 4, 23):
        assert glance.today(hour) == days.today(hour)


def test_prompts_folder_is_the_loader_s() -> None:
    assert Path(quick_prompts_dir()) == prompts_dir()


@pytest.mark.parametrize(
    "env",
    [
        {"HOME": "/home/sam"},
        {"HOME": "/home/sam", "XDG_DATA_HOME": "/data"},
        {"HOME": "/home/sam", "XDG_DATA_HOME": ""},
        {"HOME": "/home/sam", "XDG_DATA_HOME": "relative"},
        {"HOME": "/home/sam", "CLOSENESS_HOME": "~/elsewhere"},
    ],
)
def test_home_is_files_home(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLOSENESS_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Path(glance.home_dir()) == files.home_dir()


@pytest.mark.parametrize(
    "text",
    [
        '# closeness settings\nname = "Sam"\npartner = "Alex"\nday_starts_at = 6\n',
        'name = "Élodie"\nday_starts_at = 0\nsync_dir = "/mnt/shared"\nreminder = "cron 21:30"\n',
        "\ufeffname = 'Sam'\n",  # a literal string: beyond the quick reader, config.py reads it
        'name = "  Sam  "\n',  # kept by clean_name as "Sam": config.py reads it
        "",
    ],
)
def test_who_is_config_s(home: Path, text: str) -> None:
    home.mkdir()
    (home / "config.toml").write_text(text, encoding="utf-8")
    settings_ = load_settings(home)
    who = glance.read_who(str(home))
    assert who is not None
    assert (who.name, who.partner, who.day_starts_at) == (
        settings_.name,
        settings_.partner,
        settings_.day_starts_at,
    )


@pytest.mark.parametrize(
    "text", ['name = "Sam"\nday_starts_at = 24\n', 'name = ""\n', "name = [1]\n", "= broken"]
)
def test_a_config_config_py_refuses_is_refused(home: Path, text: str) -> None:
    home.mkdir()
    (home / "config.toml").write_text(text, encoding="utf-8")
    with pytest.raises(StorageError):
        load_settings(home)
    with pytest.raises(StorageError, match="not a valid closeness config"):
        glance.read_who(str(home))


def test_no_home_is_nothing_and_creates_nothing(home: Path) -> None:
    assert glance.read_who(str(home)) is None
    quick = glance.open_glance(str(home))
    assert not quick.exists and quick.streak("Sam", dt.date(2026, 1, 1)) == 0
    assert not home.exists()


def test_last_written_is_the_newest_file_of_theirs(home: Path) -> None:
    with open_store(home):
        pass
    with sqlite3.connect(home / "closeness.db") as db:
        for name, key, written in (
            ("a", "alex", "2026-11-30T20:00:00+00:00"),
            ("b", "alex", "2026-12-01T21:04:00+00:00"),
            ("c", "sam", "2026-12-02T08:00:00+00:00"),
        ):
            db.execute(
                "INSERT INTO synced_files (name, device, person, person_key, size, mtime_ns,"
                " sha256, holds, written_at, applied_at) VALUES (?, 'd', ?, ?, 1, 1, '', '', ?, ?)",
                (name, key.title(), key, written, written),
            )
    quick = glance.open_glance(str(home))
    try:
        assert quick.last_written("Alex") == dt.datetime(2026, 12, 1, 21, 4, tzinfo=dt.UTC)
        assert quick.last_written("Kim") is None
    finally:
        quick.close()


@pytest.mark.parametrize("what", ["folder", "other sqlite", "garbage", "dangling link"])
def test_what_is_no_closeness_database_is_refused_and_left_alone(home: Path, what: str) -> None:
    home.mkdir()
    path = home / "closeness.db"
    if what == "folder":
        path.mkdir()
    elif what == "other sqlite":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE t (x)")
    elif what == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    else:
        path.symlink_to(home / "gone.db")
    before = sorted(os.listdir(home))
    with pytest.raises(StorageError):
        glance.open_glance(str(home))
    assert sorted(os.listdir(home)) == before


def test_reads_a_database_in_a_folder_it_cannot_write(home: Path) -> None:
    """A read-only home (a backup mounted read-only): WAL needs a -shm file
    it cannot make, so the file is read as immutable."""
    with open_store(home) as store:
        store.save_entry(entry("Sam", dt.date(2026, 11, 20)), replace=False)
    for extra in ("closeness.db-wal", "closeness.db-shm"):
        (home / extra).unlink(missing_ok=True)
    home.chmod(0o500)
    try:
        if os.access(home, os.W_OK):
            pytest.skip("running as root: no folder is read-only")
        quick = glance.open_glance(str(home))
        assert quick.checked_in("sam", dt.date(2026, 11, 20))
        quick.close()
    finally:
        home.chmod(0o700)
