"""`closeness sync` the first time, when the passphrase is typed: age's
scrypt runs for about a second each time, by design, so these are slow."""

from __future__ import annotations

from pathlib import Path

import pytest
from sync_homes import YESTERDAY, Home, received, two_homes

from conftest import db_rows

pytestmark = pytest.mark.slow


@pytest.fixture
def first_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[Home, Home]:
    """Two homes that have never synced, and an empty shared folder."""
    return two_homes(tmp_path, capsys, monkeypatch, keyed=False)


def test_round_trip_both_ways(first_time: tuple[Home, Home]) -> None:
    sam, alex = first_time
    sam.checkin(YESTERDAY, 8, "--best", "Soup together")
    alex.checkin(YESTERDAY, 6, "--best", "The walk")
    first = sam.sync()
    assert first["sent"] == 1 and first["received"] == [] and first["skipped"] == []
    report = alex.sync()
    assert report["sent"] == 1
    got = received(report, "Sam")
    assert (got["added"], got["updated"], got["deleted"], got["unchanged"]) == (1, 0, 0, 0)
    assert got["last_written"] is not None
    back = received(sam.sync(), "Alex")
    assert back["added"] == 1
    assert sam.days("Alex") == alex.days("Alex") == {YESTERDAY.isoformat(): 6}
    assert alex.days("Sam") == sam.days("Sam") == {YESTERDAY.isoformat(): 8}


def test_the_couple_key_is_unlocked_once_per_home(first_time: tuple[Home, Home]) -> None:
    sam, alex = first_time
    sam.sync()
    alex.sync()
    assert sam.key()[0].to_public().__str__() == alex.key()[0].to_public().__str__()
    alex.passphrase = "anything at all"  # kept in the home now: never asked again
    alex.checkin(YESTERDAY, 6)
    assert alex.sync()["sent"] == 1


def test_a_wrong_passphrase_changes_nothing(first_time: tuple[Home, Home]) -> None:
    sam, alex = first_time
    sam.checkin(YESTERDAY, 8)
    sam.sync()
    alex.checkin(YESTERDAY, 6)
    alex.passphrase = "not the one"
    listing = sorted(sam.shared.rglob("*"))
    before = db_rows(alex.path)
    result = alex("sync", str(alex.shared))
    assert result.code == 1
    assert "passphrase" in result.err and result.err.count("\n") == 1
    assert db_rows(alex.path) == before
    assert sorted(sam.shared.rglob("*")) == listing
    assert not (alex.path / "couple.key").exists()
    assert "sync_dir" not in (alex.path / "config.toml").read_text()


def test_two_first_syncs_at_once_end_with_one_key(
    first_time: tuple[Home, Home], tmp_path: Path
) -> None:
    """Both laptops make couple.age before either sees the other's; the sync
    tool keeps one (Alex's here) and leaves the other as a conflict copy."""
    import shutil

    sam, alex = first_time
    sam.checkin(YESTERDAY, 8)
    alex.checkin(YESTERDAY, 6)
    seen_by_alex = tmp_path / "alex-side"
    seen_by_alex.mkdir()
    sam.sync()  # Sam's couple.age and files, in the shared folder
    alex.shared = seen_by_alex  # Alex's laptop has not received them yet
    alex.sync()
    ours = sam.shared / "closeness"
    (ours / "couple.age").rename(ours / "couple.sync-conflict-20261201-210000-SAMLAPT.age")
    for item in (seen_by_alex / "closeness").iterdir():
        target = ours / item.name
        if item.is_dir():
            shutil.copytree(item, target)
        else:
            shutil.copy2(item, target)
    alex.shared = sam.shared
    # Sam's laptop sees couple.age replaced: the passphrase once more, then
    # it reads Alex's files and writes its own again for the kept key.
    assert received(sam.sync(), "Alex")["added"] == 1
    assert received(alex.sync(), "Sam")["added"] == 1
    assert len(sam.key()) == 2 and sam.key()[0].to_public().__str__() == str(
        alex.key()[0].to_public()
    )
    assert sam.sync()["sent"] == 0  # settled
