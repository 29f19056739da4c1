"""`closeness sync`: two homes and one shared folder, on real files, through
the real CLI (in-process), with real age encryption."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pyrage
import pytest
from sync_homes import TODAY, YESTERDAY, Home, received, two_homes

from closeness.core.models import Period, Reflection
from closeness.store.database import open_store
from conftest import db_rows


@pytest.fixture
def couple(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Home, Home]:
    """Two homes that already share the couple's key."""
    return two_homes(tmp_path, capsys, monkeypatch, keyed=True)


def test_a_second_sync_changes_nothing(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    sam.checkin(YESTERDAY, 8)
    alex.checkin(YESTERDAY, 6)
    sam.sync(), alex.sync(), sam.sync()
    files = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sam.shared.rglob("*.age")}
    before = db_rows(sam.path), db_rows(alex.path)
    again = sam.sync()
    assert again["sent"] == 0
    assert all(r["added"] == r["updated"] == r["deleted"] == 0 for r in again["received"])
    assert alex.sync()["sent"] == 0
    assert (db_rows(sam.path), db_rows(alex.path)) == before
    assert {
        p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sam.shared.rglob("*") if p.is_file()
    } == files


def test_an_edit_travels_and_wins_over_the_older_copy(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    sam.checkin(YESTERDAY, 5)
    sam.sync(), alex.sync()
    sam.checkin(YESTERDAY, 9, "--replace")
    assert sam.sync()["sent"] == 1
    assert received(alex.sync(), "Sam")["updated"] == 1
    assert alex.days("Sam") == {YESTERDAY.isoformat(): 9}


def test_deletions_travel_both_ways_and_an_older_copy_never_brings_a_day_back(
    couple: tuple[Home, Home], tmp_path: Path
) -> None:
    sam, alex = couple
    sam.checkin(YESTERDAY, 8)
    alex.checkin(YESTERDAY, 6)
    sam.sync(), alex.sync(), sam.sync()
    stale = {p: p.read_bytes() for p in sam.ours()}  # Sam's file from before the deletion
    assert sam("delete", YESTERDAY.isoformat(), "--yes").code == 0
    assert alex("delete", YESTERDAY.isoformat(), "--yes").code == 0
    sam.sync()
    assert received(alex.sync(), "Sam")["deleted"] == 1
    assert received(sam.sync(), "Alex")["deleted"] == 1
    assert sam.days("Alex") == alex.days("Sam") == {}
    # An export from before the deletion, imported by hand: the day stays gone.
    for path, data in stale.items():
        path.write_bytes(data)
    assert received(alex.sync(), "Sam")["added"] == 0
    assert alex.days("Sam") == {}


def test_a_day_checked_in_again_after_its_deletion_is_kept(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    sam.checkin(YESTERDAY, 8)
    sam.sync(), alex.sync()
    sam("delete", YESTERDAY.isoformat(), "--yes")
    sam.sync(), alex.sync()
    sam.checkin(YESTERDAY, 4)
    sam.sync()
    alex.sync()
    assert alex.days("Sam") == {YESTERDAY.isoformat(): 4}


def test_private_answers_never_leave_and_every_file_is_age_and_private(
    couple: tuple[Home, Home],
) -> None:
    sam, alex = couple
    sam.checkin(
        YESTERDAY, 8, "--best", "Soup together", "--note", "SECRET NOTE", "--private", "note"
    )
    sam.sync()
    files = [p for p in sam.shared.rglob("*") if p.is_file()]
    assert {p.name for p in files} == {"couple.age", f"{YESTERDAY:%Y-%m}.age"}
    for path in files:
        data = path.read_bytes()
        assert data.startswith(b"age-encryption.org/v1\n")
        assert b"Soup together" not in data and b'"person"' not in data
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    plain = pyrage.decrypt(sam.ours()[0].read_bytes(), sam.key()).decode()
    assert "Soup together" in plain and "SECRET" not in plain
    assert json.loads(plain)["version"] == 2
    assert stat.S_IMODE((sam.path / "couple.key").stat().st_mode) == 0o600
    alex.sync()
    with sqlite3.connect(alex.path / "closeness.db") as db:
        assert "SECRET" not in repr(db.execute("SELECT * FROM entries").fetchall())


@pytest.mark.parametrize(
    "name",
    [
        "2026-11.sync-conflict-20261201-213000-ABCDEFG.age",
        "2026-11 (Alex's conflicted copy 2026-12-01).age",
        ".syncthing.2026-11.age.tmp",
        "2026-11.age~",
        ".2026-11.age.icloud",
        "2026-11.age.part",
        "2026-11.age.~1a2b3c.part",
        ".2026-11.age.x1y2z3a4.tmp",
    ],
)
def test_what_sync_tools_leave_behind_is_ignored(couple: tuple[Home, Home], name: str) -> None:
    sam, alex = couple
    alex.checkin(YESTERDAY, 6)
    alex.sync()
    (mine,) = alex.ours()
    mine.with_name(name).write_bytes(b"age-encryption.org/v1\n-> garbage")
    mine.unlink()  # only the leftover is there
    report = sam.sync()
    assert report["skipped"] == [] and report["received"] == []
    assert sam.days("Alex") == {}


def test_an_empty_file_is_ignored(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    alex.sync()
    folder = sam.shared / "closeness" / "0123456789abcdef"
    folder.mkdir()
    (folder / "2026-11.age").write_bytes(b"")
    assert sam.sync()["skipped"] == []


def test_a_file_cut_short_is_skipped_then_applied_once_complete(
    couple: tuple[Home, Home],
) -> None:
    sam, alex = couple
    alex.checkin(YESTERDAY, 6, "--best", "x" * 5000)
    alex.sync()
    (path,) = alex.ours()
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # the sync tool is still writing it
    result = sam("sync", str(sam.shared))
    assert result.code == 0
    assert f"Skipped {path.parent.name}/{path.name}" in result.err
    assert result.err.count("\n") == 1
    assert sam.days("Alex") == {}
    path.write_bytes(whole)
    assert received(sam.sync(), "Alex")["added"] == 1


def test_a_damaged_file_is_skipped_and_the_rest_goes_through(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    alex.save(dt.date(2026, 3, 4), 5)
    alex.checkin(YESTERDAY, 6)
    alex.sync()
    march = alex.shared / "closeness" / alex.ours()[0].parent.name / "2026-03.age"
    data = bytearray(march.read_bytes())
    data[-20] ^= 0xFF
    march.write_bytes(bytes(data))
    result = sam("sync", str(sam.shared), "--json")
    assert result.code == 0
    assert json.loads(result.out)["skipped"] == [f"{march.parent.name}/2026-03.age"]
    assert result.err.count("\n") == 1 and "2026-03.age" in result.err  # with --json too
    assert sam.days("Alex") == {YESTERDAY.isoformat(): 6}


def test_a_file_that_is_not_an_export_is_skipped(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    alex.sync()
    sam.sync()
    folder = sam.shared / "closeness" / "0123456789abcdef"
    folder.mkdir()
    recipient = sam.key()[0].to_public()
    (folder / "2026-11.age").write_bytes(pyrage.encrypt(b'{"format": "other"}', [recipient]))
    result = sam("sync", str(sam.shared))
    assert result.code == 0
    assert "0123456789abcdef/2026-11.age" in result.err


def test_no_folder_given_or_remembered_is_a_usage_error(couple: tuple[Home, Home]) -> None:
    sam, _ = couple
    result = sam("sync")
    assert result.code == 2 and result.err.count("\n") == 1


def test_a_missing_folder_fails_and_changes_nothing(
    couple: tuple[Home, Home], tmp_path: Path
) -> None:
    sam, _ = couple
    sam.checkin(YESTERDAY, 8)
    missing = sam("sync", str(tmp_path / "nowhere"))
    assert missing.code == 1 and missing.err.count("\n") == 1
    assert "sync_dir" not in (sam.path / "config.toml").read_text()


def test_a_read_only_folder_fails_and_changes_nothing(
    couple: tuple[Home, Home], tmp_path: Path
) -> None:
    sam, alex = couple
    alex.checkin(YESTERDAY, 6)
    alex.sync()
    sam.checkin(YESTERDAY, 8)
    before = db_rows(sam.path)
    # A read-only mount: a folder's mode alone does not stop root.
    mounted = subprocess.run(
        ["mount", "-o", "bind,ro", str(sam.shared), str(sam.shared)], capture_output=True
    )
    if mounted.returncode != 0:
        sam.shared.chmod(0o500)
        if os.access(sam.shared / "closeness", os.W_OK):
            pytest.skip("cannot make a folder read-only here")
    try:
        result = sam("sync", str(sam.shared))
    finally:
        subprocess.run(["umount", str(sam.shared)], capture_output=True)
        sam.shared.chmod(0o700)
    assert result.code == 1 and result.err.count("\n") == 1
    assert db_rows(sam.path) == before
    assert "sync_dir" not in (sam.path / "config.toml").read_text()


def test_the_folder_is_remembered_and_forgotten(couple: tuple[Home, Home]) -> None:
    sam, _ = couple
    first = sam("sync", str(sam.shared))
    assert first.code == 0 and "From now on" in first.out
    bare = sam("sync", "--json")
    assert bare.code == 0 and json.loads(bare.out)["dir"] == str(sam.shared)
    off = sam("sync", "--off")
    assert off.code == 0
    assert sam("sync").code == 2
    assert (sam.shared / "closeness" / "couple.age").exists()  # left alone


def test_a_copied_home_writes_as_a_device_of_its_own(
    couple: tuple[Home, Home],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:

    sam, alex = couple
    sam.save(dt.date(2026, 5, 1), 7)
    sam.sync()
    laptop = sam.copied_to(tmp_path / "sam-laptop-2")
    laptop.save(dt.date(2026, 5, 2), 3)
    result = laptop("sync", str(sam.shared))
    assert result.code == 0 and "device of its own" in result.err
    assert laptop.ours() and set(laptop.ours()).isdisjoint(sam.ours())
    # The first laptop gets the day saved on the second: your own other device merges too.
    sam.sync()
    assert sam.days("Sam") == {"2026-05-01": 7, "2026-05-02": 3}
    alex.sync()
    assert alex.days("Sam") == {"2026-05-01": 7, "2026-05-02": 3}


def test_ten_months_are_ten_files_and_a_night_rewrites_one(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    for month in range(1, 11):
        sam.save(dt.date(2025, month, 3), month % 10 + 1)
    assert sam.sync()["sent"] == 10
    assert len(sam.ours()) == 10
    mtimes = {p: p.stat().st_mtime_ns for p in sam.ours()}
    sam.save(dt.date(2025, 4, 9), 2, at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    assert sam.sync()["sent"] == 2  # April holds two check-ins now
    changed = [p.name for p in sam.ours() if p.stat().st_mtime_ns != mtimes[p]]
    assert changed == ["2025-04.age"]
    assert len(alex.days("Sam")) == 0
    alex.sync()
    assert len(alex.days("Sam")) == 11


def test_json_shape(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    alex.checkin(YESTERDAY, 6)
    alex.sync()
    report = sam.sync()
    assert set(report) == {"dir", "sent", "received", "skipped"}
    (row,) = report["received"]  # type: ignore[misc]
    assert set(row) == {"person", "added", "updated", "deleted", "unchanged", "last_written"}
    assert dt.datetime.fromisoformat(row["last_written"]).tzinfo is not None


def test_your_private_answers_stay_when_your_other_laptop_edits_the_day(
    couple: tuple[Home, Home],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sam, _ = couple
    sam.checkin(YESTERDAY, 8, "--note", "Only mine", "--private", "note")
    sam.sync()
    laptop = sam.copied_to(tmp_path / "sam-laptop-2")
    laptop.checkin(YESTERDAY, 3, "--replace", "--note", "Only mine", "--private", "note")
    laptop.sync()
    assert received(sam.sync(), "Sam")["updated"] == 1
    with sqlite3.connect(sam.path / "closeness.db") as db:
        score, note = db.execute(
            "SELECT closeness, note FROM entries WHERE person = 'Sam'"
        ).fetchone()
    assert (score, note) == (3, "Only mine")


def test_a_weekly_reflection_travels(couple: tuple[Home, Home]) -> None:
    sam, alex = couple
    week = Period(TODAY - dt.timedelta(days=6), TODAY)
    when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with open_store(sam.path) as store:
        store.save_reflection(
            Reflection(
                "Sam",
                "week",
                week.since,
                week.until,
                (("loved", "The soup night"),),
                created_at=when,
                updated_at=when,
            )
        )
    sam.sync()
    said = alex("sync", str(alex.shared))
    assert said.code == 0 and "Reflections that arrived: 1." in said.out
    with open_store(alex.path) as store:
        (got,) = store.reflections(person="Sam", period=week)
    assert got.answer("loved") == "The soup night"


@pytest.mark.parametrize("given", ["", "  ", "Sync\nother", "Sync\x1b[2J"])
def test_a_folder_name_that_is_empty_or_holds_control_characters_is_refused(
    couple: tuple[Home, Home], given: str
) -> None:
    sam, _ = couple
    result = sam("sync", given)
    assert result.code == 2 and result.err.count("\n") == 1
    assert "sync_dir" not in (sam.path / "config.toml").read_text()
    assert sam("log").code == 0  # config.toml still reads


def test_a_linked_closeness_folder_is_refused(couple: tuple[Home, Home], tmp_path: Path) -> None:
    sam, _ = couple
    shared, elsewhere = tmp_path / "Linked", tmp_path / "elsewhere"
    shared.mkdir()
    elsewhere.mkdir()
    (shared / "closeness").symlink_to(elsewhere)
    sam.checkin(YESTERDAY, 8)
    result = sam("sync", str(shared))
    assert result.code == 1 and result.err.count("\n") == 1
    assert list(elsewhere.iterdir()) == []


def test_a_couple_key_that_has_not_arrived_yet(couple: tuple[Home, Home], tmp_path: Path) -> None:
    sam, alex = couple
    alex.checkin(YESTERDAY, 6)
    alex.sync()
    (sam.shared / "closeness" / "couple.age").rename(tmp_path / "couple.age")
    # A laptop with the key goes on with it, and says couple.age is missing.
    result = alex("sync", str(alex.shared))
    assert result.code == 0 and "couple.age is missing" in result.err
    assert not (alex.shared / "closeness" / "couple.age").exists()  # never made again
    # A laptop without the key waits for it: nothing is made, nothing stored.
    newcomer = sam.copied_to(tmp_path / "newcomer")
    (newcomer.path / "couple.key").unlink()
    waiting = newcomer("sync", str(sam.shared))
    assert waiting.code == 1 and "has not arrived yet" in waiting.err
    assert not (sam.shared / "closeness" / "couple.age").exists()


def test_your_two_laptops_agree_on_a_day_saved_in_the_same_second(
    couple: tuple[Home, Home], tmp_path: Path
) -> None:
    sam, alex = couple
    laptop = sam.copied_to(tmp_path / "sam-laptop-2")
    moment = dt.datetime(2026, 11, 20, 21, 0, tzinfo=dt.UTC)
    sam.save(dt.date(2026, 11, 20), 5, at=moment)
    laptop.save(dt.date(2026, 11, 20), 6, at=moment)
    for _ in range(2):
        for home in (sam, laptop, alex):
            home.sync()
    scores = {h.days("Sam")["2026-11-20"] for h in (sam, laptop, alex)}
    assert len(scores) == 1


def test_a_copied_home_settles_after_one_run(couple: tuple[Home, Home], tmp_path: Path) -> None:
    sam, _ = couple
    sam.sync()
    laptop = sam.copied_to(tmp_path / "sam-laptop-2")
    laptop.save(dt.date(2026, 11, 15), 4, at=dt.datetime(2026, 11, 15, 22, tzinfo=dt.UTC))
    laptop.sync()
    assert received(sam.sync(), "Sam")["added"] == 1
    assert sam.sync()["sent"] == 0  # the merged day was written in the same run
    assert laptop.sync()["sent"] == 0


def test_another_home_writing_under_this_id_is_read_not_overwritten(
    couple: tuple[Home, Home], tmp_path: Path
) -> None:
    """A clone that kept the device id (a cloned disk: same machine id, same
    path): the files it writes are read, and this home takes a new id."""
    from closeness.store import sync_home

    sam, alex = couple
    sam.save(dt.date(2026, 11, 1), 7)
    sam.sync()
    clone = sam.copied_to(tmp_path / "clone")
    device_id = (sam.path / "device").read_text().split()[0]
    (clone.path / "device").write_text(f"{device_id} {sync_home._place(clone.path)}\n")
    clone.save(dt.date(2026, 11, 15), 3, at=dt.datetime(2026, 11, 15, 22, tzinfo=dt.UTC))
    clone.sync()  # rewrites November under the shared id
    result = sam("sync", str(sam.shared), "--json")
    assert result.code == 0
    assert sam.days("Sam") == {"2026-11-01": 7, "2026-11-15": 3}
    assert (sam.path / "device").read_text().split()[0] != device_id
    alex.sync()
    assert alex.days("Sam") == {"2026-11-01": 7, "2026-11-15": 3}
